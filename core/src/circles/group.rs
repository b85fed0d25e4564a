//! Circle operations on openmls, each inside the caller's transaction: create, add a member,
//! confirm or discard our pending commit, join from a Welcome, send, and process what the
//! relay delivers. Nothing here touches the network: results are [`Outgoing`] messages that
//! sync posts, and sync feeds deliveries back in.

use openmls::prelude::tls_codec::{Deserialize as _, Serialize as _};
use openmls::prelude::*;
use openmls_basic_credential::SignatureKeyPair;
use openmls_rust_crypto::RustCrypto;
use openmls_traits::signatures::Signer;
use rusqlite::{params, OptionalExtension, Transaction};

use super::keys::{self, CIPHERSUITE};
use super::payload::Payload;
use super::profile::{capabilities, CircleProfile, Role};
use super::provider::Provider;
use crate::error::{Error, Result};

/// Application messages are padded to a multiple of this, so sizes leak little.
const PADDING: usize = 256;
/// Past epochs whose messages can still be decrypted (late deliveries).
const PAST_EPOCHS: usize = 3;
/// The exporter label of the relay capability (one per epoch).
const CAPABILITY_LABEL: &str = "hearth/relay-capability/v1";

/// A message for sync to post to the circle's mailbox.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The circle's group id (its mailbox).
    pub group_id: Vec<u8>,
    /// The epoch it was made in.
    pub epoch: u64,
    /// Random id for the relay's idempotency.
    pub client_id: Vec<u8>,
    /// The TLS-serialized MLS message.
    pub message: Vec<u8>,
    /// For commits: what the relay needs, and the Welcome to deliver after it is accepted.
    pub commit: Option<OutgoingCommit>,
}

/// What goes with a commit.
#[derive(Clone, Debug)]
pub struct OutgoingCommit {
    /// Our per-circle signature key.
    pub committer: Vec<u8>,
    /// Our Ed25519 signature over the relay's commit signing input.
    pub signature: Vec<u8>,
    /// The next epoch's capability (its hash goes to the relay).
    pub next_capability: Vec<u8>,
    /// The committer set from the next epoch, when it changes.
    pub committers: Option<Vec<Vec<u8>>>,
    /// The Welcome for added members, sent only after the relay accepted the commit.
    pub welcome: Option<Vec<u8>>,
}

/// A circle as this device holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleSummary {
    /// Random group id; names the mailbox.
    pub group_id: Vec<u8>,
    /// The circle's name.
    pub name: String,
    /// Its description.
    pub description: String,
    /// Its guidelines and their version.
    pub guidelines: String,
    /// The guidelines' version.
    pub guidelines_version: u32,
    /// Our role.
    pub role: Role,
    /// The current epoch.
    pub epoch: u64,
    /// Number of members.
    pub member_count: u32,
}

/// What processing one delivery did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Processed {
    /// A message was stored (its id).
    Message(String),
    /// A member introduced themselves.
    Intro,
    /// A commit moved the circle to this epoch.
    Commit {
        /// The new epoch.
        epoch: u64,
        /// Whether it removed us.
        removed_us: bool,
        /// Members it added: introduce ourselves again ([`crate::Client::introduce`]),
        /// since they cannot read anything sent before they joined.
        added: u32,
    },
    /// A proposal was queued for a committer.
    Proposal,
    /// Already processed (same relay sequence or message id).
    Duplicate,
}

pub(crate) fn join_config() -> MlsGroupJoinConfig {
    MlsGroupJoinConfig::builder()
        .use_ratchet_tree_extension(true)
        .padding_size(PADDING)
        .max_past_epochs(PAST_EPOCHS)
        .build()
}

fn random_id(crypto: &RustCrypto) -> Result<Vec<u8>> {
    use openmls_traits::random::OpenMlsRand;
    crypto
        .random_vec(16)
        .map_err(|_| Error::Internal("the random generator failed"))
}

