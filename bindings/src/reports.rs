//! Reports across the FFI: a member reports a message to the circle's facilitators, or asks
//! them privately for support; a facilitator's app lists the reports its phone opened (with
//! its own copy of the message, or none when that copy is gone) and marks them handled.

use crate::circles::{circle_id, CircleMessage};
use crate::client::HearthClient;
use crate::error::HearthError;
use hearth_core::circles::ReportReason as CoreReason;

/// Why a member reports a message (the list to offer, in this order).
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
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
    /// Not about a message: the member asked for support (`ask_facilitators_for_support`).
    SupportRequest,
}

impl From<CoreReason> for ReportReason {
    fn from(r: CoreReason) -> Self {
        match r {
            CoreReason::Harassment => ReportReason::Harassment,
            CoreReason::Hate => ReportReason::Hate,
            CoreReason::Threat => ReportReason::Threat,
            CoreReason::SelfHarm => ReportReason::SelfHarm,
            CoreReason::Sexual => ReportReason::Sexual,
            CoreReason::Privacy => ReportReason::Privacy,
            CoreReason::Spam => ReportReason::Spam,
            CoreReason::Other => ReportReason::Other,
            CoreReason::SupportRequest => ReportReason::SupportRequest,
        }
    }
}

impl From<ReportReason> for CoreReason {
    fn from(r: ReportReason) -> Self {
        match r {
            ReportReason::Harassment => CoreReason::Harassment,
            ReportReason::Hate => CoreReason::Hate,
            ReportReason::Threat => CoreReason::Threat,
            ReportReason::SelfHarm => CoreReason::SelfHarm,
            ReportReason::Sexual => CoreReason::Sexual,
            ReportReason::Privacy => CoreReason::Privacy,
            ReportReason::Spam => CoreReason::Spam,
            ReportReason::Other => CoreReason::Other,
            ReportReason::SupportRequest => CoreReason::SupportRequest,
        }
    }
}

/// The reasons a message can be reported for, in the order to list them.
#[uniffi::export]
pub fn report_reasons() -> Vec<ReportReason> {
    CoreReason::FOR_MESSAGES
        .into_iter()
        .map(Into::into)
        .collect()
}

/// How to describe a reason to the person reporting (English; apps may translate by case).
#[uniffi::export]
pub fn report_reason_label(reason: ReportReason) -> String {
    CoreReason::from(reason).label().to_string()
}

/// A report as a facilitator's phone opened it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct CircleReport {
    /// The report's id.
    pub id: String,
    /// Why it was made.
    pub reason: ReportReason,
    /// The reporter's comment (may be empty).
    pub comment: String,
    /// The reporter's per-circle key (hex; verified by their signature).
    pub reporter_key: String,
    /// The reporter's name in the circle, if known.
    pub reporter_name: Option<String>,
    /// The id of the message reported (none for a request for support).
    pub message_id: Option<String>,
    /// This phone's own copy of that message; none when it is gone (deleted, disappeared,
    /// never arrived): say "the message is no longer on this phone".
    pub message: Option<CircleMessage>,
    /// When the reporter made it (Unix ms, their clock).
    pub sent_at_ms: i64,
    /// When this phone opened it (Unix ms).
    pub received_at_ms: i64,
    /// When it was marked handled on this phone.
    pub handled_at_ms: Option<i64>,
    /// For a report made inside a one-to-one talk that began in this circle: the message
    /// as the reporter quoted it (show it as their quote: this phone has no copy to check).
    pub talk_quote: Option<TalkQuote>,
}

/// A message from a one-to-one talk, as the person reporting it quoted it.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct TalkQuote {
    /// Who wrote it, by the name the reporter's phone knows.
    pub author: String,
    /// What it said (ending in "…" when shortened to fit the report).
    pub body: String,
    /// When it was sent (Unix ms, its sender's clock).
    pub sent_at_ms: i64,
}

impl From<hearth_core::circles::CircleReport> for CircleReport {
    fn from(r: hearth_core::circles::CircleReport) -> Self {
        CircleReport {
            id: r.id,
            reason: r.reason.into(),
            comment: r.comment,
            reporter_key: hex::encode(r.reporter_key),
            reporter_name: r.reporter_name,
            message_id: r.message_id.map(String::from),
            message: r.message.map(Into::into),
            sent_at_ms: r.sent_at_ms,
            received_at_ms: r.received_at_ms,
            handled_at_ms: r.handled_at_ms,
            talk_quote: r.talk_quote.map(|q| TalkQuote {
                author: q.author,
                body: q.body,
                sent_at_ms: q.sent_at_ms,
            }),
        }
    }
}

/// A report (or request for support) we made.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct SentReport {
    /// Its id.
    pub id: String,
    /// Why.
    pub reason: ReportReason,
    /// Our comment.
    pub comment: String,
    /// The message reported (none for a request for support).
    pub message_id: Option<String>,
    /// When we made it (Unix ms).
    pub created_at_ms: i64,
    /// When the relay took it (none while it waits).
    pub sent_at_ms: Option<i64>,
}

impl From<hearth_core::circles::SentReport> for SentReport {
    fn from(r: hearth_core::circles::SentReport) -> Self {
        SentReport {
            id: r.id,
            reason: r.reason.into(),
            comment: r.comment,
            message_id: r.message_id.map(String::from),
            created_at_ms: r.created_at_ms,
            sent_at_ms: r.sent_at_ms,
        }
    }
}

#[uniffi::export]
impl HearthClient {
    /// Reports someone else's message to the circle's facilitators with a reason and an
    /// optional comment (up to 500 characters); returns the report's id. Nobody else in the
    /// circle can tell, and the relay can neither read it nor tell who sent it.
    pub async fn report_message(
        &self,
        circle_id: String,
        message_id: String,
        reason: ReportReason,
        comment: String,
    ) -> Result<String, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let message_id = hearth_core::MessageId::new(message_id);
        self.call(move |c| c.report_message(&id, &message_id, reason.into(), &comment))
            .await
    }

    /// "Let my facilitator know": tells the circle's facilitators privately that we would
    /// like support, with an optional note. Only when the person chooses it, each time.
    pub async fn ask_facilitators_for_support(
        &self,
        circle_id: String,
        note: String,
    ) -> Result<String, HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.ask_facilitators_for_support(&id, &note))
            .await
    }

    /// The reports this phone opened for the circle (facilitators), open ones first.
    pub async fn circle_reports(
        &self,
        circle_id: String,
        include_handled: bool,
    ) -> Result<Vec<CircleReport>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let reports = self
            .call(move |c| c.circle_reports(&id, include_handled))
            .await?;
        Ok(reports.into_iter().map(Into::into).collect())
    }

    /// Marks a report handled on this phone, or open again.
    pub async fn set_report_handled(
        &self,
        circle_id: String,
        report_id: String,
        handled: bool,
    ) -> Result<(), HearthError> {
        let id = self::circle_id(&circle_id)?;
        self.call(move |c| c.set_report_handled(&id, &report_id, handled))
            .await
    }

    /// The reports and requests for support we made in the circle, newest first.
    pub async fn sent_reports(&self, circle_id: String) -> Result<Vec<SentReport>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let sent = self.call(move |c| c.sent_reports(&id)).await?;
        Ok(sent.into_iter().map(Into::into).collect())
    }
}
