//! Intents: changes this device wants made to a circle, kept until the relay has ordered
//! them. A committer's change becomes a commit when it is its turn; if another committer was
//! first, the commit is dropped and the intent made again on the new epoch. A member's leave
//! or key update becomes a proposal, proposed again if an epoch passes without it.

use super::provider::Mls;
use openmls::prelude::tls_codec::Serialize as _;
use openmls::prelude::LeafNodeParameters;
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::commit::{self, Change};
use super::events::{CircleEvent, DroppedChange};
use super::group::{self, profile};
use super::keys;
use super::outbox::{self, Sealed, WelcomeTo};
use super::profile::{CircleProfile, Role};
use super::programme::Programme;
use super::rules::CircleRule;
use super::sessions::{CircleSession, SESSIONS_MAX};
use crate::error::{Error, Result};
use crate::store::{stored_enum, stored_id};

stored_id!(
    /// A queued change's id (a row of `circle_intents`).
    IntentId
);

/// What sort of change an intent is: the stored `kind`, which queries select by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntentKind {
    /// An add, by device id or by invite code.
    Add,
    Remove,
    /// A role given, or the facilitator role handed over.
    SetRole,
    /// The circle's shared profile: name, guidelines, closing, timer, meetings.
    Profile,
    Leave,
    Update,
    Commit,
}

stored_enum!(IntentKind, "intent kind", {
    IntentKind::Add => "add",
    IntentKind::Remove => "remove",
    IntentKind::SetRole => "set_role",
    IntentKind::Profile => "profile",
    IntentKind::Leave => "leave",
    IntentKind::Update => "update",
    IntentKind::Commit => "commit",
});

/// Where an intent stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum IntentState {
    /// Waiting its turn (or to be made again).
    Queued,
    /// Its proposal was ordered; a commit that includes it finishes it.
    Sent,
}

stored_enum!(IntentState, "intent state", {
    IntentState::Queued => "queued",
    IntentState::Sent => "sent",
});

/// Proposals of ours a committer's commit includes: a leave, a key update.
const PROPOSED: [IntentKind; 2] = [IntentKind::Leave, IntentKind::Update];

/// One wanted change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "snake_case")]
pub(crate) enum Intent {
    /// Add the device's member; its KeyPackage is kept here once claimed, so a retry after a
    /// conflict does not use up another one.
    Add {
        device_id: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        key_package: Option<String>,
    },
    /// Admit the person who used an invite code, with the KeyPackage from their claim (hex);
    /// their Welcome goes back through the invite once the relay accepted the Add.
    Admit {
        nameplate: String,
        key_package: String,
    },
    /// Add the person who asked for this one-to-one talk, with the KeyPackage from their
    /// request (hex); their Welcome goes back sealed once the relay accepted the Add.
    AddTalker { talk: String, key_package: String },
    /// Remove the member with this per-circle key (hex).
    Remove { member: String },
    /// Give the member (hex key) a role.
    SetRole { member: String, role: Role },
    /// Change the circle's name, description or guidelines.
    Profile {
        name: Option<String>,
        description: Option<String>,
        guidelines: Option<String>,
    },
    /// Hand the facilitator role to the member (hex key); we stay as `stay` (co-facilitator
    /// or member).
    HandOver { member: String, stay: Role },
    /// Close the circle for good.
    Close,
    /// Set (or with none, turn off) the disappearing-messages timer, in seconds.
    Disappearing { seconds: Option<u64> },
    /// Schedule a meeting, or cancel one (by id).
    Session {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        add: Option<CircleSession>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cancel: Option<String>,
    },
    /// Attach a programme to a repeating meeting, or (with none) take it off.
    Programme {
        #[serde(default, skip_serializing_if = "Option::is_none")]
        programme: Option<Programme>,
    },
    /// Let members ask other members for one-to-one talks, or not.
    MembersMayTalk { allowed: bool },
    /// Set the circle's own rules (all of them; none turns them off).
    Rules { rules: Vec<CircleRule> },
    /// Leave the circle (a proposal a committer commits).
    Leave,
    /// Refresh our keys (post-compromise security).
    Update,
    /// Commit the pending proposals.
    Commit,
}

