//! Reports on the client: a member reports a message to the circle's facilitators or asks
//! them for support; a facilitator's phone lists the reports it opened and marks them
//! handled. Sealing, signing and the facilitator inbox live in `circles::reports`.

use super::Client;
use crate::circles::reports::{
    self, CircleReport, ReportReason, SentReport, TalkQuote, REPORT_COMMENT_MAX, TALK_QUOTE_MAX,
};
use crate::circles::{group, messages};
use crate::circles::{GroupId, MessageId};
use crate::error::{Error, Result};
use crate::events::Event;
use crate::talks;

fn check_comment(comment: &str) -> Result<()> {
    if comment.chars().count() > REPORT_COMMENT_MAX {
        return Err(Error::invalid(
            "comment",
            format!("must be at most {REPORT_COMMENT_MAX} characters"),
        ));
    }
    if comment.chars().any(|c| c.is_control() && c != '\n') {
        return Err(Error::invalid(
            "comment",
            "must not contain control characters",
        ));
    }
    Ok(())
}

impl Client {
    /// Reports someone else's message to the circle's facilitators and co-facilitators, with
    /// a reason and an optional comment (up to 500 characters); returns the report's id.
    /// Nobody else in the circle can tell it was made, and the relay cannot read it or tell
    /// who made it. It goes with the next sync (it waits while no facilitator's key is known
    /// yet). Reporting the same message again returns the first report's id.
    pub fn report_message(
        &self,
        group_id: &GroupId,
        message_id: &MessageId,
        reason: ReportReason,
        comment: &str,
    ) -> Result<String> {
        if reason == ReportReason::SupportRequest {
            return Err(Error::invalid(
                "reason",
                "asking for support is not a report about a message",
            ));
        }
        check_comment(comment)?;
        let id = self.new_id()?;
        if let Some(origin) = self.store.read(|tx| talks::origin_of(tx, group_id))? {
            return self.report_from_talk(group_id, origin, &id, reason, Some(message_id), comment);
        }
        let id = self.store.write(|tx| {
            let (profile, me) = group::open_profile(tx, &self.mls, group_id)?;
            if profile.committers().iter().all(|k| *k == me) {
                return Err(Error::NotPermitted {
                    action: "report as the circle's only facilitator (remove the message instead)",
                });
            }
            let author = messages::sender_of(tx, group_id, message_id)?
                .ok_or(Error::NotFound { what: "message" })?;
            if author == me {
                return Err(Error::invalid(
                    "message_id",
                    "that is your own message: delete it instead",
                ));
            }
            if let Some(earlier) = reports::sent(tx, group_id)?
                .into_iter()
                .find(|r| r.message_id.as_deref() == Some(message_id))
            {
                return Ok(earlier.id);
            }
            reports::queue(
                tx,
                group_id,
                &id,
                reason,
                Some(message_id),
                comment.trim(),
                None,
                self.now_ms(),
            )?;
            Ok(id)
        })?;
        self.reports_changed(group_id);
        self.sync_wanted();
        Ok(id)
    }

    /// Lets the circle's facilitators know, privately, that we are struggling and would like
    /// support, with an optional note (up to 500 characters): what the crisis prompt offers,
    /// only when the person chooses it. Sealed like a report; returns its id.
    pub fn ask_facilitators_for_support(&self, group_id: &GroupId, note: &str) -> Result<String> {
        check_comment(note)?;
        let id = self.new_id()?;
        if let Some(origin) = self.store.read(|tx| talks::origin_of(tx, group_id))? {
            let reason = ReportReason::SupportRequest;
            return self.report_from_talk(group_id, origin, &id, reason, None, note);
        }
        self.store.write(|tx| {
            group::open_profile(tx, &self.mls, group_id)?;
            reports::queue(
                tx,
                group_id,
                &id,
                ReportReason::SupportRequest,
                None,
                note.trim(),
                None,
                self.now_ms(),
            )
        })?;
        self.reports_changed(group_id);
        self.sync_wanted();
        Ok(id)
    }

    /// A report (or request for support) made inside a one-to-one talk goes to the
    /// facilitators of the circle where the talk began, never to the other person of the
    /// talk; a reported message goes as our quote (they have no copy of it).
    fn report_from_talk(
        &self,
        talk: &GroupId,
        (origin, other): (GroupId, Vec<u8>),
        id: &str,
        reason: ReportReason,
        message_id: Option<&MessageId>,
        comment: &str,
    ) -> Result<String> {
        self.store.write(|tx| {
            let gone = Error::NotPermitted {
                action: "reach the facilitators of the circle this talk began in (it is no longer on this phone): end the talk or block them",
            };
            let (profile, me) = group::open_profile(tx, &self.mls, &origin).map_err(|_| gone)?;
            if !reports::has_recipient_besides(tx, &origin, &profile, &me, &other)? {
                return Err(Error::NotPermitted {
                    action: "reach another facilitator of the circle this talk began in (there is none): end the talk or block them",
                });
            }
            let quote = match message_id {
                Some(message_id) => {
                    let message = messages::get(tx, talk, message_id)?
                        .filter(|m| !m.deleted)
                        .ok_or(Error::NotFound { what: "message" })?;
                    let author = messages::sender_of(tx, talk, message_id)?;
                    if author.is_none() || author == Some(group::our_key(tx, talk)?) {
                        return Err(Error::invalid(
                            "message_id",
                            "only the other person's messages can be reported",
                        ));
                    }
                    let body: String = message.body.chars().take(TALK_QUOTE_MAX).collect();
                    Some(TalkQuote {
                        author: message.sender_name.unwrap_or_default(),
                        body,
                        sent_at_ms: message.sent_at_ms,
                    })
                }
                None => None,
            };
            let from = reports::FromTalk { quote, other };
            reports::queue(
                tx,
                &origin,
                id,
                reason,
                None,
                comment.trim(),
                Some(&from),
                self.now_ms(),
            )
        })?;
        self.reports_changed(&origin);
        self.sync_wanted();
        Ok(id.to_string())
    }

    /// The reports this phone opened for the circle (facilitators and co-facilitators only
    /// receive any), open ones first; handled ones too when asked.
    pub fn circle_reports(
        &self,
        group_id: &GroupId,
        include_handled: bool,
    ) -> Result<Vec<CircleReport>> {
        self.store
            .read(|tx| reports::list(tx, group_id, include_handled))
    }

    /// Marks a report handled on this phone, or open again.
    pub fn set_report_handled(
        &self,
        group_id: &GroupId,
        report_id: &str,
        handled: bool,
    ) -> Result<()> {
        let found = self.store.write(|tx| {
            reports::set_handled(tx, group_id, report_id, handled.then(|| self.now_ms()))
        })?;
        if !found {
            return Err(Error::NotFound { what: "report" });
        }
        self.reports_changed(group_id);
        Ok(())
    }

    /// The reports and requests for support we made in the circle, newest first.
    pub fn sent_reports(&self, group_id: &GroupId) -> Result<Vec<SentReport>> {
        self.store.read(|tx| reports::sent(tx, group_id))
    }

    pub(crate) fn reports_changed(&self, group_id: &GroupId) {
        self.circle_event(Event::CircleReports {
            group_id: hex::encode(group_id),
        });
    }
}
