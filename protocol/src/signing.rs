//! The exact bytes that devices and committers sign, with a domain label each, so a
//! signature for one purpose can never be replayed for another.

/// Domain label of a device's session signature.
pub const SESSION_DOMAIN: &[u8] = b"hearth-relay-session/v1\0";

/// Domain label of a committer's commit signature.
pub const COMMIT_DOMAIN: &[u8] = b"hearth-relay-commit/v1\0";

/// Domain label of a committer's signature closing a mailbox.
pub const CLOSE_DOMAIN: &[u8] = b"hearth-relay-close/v1\0";

/// Domain label of a committer's signature reading the facilitator inbox.
pub const REPORT_FETCH_DOMAIN: &[u8] = b"hearth-relay-report-fetch/v1\0";

/// Domain label of an inbox owner's signature reading or closing it.
pub const INBOX_DOMAIN: &[u8] = b"hearth-relay-inbox/v1\0";

/// Domain label of a device's signature over one of its KeyPackages.
pub const KEY_PACKAGE_DOMAIN: &[u8] = b"hearth-key-package/v1\0";

/// A device's id: the first 16 bytes of SHA-256 of its Ed25519 public key, in hex. Anyone
/// who holds the key can check the id, and no one can make another key with that id.
pub fn device_id_of(public_key: &[u8]) -> String {
    hex::encode(&ring::digest::digest(&ring::digest::SHA256, public_key).as_ref()[..16])
}

/// What a device signs for each KeyPackage it publishes, beside it (not inside it, so its
/// circles stay unlinkable): the label, its id and SHA-256 of the KeyPackage. An adder checks
/// it against the device id before adding, so neither the relay nor anyone holding the
/// device's session can hand over a KeyPackage of their own.
pub fn key_package_signing_input(device_id: &str, key_package: &[u8]) -> Vec<u8> {
    let digest = ring::digest::digest(&ring::digest::SHA256, key_package);
    let mut out = KEY_PACKAGE_DOMAIN.to_vec();
    with_len(&mut out, device_id.as_bytes());
    with_len(&mut out, digest.as_ref());
    out
}

fn with_len(out: &mut Vec<u8>, part: &[u8]) {
    // Length prefixes make the concatenation unambiguous.
    out.extend_from_slice(&(part.len() as u32).to_be_bytes());
    out.extend_from_slice(part);
}

/// What a device signs to open a session: the label, the relay it is talking to (its
/// [`relay_authority`]), its id and the relay's nonce. Naming the relay means a relay that
/// passes on another relay's challenge gets a signature that other relay refuses.
pub fn session_signing_input(relay: &str, device_id: &str, nonce: &[u8]) -> Vec<u8> {
    let mut out = SESSION_DOMAIN.to_vec();
    with_len(&mut out, relay.as_bytes());
    with_len(&mut out, device_id.as_bytes());
    with_len(&mut out, nonce);
    out
}

/// The relay as a session signature names it: the host and port of its URL (or of the
/// `Host` a request carried), lowercase, without a default port (80, 443). A device signs the
/// one it connects to; the relay checks against the one the request was sent to.
pub fn relay_authority(url_or_host: &str) -> String {
    let rest = url_or_host
        .split_once("://")
        .map_or(url_or_host, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let authority = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host)
        .to_ascii_lowercase();
    for default in [":443", ":80"] {
        if let Some(host) = authority.strip_suffix(default) {
            return host.to_string();
        }
    }
    authority
}

/// What a committer signs for a commit: the mailbox, the epoch it commits in, a digest of
/// the MLS message, the next capability's hash, and the new committer set if it changes.
/// `message_digest` is SHA-256 of the TLS-serialized message.
pub fn commit_signing_input(
    mailbox_id: &[u8],
    epoch: u64,
    message_digest: &[u8],
    next_capability_hash: &[u8],
    committers: Option<&[crate::Bytes]>,
) -> Vec<u8> {
    let mut out = COMMIT_DOMAIN.to_vec();
    with_len(&mut out, mailbox_id);
    out.extend_from_slice(&epoch.to_be_bytes());
    with_len(&mut out, message_digest);
    with_len(&mut out, next_capability_hash);
    match committers {
        None => out.push(0),
        Some(keys) => {
            out.push(1);
            out.extend_from_slice(&(keys.len() as u32).to_be_bytes());
            for k in keys {
                with_len(&mut out, k.as_slice());
            }
        }
    }
    out
}

/// What a committer signs to delete a closed circle's mailbox: the label, the mailbox and
/// its current epoch.
pub fn close_signing_input(mailbox_id: &[u8], epoch: u64) -> Vec<u8> {
    let mut out = CLOSE_DOMAIN.to_vec();
    with_len(&mut out, mailbox_id);
    out.extend_from_slice(&epoch.to_be_bytes());
    out
}

/// What a committer signs to read a mailbox's facilitator inbox: the label, the mailbox,
/// the position to read after and the signing time (so a signature is good for minutes).
pub fn report_fetch_signing_input(mailbox_id: &[u8], after: u64, signed_at: u64) -> Vec<u8> {
    let mut out = REPORT_FETCH_DOMAIN.to_vec();
    with_len(&mut out, mailbox_id);
    out.extend_from_slice(&after.to_be_bytes());
    out.extend_from_slice(&signed_at.to_be_bytes());
    out
}

/// What the inbox owner's call is for (signed, so a read cannot be replayed as a close).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InboxCall {
    /// Read drops after a position.
    Fetch,
    /// Close the inbox (its drops go with it).
    Close,
}

/// What an inbox's owner signs: the label, the call, the inbox, the position to read after
/// and the signing time (so a signature is good for minutes).
pub fn inbox_signing_input(
    call: InboxCall,
    inbox_id: &[u8],
    after: u64,
    signed_at: u64,
) -> Vec<u8> {
    let mut out = INBOX_DOMAIN.to_vec();
    out.push(match call {
        InboxCall::Fetch => 1,
        InboxCall::Close => 2,
    });
    with_len(&mut out, inbox_id);
    out.extend_from_slice(&after.to_be_bytes());
    out.extend_from_slice(&signed_at.to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Bytes;

    #[test]
    fn a_relay_is_named_alike_from_its_url_and_from_the_host_it_was_sent() {
        for (given, named) in [
            ("https://Relay.Example/v1", "relay.example"),
            ("https://relay.example:443", "relay.example"),
            ("relay.example:443", "relay.example"),
            ("http://127.0.0.1:8080", "127.0.0.1:8080"),
            ("127.0.0.1:8080", "127.0.0.1:8080"),
            ("http://[::1]:80/", "[::1]"),
        ] {
            assert_eq!(relay_authority(given), named, "{given}");
        }
    }

    #[test]
    fn signing_inputs_are_unambiguous() {
        // Moving a byte from one field to the next changes the input.
        assert_ne!(
            session_signing_input("r", "ab", b"c"),
            session_signing_input("r", "a", b"bc")
        );
        assert_ne!(
            session_signing_input("relay.example", "a", b"c"),
            session_signing_input("other.example", "a", b"c")
        );
        let a = commit_signing_input(b"m", 1, b"d", b"h", None);
        let b = commit_signing_input(b"m", 1, b"d", b"h", Some(&[]));
        let c = commit_signing_input(b"m", 2, b"d", b"h", None);
        assert!(a != b && a != c && b != c);
        let k = [Bytes(vec![1, 2])];
        assert_ne!(
            commit_signing_input(b"m", 1, b"d", b"h", Some(&k)),
            commit_signing_input(b"m", 1, b"d", b"h", Some(&[Bytes(vec![1]), Bytes(vec![2])]))
        );
    }
}
