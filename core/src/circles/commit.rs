//! Commits: the only way a circle changes (members, roles, profile, keys). Only committers
//! (facilitators and co-facilitators) make them; every client checks each one against the
//! roles before applying it. Our own commit stays pending until the relay has ordered it.

use super::provider::Mls;
use hearth_mls_crypto::SignatureKeys;
use openmls::prelude::tls_codec::Serialize as _;
use openmls::prelude::*;
use openmls_traits::signatures::Signer;
use openmls_traits::OpenMlsProvider;
use rusqlite::{params, Transaction};

use super::events::{CircleEvent, Who};
use super::group::{self, member_index, member_key, profile, CAPABILITY_LABEL};
use super::intents::{self, IntentId, IntentKind};
use super::membership;
use super::messages::system;
use super::outbox::{self, Sealed, WelcomeTo};
use super::profile::{CircleProfile, Role};
use super::provider::Provider;
use super::state::CircleState;
use crate::error::{Error, Result};

/// What one commit of ours changes.
#[derive(Default)]
pub(crate) struct Change {
    pub adds: Vec<KeyPackage>,
    pub removals: Vec<LeafNodeIndex>,
    /// The new profile (roles of removed members are dropped from it automatically).
    pub profile: Option<CircleProfile>,
    /// Refresh our own leaf's keys (post-compromise security).
    pub self_update: bool,
    /// Only for tests that play a misbehaving member: make the commit although our role
    /// does not allow it, to check that the relay and every other client refuse it.
    #[cfg(feature = "test-hooks")]
    pub ignore_roles: bool,
}

/// A proposal a committer may include: anyone's own key update, anyone's own leave (but not
/// the last facilitator's). Members may not propose anything about others.
fn allowed(profile: &CircleProfile, group: &MlsGroup, proposal: &QueuedProposal) -> bool {
    if !committable(group, proposal) {
        return false;
    }
    match (proposal.proposal(), proposal.sender()) {
        (Proposal::Update(_), Sender::Member(_)) => true,
        (Proposal::Remove(remove), Sender::Member(sender)) if remove.removed() == *sender => {
            let key = member_key(group, *sender).unwrap_or_default();
            !(profile.role_of(&key) == Role::Facilitator && facilitators(profile) == 1)
        }
        _ => false,
    }
}

/// Whether `proposal` removes the member at `leaf`.
fn removes(proposal: &Proposal, leaf: LeafNodeIndex) -> bool {
    matches!(proposal, Proposal::Remove(r) if r.removed() == leaf)
}

/// Whether a pending proposal is one a committer's commit can include now: anything but the
/// committer's own leave, which another committer commits.
pub(crate) fn committable(group: &MlsGroup, proposal: &QueuedProposal) -> bool {
    !removes(proposal.proposal(), group.own_leaf_index())
}

fn facilitators(profile: &CircleProfile) -> usize {
    profile
        .roles
        .values()
        .filter(|r| **r == Role::Facilitator)
        .count()
}

/// `profile` without the roles of `removed` keys.
fn pruned(mut profile: CircleProfile, removed: &[Vec<u8>]) -> CircleProfile {
    for key in removed {
        profile.roles.remove(&hex::encode(key));
    }
    profile
}

