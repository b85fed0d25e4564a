//! Our membership of a circle: creating one (as its facilitator), joining from a Welcome
//! (again after a removal, with a fresh code), introducing ourselves, and ending it.

use openmls::prelude::tls_codec::Deserialize as _;
use openmls::prelude::*;
use rusqlite::{params, Transaction};

use super::events::CircleEvent;
use super::group::{join_config, keep, profile, random_id, PADDING, PAST_EPOCHS};
use super::keys::{self, CIPHERSUITE};
use super::messages::system;
use super::outbox;
use super::payload::Payload;
use super::profile::{capabilities, CircleProfile, Role};
use super::provider::{Mls, Provider};
use super::state::CircleState;
use crate::error::{Error, Result};

/// Creates a circle with `profile` and us as its facilitator; returns its group id. Its
/// mailbox is opened at the relay by sync, before our introduction is posted.
pub(crate) fn create(
    tx: &Transaction<'_>,
    mls: &Mls,
    mut profile: CircleProfile,
    display_name: &str,
    now_ms: i64,
) -> Result<Vec<u8>> {
    let provider = Provider::new(mls, tx);
    let (signer, credential, pseudonym) = keys::new_identity(&provider)?;
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
    if !profile.talk {
        // A talk's chat says what it is at its top instead.
        system(tx, mls, &group_id, 0, 0, &CircleEvent::Created, now_ms)?;
    }
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
             joined_at_ms = excluded.joined_at_ms, state = ?6, stalled_at_ms = NULL,
             pending_commit_digest = NULL, mailbox_open = 1",
    )?
    .execute(params![
        group_id,
        signature_key,
        pseudonym,
        display_name,
        now_ms,
        CircleState::Active
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
    how: Joining,
    now_ms: i64,
) -> Result<Vec<u8>> {
    let replace = how == Joining::ByCode;
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
    if how == Joining::Talk {
        let profile = CircleProfile::from_extensions(staged.group_context().extensions())?;
        if !profile.talk || staged.members().count() != 2 {
            return Err(Error::MessageRejected {
                reason: "a Welcome to something other than a one-to-one talk",
            });
        }
    }
    let group_id = staged.group_context().group_id().as_slice().to_vec();
    let adder = staged
        .welcome_sender()
        .map(|leaf| leaf.signature_key().as_slice().to_vec());
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
    match how {
        Joining::ByCode => welcome_ourselves(tx, mls, &group_id, epoch, display_name, now_ms)?,
        Joining::Talk => {
            // The guidelines are those of the circle where we asked, accepted there.
            super::moderation::accept_ours(tx, &group_id, &key, joined_profile.guidelines_version)?;
            welcome_ourselves(tx, mls, &group_id, epoch, display_name, now_ms)?
        }
        Joining::Invited => {
            tx.prepare_cached(
                "UPDATE circles SET invited_at_ms = ?2, invited_by = ?3 WHERE group_id = ?1",
            )?
            .execute(params![group_id, now_ms, adder.ok()])?;
        }
    }
    Ok(group_id)
}

/// How this device came to join a circle.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Joining {
    /// With a code the person typed: they chose to, so the membership starts at once (and
    /// replaces an old one: a fresh code brings back a phone removed or left behind).
    ByCode,
    /// From a Welcome in the device's inbox, sent by whoever added its device id: it waits
    /// as an invitation until the person accepts it.
    Invited,
    /// From a Welcome the person we asked for a one-to-one talk sent back: we asked, so it
    /// starts at once, and it must be a talk of two.
    Talk,
}

/// The start of a membership: the history says what the person cannot read, and our
/// introduction waits to be sent.
fn welcome_ourselves(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    epoch: u64,
    display_name: &str,
    now_ms: i64,
) -> Result<()> {
    system(tx, mls, group_id, 0, epoch, &CircleEvent::YouJoined, now_ms)?;
    queue_intro(tx, mls, group_id, display_name, now_ms)
}

/// The person accepted the invitation to this circle: the membership starts (our
/// introduction goes out at the next sync, under `display_name`).
pub(crate) fn accept_invitation(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    display_name: &str,
    now_ms: i64,
) -> Result<()> {
    require_invited(tx, group_id)?;
    tx.prepare_cached(
        "UPDATE circles SET invited_at_ms = NULL, invited_by = NULL, display_name = ?2,
             joined_at_ms = ?3
         WHERE group_id = ?1",
    )?
    .execute(params![group_id, display_name, now_ms])?;
    tx.prepare_cached(
        "UPDATE circle_members SET display_name = ?2
         WHERE group_id = ?1 AND signature_key = (SELECT signature_key FROM circles WHERE group_id = ?1)",
    )?
    .execute(params![group_id, display_name])?;
    let provider = Provider::new(mls, tx);
    let epoch = super::group::with_group(&provider, group_id, |group| Ok(group.epoch().as_u64()))?;
    welcome_ourselves(tx, mls, group_id, epoch, display_name, now_ms)
}

/// The person declined the invitation: everything of it goes from this phone, and nobody is
/// told (no leave is proposed; the members see only that the added device never spoke).
pub(crate) fn decline_invitation(tx: &Transaction<'_>, mls: &Mls, group_id: &[u8]) -> Result<()> {
    require_invited(tx, group_id)?;
    let provider = Provider::new(mls, tx);
    drop_membership_state(tx, mls, &provider, group_id)?;
    tx.prepare_cached("DELETE FROM circles WHERE group_id = ?1")?
        .execute([group_id])?;
    Ok(())
}

fn require_invited(tx: &Transaction<'_>, group_id: &[u8]) -> Result<()> {
    if super::group::circle_row(tx, group_id)?.state != CircleState::Invited {
        return Err(Error::invalid(
            "circle",
            "there is no invitation to this circle waiting",
        ));
    }
    Ok(())
}
