//! How values are written in both stores' columns: message kinds as small numbers, claim
//! counters' roles, and unsigned numbers in signed 64-bit columns.

use hearth_protocol::MessageKind;

/// A message kind as stored.
pub(super) fn kind_code(kind: MessageKind) -> i16 {
    match kind {
        MessageKind::Application => 1,
        MessageKind::Proposal => 2,
        MessageKind::Commit => 3,
    }
}

/// A stored kind read back (None: a number no relay writes).
pub(super) fn kind_of(code: i64) -> Option<MessageKind> {
    match code {
        1 => Some(MessageKind::Application),
        2 => Some(MessageKind::Proposal),
        3 => Some(MessageKind::Commit),
        _ => None,
    }
}

/// Whose claims a claim counter counts.
#[derive(Clone, Copy)]
pub(super) enum ClaimRole {
    /// The device claiming.
    Claimer = 0,
    /// The device whose KeyPackage is claimed.
    Claimed = 1,
}

/// An epoch, sequence number or time for a signed column. They stay far below 2^63;
/// saturate rather than wrap.
pub(super) fn to_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// A signed column's value read back (never negative as written).
pub(super) fn to_u64(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}
