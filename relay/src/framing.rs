//! Reads the few MLS framing fields the relay needs (RFC 9420 §6), and nothing else.
//!
//! The relay has no openmls and no keys: it reads the wire format, the group id, the epoch
//! and the content type from the outer framing of an `MLSMessage`, which a PrivateMessage
//! leaves in the clear. Everything else stays opaque. Every length is checked; bad input is
//! an error, never a panic.

use hearth_protocol::MessageKind;

/// The MLS protocol version this relay accepts (`mls10`).
const MLS10: u16 = 1;
const WIRE_PUBLIC: u16 = 1;
const WIRE_PRIVATE: u16 = 2;

/// What the relay learns from a message's framing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Framing {
    /// The MLS group id, which names the mailbox.
    pub group_id: Vec<u8>,
    /// The epoch it was sent in.
    pub epoch: u64,
    /// Application, proposal or commit.
    pub kind: MessageKind,
    /// Whether it is a PrivateMessage (the only kind mailboxes take).
    pub private: bool,
}

/// Why a message's framing could not be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FramingError {
    /// The message ends early.
    #[error("the message ends inside its framing")]
    Truncated,
    /// Not MLS 1.0.
    #[error("not an MLS 1.0 message")]
    Version,
    /// Not a PublicMessage or PrivateMessage (a Welcome, a KeyPackage, ...).
    #[error("not a group message")]
    WireFormat,
    /// A variable-length integer uses the reserved prefix or is not minimal.
    #[error("a malformed length")]
    Length,
    /// An unknown content type.
    #[error("an unknown content type")]
    ContentType,
    /// An unknown sender type in a PublicMessage.
    #[error("an unknown sender type")]
    SenderType,
}

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], FramingError> {
        if self.rest.len() < n {
            return Err(FramingError::Truncated);
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    fn u8(&mut self) -> Result<u8, FramingError> {
        Ok(self.take(1)?[0])
    }

    fn u16(&mut self) -> Result<u16, FramingError> {
        let b = self.take(2)?;
        Ok(u16::from_be_bytes([b[0], b[1]]))
    }

    fn u32(&mut self) -> Result<u32, FramingError> {
        let b = self.take(4)?;
        Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, FramingError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_be_bytes(a))
    }

    /// An RFC 9420 §2.1.2 variable-length vector: a 1, 2 or 4 byte length, then the bytes.
    fn vector(&mut self) -> Result<&'a [u8], FramingError> {
        let first = self.u8()?;
        let len = match first >> 6 {
            0 => u32::from(first & 0x3f),
            1 => {
                let len = (u32::from(first & 0x3f) << 8) | u32::from(self.u8()?);
                if len < 0x40 {
                    return Err(FramingError::Length); // must use the shortest form
                }
                len
            }
            2 => {
                let b = self.take(3)?;
                let len = (u32::from(first & 0x3f) << 24)
                    | (u32::from(b[0]) << 16)
                    | (u32::from(b[1]) << 8)
                    | u32::from(b[2]);
                if len < 0x4000 {
                    return Err(FramingError::Length);
                }
                len
            }
            _ => return Err(FramingError::Length),
        };
        self.take(usize::try_from(len).map_err(|_| FramingError::Length)?)
    }
}

fn kind(content_type: u8) -> Result<MessageKind, FramingError> {
    match content_type {
        1 => Ok(MessageKind::Application),
        2 => Ok(MessageKind::Proposal),
        3 => Ok(MessageKind::Commit),
        _ => Err(FramingError::ContentType),
    }
}

