//! A circle's MLS group as this device holds it: loading it with our signer, creating one,
//! joining from a Welcome, and what the app reads about it (summary, members, authenticator,
//! capability). Changes live in `commit`, sending in `outbox`, receiving in `receive`.

use std::sync::Arc;

use super::provider::Mls;
use super::signer::CircleSigner;
use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;
use rusqlite::{params, OptionalExtension, Transaction};

use super::keys::{self, CIPHERSUITE};
use super::messages::system;
use super::outbox;
use super::payload::Payload;
use super::profile::{capabilities, CircleProfile, Role};
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

/// A circle as this device holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleSummary {
    /// Random group id; names the mailbox.
    pub group_id: Vec<u8>,
    /// The circle's name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its guidelines.
    pub guidelines: String,
    /// The guidelines' version.
    pub guidelines_version: u32,
    /// Our role.
    pub role: Role,
    /// The current epoch.
    pub epoch: u64,
    /// Number of members.
    pub member_count: u32,
    /// Messages from others after the last one we read.
    pub unread: u32,
    /// Our posts and changes still waiting for the relay.
    pub waiting: u32,
    /// Where our membership stands.
    pub state: CircleState,
    /// The guidelines version we accepted: below `guidelines_version`, show the guidelines
    /// and ask (posting waits).
    pub guidelines_accepted: u32,
    /// Until when (Unix ms) a facilitator paused our posting, and why.
    pub paused_until_ms: Option<i64>,
    /// The facilitator's reason for the pause (may be empty).
    pub paused_reason: String,
    /// Disappearing messages: texts go this many seconds after they arrive (none: they stay).
    pub disappear_after_s: Option<u64>,
}

/// One member of a circle, as this device knows them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleMember {
    /// Their per-circle signature key (names them in remove and role calls).
    pub key: Vec<u8>,
    /// The name they introduced themselves with, once it arrived.
    pub display_name: Option<String>,
    /// Their role.
    pub role: Role,
    /// Whether this is us.
    pub is_me: bool,
    /// Whether we muted them (on this phone only).
    pub muted: bool,
    /// The guidelines version they accepted, as far as we know (0: none seen). Shown to
    /// facilitators and co-facilitators only: `None` for members.
    pub guidelines_accepted: Option<u32>,
    /// Until when (Unix ms, this phone's clock) a facilitator paused their posting.
    pub paused_until_ms: Option<i64>,
}

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
}