/// Makes our commit of `change` (with the pending proposals we may include) and queues it
/// for the relay. `welcome_to` is where the Welcome goes once the relay accepted it.
pub(crate) fn commit(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    change: Change,
    welcome_to: Option<WelcomeTo>,
    intent_id: Option<IntentId>,
    now_ms: i64,
) -> Result<()> {
    let (provider, mut group, signer) = group::active_group(tx, mls, group_id)?;
    let current = profile(&group)?;
    #[cfg(feature = "test-hooks")]
    let may_commit = change.ignore_roles || current.role_of(signer.public()).commits();
    #[cfg(not(feature = "test-hooks"))]
    let may_commit = current.role_of(signer.public()).commits();
    if !may_commit {
        return Err(Error::NotPermitted {
            action: "change the circle",
        });
    }
    if group.pending_commit().is_some() {
        return Err(Error::Busy); // one change at a time: the last one still awaits the relay
    }
    let mut removed: Vec<Vec<u8>> = change
        .removals
        .iter()
        .filter_map(|i| member_key(&group, *i))
        .collect();
    removed.extend(
        group
            .pending_proposals()
            .filter(|p| allowed(&current, &group, p))
            .filter_map(|p| match p.proposal() {
                Proposal::Remove(r) => member_key(&group, r.removed()),
                _ => None,
            }),
    );
    let next = pruned(change.profile.unwrap_or_else(|| current.clone()), &removed);
    if facilitators(&next) == 0 {
        return Err(Error::NotPermitted {
            action: "leave the circle without a facilitator",
        });
    }
    let included: Vec<openmls::ciphersuite::hash_ref::ProposalRef> = group
        .pending_proposals()
        .filter(|p| allowed(&current, &group, p))
        .map(|p| p.proposal_reference_ref().clone())
        .collect();
    let me = Sender::Member(group.own_leaf_index());
    let own_leaf = group.own_leaf_index();
    let mut builder = group
        .commit_builder()
        .propose_adds(change.adds)
        .propose_removals(change.removals)
        .force_self_update(change.self_update);
    if next != current {
        builder = builder
            .propose_group_context_extensions(next.to_extensions()?)
            .map_err(|_| Error::Internal("the profile change was refused"))?;
    }
    let bundle = builder
        .load_psks(provider.storage())
        .map_err(|_| Error::Internal("the commit could not be prepared"))?
        .build(provider.rand(), provider.crypto(), &*signer, |p| {
            // This commit's own changes, and the others' proposals we may include; never our
            // own leave (a committer cannot commit its own removal: another committer will).
            (*p.sender() == me && !removes(p.proposal(), own_leaf))
                || included.contains(p.proposal_reference_ref())
        })
        .map_err(|_| Error::MessageRejected {
            reason: "the change could not be made",
        })?
        .stage_commit(&provider)
        .map_err(|_| Error::Internal("the commit could not be staged"))?;
    let welcome = bundle
        .to_welcome_msg()
        .map(|w| w.tls_serialize_detached())
        .transpose()
        .map_err(|_| Error::Internal("the Welcome could not be encoded"))?;
    let message = bundle
        .into_commit()
        .tls_serialize_detached()
        .map_err(|_| Error::Internal("the commit could not be encoded"))?;
    let sealed = seal(mls, &group, &signer, message)?;
    remember_pending(tx, group_id, Some(&sealed.message))?;
    group::keep(&provider, group_id, group);
    outbox::queue_commit(
        tx,
        group_id,
        sealed,
        welcome.zip(welcome_to),
        intent_id,
        now_ms,
    )
}

/// Signs a staged commit for the relay and exports the next capability.
fn seal(mls: &Mls, group: &MlsGroup, signer: &SignatureKeys, message: Vec<u8>) -> Result<Sealed> {
    let staged = group
        .pending_commit()
        .ok_or(Error::Internal("no pending commit to seal"))?;
    let next_capability = staged
        .export_secret(mls.crypto(), CAPABILITY_LABEL, &[], 32)
        .map_err(|_| Error::Internal("the next capability could not be exported"))?;
    let next_profile = CircleProfile::from_extensions(staged.group_context().extensions())?;
    let committers = (next_profile.committers() != profile(group)?.committers()).then(|| {
        next_profile
            .committers()
            .into_iter()
            .map(hearth_protocol::Bytes)
            .collect::<Vec<_>>()
    });
    let group_id = group.group_id().as_slice();
    let epoch = group.epoch().as_u64();
    let digest = ring::digest::digest(&ring::digest::SHA256, &message);
    let next_hash = ring::digest::digest(&ring::digest::SHA256, &next_capability);
    let input = hearth_protocol::commit_signing_input(
        group_id,
        epoch,
        digest.as_ref(),
        next_hash.as_ref(),
        committers.as_deref(),
    );
    let signature = signer
        .sign(&input)
        .map_err(|_| Error::Internal("the commit could not be signed"))?;
    Ok(Sealed {
        epoch,
        client_id: group::random_id(mls)?,
        message,
        commit: Some(hearth_protocol::CommitAuth {
            committer: hearth_protocol::Bytes(signer.public().to_vec()),
            signature: hearth_protocol::Bytes(signature),
            next_capability_hash: hearth_protocol::Bytes(next_hash.as_ref().to_vec()),
            committers,
        }),
    })
}

/// Records (or clears) the digest of our commit waiting for the relay: if its answer is
/// lost, the commit coming back is recognised by it (openmls cannot decrypt our own
/// PrivateMessages).
fn remember_pending(tx: &Transaction<'_>, group_id: &[u8], message: Option<&[u8]>) -> Result<()> {
    let digest = message.map(|m| {
        ring::digest::digest(&ring::digest::SHA256, m)
            .as_ref()
            .to_vec()
    });
    tx.prepare_cached("UPDATE circles SET pending_commit_digest = ?2 WHERE group_id = ?1")?
        .execute(params![group_id, digest])?;
    Ok(())
}

