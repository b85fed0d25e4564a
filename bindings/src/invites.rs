//! Invite codes across the FFI: a facilitator's codes (make, list, revoke, approve or
//! decline the person who used one) and this phone's joins by code. Circles are named by
//! their hex id, codes by their nameplate (the public first part) or the whole code.
//!
//! Like every circle change, a call only stores the step; sync carries the exchange through
//! the relay, and `InviteChanged` / `JoinChanged` events say when it moved on.

use std::time::Duration;

use hearth_core::invites as core;

use crate::circles::circle_id;
use crate::client::HearthClient;
use crate::error::HearthError;

/// How a facilitator wants a new code to work. The defaults are the careful ones: 48 hours,
/// and each person approved before they join.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InviteOptions {
    /// How long the code can be used, in seconds (see [`invite_limits`]).
    #[uniffi(default = 172800)]
    pub lifetime_seconds: u64,
    /// Admit whoever uses the code at once, instead of asking first.
    #[uniffi(default = false)]
    pub auto_admit: bool,
    /// A private note ("for Sam"); it never leaves this phone.
    #[uniffi(default = "")]
    pub label: String,
}

/// The bounds a code's options must keep, for the screen that makes one.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InviteLimits {
    /// The lifetime a new code gets unless changed, in seconds.
    pub default_lifetime_seconds: u64,
    /// The shortest lifetime, in seconds.
    pub min_lifetime_seconds: u64,
    /// The longest lifetime, in seconds.
    pub max_lifetime_seconds: u64,
    /// The longest private label, in characters.
    pub label_max_chars: u32,
}

/// Where a code stands, as its facilitator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum InviteState {
    /// Nobody has used it yet: it can still be shared.
    Open,
    /// Someone used it and is being admitted.
    Claimed,
    /// Someone used it: approve or decline them.
    WaitingForApproval,
    /// The person it brought in has joined (or their welcome is on its way).
    Used,
    /// The facilitator declined the person who used it.
    Declined,
    /// Someone used it with a wrong secret (a typo, or someone guessing), so it no longer
    /// works; make a new one.
    Failed,
    /// Its time ran out before anyone used it.
    Expired,
    /// The facilitator withdrew it.
    Revoked,
}

/// One code a facilitator made.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct Invite {
    /// The code's public first part: what lists, approve, decline and revoke name it by.
    pub nameplate: String,
    /// The circle it invites to (hex id).
    pub circle_id: String,
    /// The facilitator's private note.
    pub label: String,
    /// Whether whoever uses it joins without approval.
    pub auto_admit: bool,
    /// Where it stands.
    pub state: InviteState,
    /// Whether the relay has it yet (a code made offline is registered at the next sync).
    pub published: bool,
    /// The whole code to read aloud or type, while it can still be shared.
    pub code: Option<String>,
    /// The same code as a `hearth://join#` link, for a QR code.
    pub link: Option<String>,
    /// The name the person who used it chose for the circle.
    pub invitee_name: Option<String>,
    /// Four words both phones show once the code was used, to compare in person.
    pub words: Option<String>,
    /// When it was made (Unix milliseconds).
    pub created_at_ms: i64,
    /// When it stops being usable (Unix milliseconds).
    pub expires_at_ms: i64,
}

/// Where joining by code stands on this phone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, uniffi::Enum)]
pub enum JoinState {
    /// The code is on its way to the relay.
    Sending,
    /// The relay has the request; the facilitator's phone answers when it next syncs.
    WaitingForFacilitator,
    /// In the circle.
    Joined,
    /// The facilitator declined.
    Declined,
    /// The code did not work (a wrong secret): check it, or ask for a new one.
    CodeDidNotWork,
    /// No open invite has this code: it expired, was used or withdrawn, or never existed.
    Unavailable,
}

/// One code this phone used to join a circle.
#[derive(Clone, Debug, PartialEq, Eq, uniffi::Record)]
pub struct InviteJoin {
    /// The code's public first part.
    pub nameplate: String,
    /// The name chosen for the circle.
    pub display_name: String,
    /// Where it stands.
    pub state: JoinState,
    /// Four words to compare with the facilitator, once the exchange ran.
    pub words: Option<String>,
    /// The circle (hex id), once joined.
    pub circle_id: Option<String>,
    /// When the code was entered (Unix milliseconds).
    pub created_at_ms: i64,
}

impl From<core::InviteState> for InviteState {
    fn from(s: core::InviteState) -> Self {
        match s {
            core::InviteState::Open => InviteState::Open,
            core::InviteState::Claimed => InviteState::Claimed,
            core::InviteState::WaitingForApproval => InviteState::WaitingForApproval,
            core::InviteState::Used => InviteState::Used,
            core::InviteState::Declined => InviteState::Declined,
            core::InviteState::Failed => InviteState::Failed,
            core::InviteState::Expired => InviteState::Expired,
            core::InviteState::Revoked => InviteState::Revoked,
        }
    }
}

impl From<core::Invite> for Invite {
    fn from(i: core::Invite) -> Self {
        Invite {
            nameplate: i.nameplate,
            circle_id: hex::encode(&i.group_id),
            label: i.label,
            auto_admit: i.auto_admit,
            state: i.state.into(),
            published: i.published,
            code: i.code,
            link: i.link,
            invitee_name: i.invitee_name,
            words: i.words,
            created_at_ms: i.created_at_ms,
            expires_at_ms: i64::try_from(i.expires_at)
                .unwrap_or(i64::MAX / 1000)
                .saturating_mul(1000),
        }
    }
}

