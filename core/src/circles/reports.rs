//! Reports to a circle's facilitators: what a report says, the queue on the reporter's phone,
//! and what a facilitator's phone keeps of the reports it could open.
//!
//! A report is not a circle message. It is signed with the reporter's per-circle key, sealed
//! to the report keys of the circle's facilitators and co-facilitators (see
//! [`super::report_seal`]) and left in the circle's facilitator inbox at the relay, so no
//! other member can see that it exists. It names a message by id only: a facilitator's phone
//! shows its own authenticated copy, so a report cannot put words in anyone's mouth.

use hearth_protocol::{report_fetch_signing_input, Bytes, FetchReports, PostReport, SealedReport};
use openmls_traits::types::HpkeKeyPair;
use ring::signature::{UnparsedPublicKey, ED25519};
use rusqlite::{params, OptionalExtension, Transaction};
use serde::{Deserialize, Serialize};

use super::group;
use super::messages::{self, CircleMessage};
use super::provider::{Mls, Provider};
use super::report_seal::{self, SLOTS};
use super::Role;
use crate::error::{Error, Result};

/// Longest comment on a report, in characters (it always fits the fixed report size).
pub const REPORT_COMMENT_MAX: usize = 500;

/// An X25519 public key's length.
const REPORT_KEY_LEN: usize = 32;

/// Domain label of the relay-side id of a report.
const CLIENT_ID_DOMAIN: &[u8] = b"hearth/report-client-id/v1\0";

/// Domain label of a reporter's signature over a report.
const SIGN_DOMAIN: &[u8] = b"hearth/report/v1\0";

/// Why a member reports a message (the list the apps offer).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    /// Harassment or bullying.
    Harassment,
    /// Hate against a group of people.
    Hate,
    /// Threats or violence.
    Threat,
    /// Someone may be at risk of harming themselves.
    SelfHarm,
    /// Sexual content.
    Sexual,
    /// Sharing someone's private information.
    Privacy,
    /// Spam or advertising.
    Spam,
    /// Something else (the comment says what).
    Other,
    /// Not a report about a message: the member asks the facilitators for support ("let my
    /// facilitator know").
    SupportRequest,
}

impl ReportReason {
    /// Every reason a message can be reported for, in the order apps list them.
    pub const FOR_MESSAGES: [ReportReason; 8] = [
        ReportReason::Harassment,
        ReportReason::Hate,
        ReportReason::Threat,
        ReportReason::SelfHarm,
        ReportReason::Sexual,
        ReportReason::Privacy,
        ReportReason::Spam,
        ReportReason::Other,
    ];

    /// The reason's stable name (`harassment`, `self_harm`...).
    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Harassment => "harassment",
            ReportReason::Hate => "hate",
            ReportReason::Threat => "threat",
            ReportReason::SelfHarm => "self_harm",
            ReportReason::Sexual => "sexual",
            ReportReason::Privacy => "privacy",
            ReportReason::Spam => "spam",
            ReportReason::Other => "other",
            ReportReason::SupportRequest => "support_request",
        }
    }

    /// The reason named `name`, if there is one.
    pub fn parse(name: &str) -> Option<ReportReason> {
        Self::FOR_MESSAGES
            .into_iter()
            .chain([ReportReason::SupportRequest])
            .find(|r| r.as_str() == name)
    }

    /// How apps describe it to the person reporting.
    pub fn label(self) -> &'static str {
        match self {
            ReportReason::Harassment => "Harassment or bullying",
            ReportReason::Hate => "Hate",
            ReportReason::Threat => "Threats or violence",
            ReportReason::SelfHarm => "Someone may be at risk of harming themselves",
            ReportReason::Sexual => "Sexual content",
            ReportReason::Privacy => "Sharing someone's private information",
            ReportReason::Spam => "Spam",
            ReportReason::Other => "Something else",
            ReportReason::SupportRequest => "Asked for support",
        }
    }
}

