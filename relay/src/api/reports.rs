//! A circle's facilitator inbox: members post sealed reports under a mailbox capability (no
//! device identity), and only the mailbox's committers read them, by a fresh signature.

use crate::crypto;
use crate::error::Refusal;
use crate::extract::{Body, PathParam};
use crate::state::{now, AppState};
use crate::store::{AppendRefusal, NewReport, Store};
use axum::extract::State;
use axum::Json;
use hearth_protocol::{
    report_fetch_signing_input, ApiError, ErrorCode, FetchReports, PostReport, ReportPosted,
    Reports, REPORT_FETCH_WINDOW_S, REPORT_SIZE,
};
use std::sync::Arc;

use super::mailboxes::{check_post_ids, closed_or, mailbox_id};

/// The most reports one fetch returns.
const MAX_REPORTS: u32 = 100;

/// Leaves a sealed report in the circle's facilitator inbox.
#[utoipa::path(post, path = "/v1/mailboxes/{mailbox_id}/reports", request_body = PostReport,
    params(("mailbox_id" = String, Path, description = "The circle's group id, base64url")),
    responses((status = 200, body = ReportPosted), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 410, body = ApiError)))]
pub async fn post<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<PostReport>,
) -> Result<Json<ReportPosted>, Refusal> {
    let mailbox = mailbox_id(&id)?;
    check_post_ids(&req.client_id, &req.capability)?;
    if req.report.len() != REPORT_SIZE {
        return Err(Refusal::bad(format!(
            "a report must be exactly {REPORT_SIZE} bytes"
        )));
    }
    let report = NewReport {
        client_id: req.client_id.0,
        epoch: req.epoch,
        capability_hash: crypto::sha256(req.capability.as_slice()),
        report: req.report.0,
        now: now(),
        per_day_max: state.config.reports_per_day,
    };
    match state.store.post_report(mailbox.clone(), report).await? {
        Ok(posted) => Ok(Json(ReportPosted {
            seq: posted.seq,
            duplicate: posted.duplicate,
        })),
        Err(refusal) => Err(closed_or(&state, &mailbox, refused(refusal)).await?),
    }
}

/// Reads the facilitator inbox: for a committer of the mailbox, signed within minutes.
#[utoipa::path(post, path = "/v1/mailboxes/{mailbox_id}/reports/fetch", request_body = FetchReports,
    params(("mailbox_id" = String, Path, description = "The circle's group id, base64url")),
    responses((status = 200, body = Reports), (status = 400, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 410, body = ApiError)))]
pub async fn fetch<S: Store>(
    State(state): State<Arc<AppState<S>>>,
    PathParam(id): PathParam,
    Body(req): Body<FetchReports>,
) -> Result<Json<Reports>, Refusal> {
    let mailbox = mailbox_id(&id)?;
    if now().abs_diff(req.signed_at) > REPORT_FETCH_WINDOW_S {
        return Err(Refusal::new(
            ErrorCode::NotCommitter,
            "the signature is too old or from the future",
        ));
    }
    let input = report_fetch_signing_input(&mailbox, req.after, req.signed_at);
    if !crypto::verify_ed25519(req.committer.as_slice(), &input, req.signature.as_slice()) {
        return Err(Refusal::new(
            ErrorCode::NotCommitter,
            "the signature is not valid",
        ));
    }
    match state
        .store
        .fetch_reports(mailbox.clone(), req.committer.0, req.after, MAX_REPORTS)
        .await?
    {
        Ok(page) => Ok(Json(Reports {
            reports: page.reports,
            more: page.more,
        })),
        Err(refusal) => Err(closed_or(&state, &mailbox, refused(refusal)).await?),
    }
}

fn refused(r: AppendRefusal) -> Refusal {
    match r {
        AppendRefusal::NoMailbox => Refusal::new(ErrorCode::NotFound, "no such mailbox"),
        AppendRefusal::BadCapability => Refusal::new(
            ErrorCode::BadCapability,
            "the capability does not match the epoch",
        ),
        AppendRefusal::NotCommitter => Refusal::new(
            ErrorCode::NotCommitter,
            "only the circle's facilitators read its reports",
        ),
        // Sealed for an epoch older than the one before the current: seal it again.
        AppendRefusal::StaleEpoch { .. } => Refusal::new(
            ErrorCode::BadCapability,
            "reports are taken under the current epoch's capability or the one before",
        ),
        AppendRefusal::QuotaExceeded => Refusal::new(
            ErrorCode::QuotaExceeded,
            "the facilitator inbox takes no more reports today",
        ),
    }
}