fn load(provider: &Provider<'_>, group_id: &[u8]) -> Result<MlsGroup> {
    MlsGroup::load(provider.storage(), &GroupId::from_slice(group_id))?
        .ok_or(Error::NotFound { what: "circle" })
}

fn our_key(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Vec<u8>> {
    tx.query_row(
        "SELECT signature_key FROM circles WHERE group_id = ?1",
        [group_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or(Error::NotFound { what: "circle" })
}

/// The relay capability of the group's current epoch.
pub(crate) fn capability(crypto: &RustCrypto, group: &MlsGroup) -> Result<Vec<u8>> {
    group
        .export_secret(crypto, CAPABILITY_LABEL, &[], 32)
        .map_err(|_| Error::Internal("the capability could not be exported"))
}

/// One message row to store.
struct NewMessage<'a> {
    group_id: &'a [u8],
    id: &'a str,
    relay_seq: Option<u64>,
    epoch: u64,
    sender: Option<&'a [u8]>,
    kind: &'a str,
    body: &'a str,
    reply_to: Option<&'a str>,
    sent_at_ms: i64,
}

/// Stores a message once: a second copy with the same id is ignored (false).
fn store_message(tx: &Transaction<'_>, m: NewMessage<'_>, now_ms: i64) -> Result<bool> {
    let inserted = tx.execute(
        "INSERT INTO circle_messages (group_id, id, relay_seq, epoch, sender, kind, body, reply_to, sent_at_ms, received_at_ms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) ON CONFLICT (group_id, id) DO NOTHING",
        params![
            m.group_id,
            m.id,
            m.relay_seq.map(|s| s as i64),
            m.epoch as i64,
            m.sender,
            m.kind,
            m.body,
            m.reply_to,
            m.sent_at_ms,
            now_ms
        ],
    )?;
    Ok(inserted == 1)
}

/// Stores a system event at `relay_seq` (the delivery that caused it; 0 for local events
/// that come before anything from the relay).
fn system(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
    relay_seq: u64,
    epoch: u64,
    body: &str,
    now_ms: i64,
) -> Result<()> {
    let id = hex::encode(random_id(crypto)?);
    store_message(
        tx,
        NewMessage {
            group_id,
            id: &id,
            relay_seq: Some(relay_seq),
            epoch,
            sender: None,
            kind: "system",
            body,
            reply_to: None,
            sent_at_ms: now_ms,
        },
        now_ms,
    )?;
    Ok(())
}

/// The circle created: its id and the mailbox details sync registers at the relay.
#[derive(Clone, Debug)]
pub struct Created {
    /// The random group id.
    pub group_id: Vec<u8>,
    /// The epoch (0).
    pub epoch: u64,
    /// The epoch's relay capability.
    pub capability: Vec<u8>,
    /// The committers' keys (ours).
    pub committers: Vec<Vec<u8>>,
    /// Our introduction, to post first.
    pub intro: Outgoing,
}

/// Creates a circle with us as its facilitator.
pub(crate) fn create(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    name: &str,
    description: &str,
    guidelines: &str,
    display_name: &str,
    now_ms: i64,
) -> Result<Created> {
    let provider = Provider::new(crypto, tx);
    let (signer, credential, pseudonym) = keys::new_identity(&provider)?;
    let mut profile = CircleProfile {
        name: name.to_string(),
        description: description.to_string(),
        guidelines: guidelines.to_string(),
        guidelines_version: 1,
        roles: Default::default(),
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
    let group_id = random_id(crypto)?
        .into_iter()
        .chain(random_id(crypto)?)
        .collect::<Vec<u8>>();
    let group = MlsGroup::new_with_group_id(
        &provider,
        &signer,
        &config,
        GroupId::from_slice(&group_id),
        credential,
    )
    .map_err(|_| Error::Internal("the circle could not be created"))?;
    record_membership(
        tx,
        &group_id,
        signer.public(),
        &pseudonym,
        display_name,
        now_ms,
    )?;
    system(
        tx,
        crypto,
        &group_id,
        0,
        0,
        "You created the circle.",
        now_ms,
    )?;
    let capability = capability(crypto, &group)?;
    let intro = intro(tx, crypto, &group_id, display_name, now_ms)?;
    Ok(Created {
        group_id,
        epoch: 0,
        capability,
        committers: vec![signer.public().to_vec()],
        intro,
    })
}

fn encrypt(
    provider: &Provider<'_>,
    crypto: &RustCrypto,
    group: &mut MlsGroup,
    signer: &SignatureKeyPair,
    payload: &Payload,
) -> Result<Outgoing> {
    let plaintext = serde_json::to_vec(payload)?;
    let message = group
        .create_message(provider, signer, &plaintext)
        .map_err(|_| Error::Internal("the message could not be encrypted"))?;
    Ok(Outgoing {
        group_id: group.group_id().as_slice().to_vec(),
        epoch: group.epoch().as_u64(),
        client_id: random_id(crypto)?,
        message: message
            .tls_serialize_detached()
            .map_err(|_| Error::Internal("the message could not be encoded"))?,
        commit: None,
    })
}

fn active_group<'a>(
    tx: &'a Transaction<'a>,
    crypto: &'a RustCrypto,
    group_id: &[u8],
) -> Result<(Provider<'a>, MlsGroup, SignatureKeyPair)> {
    let provider = Provider::new(crypto, tx);
    let group = load(&provider, group_id)?;
    if !group.is_active() {
        return Err(Error::NotAMember);
    }
    let signer = keys::signer(&provider, &our_key(tx, group_id)?)?;
    Ok((provider, group, signer))
}

/// Our introduction (display name) to the circle.
pub(crate) fn intro(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
    display_name: &str,
    now_ms: i64,
) -> Result<Outgoing> {
    let (provider, mut group, signer) = active_group(tx, crypto, group_id)?;
    let payload = Payload::Intro {
        id: hex::encode(random_id(crypto)?),
        display_name: display_name.to_string(),
        sent_at_ms: now_ms,
    };
    encrypt(&provider, crypto, &mut group, &signer, &payload)
}

/// Encrypts a text message and stores our own copy.
pub(crate) fn send_text(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
    body: &str,
    reply_to: Option<&str>,
    now_ms: i64,
) -> Result<(String, Outgoing)> {
    let (provider, mut group, signer) = active_group(tx, crypto, group_id)?;
    let id = hex::encode(random_id(crypto)?);
    let payload = Payload::Text {
        id: id.clone(),
        body: body.to_string(),
        reply_to: reply_to.map(str::to_string),
        sent_at_ms: now_ms,
    };
    let out = encrypt(&provider, crypto, &mut group, &signer, &payload)?;
    store_message(
        tx,
        NewMessage {
            group_id,
            id: &id,
            relay_seq: None,
            epoch: out.epoch,
            sender: Some(signer.public()),
            kind: "text",
            body,
            reply_to,
            sent_at_ms: now_ms,
        },
        now_ms,
    )?;
    Ok((id, out))
}

/// Signs a staged commit for the relay and exports the next capability.
fn seal_commit(
    crypto: &RustCrypto,
    group: &MlsGroup,
    signer: &SignatureKeyPair,
    message: Vec<u8>,
    welcome: Option<Vec<u8>>,
) -> Result<Outgoing> {
    let staged = group
        .pending_commit()
        .ok_or(Error::Internal("no pending commit to seal"))?;
    let next_capability = staged
        .export_secret(crypto, CAPABILITY_LABEL, &[], 32)
        .map_err(|_| Error::Internal("the next capability could not be exported"))?;
    let next_profile = CircleProfile::from_extensions(staged.group_context().extensions())?;
    let current_profile = CircleProfile::from_extensions(group.extensions())?;
    let committers = (next_profile.committers() != current_profile.committers())
        .then(|| next_profile.committers());
    let group_id = group.group_id().as_slice().to_vec();
    let epoch = group.epoch().as_u64();
    let digest = ring::digest::digest(&ring::digest::SHA256, &message);
    let next_hash = ring::digest::digest(&ring::digest::SHA256, &next_capability);
    let committer_bytes: Option<Vec<hearth_protocol::Bytes>> = committers.as_ref().map(|c| {
        c.iter()
            .map(|k| hearth_protocol::Bytes(k.clone()))
            .collect()
    });
    let input = hearth_protocol::commit_signing_input(
        &group_id,
        epoch,
        digest.as_ref(),
        next_hash.as_ref(),
        committer_bytes.as_deref(),
    );
    let signature = signer
        .sign(&input)
        .map_err(|_| Error::Internal("the commit could not be signed"))?;
    Ok(Outgoing {
        group_id,
        epoch,
        client_id: random_id(crypto)?,
        message,
        commit: Some(OutgoingCommit {
            committer: signer.public().to_vec(),
            signature,
            next_capability,
            committers,
            welcome,
        }),
    })
}

/// Adds a member from their KeyPackage. The commit stays pending until the relay accepts it
/// ([`confirm_commit`]); the Welcome goes out only then.
pub(crate) fn add_member(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
    key_package: &[u8],
) -> Result<Outgoing> {
    let (provider, mut group, signer) = active_group(tx, crypto, group_id)?;
    require_committer(&group, signer.public())?;
    if group.pending_commit().is_some() {
        return Err(Error::Busy); // one change at a time: the last one still awaits the relay
    }
    let kp = keys::read_key_package(crypto, key_package)?;
    let (commit, welcome, _) =
        group
            .add_members(&provider, &signer, &[kp])
            .map_err(|_| Error::MessageRejected {
                reason: "the member could not be added",
            })?;
    let commit = commit
        .tls_serialize_detached()
        .map_err(|_| Error::Internal("the commit could not be encoded"))?;
    let welcome = welcome
        .tls_serialize_detached()
        .map_err(|_| Error::Internal("the Welcome could not be encoded"))?;
    let out = seal_commit(crypto, &group, &signer, commit, Some(welcome))?;
    remember_pending_commit(tx, group_id, Some(&out.message))?;
    Ok(out)
}

/// Records (or clears) the digest of our commit waiting for the relay.
fn remember_pending_commit(
    tx: &Transaction<'_>,
    group_id: &[u8],
    message: Option<&[u8]>,
) -> Result<()> {
    let digest = message.map(|m| {
        ring::digest::digest(&ring::digest::SHA256, m)
            .as_ref()
            .to_vec()
    });
    tx.execute(
        "UPDATE circles SET pending_commit_digest = ?2 WHERE group_id = ?1",
        params![group_id, digest],
    )?;
    Ok(())
}

fn require_committer(group: &MlsGroup, our_key: &[u8]) -> Result<()> {
    let profile = CircleProfile::from_extensions(group.extensions())?;
    if profile.role_of(our_key).commits() {
        Ok(())
    } else {
        Err(Error::NotPermitted {
            action: "change the circle's membership",
        })
    }
}

/// The relay accepted our commit: merge it.
pub(crate) fn confirm_commit(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
    relay_seq: u64,
    now_ms: i64,
) -> Result<u64> {
    let provider = Provider::new(crypto, tx);
    let mut group = load(&provider, group_id)?;
    merge_own_commit(tx, crypto, &provider, &mut group, relay_seq, now_ms).map(|(epoch, _)| epoch)
}

/// Merges our pending commit (accepted by the relay, or recognised when it came back after a
/// lost acknowledgement) and records what it did. Returns the new epoch and members added.
fn merge_own_commit(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    provider: &Provider<'_>,
    group: &mut MlsGroup,
    relay_seq: u64,
    now_ms: i64,
) -> Result<(u64, u32)> {
    let added = group
        .pending_commit()
        .map(|c| c.add_proposals().count())
        .unwrap_or(0);
    group
        .merge_pending_commit(provider)
        .map_err(|_| Error::Internal("our commit could not be merged"))?;
    let group_id = group.group_id().as_slice().to_vec();
    remember_pending_commit(tx, &group_id, None)?;
    let epoch = group.epoch().as_u64();
    if added > 0 {
        let text = format!("{added} member(s) were added.");
        system(tx, crypto, &group_id, relay_seq, epoch, &text, now_ms)?;
    }
    Ok((epoch, added as u32))
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
    tx.execute(
        "INSERT INTO circles (group_id, signature_key, pseudonym, display_name, joined_at_ms) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![group_id, signature_key, pseudonym, display_name, now_ms],
    )?;
    tx.execute(
        "INSERT INTO circle_members (group_id, signature_key, display_name) VALUES (?1, ?2, ?3)",
        params![group_id, signature_key, display_name],
    )?;
    Ok(())
}

/// The relay refused our commit (another committer was first): forget it.
pub(crate) fn discard_commit(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
) -> Result<()> {
    let provider = Provider::new(crypto, tx);
    let mut group = load(&provider, group_id)?;
    group.clear_pending_commit(provider.storage())?;
    remember_pending_commit(tx, group_id, None)?;
    Ok(())
}

/// Joins a circle from a Welcome for one of our KeyPackages.
pub(crate) fn join(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    welcome: &[u8],
    display_name: &str,
    now_ms: i64,
) -> Result<(Vec<u8>, Outgoing)> {
    let provider = Provider::new(crypto, tx);
    let message =
        MlsMessageIn::tls_deserialize_exact(welcome).map_err(|_| Error::MessageRejected {
            reason: "the Welcome is malformed",
        })?;
    let MlsMessageBodyIn::Welcome(welcome) = message.extract() else {
        return Err(Error::MessageRejected {
            reason: "not a Welcome",
        });
    };
    let staged = StagedWelcome::new_from_welcome(&provider, &join_config(), welcome, None)
        .map_err(|_| Error::MessageRejected {
            reason: "the Welcome is not for any of our KeyPackages",
        })?;
    let group = staged
        .into_group(&provider)
        .map_err(|_| Error::MessageRejected {
            reason: "the Welcome could not be joined",
        })?;
    CircleProfile::from_extensions(group.extensions())?;
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
    let group_id = group.group_id().as_slice().to_vec();
    record_membership(tx, &group_id, &key, &pseudonym, display_name, now_ms)?;
    system(
        tx,
        crypto,
        &group_id,
        0,
        group.epoch().as_u64(),
        "You joined. Messages sent before you joined cannot be read.",
        now_ms,
    )?;
    let intro = intro(tx, crypto, &group_id, display_name, now_ms)?;
    Ok((group_id, intro))
}

/// Processes one delivery from the relay, in the caller's transaction (with the cursor).
pub(crate) fn receive(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
    relay_seq: u64,
    bytes: &[u8],
    now_ms: i64,
) -> Result<Processed> {
    let cursor: i64 = tx
        .query_row(
            "SELECT relay_cursor FROM circles WHERE group_id = ?1",
            [group_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or(Error::NotFound { what: "circle" })?;
    if relay_seq as i64 <= cursor {
        return Ok(Processed::Duplicate); // before decrypting: a replay costs nothing
    }
    let ours: bool = tx.query_row(
        "SELECT EXISTS (SELECT 1 FROM circle_own_posts WHERE group_id = ?1 AND relay_seq = ?2)",
        params![group_id, relay_seq as i64],
        |r| r.get(0),
    )?;
    if ours {
        tx.execute(
            "UPDATE circles SET relay_cursor = ?2 WHERE group_id = ?1",
            params![group_id, relay_seq as i64],
        )?;
        return Ok(Processed::Duplicate);
    }
    let provider = Provider::new(crypto, tx);
    let mut group = load(&provider, group_id)?;
    let pending: Option<Vec<u8>> = tx.query_row(
        "SELECT pending_commit_digest FROM circles WHERE group_id = ?1",
        [group_id],
        |r| r.get(0),
    )?;
    if pending.as_deref() == Some(ring::digest::digest(&ring::digest::SHA256, bytes).as_ref()) {
        // Our own commit, accepted by the relay although its answer was lost: merge it.
        let (epoch, added) =
            merge_own_commit(tx, crypto, &provider, &mut group, relay_seq, now_ms)?;
        tx.execute(
            "UPDATE circles SET relay_cursor = ?2 WHERE group_id = ?1",
            params![group_id, relay_seq as i64],
        )?;
        return Ok(Processed::Commit {
            epoch,
            removed_us: false,
            added,
        });
    }
    let message =
        MlsMessageIn::tls_deserialize_exact(bytes).map_err(|_| Error::MessageRejected {
            reason: "malformed message",
        })?;
    let protocol = message
        .try_into_protocol_message()
        .map_err(|_| Error::MessageRejected {
            reason: "not a group message",
        })?;
    let processed =
        group
            .process_message(&provider, protocol)
            .map_err(|_| Error::MessageRejected {
                reason: "the message could not be decrypted or verified",
            })?;
    let sender_key = match processed.sender() {
        Sender::Member(index) => group.member_at(*index).map(|m| m.signature_key),
        _ => None,
    }
    .ok_or(Error::MessageRejected {
        reason: "not sent by a member",
    })?;
    let epoch = processed.epoch().as_u64();
    let outcome = match processed.into_content() {
        ProcessedMessageContent::ApplicationMessage(app) => {
            match serde_json::from_slice::<Payload>(&app.into_bytes()).map_err(|_| {
                Error::MessageRejected {
                    reason: "unknown message format",
                }
            })? {
                Payload::Text {
                    id,
                    body,
                    reply_to,
                    sent_at_ms,
                } => {
                    if store_message(
                        tx,
                        NewMessage {
                            group_id,
                            id: &id,
                            relay_seq: Some(relay_seq),
                            epoch,
                            sender: Some(&sender_key),
                            kind: "text",
                            body: &body,
                            reply_to: reply_to.as_deref(),
                            sent_at_ms,
                        },
                        now_ms,
                    )? {
                        Processed::Message(id)
                    } else {
                        Processed::Duplicate
                    }
                }
                Payload::Intro { display_name, .. } => {
                    let name =
                        crate::identity::validate_display_name(&display_name).map_err(|_| {
                            Error::MessageRejected {
                                reason: "a display name was refused",
                            }
                        })?;
                    tx.execute(
                        "INSERT INTO circle_members (group_id, signature_key, display_name) VALUES (?1, ?2, ?3)
                         ON CONFLICT (group_id, signature_key) DO UPDATE SET display_name = excluded.display_name",
                        params![group_id, sender_key, name],
                    )?;
                    Processed::Intro
                }
            }
        }
        ProcessedMessageContent::StagedCommitMessage(staged) => {
            // Every honest client checks commits against the roles, as the relay does.
            let profile = CircleProfile::from_extensions(group.extensions())?;
            if !profile.role_of(&sender_key).commits() {
                return Err(Error::MessageRejected {
                    reason: "a commit by someone who may not commit",
                });
            }
            CircleProfile::from_extensions(staged.group_context().extensions())?;
            let added = staged.add_proposals().count();
            let removed = staged.remove_proposals().count();
            let removed_us = staged.self_removed();
            group
                .merge_staged_commit(&provider, *staged)
                .map_err(|_| Error::MessageRejected {
                    reason: "the commit could not be applied",
                })?;
            let epoch = group.epoch().as_u64();
            if added > 0 {
                system(
                    tx,
                    crypto,
                    group_id,
                    relay_seq,
                    epoch,
                    &format!("{added} member(s) joined."),
                    now_ms,
                )?;
            }
            if removed > 0 {
                system(
                    tx,
                    crypto,
                    group_id,
                    relay_seq,
                    epoch,
                    &format!("{removed} member(s) left or were removed."),
                    now_ms,
                )?;
            }
            if removed_us {
                tx.execute(
                    "UPDATE circles SET state = 'removed' WHERE group_id = ?1",
                    [group_id],
                )?;
            }
            Processed::Commit {
                epoch,
                removed_us,
                added: added as u32,
            }
        }
        ProcessedMessageContent::ProposalMessage(proposal) => {
            group.store_pending_proposal(provider.storage(), *proposal)?;
            Processed::Proposal
        }
        // Our own message, fanned back by the relay: we hold the plaintext already.
        ProcessedMessageContent::OwnPrivateMessage => Processed::Duplicate,
        // Our own commit as a PublicMessage (we send PrivateMessages, whose echo is matched
        // by digest above): it won, so merge it.
        ProcessedMessageContent::OwnPendingCommit => {
            let (epoch, added) =
                merge_own_commit(tx, crypto, &provider, &mut group, relay_seq, now_ms)?;
            Processed::Commit {
                epoch,
                removed_us: false,
                added,
            }
        }
        ProcessedMessageContent::ExternalJoinProposalMessage(_) => {
            return Err(Error::MessageRejected {
                reason: "external joins are not allowed",
            })
        }
    };
    tx.execute(
        "UPDATE circles SET relay_cursor = ?2 WHERE group_id = ?1",
        params![group_id, relay_seq as i64],
    )?;
    Ok(outcome)
}

/// Records where the relay put one of our posts, so its echo is skipped; a text message of
/// ours (by id) learns its relay sequence number.
pub(crate) fn posted(
    tx: &Transaction<'_>,
    group_id: &[u8],
    relay_seq: u64,
    message_id: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO circle_own_posts (group_id, relay_seq) VALUES (?1, ?2)",
        params![group_id, relay_seq as i64],
    )?;
    if let Some(id) = message_id {
        tx.execute(
            "UPDATE circle_messages SET relay_seq = ?3 WHERE group_id = ?1 AND id = ?2",
            params![group_id, id, relay_seq as i64],
        )?;
    }
    Ok(())
}

/// A circle's summary.
pub(crate) fn summary(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
) -> Result<CircleSummary> {
    let provider = Provider::new(crypto, tx);
    let group = load(&provider, group_id)?;
    let profile = CircleProfile::from_extensions(group.extensions())?;
    Ok(CircleSummary {
        group_id: group_id.to_vec(),
        name: profile.name.clone(),
        description: profile.description.clone(),
        guidelines: profile.guidelines.clone(),
        guidelines_version: profile.guidelines_version,
        role: profile.role_of(&our_key(tx, group_id)?),
        epoch: group.epoch().as_u64(),
        member_count: group.members().count() as u32,
    })
}

/// The epoch authenticator, which all members share at an epoch (compared to detect forks).
pub(crate) fn epoch_authenticator(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
) -> Result<Vec<u8>> {
    let provider = Provider::new(crypto, tx);
    Ok(load(&provider, group_id)?
        .epoch_authenticator()
        .as_slice()
        .to_vec())
}

/// The relay capability of the circle's current epoch.
pub(crate) fn current_capability(
    tx: &Transaction<'_>,
    crypto: &RustCrypto,
    group_id: &[u8],
) -> Result<(u64, Vec<u8>)> {
    let provider = Provider::new(crypto, tx);
    let group = load(&provider, group_id)?;
    Ok((group.epoch().as_u64(), capability(crypto, &group)?))
}
