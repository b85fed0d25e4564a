//! What the app and sync read about a circle: its summary and members, the epoch
//! authenticator members compare, and where sync reads its mailbox from.

use openmls::prelude::*;
use rusqlite::{params, Transaction};

use super::group::{capability, circle_row, our_key, profile, with_group};
use super::profile::Role;
use super::provider::{Mls, Provider};
use super::state::CircleState;
use crate::circles::GroupId;
use crate::error::{Error, Result};

/// A circle as this device holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleSummary {
    /// Random group id; names the mailbox.
    pub group_id: super::GroupId,
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
    /// For an invitation ([`CircleState::Invited`]): the role of the member who added us
    /// (their name is not known until we join and they speak).
    pub added_by: Option<Role>,
    /// For a one-to-one talk: the other person's name (show it instead of the circle's).
    pub talk_with: Option<String>,
    /// Members may ask other members for a one-to-one talk (facilitators can always be
    /// asked).
    pub members_may_talk: bool,
    /// For facilitators and co-facilitators: posts that broke one of the circle's rules and
    /// wait for a look (`Client::flagged_posts`). Zero for members.
    pub flagged: u32,
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

/// A circle's summary at `now_ms` (a pause that has ended is not shown).
pub(crate) fn summary(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    now_ms: i64,
) -> Result<CircleSummary> {
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
    let paused = super::moderation::our_timeout(tx, group_id, &row.signature_key, now_ms)?;
    Ok(CircleSummary {
        group_id: GroupId::from_bytes(group_id),
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
        added_by: row.invited_by.as_deref().map(|key| profile.role_of(key)),
        talk_with: if profile.talk {
            Some(crate::talks::talk_with(tx, group_id)?.unwrap_or_else(|| "Someone".into()))
        } else {
            None
        },
        members_may_talk: profile.members_may_talk,
        flagged: if profile.role_of(&row.signature_key).commits() {
            super::rules::store::flagged_count(tx, group_id)?
        } else {
            0
        },
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

/// The circle's members in leaf order, with the pauses still running at `now_ms`.
pub(crate) fn members(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    now_ms: i64,
) -> Result<Vec<CircleMember>> {
    let provider = Provider::new(mls, tx);
    let (profile, members) = with_group(&provider, group_id, |group| {
        Ok((profile(group)?, group.members().collect::<Vec<_>>()))
    })?;
    let me = our_key(tx, group_id)?;
    let we_moderate = profile.role_of(&me).commits();
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
                .query_row(params![group_id, m.signature_key, now_ms], |r| {
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