/// The relay refused our commit (another committer was first, or it was refused): forget it.
pub(crate) fn discard(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<()> {
    let provider = Provider::new(mls, tx);
    let mut group = group::load(&provider, group_id)?;
    group.clear_pending_commit(provider.storage())?;
    group::keep(&provider, group_id, group);
    remember_pending(tx, group_id, None)
}

/// What a commit did, told to the app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitEffect {
    /// The new epoch.
    pub epoch: u64,
    /// Members added.
    pub added: u32,
    /// Members removed (or who left).
    pub removed: u32,
    /// Whether it removed us.
    pub removed_us: bool,
    /// Whether the name, description, guidelines or roles changed.
    pub profile_changed: bool,
}

/// What a staged commit will do, read before it is merged (members' keys are still known).
pub(crate) struct Staged {
    /// The added members' per-circle keys.
    added_keys: Vec<Vec<u8>>,
    /// Removed members' keys, and whether each one left by their own proposal.
    removed: Vec<(Vec<u8>, bool)>,
    removed_us: bool,
    before: CircleProfile,
    after: CircleProfile,
    /// Whether it includes a proposal of ours.
    ours_included: bool,
    /// Who committed it (their per-circle key).
    committer: Vec<u8>,
}

pub(crate) fn read_staged(
    group: &MlsGroup,
    staged: &StagedCommit,
    committer: &[u8],
) -> Result<Staged> {
    let removed = staged
        .remove_proposals()
        .filter_map(|r| {
            let who = r.remove_proposal().removed();
            let own = *r.sender() == Sender::Member(who);
            member_key(group, who).map(|k| (k, own))
        })
        .collect();
    let me = Sender::Member(group.own_leaf_index());
    let added_keys: Vec<Vec<u8>> = staged
        .add_proposals()
        .map(|p| {
            p.add_proposal()
                .key_package()
                .leaf_node()
                .signature_key()
                .as_slice()
                .to_vec()
        })
        .collect();
    Ok(Staged {
        added_keys,
        removed,
        removed_us: staged.self_removed(),
        before: profile(group)?,
        after: CircleProfile::from_extensions(staged.group_context().extensions())?,
        ours_included: staged.queued_proposals().any(|p| *p.sender() == me),
        committer: committer.to_vec(),
    })
}

/// Checks a commit from `committer` against the roles, as the relay cannot: the reason it
/// breaks them, if it does.
pub(crate) fn violation(staged: &Staged) -> Option<&'static str> {
    let role = staged.before.role_of(&staged.committer);
    if staged.before.closed {
        return Some("a change to a closed circle");
    }
    if !role.commits() {
        return Some("a commit by someone who may not commit");
    }
    let removed_keys: Vec<Vec<u8>> = staged.removed.iter().map(|(k, _)| k.clone()).collect();
    if staged.after != pruned(staged.before.clone(), &removed_keys) && role != Role::Facilitator {
        return Some("a change to the circle by someone who is not its facilitator");
    }
    if facilitators(&staged.after) == 0 {
        return Some("a commit that leaves the circle without a facilitator");
    }
    if staged.after.rules != staged.before.rules
        && !super::rules::within_bounds(&staged.after.rules)
    {
        return Some("circle rules out of bounds");
    }
    if staged.before.talk {
        // Only the person who asked is ever added (named from the start), and nothing but
        // the timer and the ending changes.
        if staged
            .added_keys
            .iter()
            .any(|k| staged.before.role_of(k) != Role::Facilitator)
        {
            return Some("someone added to a one-to-one talk");
        }
        let mut allowed = staged.before.clone();
        allowed.closed = staged.after.closed;
        allowed.disappear_after_s = staged.after.disappear_after_s;
        if staged.after != allowed {
            return Some("a one-to-one talk changed");
        }
    }
    for (key, own) in &staged.removed {
        if !own && staged.before.role_of(key) == Role::Facilitator && role != Role::Facilitator {
            return Some("a facilitator removed by someone who may not");
        }
    }
    None
}

/// Where a merged commit sits: the relay's order and clock, and the epoch it began.
pub(crate) struct CommitAt {
    pub relay_seq: u64,
    pub epoch: u64,
    /// When the relay took it (Unix seconds, the relay's clock).
    pub relay_time_s: u64,
}

