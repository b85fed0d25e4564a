//! A circle's MLS group as this device holds it: loading it with our signer, and Hearth's
//! own row beside it. Creating and joining live in `membership`, what the app and sync read
//! about a circle in `views`, changes in `commit`, sending in `outbox`, receiving in
//! `receive`.

use std::sync::Arc;

use super::provider::Mls;
use hearth_mls_crypto::SignatureKeys;
use openmls::prelude::*;
use rusqlite::{OptionalExtension, Transaction};

use super::keys;
use super::profile::CircleProfile;
use super::provider::Provider;
use super::state::CircleState;
use crate::error::{Error, Result};

/// Application messages are padded to a multiple of this, so sizes leak little.
pub(crate) const PADDING: usize = 256;
/// Past epochs whose messages can still be decrypted (late deliveries).
pub(crate) const PAST_EPOCHS: usize = 3;
/// How long a past epoch's secrets stay at most (sync deletes older ones on each pass). They
/// are needed only for messages the relay ordered before a commit this phone merged first
/// (its own); everything else is processed in the epoch it was sent in.
pub const PAST_EPOCH_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);
/// The exporter label of the relay capability (one per epoch).
pub(crate) const CAPABILITY_LABEL: &str = "hearth/relay-capability/v1";

pub(crate) fn join_config() -> MlsGroupJoinConfig {
    MlsGroupJoinConfig::builder()
        .use_ratchet_tree_extension(true)
        .padding_size(PADDING)
        .max_past_epochs(PAST_EPOCHS)
        .build()
}

pub(crate) fn random_id(mls: &Mls) -> Result<Vec<u8>> {
    use openmls_traits::random::OpenMlsRand;
    mls.crypto()
        .random_vec(16)
        .map_err(|_| Error::Internal("the random generator failed"))
}

/// A new id for a row of a circle's message list (a message, a card, a system event): the
/// time in milliseconds (6 bytes, big-endian) then 10 random bytes, as 32 hex digits. Ids
/// made one after another sort together, so storing a message touches the last page of the
/// id index rather than a random one (with random ids a long conversation keeps every page of
/// that index in play, and each must be decrypted when it is not cached). 80 random bits keep
/// re-sent copies recognisable. Only members see these ids, and they see the sending time
/// anyway.
pub(crate) fn message_id(mls: &Mls, now_ms: i64) -> Result<String> {
    use openmls_traits::random::OpenMlsRand;
    let time = now_ms.max(0).to_be_bytes();
    let random = mls
        .crypto()
        .random_vec(10)
        .map_err(|_| Error::Internal("the random generator failed"))?;
    Ok(hex::encode([&time[2..], &random[..]].concat()))
}

/// The circle's group: lent from the cache when it is loaded, read from the database
/// otherwise. Hand it back with [`keep`] once the operation succeeded (see [`super::cache`]).
pub(crate) fn load(provider: &Provider<'_>, group_id: &[u8]) -> Result<MlsGroup> {
    if let Some(group) = provider.groups().take(group_id) {
        return Ok(group);
    }
    provider.groups().loaded(group_id);
    MlsGroup::load(provider.storage(), &GroupId::from_slice(group_id))?
        .ok_or(Error::NotFound { what: "circle" })
}

/// Runs `f` on the circle's group and hands the group back to the cache if `f` succeeds.
pub(crate) fn with_group<T>(
    provider: &Provider<'_>,
    group_id: &[u8],
    f: impl FnOnce(&mut MlsGroup) -> Result<T>,
) -> Result<T> {
    let mut group = load(provider, group_id)?;
    let out = f(&mut group)?;
    keep(provider, group_id, group);
    Ok(out)
}

/// Hands a group back to the cache after a successful operation in this transaction; it is
/// cached if the transaction commits. Never call it inside a savepoint that may roll back.
pub(crate) fn keep(provider: &Provider<'_>, group_id: &[u8], group: MlsGroup) {
    provider.groups().keep(group_id, group);
}

/// Hearth's own row for a circle (beside openmls's state).
pub(crate) struct CircleRow {
    /// Our per-circle signature key.
    pub signature_key: Vec<u8>,
    /// The display name we introduce ourselves with here.
    pub display_name: String,
    /// Where our membership stands.
    pub state: CircleState,
    /// The last relay sequence number processed.
    pub relay_cursor: u64,
    /// The last relay sequence number read.
    pub last_read_seq: u64,
    /// Whether the mailbox exists at the relay.
    pub mailbox_open: bool,
    /// SHA-256 of our commit waiting for the relay.
    pub pending_commit_digest: Option<Vec<u8>>,
    /// When we last refreshed our keys.
    pub last_update_ms: Option<i64>,
    /// Whether we closed the circle and still have to delete its mailbox at the relay.
    pub mailbox_delete_pending: bool,
    /// The disappearing-messages timer, in seconds.
    pub disappear_after_s: Option<u64>,
    /// For an invitation not yet accepted: the per-circle key of the member who added us.
    pub invited_by: Option<Vec<u8>>,
}

