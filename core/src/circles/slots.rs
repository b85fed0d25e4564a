//! Circle messages that carry one slot per recipient, each sealed by HPKE to that member's
//! report key and bound to the circle (breakout notices, the facilitators' request desk):
//! every phone in the circle receives the message, only the named ones can open a slot.

use rusqlite::Transaction;
use zeroize::Zeroizing;

use super::{report_seal, reports, Mls};
use crate::error::{Error, Result};

/// The most slots one message may carry (a circle holds at most 50 people).
pub(crate) const SLOTS_MAX: usize = 64;

/// Seals `plain` for `info` to each report key in `to`: the slots, as hex.
pub(crate) fn seal_each<'a>(
    mls: &Mls,
    group_id: &[u8],
    info: &[u8],
    to: impl IntoIterator<Item = &'a [u8]>,
    plain: &[u8],
) -> Result<Vec<String>> {
    to.into_iter()
        .map(|key| report_seal::hpke_seal(mls, info, key, group_id, plain).map(hex::encode))
        .collect()
}

/// The plaintext of the first slot that opens with our report key, if any does. A message
/// with more slots than a circle has people, or a slot over `slot_max` bytes, is refused.
pub(crate) fn open_ours(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    info: &[u8],
    slots: &[String],
    slot_max: usize,
) -> Result<Option<Zeroizing<Vec<u8>>>> {
    if slots.len() > SLOTS_MAX || slots.iter().any(|s| s.len() > 2 * slot_max) {
        return Err(Error::MessageRejected {
            reason: "a message with too many or too large sealed slots",
        });
    }
    let ours = reports::our_key_pair(tx, mls, group_id)?;
    Ok(slots.iter().find_map(|slot| {
        let slot = hex::decode(slot).ok()?;
        report_seal::hpke_open(mls, info, &ours, group_id, &slot).map(Zeroizing::new)
    }))
}