/// Applies what a merged commit did: system events, our membership state, our proposals
/// (done if included, proposed again if not), the key-update clock.
pub(crate) fn record(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    at: CommitAt,
    staged: &Staged,
    now_ms: i64,
) -> Result<CommitEffect> {
    let CommitAt {
        relay_seq,
        epoch,
        relay_time_s,
    } = at;
    let committer = staged.committer.as_slice();
    let me = group::our_key(tx, group_id)?;
    let who = |key: &[u8]| -> Result<Who> {
        if key == me.as_slice() {
            return Ok(Who::You);
        }
        Ok(Who::Member(tx.prepare_cached("SELECT display_name FROM circle_members WHERE group_id = ?1 AND signature_key = ?2")?
            .query_row(params![group_id, key],
                |r| r.get::<_, String>(0),
            )
            .unwrap_or_else(|_| "A member".to_string())))
    };
    let mut events = Vec::new();
    // Who joined is said when their introduction arrives, by the name they chose
    // (`receive`'s introduction step); until then nobody here knows it.
    for key in &staged.added_keys {
        tx.prepare_cached(
            "INSERT OR IGNORE INTO circle_joins_unannounced (group_id, signature_key) VALUES (?1, ?2)",
        )?
        .execute(params![group_id, key])?;
        // Rules about new members count from here (`rules`).
        super::rules::store::record_joined(tx, group_id, key, relay_time_s)?;
    }
    // Names of members who left stay known, so their messages keep their names.
    for (key, own) in &staged.removed {
        events.push(if *own {
            CircleEvent::Left { who: who(key)? }
        } else {
            CircleEvent::Removed { who: who(key)? }
        });
    }
    let (before, after) = (&staged.before, &staged.after);
    if before.name != after.name {
        events.push(CircleEvent::Renamed {
            name: after.name.clone(),
        });
    }
    if before.description != after.description {
        events.push(CircleEvent::DescriptionChanged);
    }
    if before.guidelines_version != after.guidelines_version {
        events.push(CircleEvent::GuidelinesChanged {
            version: after.guidelines_version,
        });
    }
    for (key, role) in &after.roles {
        if before.roles.get(key) != Some(role) {
            events.push(CircleEvent::RoleGiven {
                who: who(&hex::decode(key).unwrap_or_default())?,
                role: *role,
            });
        }
    }
    for (key, role) in before
        .roles
        .iter()
        .filter(|(k, _)| !after.roles.contains_key(*k))
    {
        let key = hex::decode(key).unwrap_or_default();
        if !staged.removed.iter().any(|(k, _)| *k == key) {
            events.push(CircleEvent::RoleEnded {
                who: who(&key)?,
                role: *role,
            });
        }
    }
    if before.disappear_after_s != after.disappear_after_s {
        events.push(match after.disappear_after_s {
            Some(after_s) => CircleEvent::DisappearingOn { after_s },
            None => CircleEvent::DisappearingOff,
        });
        super::messages::set_disappearing(tx, group_id, after.disappear_after_s)?;
    }
    for added in after
        .sessions
        .iter()
        .filter(|s| !before.sessions.contains(s))
    {
        events.push(CircleEvent::MeetingScheduled {
            title: added.title.clone(),
        });
    }
    for gone in before
        .sessions
        .iter()
        .filter(|s| !after.sessions.iter().any(|a| a.id == s.id))
    {
        events.push(CircleEvent::MeetingCancelled {
            title: gone.title.clone(),
        });
    }
    if before.rules != after.rules {
        events.push(CircleEvent::RulesChanged {
            count: after.rules.len() as u32,
        });
    }
    if before.members_may_talk != after.members_may_talk {
        events.push(CircleEvent::MembersMayTalk {
            allowed: after.members_may_talk,
        });
    }
    let closed = after.closed && !before.closed;
    if closed {
        events.push(if after.talk {
            CircleEvent::TalkEnded {
                who: who(committer)?,
            }
        } else {
            CircleEvent::Closed
        });
    }
    for event in &events {
        system(tx, mls, group_id, relay_seq, epoch, event, now_ms)?;
    }
    if closed {
        return close(tx, mls, group_id, committer == me, staged, epoch, now_ms);
    }
    if before.guidelines_version != after.guidelines_version && committer == me {
        // Whoever sets the guidelines accepts them, and says so.
        super::moderation::accept_ours(tx, group_id, &me, after.guidelines_version)?;
        super::membership::queue_accept(tx, mls, group_id, after.guidelines_version, now_ms)?;
    }
    if !staged.added_keys.is_empty() && !staged.removed_us {
        // New members cannot read our earlier introduction: introduce ourselves again.
        let name = group::circle_row(tx, group_id)?.display_name;
        membership::queue_intro(tx, mls, group_id, &name, now_ms)?;
    }
    if staged.removed_us {
        let left = intents::waiting(tx, group_id, IntentKind::Leave)?;
        tx.prepare_cached("UPDATE circles SET state = ?2 WHERE group_id = ?1")?
            .execute(params![
                group_id,
                if left {
                    CircleState::Left
                } else {
                    CircleState::Removed
                }
            ])?;
        membership::end_membership(tx, mls, group_id)?;
    } else {
        intents::proposals_settled(tx, group_id, staged.ours_included)?;
    }
    Ok(CommitEffect {
        epoch,
        added: staged.added_keys.len() as u32,
        removed: staged.removed.len() as u32,
        removed_us: staged.removed_us,
        profile_changed: before != after,
    })
}