/// The circle's row; [`Error::NotFound`] for a circle we never joined.
pub(crate) fn circle_row(tx: &Transaction<'_>, group_id: &[u8]) -> Result<CircleRow> {
    tx.prepare_cached(
        "SELECT signature_key, display_name,
                CASE WHEN state != 'active' THEN state
                     WHEN closed_at_ms IS NOT NULL THEN 'closed'
                     WHEN stalled_at_ms IS NOT NULL THEN 'stalled'
                     WHEN invited_at_ms IS NOT NULL THEN 'invited' ELSE state END,
                relay_cursor, last_read_seq, mailbox_open, pending_commit_digest, last_update_ms,
                mailbox_delete_pending, disappear_after_s, invited_by
         FROM circles WHERE group_id = ?1",
    )?
    .query_row([group_id], |r| {
        Ok(CircleRow {
            signature_key: r.get(0)?,
            display_name: r.get(1)?,
            state: r.get(2)?,
            relay_cursor: r.get::<_, i64>(3)? as u64,
            last_read_seq: r.get::<_, i64>(4)? as u64,
            mailbox_open: r.get(5)?,
            pending_commit_digest: r.get(6)?,
            last_update_ms: r.get(7)?,
            mailbox_delete_pending: r.get(8)?,
            disappear_after_s: r.get::<_, Option<i64>>(9)?.map(|s| s as u64),
            invited_by: r.get(10)?,
        })
    })
    .optional()?
    .ok_or(Error::NotFound { what: "circle" })
}

pub(crate) fn our_key(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Vec<u8>> {
    Ok(circle_row(tx, group_id)?.signature_key)
}

/// The circle's profile at the group's current epoch.
pub(crate) fn profile(group: &MlsGroup) -> Result<CircleProfile> {
    CircleProfile::from_extensions(group.extensions())
}

/// The relay capability of the group's current epoch.
pub(crate) fn capability(mls: &Mls, group: &MlsGroup) -> Result<Vec<u8>> {
    group
        .export_secret(mls.crypto(), CAPABILITY_LABEL, &[], 32)
        .map_err(|_| Error::Internal("the capability could not be exported"))
}

/// Our group and signer, refusing circles we are no longer in, circles their facilitator
/// closed (known from the closing commit, or from the relay when that commit went with the
/// mailbox) and invitations not yet accepted: nothing new is made for those, and for the
/// first two our key is gone (see [`keys::forget_signer`]).
pub(crate) fn active_group<'a>(
    tx: &'a Transaction<'a>,
    mls: &'a Mls,
    group_id: &[u8],
) -> Result<(Provider<'a>, MlsGroup, Arc<SignatureKeys>)> {
    let row = circle_row(tx, group_id)?;
    match row.state {
        CircleState::Closed => return Err(Error::CircleClosed),
        CircleState::Invited => {
            return Err(Error::NotPermitted {
                action: "post or make changes before accepting the invitation",
            })
        }
        CircleState::Active | CircleState::Left | CircleState::Removed | CircleState::Stalled => {}
    }
    let provider = Provider::new(mls, tx);
    let group = load(&provider, group_id)?;
    if !group.is_active() {
        return Err(Error::NotAMember);
    }
    let signer = keys::signer(&provider, &row.signature_key)?;
    Ok((provider, group, signer))
}

/// The profile of a circle we are in and that is still open, and our per-circle key: what
/// every check of our role before a change needs.
pub(crate) fn open_profile(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
) -> Result<(CircleProfile, Vec<u8>)> {
    let (provider, group, signer) = active_group(tx, mls, group_id)?;
    let profile = profile(&group)?;
    keep(&provider, group_id, group);
    Ok((profile, signer.public().to_vec()))
}

/// The signature key of the member at `index`.
pub(crate) fn member_key(group: &MlsGroup, index: LeafNodeIndex) -> Option<Vec<u8>> {
    group.member_at(index).map(|m| m.signature_key)
}

/// The leaf of the member with `key`.
pub(crate) fn member_index(group: &MlsGroup, key: &[u8]) -> Option<LeafNodeIndex> {
    group
        .members()
        .find(|m| m.signature_key == key)
        .map(|m| m.index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_ids_sort_by_time_and_differ() {
        let mls = Mls::default();
        let early = message_id(&mls, 1_700_000_000_000).unwrap();
        let same_time = message_id(&mls, 1_700_000_000_000).unwrap();
        let later = message_id(&mls, 1_700_000_000_001).unwrap();
        assert_eq!(early.len(), 32);
        assert!(early.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(early, same_time);
        assert_eq!(early[..12], same_time[..12], "the time comes first");
        assert!(early < later && same_time < later);
        assert_eq!(&early[..12], "018bcfe56800");
    }
}