impl Intent {
    fn kind(&self) -> IntentKind {
        match self {
            Intent::Add { .. } | Intent::Admit { .. } | Intent::AddTalker { .. } => IntentKind::Add,
            Intent::Remove { .. } => IntentKind::Remove,
            Intent::SetRole { .. } | Intent::HandOver { .. } => IntentKind::SetRole,
            Intent::Profile { .. }
            | Intent::Close
            | Intent::Disappearing { .. }
            | Intent::Session { .. }
            | Intent::Programme { .. }
            | Intent::MembersMayTalk { .. }
            | Intent::Rules { .. } => IntentKind::Profile,
            Intent::Leave => IntentKind::Leave,
            Intent::Update => IntentKind::Update,
            Intent::Commit => IntentKind::Commit,
        }
    }
}

/// Queues an intent.
pub(crate) fn queue(
    tx: &Transaction<'_>,
    group_id: &[u8],
    intent: &Intent,
    now_ms: i64,
) -> Result<IntentId> {
    tx.prepare_cached("INSERT INTO circle_intents (group_id, kind, state, argument, created_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)")?.execute(params![group_id, intent.kind(), IntentState::Queued, serde_json::to_string(intent)?, now_ms],
    )?;
    Ok(IntentId(tx.last_insert_rowid()))
}

/// Whether an intent of this kind is already waiting (queued, or proposed and not yet
/// committed).
pub(crate) fn waiting(tx: &Transaction<'_>, group_id: &[u8], kind: IntentKind) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM circle_intents WHERE group_id = ?1 AND kind = ?2)",
        )?
        .query_row(params![group_id, kind], |r| r.get(0))?)
}

/// Whether a change asked for no later than `at_ms` waits (key updates and commits of
/// proposals do not count: they follow the messages that prompted them).
pub(crate) fn due_before(tx: &Transaction<'_>, group_id: &[u8], at_ms: i64) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "SELECT EXISTS (SELECT 1 FROM circle_intents WHERE group_id = ?1 AND state = ?3
           AND kind NOT IN (?4, ?5) AND created_at_ms <= ?2)",
        )?
        .query_row(
            params![
                group_id,
                at_ms,
                IntentState::Queued,
                IntentKind::Update,
                IntentKind::Commit
            ],
            |r| r.get(0),
        )?)
}

/// What [`perform_next`] did.
pub(crate) enum Performed {
    /// A commit or proposal is in the outbox now.
    Queued,
    /// An add waits for the member's KeyPackage from the relay.
    NeedsKeyPackage {
        intent_id: IntentId,
        device_id: String,
    },
    /// Nothing to do.
    Nothing,
}