/// Stored by its stable name; an unknown name reads as damage.
impl rusqlite::types::ToSql for ReportReason {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        Ok(self.as_str().into())
    }
}

impl rusqlite::types::FromSql for ReportReason {
    fn column_result(value: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<Self> {
        let name = value.as_str()?;
        ReportReason::parse(name).ok_or(rusqlite::types::FromSqlError::InvalidType)
    }
}

/// A message from a one-to-one talk as the person reporting it quotes it: the facilitators
/// of the circle the talk began in have no copy of their own, so the apps show it as the
/// reporter's quote, not as a verified message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TalkQuote {
    /// The name of the person who wrote it, as the reporter's phone knows them.
    pub author: String,
    /// What it said (shortened with "…" when the report could not carry all of it).
    pub body: String,
    /// When it was sent (Unix ms, its sender's clock).
    pub sent_at_ms: i64,
}

/// The longest quote a report carries, in characters.
pub const TALK_QUOTE_MAX: usize = 1_000;

/// What a facilitator's phone shows of a report it opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CircleReport {
    /// The report's id (time then random digits, see `group::message_id`; the relay sees
    /// only a hash of it).
    pub id: String,
    /// Why it was made.
    pub reason: ReportReason,
    /// The reporter's comment (may be empty).
    pub comment: String,
    /// The reporter's per-circle key (verified: they signed the report).
    pub reporter_key: Vec<u8>,
    /// The reporter's display name in the circle, if known.
    pub reporter_name: Option<String>,
    /// The id of the message reported (none for a request for support).
    pub message_id: Option<super::MessageId>,
    /// Our own copy of that message, authenticated when it reached us: none when it is gone
    /// (deleted, disappeared, or never reached this phone). Show "the message is no longer
    /// on this phone" then.
    pub message: Option<CircleMessage>,
    /// When the reporter's phone made it (Unix ms, the reporter's clock).
    pub sent_at_ms: i64,
    /// When this phone opened it (Unix ms).
    pub received_at_ms: i64,
    /// When a facilitator marked it handled on this phone.
    pub handled_at_ms: Option<i64>,
    /// For a report from a one-to-one talk that began in this circle: the message as the
    /// reporter quoted it.
    pub talk_quote: Option<TalkQuote>,
}

/// A report we made, as our phone keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentReport {
    /// The report's id (time then random digits, see `group::message_id`; the relay sees
    /// only a hash of it).
    pub id: String,
    /// Why.
    pub reason: ReportReason,
    /// Our comment.
    pub comment: String,
    /// The message reported (none for a request for support).
    pub message_id: Option<super::MessageId>,
    /// When we made it (Unix ms).
    pub created_at_ms: i64,
    /// When the relay took it (none while it waits: for the facilitators' keys or a
    /// connection).
    pub sent_at_ms: Option<i64>,
}

/// The signed part of a report.
#[derive(Serialize, Deserialize)]
struct ReportBody {
    id: String,
    reason: ReportReason,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    message_id: Option<String>,
    comment: String,
    /// Hex of the reporter's per-circle key.
    reporter: String,
    sent_at_ms: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    talk_quote: Option<TalkQuote>,
}

/// What is sealed: the body exactly as signed, and the signature.
#[derive(Serialize, Deserialize)]
struct SignedReport {
    body: String,
    /// Hex of the Ed25519 signature over [`signing_input`].
    signature: String,
}

fn signing_input(group_id: &[u8], body: &[u8]) -> Vec<u8> {
    let mut out = SIGN_DOMAIN.to_vec();
    out.extend_from_slice(&(group_id.len() as u32).to_be_bytes());
    out.extend_from_slice(group_id);
    out.extend_from_slice(body);
    out
}