impl From<core::JoinState> for JoinState {
    fn from(s: core::JoinState) -> Self {
        match s {
            core::JoinState::Sending => JoinState::Sending,
            core::JoinState::WaitingForFacilitator => JoinState::WaitingForFacilitator,
            core::JoinState::Joined => JoinState::Joined,
            core::JoinState::Declined => JoinState::Declined,
            core::JoinState::CodeDidNotWork => JoinState::CodeDidNotWork,
            core::JoinState::Unavailable => JoinState::Unavailable,
        }
    }
}

impl From<core::InviteJoin> for InviteJoin {
    fn from(j: core::InviteJoin) -> Self {
        InviteJoin {
            nameplate: j.nameplate,
            display_name: j.display_name,
            state: j.state.into(),
            words: j.words,
            circle_id: j.group_id.map(hex::encode),
            created_at_ms: j.created_at_ms,
        }
    }
}

impl From<InviteOptions> for core::InviteOptions {
    fn from(o: InviteOptions) -> Self {
        core::InviteOptions {
            lifetime: Duration::from_secs(o.lifetime_seconds),
            auto_admit: o.auto_admit,
            label: o.label,
        }
    }
}

/// The bounds for a new code's options.
#[uniffi::export]
pub fn invite_limits() -> InviteLimits {
    InviteLimits {
        default_lifetime_seconds: core::DEFAULT_LIFETIME.as_secs(),
        min_lifetime_seconds: core::MIN_LIFETIME.as_secs(),
        max_lifetime_seconds: core::MAX_LIFETIME.as_secs(),
        label_max_chars: u32::try_from(core::LABEL_MAX_CHARS).unwrap_or(u32::MAX),
    }
}

/// Checks a typed or scanned code (or `hearth://join#` link) without sending anything, and
/// returns it written the canonical way (`7KQ2M9-XD4F-PW8T`). A typo is caught here by the
/// check character: `InvalidInput` on field `code`, with a reason to show.
#[uniffi::export]
pub fn check_invite_code(code: String) -> Result<String, HearthError> {
    let parsed = core::InviteCode::parse(&code).map_err(hearth_core::Error::from)?;
    Ok(parsed.text().to_string())
}

/// What to show before a code is used: nothing about the circle can be checked until the
/// facilitator's phone lets the person in.
#[uniffi::export]
pub fn before_joining_notice() -> String {
    core::BEFORE_JOINING_NOTICE.to_owned()
}

/// What to show for a circle whose state is `Stalled`: ask the facilitator for a new code.
#[uniffi::export]
pub fn ask_for_a_new_code_notice() -> String {
    core::ASK_FOR_A_NEW_CODE.to_owned()
}

#[uniffi::export]
impl HearthClient {
    /// Makes a one-time code for a circle we may add people to (facilitators and
    /// co-facilitators). The relay learns of it at the next sync; share `code` or `link`.
    pub async fn create_invite(
        &self,
        circle_id: String,
        options: InviteOptions,
    ) -> Result<Invite, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let options = core::InviteOptions::from(options);
        Ok(self
            .call(move |c| c.create_invite(&id, &options))
            .await?
            .into())
    }

    /// A circle's codes, newest first, with where each stands.
    pub async fn invites(&self, circle_id: String) -> Result<Vec<Invite>, HearthError> {
        let id = self::circle_id(&circle_id)?;
        let all = self.call(move |c| c.invites(&id)).await?;
        Ok(all.into_iter().map(Into::into).collect())
    }

    /// Withdraws a code (by nameplate or whole code). Someone waiting for approval on it is
    /// declined.
    pub async fn revoke_invite(&self, code: String) -> Result<(), HearthError> {
        self.call(move |c| c.revoke_invite(&code)).await
    }

    /// Lets in the person waiting on a code; the Add goes out at the next sync.
    pub async fn approve_invite(&self, code: String) -> Result<(), HearthError> {
        self.call(move |c| c.approve_invite(&code)).await
    }

    /// Turns away the person waiting on a code; their phone is told at the next sync.
    pub async fn decline_invite(&self, code: String) -> Result<(), HearthError> {
        self.call(move |c| c.decline_invite(&code)).await
    }

    /// Starts joining a circle with a code (typed, or a `hearth://join#` link) under the
    /// name wanted there. Show [`before_joining_notice`] first. Typos are refused here,
    /// before anything is sent; sync does the rest.
    pub async fn join_with_code(
        &self,
        code: String,
        display_name: String,
    ) -> Result<InviteJoin, HearthError> {
        let code = zeroize::Zeroizing::new(code);
        Ok(self
            .call(move |c| c.join_with_code(&code, &display_name))
            .await?
            .into())
    }

    /// The codes this phone used to join, newest first, with where each stands.
    pub async fn invite_joins(&self) -> Result<Vec<InviteJoin>, HearthError> {
        let all = self.call(|c| c.invite_joins()).await?;
        Ok(all.into_iter().map(Into::into).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_options_default_matches_the_core() {
        // The FFI default is a literal (uniffi needs one); it must stay the core's default.
        assert_eq!(invite_limits().default_lifetime_seconds, 172_800);
        assert!(invite_limits().min_lifetime_seconds < 172_800);
        assert!(invite_limits().max_lifetime_seconds > 172_800);
    }

    #[test]
    fn a_typo_is_a_field_error_that_does_not_repeat_the_code() {
        let good = core::InviteCode::generate()
            .expect("random")
            .text()
            .to_string();
        assert_eq!(check_invite_code(good.to_lowercase()).expect("valid"), good);
        let mut typo: Vec<char> = good.chars().collect();
        typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
        let typo: String = typo.into_iter().collect();
        match check_invite_code(typo.clone()) {
            Err(HearthError::InvalidInput { field, reason }) => {
                assert_eq!(field, "code");
                assert!(!reason.contains(&typo));
            }
            other => panic!("expected a field error, got {other:?}"),
        }
    }
}