/// Turns the next change into a commit or proposal, when no commit of ours is pending:
/// first the pending proposals (committers commit them promptly), then queued intents.
pub(crate) fn perform_next(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    now_ms: i64,
) -> Result<Performed> {
    let (provider, group, signer) = group::active_group(tx, mls, group_id)?;
    let waiting = group.pending_commit().is_some();
    let committer = profile(&group)?.role_of(signer.public()).commits();
    let proposals = group
        .pending_proposals()
        .any(|p| commit::committable(&group, p));
    group::keep(&provider, group_id, group);
    if waiting {
        return Ok(Performed::Nothing);
    }
    if committer && proposals {
        commit::commit(tx, mls, group_id, Change::default(), None, None, now_ms)?;
        return Ok(Performed::Queued);
    }
    loop {
        let Some((id, argument)): Option<(IntentId, String)> = tx.prepare_cached("SELECT id, argument FROM circle_intents WHERE group_id = ?1 AND state = ?2 ORDER BY id LIMIT 1")?
            .query_row(params![group_id, IntentState::Queued],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?
        else {
            return Ok(Performed::Nothing);
        };
        let intent: Intent = serde_json::from_str(&argument)?;
        let admitting = match &intent {
            Intent::Admit { nameplate, .. } => Some(WelcomeTo::Invite(nameplate.clone())),
            Intent::AddTalker { talk, .. } => Some(WelcomeTo::Talk(talk.clone())),
            _ => None,
        };
        match perform(tx, mls, group_id, id, intent, now_ms) {
            Ok(done) => return Ok(done),
            // A change that cannot be made (a member already gone, a role lost, a bad
            // KeyPackage) is forgotten and the circle's history says so; the rest go on.
            Err(
                e @ (Error::NotPermitted { .. }
                | Error::NotFound { .. }
                | Error::MessageRejected { .. }
                | Error::InvalidInput { .. }),
            ) => {
                tracing::info!(error = %e, "a queued circle change was dropped");
                forget(tx, id)?;
                if let Some(to) = &admitting {
                    to.failed(tx, mls, now_ms)?;
                }
                let why = match e {
                    Error::NotPermitted { .. } => DroppedChange::NotPermitted,
                    Error::NotFound { .. } => DroppedChange::NoLongerThere,
                    _ => DroppedChange::Refused,
                };
                say_dropped(tx, mls, group_id, why, now_ms)?;
            }
            Err(e) => return Err(e),
        }
    }
}

fn perform(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    id: IntentId,
    intent: Intent,
    now_ms: i64,
) -> Result<Performed> {
    let (provider, mut group, signer) = group::active_group(tx, mls, group_id)?;
    let current = profile(&group)?;
    let my_role = current.role_of(signer.public());
    let decode = |hex_key: &str| {
        hex::decode(hex_key).map_err(|_| Error::Corrupt {
            detail: "circle intent",
        })
    };
    let change = match intent {
        Intent::Add {
            device_id,
            key_package: None,
        } => {
            group::keep(&provider, group_id, group);
            return Ok(Performed::NeedsKeyPackage {
                intent_id: id,
                device_id,
            });
        }
        // An add by device id (its KeyPackage claimed) or by invite code: the same commit,
        // with the Welcome going to the device's inbox or back through the invite.
        Intent::Add {
            device_id: ref destination,
            key_package: Some(ref kp),
        }
        | Intent::Admit {
            nameplate: ref destination,
            key_package: ref kp,
        }
        | Intent::AddTalker {
            talk: ref destination,
            key_package: ref kp,
        } => {
            let welcome_to = match intent {
                Intent::Admit { .. } => WelcomeTo::Invite(destination.clone()),
                Intent::AddTalker { .. } => WelcomeTo::Talk(destination.clone()),
                _ => WelcomeTo::Device(destination.clone()),
            };
            let kp = keys::read_key_package(mls, &decode(kp)?)?;
            group::keep(&provider, group_id, group);
            commit::commit(
                tx,
                mls,
                group_id,
                Change {
                    adds: vec![kp],
                    ..Change::default()
                },
                Some(welcome_to),
                Some(id),
                now_ms,
            )?;
            return Ok(Performed::Queued);
        }
        Intent::Remove { member } => {
            let key = decode(&member)?;
            if current.role_of(&key) == Role::Facilitator && my_role != Role::Facilitator {
                return Err(Error::NotPermitted {
                    action: "remove a facilitator",
                });
            }
            Change {
                removals: vec![commit::index_of(&group, &key)?],
                ..Change::default()
            }
        }
        Intent::SetRole { member, role } => {
            commit::index_of(&group, &decode(&member)?)?;
            facilitators_change(my_role, &current, |next| next.set_role(member, role))?
        }
        Intent::Profile {
            name,
            description,
            guidelines,
        } => facilitators_change(my_role, &current, |next| {
            if let Some(name) = name {
                next.name = name;
            }
            if let Some(description) = description {
                next.description = description;
            }
            if let Some(guidelines) = guidelines {
                if guidelines != next.guidelines {
                    next.guidelines = guidelines;
                    next.guidelines_version += 1;
                }
            }
        })?,
        Intent::HandOver { member, stay } => {
            let key = decode(&member)?;
            commit::index_of(&group, &key)?;
            if key == signer.public() {
                return Err(Error::invalid("member", "hand the circle to someone else"));
            }
            facilitators_change(my_role, &current, |next| {
                next.set_role(member, Role::Facilitator);
                next.set_role(hex::encode(signer.public()), stay);
            })?
        }
        Intent::Disappearing { seconds } => {
            facilitators_change(my_role, &current, |next| next.disappear_after_s = seconds)?
        }
        Intent::Session { add, cancel } => facilitators_change(my_role, &current, |next| {
            if let Some(id) = cancel {
                next.sessions.retain(|s| s.id != id);
                // A programme follows its meeting: it goes when the meeting does.
                if next.programme.as_ref().is_some_and(|p| p.session_id == id) {
                    next.programme = None;
                }
            }
            if let Some(session) = add {
                if next.sessions.len() < SESSIONS_MAX {
                    next.sessions.push(session);
                }
            }
        })?,
        Intent::Programme { programme } => {
            facilitators_change(my_role, &current, |next| next.programme = programme)?
        }
        Intent::MembersMayTalk { allowed } => {
            facilitators_change(my_role, &current, |next| next.members_may_talk = allowed)?
        }
        Intent::Rules { rules } => {
            facilitators_change(my_role, &current, |next| next.rules = rules)?
        }
        Intent::Close => facilitators_change(my_role, &current, |next| next.closed = true)?,
        Intent::Update if my_role.commits() => Change {
            self_update: true,
            ..Change::default()
        },
        Intent::Commit => Change::default(),
        Intent::Leave | Intent::Update => {
            let message = if matches!(intent, Intent::Leave) {
                group
                    .leave_group(&provider, &*signer)
                    .map_err(|_| Error::MessageRejected {
                        reason: "the leave could not be proposed",
                    })?
            } else {
                tx.prepare_cached("UPDATE circles SET last_update_ms = ?2 WHERE group_id = ?1")?
                    .execute(params![group_id, now_ms])?;
                group
                    .propose_self_update(&provider, &*signer, LeafNodeParameters::default())
                    .map_err(|_| Error::MessageRejected {
                        reason: "the key update could not be proposed",
                    })?
                    .0
            };
            let sealed = Sealed {
                epoch: group.epoch().as_u64(),
                client_id: group::random_id(mls)?,
                message: message
                    .tls_serialize_detached()
                    .map_err(|_| Error::Internal("the proposal could not be encoded"))?,
                commit: None,
            };
            group::keep(&provider, group_id, group);
            outbox::queue_proposal(tx, group_id, sealed, id, now_ms)?;
            return Ok(Performed::Queued);
        }
    };
    group::keep(&provider, group_id, group);
    commit::commit(tx, mls, group_id, change, None, Some(id), now_ms)?;
    Ok(Performed::Queued)
}

/// A change to the circle's profile, which only a facilitator makes: `edit` applied to a
/// copy of the current one.
fn facilitators_change(
    my_role: Role,
    current: &CircleProfile,
    edit: impl FnOnce(&mut CircleProfile),
) -> Result<Change> {
    require_facilitator(my_role)?;
    let mut next = current.clone();
    edit(&mut next);
    Ok(Change {
        profile: Some(next),
        ..Change::default()
    })
}

fn require_facilitator(role: Role) -> Result<()> {
    if role == Role::Facilitator {
        Ok(())
    } else {
        Err(Error::NotPermitted {
            action: "change the circle's name, guidelines or roles",
        })
    }
}

/// The intent's change was dropped before the relay ordered it: make it again.
pub(crate) fn requeue(tx: &Transaction<'_>, id: IntentId) -> Result<()> {
    tx.prepare_cached("UPDATE circle_intents SET state = ?2 WHERE id = ?1")?
        .execute(params![id, IntentState::Queued])?;
    Ok(())
}

/// The intent's proposal was ordered in `epoch`; it is done when a commit includes it.
pub(crate) fn sent(tx: &Transaction<'_>, id: IntentId, epoch: i64) -> Result<()> {
    tx.prepare_cached("UPDATE circle_intents SET state = ?3, epoch = ?2 WHERE id = ?1")?
        .execute(params![id, epoch, IntentState::Sent])?;
    Ok(())
}

/// A commit included our ordered proposals (`included`): they are done. Otherwise an epoch
/// passed without them: they are void now, so they are proposed again.
pub(crate) fn proposals_settled(
    tx: &Transaction<'_>,
    group_id: &[u8],
    included: bool,
) -> Result<()> {
    let sql = if included {
        "DELETE FROM circle_intents WHERE group_id = ?1 AND state = ?2 AND kind IN (?3, ?4)"
    } else {
        "UPDATE circle_intents SET state = ?5 WHERE group_id = ?1 AND state = ?2 AND kind IN (?3, ?4)"
    };
    let mut statement = tx.prepare_cached(sql)?;
    let [leave, update] = PROPOSED;
    if included {
        statement.execute(params![group_id, IntentState::Sent, leave, update])?;
    } else {
        statement.execute(params![
            group_id,
            IntentState::Sent,
            leave,
            update,
            IntentState::Queued
        ])?;
    }
    Ok(())
}

/// The intent's commit was ordered: done.
pub(crate) fn committed(tx: &Transaction<'_>, id: IntentId) -> Result<()> {
    forget(tx, id)
}

/// Forgets an intent.
pub(crate) fn forget(tx: &Transaction<'_>, id: IntentId) -> Result<()> {
    tx.prepare_cached("DELETE FROM circle_intents WHERE id = ?1")?
        .execute([id])?;
    Ok(())
}

/// Keeps the KeyPackage claimed for an add.
pub(crate) fn key_package_claimed(
    tx: &Transaction<'_>,
    id: IntentId,
    key_package: &[u8],
) -> Result<()> {
    let argument: String = tx
        .prepare_cached("SELECT argument FROM circle_intents WHERE id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?
        .ok_or(Error::NotFound { what: "change" })?;
    let Intent::Add { device_id, .. } = serde_json::from_str(&argument)? else {
        return Err(Error::invalid("intent", "not an add"));
    };
    let updated = Intent::Add {
        device_id,
        key_package: Some(hex::encode(key_package)),
    };
    tx.prepare_cached("UPDATE circle_intents SET argument = ?2 WHERE id = ?1")?
        .execute(params![id, serde_json::to_string(&updated)?])?;
    Ok(())
}

/// Why an add was dropped before its commit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AddDropped {
    /// The relay had no KeyPackage for the device.
    NoKeyPackage,
    /// The KeyPackage the relay gave was not signed by the device (a KeyPackage of someone
    /// else's would have added them instead).
    NotTheirs,
}

/// An add cannot go on: it is forgotten and the circle's history says why.
pub(crate) fn add_dropped(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    id: IntentId,
    why: AddDropped,
    now_ms: i64,
) -> Result<()> {
    forget(tx, id)?;
    let why = match why {
        AddDropped::NoKeyPackage => DroppedChange::NoInvitationKeys,
        AddDropped::NotTheirs => DroppedChange::KeysNotTheirs,
    };
    say_dropped(tx, mls, group_id, why, now_ms)
}

/// The circle's history says a queued change was dropped, and why.
fn say_dropped(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    why: DroppedChange,
    now_ms: i64,
) -> Result<()> {
    super::messages::note(
        tx,
        mls,
        group_id,
        &CircleEvent::ChangeDropped { why },
        now_ms,
    )
}