/// Reads the framing of a TLS-serialized `MLSMessage`.
pub fn read(message: &[u8]) -> Result<Framing, FramingError> {
    let mut r = Reader { rest: message };
    if r.u16()? != MLS10 {
        return Err(FramingError::Version);
    }
    match r.u16()? {
        WIRE_PRIVATE => {
            // PrivateMessage: group_id, epoch, content_type, then opaque fields.
            let group_id = r.vector()?.to_vec();
            let epoch = r.u64()?;
            let kind = kind(r.u8()?)?;
            Ok(Framing {
                group_id,
                epoch,
                kind,
                private: true,
            })
        }
        WIRE_PUBLIC => {
            // PublicMessage: FramedContent = group_id, epoch, sender, authenticated_data,
            // content_type, ...
            let group_id = r.vector()?.to_vec();
            let epoch = r.u64()?;
            match r.u8()? {
                1 | 2 => {
                    r.u32()?; // member leaf index / external sender index
                }
                3 | 4 => {} // new_member_proposal, new_member_commit
                _ => return Err(FramingError::SenderType),
            }
            r.vector()?; // authenticated_data
            let kind = kind(r.u8()?)?;
            Ok(Framing {
                group_id,
                epoch,
                kind,
                private: false,
            })
        }
        _ => Err(FramingError::WireFormat),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vec_prefix(len: usize) -> Vec<u8> {
        match len {
            0..=0x3f => vec![len as u8],
            0x40..=0x3fff => vec![0x40 | (len >> 8) as u8, len as u8],
            _ => vec![
                0x80 | (len >> 24) as u8,
                (len >> 16) as u8,
                (len >> 8) as u8,
                len as u8,
            ],
        }
    }

    fn private(group: &[u8], epoch: u64, content_type: u8) -> Vec<u8> {
        let mut m = vec![0, 1, 0, 2];
        m.extend(vec_prefix(group.len()));
        m.extend_from_slice(group);
        m.extend_from_slice(&epoch.to_be_bytes());
        m.push(content_type);
        m.extend([0, 0, 0]); // empty aad, sender data, ciphertext
        m
    }

    #[test]
    fn reads_a_private_message() {
        let f = read(&private(&[7; 32], 42, 3)).unwrap();
        assert_eq!(
            f,
            Framing {
                group_id: vec![7; 32],
                epoch: 42,
                kind: MessageKind::Commit,
                private: true
            }
        );
        // A group id long enough for the two-byte length form.
        let f = read(&private(&[1; 100], 1, 1)).unwrap();
        assert_eq!((f.group_id.len(), f.kind), (100, MessageKind::Application));
    }

    #[test]
    fn reads_a_public_message_past_the_sender() {
        let mut m = vec![0, 1, 0, 1, 2, 9, 9];
        m.extend_from_slice(&5u64.to_be_bytes());
        m.push(1); // member
        m.extend_from_slice(&3u32.to_be_bytes());
        m.extend([2, 0xaa, 0xbb]); // aad
        m.push(2); // proposal
        let f = read(&m).unwrap();
        assert_eq!(
            f,
            Framing {
                group_id: vec![9, 9],
                epoch: 5,
                kind: MessageKind::Proposal,
                private: false
            }
        );
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        let good = private(&[7; 16], 1, 1);
        for cut in 0..good.len() - 3 {
            assert!(read(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut welcome = good.clone();
        welcome[3] = 3;
        assert_eq!(read(&welcome), Err(FramingError::WireFormat));
        let mut version = good.clone();
        version[1] = 2;
        assert_eq!(read(&version), Err(FramingError::Version));
        let mut ct = good.clone();
        ct[4 + 1 + 16 + 8] = 9;
        assert_eq!(read(&ct), Err(FramingError::ContentType));
        // The reserved 0b11 length prefix, and a non-minimal two-byte length.
        assert_eq!(read(&[0, 1, 0, 2, 0xc0]), Err(FramingError::Length));
        assert_eq!(
            read(&[0, 1, 0, 2, 0x40, 0x01, 0]),
            Err(FramingError::Length)
        );
        // A length far beyond the message.
        assert_eq!(
            read(&[0, 1, 0, 2, 0xbf, 0xff, 0xff, 0xff]),
            Err(FramingError::Truncated)
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_bytes(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let _ = read(&bytes);
        }

        #[test]
        fn reads_back_what_it_was_given(group in proptest::collection::vec(proptest::num::u8::ANY, 0..200),
                                       epoch in proptest::num::u64::ANY, ct in 1u8..=3) {
            let f = read(&private(&group, epoch, ct)).unwrap();
            proptest::prop_assert_eq!((f.group_id, f.epoch), (group, epoch));
        }
    }
}