/// Merges our pending commit (accepted by the relay, or recognised when it came back after a
/// lost acknowledgement) and records what it did.
pub(crate) fn merge_own(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    relay_seq: u64,
    now_ms: i64,
) -> Result<CommitEffect> {
    let provider = Provider::new(mls, tx);
    let mut group = group::load(&provider, group_id)?;
    let me = group::our_key(tx, group_id)?;
    let staged = {
        let pending = group
            .pending_commit()
            .ok_or(Error::Internal("no pending commit to merge"))?;
        read_staged(&group, pending, &me)?
    };
    let updated = group
        .pending_commit()
        .is_some_and(|c| c.update_path_leaf_node().is_some());
    group
        .merge_pending_commit(&provider)
        .map_err(|_| Error::Internal("our commit could not be merged"))?;
    remember_pending(tx, group_id, None)?;
    if updated {
        tx.prepare_cached("UPDATE circles SET last_update_ms = ?2 WHERE group_id = ?1")?
            .execute(params![group_id, now_ms])?;
    }
    let epoch = group.epoch().as_u64();
    group::keep(&provider, group_id, group);
    let at = CommitAt {
        relay_seq,
        epoch,
        // The relay took it moments ago; its own time of it is not in its answer.
        relay_time_s: (now_ms / 1000).max(0) as u64,
    };
    record(tx, mls, group_id, at, &staged, now_ms)
}

/// The circle was closed: nothing more is sent from this phone, except that the closing
/// facilitator's phone deletes the mailbox at the relay (signed: its key goes once that is
/// done, everyone else's now).
fn close(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    by_us: bool,
    staged: &Staged,
    epoch: u64,
    now_ms: i64,
) -> Result<CommitEffect> {
    tx.prepare_cached(
        "UPDATE circles SET closed_at_ms = ?2, mailbox_delete_pending = ?3 WHERE group_id = ?1",
    )?
    .execute(params![group_id, now_ms, by_us])?;
    if by_us {
        membership::forget_unsent(tx, group_id)?;
    } else {
        membership::end_membership(tx, mls, group_id)?;
    }
    Ok(CommitEffect {
        epoch,
        added: staged.added_keys.len() as u32,
        removed: staged.removed.len() as u32,
        removed_us: staged.removed_us,
        profile_changed: true,
    })
}

/// The leaf index of the member with `key`, refusing unknown keys.
pub(crate) fn index_of(group: &MlsGroup, key: &[u8]) -> Result<LeafNodeIndex> {
    member_index(group, key).ok_or(Error::NotFound { what: "member" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::circles::rules::{CircleRule, RuleAction, RuleCheck};

    fn staged(before: CircleProfile, after: CircleProfile, committer: &[u8]) -> Staged {
        Staged {
            added_keys: Vec::new(),
            removed: Vec::new(),
            removed_us: false,
            before,
            after,
            ours_included: false,
            committer: committer.to_vec(),
        }
    }

    #[test]
    fn every_phone_refuses_rules_out_of_bounds_or_set_by_a_co_facilitator() {
        let mut before = CircleProfile::new("Circle", "", "Be kind.");
        before.set_role(hex::encode([1u8; 32]), Role::Facilitator);
        before.set_role(hex::encode([2u8; 32]), Role::CoFacilitator);
        let rule = |posts| CircleRule {
            check: RuleCheck::Rate { posts, minutes: 10 },
            action: RuleAction::Hold,
            explanation: "Slow down a little.".into(),
        };
        let with = |rules: Vec<CircleRule>| {
            let mut after = before.clone();
            after.rules = rules;
            after
        };
        assert_eq!(
            violation(&staged(before.clone(), with(vec![rule(5)]), &[1; 32])),
            None
        );
        assert_eq!(
            violation(&staged(before.clone(), with(vec![rule(0)]), &[1; 32])),
            Some("circle rules out of bounds")
        );
        assert_eq!(
            violation(&staged(before.clone(), with(vec![rule(5)]), &[2; 32])),
            Some("a change to the circle by someone who is not its facilitator")
        );
    }
}
