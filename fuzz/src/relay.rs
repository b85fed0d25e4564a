//! The relay's decoders: its MLS framing parser, every request it answers, and the frames
//! its live socket takes.

use hearth_protocol::{LiveFrame, MessageKind};
use hearth_relay::framing::{self, Framing};
use hearth_relay::fuzzing::InProcess;
use openmls::prelude::{ContentType, MlsMessageIn, ProtocolMessage};
use std::sync::OnceLock;
use tls_codec::Deserialize;

/// The framing parser never panics, and agrees with openmls on every private or public
/// message openmls reads: the same group, epoch, content type and wire format. (It may
/// accept more: it reads only the header and leaves the rest to the members.)
pub fn framing(data: &[u8]) {
    let ours = framing::read(data);
    let Ok(message) = MlsMessageIn::tls_deserialize_exact(data) else {
        return;
    };
    let Ok(protocol) = message.try_into_protocol_message() else {
        return;
    };
    let expected = Framing {
        group_id: protocol.group_id().as_slice().to_vec(),
        epoch: protocol.epoch().as_u64(),
        kind: match protocol.content_type() {
            ContentType::Application => MessageKind::Application,
            ContentType::Proposal => MessageKind::Proposal,
            ContentType::Commit => MessageKind::Commit,
        },
        private: matches!(protocol, ProtocolMessage::PrivateMessage(_)),
    };
    assert_eq!(
        ours.ok(),
        Some(expected),
        "the relay reads openmls's message otherwise"
    );
}

fn relay() -> &'static InProcess {
    static RELAY: OnceLock<InProcess> = OnceLock::new();
    RELAY.get_or_init(|| InProcess::new().expect("an in-process relay"))
}

/// Requests, written as text: each is `METHOD PATH`, header lines `Name: value`, an empty
/// line, then the body; requests are separated by a line `=====`. The relay answers every
/// one without panicking and without a 5xx: bad input is the client's error (4xx).
pub fn requests(data: &[u8]) {
    let separator = memchr::memmem::Finder::new(b"\n=====\n");
    let mut start = 0;
    let ends = separator.find_iter(data).chain(std::iter::once(data.len()));
    for end in ends {
        let request = &data[start..end];
        start = (end + separator.needle().len()).min(data.len());
        let (head, body) = match split_once(request, b"\n\n") {
            Some((head, body)) => (head, body.to_vec()),
            None => (request, Vec::new()),
        };
        let Ok(head) = std::str::from_utf8(head) else {
            continue;
        };
        let mut lines = head.lines();
        let Some((method, path)) = lines.next().and_then(|l| l.split_once(' ')) else {
            continue;
        };
        let headers: Vec<(&str, &str)> = lines.filter_map(|l| l.split_once(": ")).collect();
        let Some((status, answer)) = relay().request(method, path, &headers, body) else {
            continue;
        };
        assert!(
            status < 500,
            "{method} {path} answered {status}: {}",
            String::from_utf8_lossy(&answer)
        );
    }
}

/// Live-socket frames, one per line. The handler answers every frame without panicking,
/// and everything it sends is a frame the phones read.
pub fn live(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let frames: Vec<&str> = text.lines().take(64).collect();
    for sent in relay().live(&frames) {
        assert!(
            serde_json::from_str::<LiveFrame>(&sent).is_ok(),
            "the relay sent a frame phones cannot read: {sent}"
        );
    }
}

/// `data` before and after the first `separator`.
fn split_once<'a>(data: &'a [u8], separator: &[u8]) -> Option<(&'a [u8], &'a [u8])> {
    let at = memchr::memmem::find(data, separator)?;
    Some((&data[..at], &data[at + separator.len()..]))
}