/// Our report key for the circle, made on first use (its public half goes out in our
/// introductions).
pub(crate) fn our_key_pair(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
) -> Result<HpkeKeyPair> {
    let seed: Option<Vec<u8>> = tx
        .prepare_cached("SELECT report_seed FROM circles WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))
        .optional()?
        .flatten();
    let seed = match seed {
        Some(seed) => zeroize::Zeroizing::new(seed),
        None => {
            let seed = report_seal::new_seed(mls)?;
            tx.prepare_cached("UPDATE circles SET report_seed = ?2 WHERE group_id = ?1")?
                .execute(params![group_id, &*seed])?;
            seed
        }
    };
    report_seal::key_pair(mls, &seed)
}

/// The report key the member with `key` announced, if they did.
pub(crate) fn member_report_key(
    tx: &Transaction<'_>,
    group_id: &[u8],
    key: &[u8],
) -> Result<Option<Vec<u8>>> {
    Ok(tx
        .prepare_cached(
            "SELECT report_key FROM circle_members WHERE group_id = ?1 AND signature_key = ?2",
        )?
        .query_row(params![group_id, key], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Records the report key a member announced in their introduction.
pub(crate) fn record_key(
    tx: &Transaction<'_>,
    group_id: &[u8],
    member: &[u8],
    key: &[u8],
) -> Result<()> {
    if key.len() != REPORT_KEY_LEN {
        return Err(Error::MessageRejected {
            reason: "a report key of the wrong length",
        });
    }
    tx.prepare_cached(
        "UPDATE circle_members SET report_key = ?3 WHERE group_id = ?1 AND signature_key = ?2",
    )?
    .execute(params![group_id, member, key])?;
    Ok(())
}

/// Where a report made inside a one-to-one talk comes from: the message quoted (none for a
/// request for support) and the other person of the talk, never one of its recipients.
pub(crate) struct FromTalk {
    pub quote: Option<TalkQuote>,
    pub other: Vec<u8>,
}

/// Queues a report (or a request for support) from us, perhaps one made inside a talk that
/// began in this circle.
#[allow(clippy::too_many_arguments)]
pub(crate) fn queue(
    tx: &Transaction<'_>,
    group_id: &[u8],
    id: &str,
    reason: ReportReason,
    message_id: Option<&str>,
    comment: &str,
    talk: Option<&FromTalk>,
    now_ms: i64,
) -> Result<()> {
    let quote = talk
        .and_then(|t| t.quote.as_ref())
        .map(serde_json::to_string)
        .transpose()?;
    tx.prepare_cached(
        "INSERT INTO circle_reports_sent (group_id, id, message_id, reason, comment, created_at_ms,
             talk_quote, not_to)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        group_id,
        id,
        message_id,
        reason,
        comment,
        now_ms,
        quote,
        talk.map(|t| &t.other)
    ])?;
    Ok(())
}

/// Whether anyone but us and `not_to` could receive a report in this circle.
pub(crate) fn has_recipient_besides(
    tx: &Transaction<'_>,
    group_id: &[u8],
    profile: &super::profile::CircleProfile,
    me: &[u8],
    not_to: &[u8],
) -> Result<bool> {
    Ok(!recipients(tx, group_id, profile, &[me, not_to])?.is_empty())
}

/// The report keys to seal to: the circle's facilitators first, then co-facilitators, never
/// ourselves (nor, for a report from a talk, its other person); only those whose key we know.
fn recipients(
    tx: &Transaction<'_>,
    group_id: &[u8],
    profile: &super::profile::CircleProfile,
    not_to: &[&[u8]],
) -> Result<Vec<Vec<u8>>> {
    let mut committers: Vec<(Role, Vec<u8>)> = profile
        .committers()
        .into_iter()
        .filter(|k| !not_to.contains(&k.as_slice()))
        .map(|k| (profile.role_of(&k), k))
        .collect();
    committers.sort_by_key(|(role, _)| *role != Role::Facilitator);
    let mut keys = Vec::new();
    for (_, member) in committers {
        keys.extend(member_report_key(tx, group_id, &member)?);
    }
    keys.truncate(SLOTS);
    Ok(keys)
}

/// The next report of ours to post, sealed now to the current facilitators: `None` when
/// nothing waits, or when no facilitator's report key is known yet (it waits for their
/// introduction).
pub(crate) fn next(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
) -> Result<Option<(String, PostReport)>> {
    let waiting = tx
        .prepare_cached(
            "SELECT id, reason, message_id, comment, created_at_ms, talk_quote, not_to
             FROM circle_reports_sent
             WHERE group_id = ?1 AND sent_at_ms IS NULL ORDER BY created_at_ms, id LIMIT 1",
        )?
        .query_row([group_id], |r| {
            Ok((
                (
                    r.get::<_, String>(0)?,
                    r.get::<_, ReportReason>(1)?,
                    r.get::<_, Option<String>>(2)?,
                    r.get::<_, String>(3)?,
                    r.get::<_, i64>(4)?,
                ),
                r.get::<_, Option<String>>(5)?,
                r.get::<_, Option<Vec<u8>>>(6)?,
            ))
        })
        .optional()?;
    let Some(((id, reason, message_id, comment, created_at_ms), quote, not_to)) = waiting else {
        return Ok(None);
    };
    // A circle we left, were removed from or that closed takes no more reports.
    if !group::circle_row(tx, group_id)?.state.is_active() {
        return Ok(None);
    }
    let (provider, group, signer) = group::active_group(tx, mls, group_id)?;
    let profile = group::profile(&group)?;
    let epoch = group.epoch().as_u64();
    let capability = group::capability(mls, &group)?;
    group::keep(&provider, group_id, group);
    let not_to = not_to.unwrap_or_default();
    let to = recipients(tx, group_id, &profile, &[signer.public(), &not_to])?;
    if to.is_empty() {
        return Ok(None);
    }
    let mut body = ReportBody {
        id: id.clone(),
        reason,
        message_id,
        comment,
        reporter: hex::encode(signer.public()),
        sent_at_ms: created_at_ms,
        talk_quote: quote.as_deref().map(serde_json::from_str).transpose()?,
    };
    // A quote is shortened until the report fits its one size.
    let signed = loop {
        let json = serde_json::to_string(&body)?;
        let signature = openmls_traits::signatures::Signer::sign(
            &*signer,
            &signing_input(group_id, json.as_bytes()),
        )
        .map_err(|_| Error::Internal("the report could not be signed"))?;
        let signed = serde_json::to_vec(&SignedReport {
            body: json,
            signature: hex::encode(signature),
        })?;
        match body.talk_quote.as_mut() {
            Some(quote) if signed.len() > report_seal::PLAINTEXT_MAX && !quote.body.is_empty() => {
                quote.body = shortened(&quote.body);
            }
            _ => break signed,
        }
    };
    let sealed = report_seal::seal(mls, group_id, &to, &signed)?;
    // Derived from the report's id, so posting it again is recognised, but not the id itself,
    // which the facilitators see: the relay holds nothing they could match to it.
    let client_id = ring::digest::digest(
        &ring::digest::SHA256,
        &[CLIENT_ID_DOMAIN, id.as_bytes()].concat(),
    )
    .as_ref()[..16]
        .to_vec();
    Ok(Some((
        id,
        PostReport {
            client_id: Bytes(client_id),
            epoch,
            capability: Bytes(capability),
            report: Bytes(sealed),
        },
    )))
}

/// `text` at about two thirds of its length, ending in "…".
fn shortened(text: &str) -> String {
    let body = text.strip_suffix('…').unwrap_or(text);
    let keep = body.chars().count() * 2 / 3;
    if keep == 0 {
        return String::new();
    }
    body.chars().take(keep).chain(['…']).collect()
}

/// The relay took our report.
pub(crate) fn posted(tx: &Transaction<'_>, group_id: &[u8], id: &str, now_ms: i64) -> Result<()> {
    tx.prepare_cached(
        "UPDATE circle_reports_sent SET sent_at_ms = ?3 WHERE group_id = ?1 AND id = ?2",
    )?
    .execute(params![group_id, id, now_ms])?;
    Ok(())
}

/// A signed request to read the facilitator inbox after our cursor: `None` unless we are a
/// facilitator or co-facilitator of the circle.
pub(crate) fn fetch_request(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    now_s: u64,
) -> Result<Option<FetchReports>> {
    if !group::circle_row(tx, group_id)?.state.is_active() {
        return Ok(None);
    }
    let (provider, group, signer) = group::active_group(tx, mls, group_id)?;
    let commits = group::profile(&group)?.role_of(signer.public()).commits();
    group::keep(&provider, group_id, group);
    if !commits {
        return Ok(None);
    }
    let after = cursor(tx, group_id)?;
    let signature = openmls_traits::signatures::Signer::sign(
        &*signer,
        &report_fetch_signing_input(group_id, after, now_s),
    )
    .map_err(|_| Error::Internal("the inbox request could not be signed"))?;
    Ok(Some(FetchReports {
        after,
        committer: Bytes(signer.public().to_vec()),
        signed_at: now_s,
        signature: Bytes(signature),
    }))
}

fn cursor(tx: &Transaction<'_>, group_id: &[u8]) -> Result<u64> {
    let at: i64 = tx
        .prepare_cached("SELECT reports_cursor FROM circles WHERE group_id = ?1")?
        .query_row([group_id], |r| r.get(0))?;
    Ok(u64::try_from(at).unwrap_or(0))
}

/// Opens what the facilitator inbox gave us and keeps the reports that are for us and signed
/// by a member of the circle; moves the cursor past all of them. Returns how many are new.
pub(crate) fn receive(
    tx: &Transaction<'_>,
    mls: &Mls,
    group_id: &[u8],
    sealed: &[SealedReport],
    now_ms: i64,
) -> Result<usize> {
    let ours = our_key_pair(tx, mls, group_id)?;
    let provider = Provider::new(mls, tx);
    let members: Vec<Vec<u8>> = group::with_group(&provider, group_id, |g| {
        Ok(g.members().map(|m| m.signature_key).collect())
    })?;
    let mut added = 0;
    let mut last = cursor(tx, group_id)?;
    for report in sealed {
        last = last.max(report.seq);
        let Some(plain) = report_seal::open(mls, group_id, &ours, report.report.as_slice()) else {
            continue; // for other facilitators only, or damaged
        };
        let Some((body, reporter)) = verified(group_id, &plain, &members) else {
            tracing::warn!("a report failed its signature check");
            continue;
        };
        added += tx
            .prepare_cached(
                "INSERT INTO circle_reports (group_id, id, reporter, message_id, reason, comment,
                     sent_at_ms, received_at_ms, talk_quote)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (group_id, id) DO NOTHING",
            )?
            .execute(params![
                group_id,
                body.id,
                reporter,
                body.message_id,
                body.reason,
                body.comment,
                body.sent_at_ms,
                now_ms,
                body.talk_quote
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()?
            ])?;
    }
    tx.prepare_cached("UPDATE circles SET reports_cursor = ?2 WHERE group_id = ?1")?
        .execute(params![group_id, i64::try_from(last).unwrap_or(i64::MAX)])?;
    Ok(added)
}

/// The body of an opened report, with the reporter's key, when its signature holds, the
/// reporter is in the circle, and its fields are within bounds.
fn verified(group_id: &[u8], plain: &[u8], members: &[Vec<u8>]) -> Option<(ReportBody, Vec<u8>)> {
    let signed: SignedReport = serde_json::from_slice(plain).ok()?;
    let body: ReportBody = serde_json::from_str(&signed.body).ok()?;
    let reporter = hex::decode(&body.reporter).ok()?;
    let signature = hex::decode(&signed.signature).ok()?;
    UnparsedPublicKey::new(&ED25519, &reporter)
        .verify(&signing_input(group_id, signed.body.as_bytes()), &signature)
        .ok()?;
    let names_something = body.message_id.is_some() || body.talk_quote.is_some();
    let quote_fits = body.talk_quote.as_ref().is_none_or(|q| {
        q.body.chars().count() <= TALK_QUOTE_MAX + 1
            && q.author.chars().count() <= crate::DISPLAY_NAME_MAX_CHARS
    });
    let fits = members.contains(&reporter)
        && body.comment.chars().count() <= REPORT_COMMENT_MAX
        && body.id.len() == 32
        && !(body.message_id.is_some() && body.talk_quote.is_some())
        && quote_fits
        && (names_something != (body.reason == ReportReason::SupportRequest));
    fits.then_some((body, reporter))
}

/// The reports this phone opened, open ones first, newest first within each.
pub(crate) fn list(
    tx: &Transaction<'_>,
    group_id: &[u8],
    include_handled: bool,
) -> Result<Vec<CircleReport>> {
    let mut stmt = tx.prepare_cached(
        "SELECT r.id, r.reason, r.comment, r.reporter, m.display_name, r.message_id, r.sent_at_ms,
                r.received_at_ms, r.handled_at_ms, r.talk_quote
         FROM circle_reports r
         LEFT JOIN circle_members m ON m.group_id = r.group_id AND m.signature_key = r.reporter
         WHERE r.group_id = ?1 AND (?2 OR r.handled_at_ms IS NULL)
         ORDER BY r.handled_at_ms IS NOT NULL, r.received_at_ms DESC, r.id",
    )?;
    let reports = stmt
        .query_map(params![group_id, include_handled], |r| {
            Ok(CircleReport {
                id: r.get(0)?,
                reason: r.get(1)?,
                comment: r.get(2)?,
                reporter_key: r.get(3)?,
                reporter_name: r.get(4)?,
                message_id: r.get(5)?,
                message: None,
                sent_at_ms: r.get(6)?,
                received_at_ms: r.get(7)?,
                handled_at_ms: r.get(8)?,
                talk_quote: r
                    .get::<_, Option<String>>(9)?
                    .and_then(|q| serde_json::from_str(&q).ok()),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    reports
        .into_iter()
        .map(|mut report| {
            // Our own authenticated copy, never words from the report.
            if let Some(m) = &report.message_id {
                report.message = messages::get(tx, group_id, m)?.filter(|m| !m.deleted);
            }
            Ok(report)
        })
        .collect()
}

/// Marks a report handled on this phone, or open again; false when there is no such report.
pub(crate) fn set_handled(
    tx: &Transaction<'_>,
    group_id: &[u8],
    id: &str,
    handled_at_ms: Option<i64>,
) -> Result<bool> {
    Ok(tx
        .prepare_cached(
            "UPDATE circle_reports SET handled_at_ms = ?3 WHERE group_id = ?1 AND id = ?2",
        )?
        .execute(params![group_id, id, handled_at_ms])?
        == 1)
}

/// The reports we made in the circle, newest first.
pub(crate) fn sent(tx: &Transaction<'_>, group_id: &[u8]) -> Result<Vec<SentReport>> {
    let mut stmt = tx.prepare_cached(
        "SELECT id, reason, comment, message_id, created_at_ms, sent_at_ms FROM circle_reports_sent
         WHERE group_id = ?1 ORDER BY created_at_ms DESC, id",
    )?;
    let sent = stmt
        .query_map([group_id], |r| {
            Ok(SentReport {
                id: r.get(0)?,
                reason: r.get(1)?,
                comment: r.get(2)?,
                message_id: r.get(3)?,
                created_at_ms: r.get(4)?,
                sent_at_ms: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(sent)
}