/// The circle's row; [`Error::NotFound`] for a circle we never joined.
pub(crate) fn circle_row(tx: &Transaction<'_>, group_id: &[u8]) -> Result<CircleRow> {
    tx.prepare_cached(
        "SELECT signature_key, display_name,
                CASE WHEN state != 'active' THEN state
                     WHEN closed_at_ms IS NOT NULL THEN 'closed'
                     WHEN stalled_at_ms IS NOT NULL THEN 'stalled' ELSE state END,
                relay_cursor, last_read_seq, mailbox_open, pending_commit_digest, last_update_ms,
                mailbox_delete_pending, disappear_after_s
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

/// Our group and signer, refusing circles we are no longer in and circles their facilitator
/// closed (known from the closing commit, or from the relay when that commit went with the
/// mailbox): nothing new is made for those, and our key for them is gone (see
/// [`keys::forget_signer`]).
pub(crate) fn active_group<'a>(
    tx: &'a Transaction<'a>,
    mls: &'a Mls,
    group_id: &[u8],
) -> Result<(Provider<'a>, MlsGroup, Arc<CircleSigner>)> {
    let row = circle_row(tx, group_id)?;
    if row.state == CircleState::Closed {
        return Err(Error::CircleClosed);
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

/// Creates a circle with us as its facilitator; returns its group id. Its mailbox is opened
/// at the relay by sync, before our introduction is posted.
pub(crate) fn create(
    tx: &Transaction<'_>,
    mls: &Mls,
    profile_text: (&str, &str, &str),
    display_name: &str,
    now_ms: i64,
) -> Result<Vec<u8>> {
    let (name, description, guidelines) = profile_text;
    let provider = Provider::new(mls, tx);
    let (signer, credential, pseudonym) = keys::new_identity(&provider)?;
    let mut profile = CircleProfile {
        name: name.to_string(),
        description: description.to_string(),
        guidelines: guidelines.to_string(),
        guidelines_version: 1,
        roles: Default::default(),
        closed: false,
        disappear_after_s: None,
        sessions: Vec::new(),
    };
    profile
        .roles
        .insert(hex::encode(signer.public()), Role::Facilitator);
    let config = MlsGroupCreateConfig::builder()
        .ciphersuite(CIPHERSUITE)
        .capabilities(capabilities())
        .with_group_context_extensions(profile.to_extensions()?)
        .use_ratchet_tree_extension(true)
        .padding_size(PADDING)
        .max_past_epochs(PAST_EPOCHS)
        .build();
    let group_id = [random_id(mls)?, random_id(mls)?].concat();
    let group = MlsGroup::new_with_group_id(
        &provider,
        &signer,
        &config,
        GroupId::from_slice(&group_id),
        credential,
    )
    .map_err(|_| Error::Internal("the circle could not be created"))?;
    provider.groups().loaded(&group_id);
    keep(&provider, &group_id, group);
    record_membership(
        tx,
        &group_id,
        signer.public(),
        &pseudonym,
        display_name,
        now_ms,
    )?;
    tx.prepare_cached(
        "UPDATE circles SET mailbox_open = 0, last_update_ms = ?2 WHERE group_id = ?1",
    )?
    .execute(params![group_id, now_ms])?;
    system(tx, mls, &group_id, 0, 0, "You created the circle.", now_ms)?;
    // Whoever writes the guidelines accepts them; the introduction says so.
    super::moderation::accept_ours(tx, &group_id, signer.public(), 1)?;
    queue_intro(tx, mls, &group_id, display_name, now_ms)?;
    Ok(group_id)
}

/// Queues our introduction (display name) to the circle.
pub(crate) fn queue_intro(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    display_name: &str,
    now_ms: i64,
) -> Result<()> {
    let payload = Payload::Intro {
        id: hex::encode(random_id(mls)?),
        display_name: display_name.to_string(),
        sent_at_ms: now_ms,
        accepted: super::moderation::our_acceptance(tx, group_id)?,
        report_key: hex::encode(super::reports::our_key_pair(tx, mls, group_id)?.public),
    };
    outbox::queue_payload(tx, group_id, &payload, now_ms)
}

/// Queues our acceptance of guidelines `version`, for the facilitators' record.
pub(crate) fn queue_accept(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    version: u32,
    now_ms: i64,
) -> Result<()> {
    let payload = Payload::Accept {
        id: hex::encode(random_id(mls)?),
        version,
    };
    outbox::queue_payload(tx, group_id, &payload, now_ms)
}

/// Records our membership of a circle we created or joined: its row and our display name.
fn record_membership(
    tx: &Transaction<'_>,
    group_id: &[u8],
    signature_key: &[u8],
    pseudonym: &[u8],
    display_name: &str,
    now_ms: i64,
) -> Result<()> {
    // On a rejoin the row exists: it becomes the new membership's (history stays).
    tx.prepare_cached(
        "INSERT INTO circles (group_id, signature_key, pseudonym, display_name, joined_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT (group_id) DO UPDATE SET signature_key = excluded.signature_key,
             pseudonym = excluded.pseudonym, display_name = excluded.display_name,
             joined_at_ms = excluded.joined_at_ms, state = 'active', stalled_at_ms = NULL,
             pending_commit_digest = NULL, mailbox_open = 1",
    )?
    .execute(params![
        group_id,
        signature_key,
        pseudonym,
        display_name,
        now_ms
    ])?;
    tx.prepare_cached(
        "INSERT OR REPLACE INTO circle_members (group_id, signature_key, display_name) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![group_id, signature_key, display_name])?;
    Ok(())
}

/// Drops the MLS state and signing key of an old membership of a circle, and what it still
/// meant to send.
fn drop_membership_state(
    tx: &Transaction<'_>,
    mls: &Mls,
    provider: &Provider<'_>,
    group_id: &[u8],
) -> Result<()> {
    provider.groups().take(group_id); // not handed back: it is gone
    if let Some(mut old) = MlsGroup::load(provider.storage(), &GroupId::from_slice(group_id))? {
        old.delete(provider.storage())
            .map_err(|_| Error::Internal("the old circle state could not be deleted"))?;
    }
    end_membership(tx, mls, group_id)
}

/// Our membership of a circle is over (we left or were removed, someone else closed it, or
/// a new membership replaces it): what we still meant to send is forgotten and our signing
/// key deleted. (The facilitator who closed it keeps the key until the relay deleted the
/// mailbox: see `outbox::mailbox_deleted`.)
pub(crate) fn end_membership(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<()> {
    forget_unsent(tx, group_id)?;
    keys::forget_signer(tx, mls, group_id)
}

/// Forgets everything this phone still meant to send to a circle (its outbox and queued
/// changes): we were removed or left, the circle closed, or the membership is replaced.
pub(crate) fn forget_unsent(tx: &Transaction<'_>, group_id: &[u8]) -> Result<()> {
    tx.prepare_cached("DELETE FROM circle_outbox WHERE group_id = ?1")?
        .execute([group_id])?;
    tx.prepare_cached("DELETE FROM circle_intents WHERE group_id = ?1")?
        .execute([group_id])?;
    Ok(())
}

/// Joins a circle from a Welcome for one of our KeyPackages; returns its group id. A Welcome
/// for a circle we are already in (delivered twice) returns its id again, unless `replace`:
/// a fresh invite code brings back a phone that was removed, left, or fell too far behind,
/// and then the old membership's state is dropped while its history stays.
pub(crate) fn join(
    tx: &Transaction<'_>,
    mls: &Mls,
    welcome: &[u8],
    display_name: &str,
    replace: bool,
    now_ms: i64,
) -> Result<Vec<u8>> {
    let provider = Provider::new(mls, tx);
    let message =
        MlsMessageIn::tls_deserialize_exact(welcome).map_err(|_| Error::MessageRejected {
            reason: "the Welcome is malformed",
        })?;
    let MlsMessageBodyIn::Welcome(welcome) = message.extract() else {
        return Err(Error::MessageRejected {
            reason: "not a Welcome",
        });
    };
    let not_ours = |_| Error::MessageRejected {
        reason: "the Welcome is not for any of our KeyPackages",
    };
    let mut builder =
        StagedWelcome::build_from_welcome(&provider, &join_config(), welcome).map_err(not_ours)?;
    if replace {
        builder = builder.replace_old_group();
    }
    let staged = builder.build().map_err(not_ours)?;
    let group_id = staged.group_context().group_id().as_slice().to_vec();
    let known: bool = tx
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM circles WHERE group_id = ?1)")?
        .query_row([&group_id], |r| r.get(0))?;
    if known {
        if !replace {
            return Ok(group_id);
        }
        drop_membership_state(tx, mls, &provider, &group_id)?;
    }
    let group = staged
        .into_group(&provider)
        .map_err(|_| Error::MessageRejected {
            reason: "the Welcome could not be joined",
        })?;
    provider.groups().loaded(&group_id);
    let joined_profile = profile(&group)?;
    let own = group
        .own_leaf()
        .ok_or(Error::Internal("joined without a leaf"))?;
    let key = own.signature_key().as_slice().to_vec();
    let (pseudonym, last_resort) = keys::our_key_package(tx, &key)?.ok_or(Error::Corrupt {
        detail: "circle KeyPackage record",
    })?;
    if !last_resort {
        keys::forget_key_package(tx, &key)?;
    }
    record_membership(tx, &group_id, &key, &pseudonym, display_name, now_ms)?;
    super::messages::set_disappearing(tx, &group_id, joined_profile.disappear_after_s)?;
    let epoch = group.epoch().as_u64();
    keep(&provider, &group_id, group);
    system(
        tx,
        mls,
        &group_id,
        0,
        epoch,
        "You joined. Messages sent before you joined cannot be read.",
        now_ms,
    )?;
    queue_intro(tx, mls, &group_id, display_name, now_ms)?;
    Ok(group_id)
}

/// A circle's summary.
pub(crate) fn summary(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<CircleSummary> {
    let provider = Provider::new(mls, tx);
    let (profile, epoch, member_count) = with_group(&provider, group_id, |group| {
        Ok((
            profile(group)?,
            group.epoch().as_u64(),
            group.members().count() as u32,
        ))
    })?;
    let row = circle_row(tx, group_id)?;
    let unread: u32 = tx
        .prepare_cached(
            "SELECT COUNT(*) FROM circle_messages m
         WHERE group_id = ?1 AND relay_seq > ?2 AND kind = 'text' AND deleted = 0
           AND (sender IS NULL OR sender != ?3)
           AND NOT EXISTS (SELECT 1 FROM circle_mutes u WHERE u.group_id = m.group_id AND u.signature_key = m.sender)",
        )?
        .query_row(
            params![group_id, row.last_read_seq as i64, row.signature_key],
            |r| r.get(0),
        )?;
    let waiting: u32 = tx
        .prepare_cached(
            "SELECT (SELECT COUNT(*) FROM circle_outbox WHERE group_id = ?1)
              + (SELECT COUNT(*) FROM circle_intents WHERE group_id = ?1)",
        )?
        .query_row([group_id], |r| r.get(0))?;
    let paused =
        super::moderation::our_timeout(tx, group_id, &row.signature_key, crate::client::now_ms())?;
    Ok(CircleSummary {
        group_id: group_id.to_vec(),
        name: profile.name.clone(),
        description: profile.description.clone(),
        guidelines: profile.guidelines.clone(),
        guidelines_version: profile.guidelines_version,
        role: profile.role_of(&row.signature_key),
        epoch,
        member_count,
        unread,
        waiting,
        state: row.state,
        guidelines_accepted: super::moderation::our_acceptance(tx, group_id)?,
        paused_until_ms: paused.as_ref().map(|(until, _)| *until),
        paused_reason: paused.map(|(_, reason)| reason).unwrap_or_default(),
        disappear_after_s: profile.disappear_after_s,
    })
}

/// Deletes the secrets of past epochs that ended more than `max_age` ago, so a message of
/// theirs can no longer be read (forward secrecy on a schedule, beside openmls's count limit).
pub(crate) fn expire_past_epochs(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    max_age: std::time::Duration,
) -> Result<()> {
    let provider = Provider::new(mls, tx);
    with_group(&provider, group_id, |group| {
        group
            .delete_past_epoch_secrets(&provider, PastEpochDeletion::older_than_duration(max_age))
            .map_err(|_| Error::Internal("past epoch secrets could not be deleted"))
    })
}

/// The circle's members in leaf order.
pub(crate) fn members(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
) -> Result<Vec<CircleMember>> {
    let provider = Provider::new(mls, tx);
    let (profile, members) = with_group(&provider, group_id, |group| {
        Ok((profile(group)?, group.members().collect::<Vec<_>>()))
    })?;
    let me = our_key(tx, group_id)?;
    let we_moderate = profile.role_of(&me).commits();
    let now = crate::client::now_ms();
    let mut about = tx.prepare_cached(
        "SELECT (SELECT display_name FROM circle_members WHERE group_id = ?1 AND signature_key = ?2),
                EXISTS (SELECT 1 FROM circle_mutes WHERE group_id = ?1 AND signature_key = ?2),
                COALESCE((SELECT version FROM circle_acceptances WHERE group_id = ?1 AND signature_key = ?2), 0),
                (SELECT until_ms FROM circle_timeouts WHERE group_id = ?1 AND signature_key = ?2 AND until_ms > ?3)",
    )?;
    members
        .into_iter()
        .map(|m| {
            let (display_name, muted, accepted, paused_until_ms) = about
                .query_row(params![group_id, m.signature_key, now], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get::<_, u32>(2)?, r.get(3)?))
                })?;
            Ok(CircleMember {
                display_name,
                role: profile.role_of(&m.signature_key),
                is_me: m.signature_key == me,
                muted,
                guidelines_accepted: we_moderate.then_some(accepted),
                paused_until_ms,
                key: m.signature_key,
            })
        })
        .collect()
}

/// The epoch authenticator, which all members share at an epoch (compared to detect forks).
pub(crate) fn epoch_authenticator(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
) -> Result<Vec<u8>> {
    let provider = Provider::new(mls, tx);
    with_group(&provider, group_id, |group| {
        Ok(group.epoch_authenticator().as_slice().to_vec())
    })
}

/// Where sync reads a circle's mailbox from: the current epoch, its capability, and the
/// relay position processed so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MailboxPosition {
    /// The circle's current epoch.
    pub epoch: u64,
    /// That epoch's relay capability.
    pub capability: Vec<u8>,
    /// The last relay sequence number processed.
    pub cursor: u64,
    /// Whether we are still a member (a removed member reads no further).
    pub active: bool,
}

/// The circle's mailbox position.
pub(crate) fn position(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
) -> Result<MailboxPosition> {
    let provider = Provider::new(mls, tx);
    let row = circle_row(tx, group_id)?;
    with_group(&provider, group_id, |group| {
        let active = group.is_active() && row.state.is_active();
        Ok(MailboxPosition {
            epoch: group.epoch().as_u64(),
            // A removed member's group has no secrets left to export, nor anything to read.
            capability: if active {
                capability(mls, group)?
            } else {
                Vec::new()
            },
            cursor: row.relay_cursor,
            active,
        })
    })
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
