//! The facilitator inbox: our reports posted, sealed to the current facilitators, and on a
//! facilitator's phone, the reports that arrived there.

use hearth_protocol::{FetchReports, PostReport, SealedReport};

use super::SyncSteps;
use crate::circles::reports;
use crate::circles::GroupId;
use crate::error::Result;

impl SyncSteps<'_> {
    /// Our next report to post, sealed to the current facilitators (none waits, or no
    /// facilitator's key is known yet).
    pub fn next_report(&self, group_id: &GroupId) -> Result<Option<(String, PostReport)>> {
        self.client
            .store
            .write(|tx| reports::next(tx, &self.client.mls, group_id))
    }

    /// The relay took report `report_id`.
    pub fn report_posted(&self, group_id: &GroupId, report_id: &str) -> Result<()> {
        self.client
            .store
            .write(|tx| reports::posted(tx, group_id, report_id, self.client.now_ms()))?;
        self.client.reports_changed(group_id);
        Ok(())
    }

    /// A signed request for the facilitator inbox, when we facilitate the circle.
    pub fn report_inbox_request(&self, group_id: &GroupId) -> Result<Option<FetchReports>> {
        let now_s = u64::try_from(self.client.now_ms() / 1000).unwrap_or(0);
        self.client
            .store
            .write(|tx| reports::fetch_request(tx, &self.client.mls, group_id, now_s))
    }

    /// What the facilitator inbox gave us; returns how many reports were new.
    pub fn reports_arrived(&self, group_id: &GroupId, sealed: &[SealedReport]) -> Result<usize> {
        let added = self.client.store.write(|tx| {
            reports::receive(tx, &self.client.mls, group_id, sealed, self.client.now_ms())
        })?;
        if added > 0 {
            self.client.reports_changed(group_id);
        }
        Ok(added)
    }
}
