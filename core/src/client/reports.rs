//! Reports on the client: a member reports a message to the circle's facilitators or asks
//! them for support; a facilitator's phone lists the reports it opened and marks them
//! handled. Sealing, signing and the facilitator inbox live in `circles::reports`.

use super::Client;
use crate::circles::reports::{self, CircleReport, ReportReason, SentReport, REPORT_COMMENT_MAX};
use crate::circles::{group, messages};
use crate::circles::{GroupId, MessageId};
use crate::error::{Error, Result};
use crate::events::Event;

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
        self.store.write(|tx| {
            group::open_profile(tx, &self.mls, group_id)?;
            reports::queue(
                tx,
                group_id,
                &id,
                ReportReason::SupportRequest,
                None,
                note.trim(),
                self.now_ms(),
            )
        })?;
        self.reports_changed(group_id);
        self.sync_wanted();
        Ok(id)
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
