//! Circle messages that carry one slot per recipient, each sealed by HPKE to that member's
//! report key and bound to the circle (breakout notices, the facilitators' request desk):
//! every phone in the circle receives the message, only the named ones can open a slot.

use rusqlite::Transaction;
use zeroize::Zeroizing;

use super::{report_seal, reports, Mls};
use crate::error::{Error, Result};

/// The most slots one message may carry (a circle holds at most 50 people).
pub(crate) const SLOTS_MAX: usize = 64;

/// Slots are padded to a multiple of this many bytes.
const PAD_TO: usize = 256;

/// One recipient's report key and what their slot says (JSON).
pub(crate) type Slot = (Vec<u8>, Zeroizing<Vec<u8>>);

/// Seals each slot's plaintext for `info` to its report key: the slots, as hex, in order.
/// Every plaintext is first padded with trailing spaces (JSON ignores them) to one length,
/// the longest rounded up to [`PAD_TO`], so the slots of one message are all one size and
/// a phone that sees them all cannot tell whose says more (a facilitator's, naming every
/// breakout group) from whose says little.
pub(crate) fn seal_each(
    mls: &Mls,
    group_id: &[u8],
    info: &[u8],
    mut to: Vec<Slot>,
) -> Result<Vec<String>> {
    let longest = to.iter().map(|(_, plain)| plain.len()).max().unwrap_or(0);
    let size = longest.div_ceil(PAD_TO).max(1) * PAD_TO;
    to.iter_mut()
        .map(|(key, plain)| {
            plain.resize(size, b' ');
            report_seal::hpke_seal(mls, info, key, group_id, plain).map(hex::encode)
        })
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

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;
    use crate::circles::report_seal::{key_pair, new_seed};

    #[test]
    fn the_slots_of_one_message_are_one_size_and_open_to_what_was_sealed() {
        let mls = Mls::default();
        let pairs: Vec<_> = (0..3)
            .map(|_| key_pair(&mls, &new_seed(&mls).unwrap()).unwrap())
            .collect();
        let plains = [&b"{}"[..], b"{\"groups\":[1,2,3]}", &[b' '; 300][..]];
        let to = pairs
            .iter()
            .zip(plains)
            .map(|(pair, plain)| (pair.public.clone(), Zeroizing::new(plain.to_vec())))
            .collect();
        let slots = seal_each(&mls, b"circle", b"info", to).unwrap();
        assert!(slots.iter().all(|s| s.len() == slots[0].len()));
        let slot = hex::decode(&slots[1]).unwrap();
        let opened = report_seal::hpke_open(&mls, b"info", &pairs[1], b"circle", &slot).unwrap();
        assert_eq!(opened.len(), 2 * PAD_TO, "300 bytes round up to 512");
        let value: serde_json::Value = serde_json::from_slice(&opened).unwrap();
        assert_eq!(value["groups"][2], 3);
        assert!(report_seal::hpke_open(&mls, b"info", &pairs[0], b"circle", &slot).is_none());
    }
}
