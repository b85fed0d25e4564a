//! The stored states of a code's life on each phone. Each is finer than what the app shows
//! ([`InviteState`], [`JoinState`]: a code not yet at the relay is still open to the app) and
//! is stored under the app's own name for it, so one state machine has one vocabulary.

use super::{InviteState, JoinState};
use crate::store::stored_enum;

/// Where a code this phone made stands (`circle_invites.state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum InviteStage {
    /// Made here, not yet opened at the relay (made offline).
    Unpublished,
    /// At the relay, waiting for someone to use it.
    Open,
    /// Used; the facilitator approves or declines.
    WaitingForApproval,
    /// Approved (or admitted automatically); the Add waits for the relay.
    Claimed,
    /// Final: the person it brought in has their Welcome.
    Used,
    /// Final: declined, or the person's claim could not be used.
    Declined,
    /// Final: a wrong secret, or the relay would not register it.
    Failed,
    /// Final: its time ran out.
    Expired,
    /// Final: withdrawn.
    Revoked,
}

stored_enum!(InviteStage, "invite state", {
    InviteStage::Unpublished => "unpublished",
    InviteStage::Open => "open",
    InviteStage::WaitingForApproval => "waiting_for_approval",
    InviteStage::Claimed => "claimed",
    InviteStage::Used => "used",
    InviteStage::Declined => "declined",
    InviteStage::Failed => "failed",
    InviteStage::Expired => "expired",
    InviteStage::Revoked => "revoked",
});

impl InviteStage {
    /// What the app shows.
    pub(crate) fn shown(self) -> InviteState {
        match self {
            InviteStage::Unpublished | InviteStage::Open => InviteState::Open,
            InviteStage::WaitingForApproval => InviteState::WaitingForApproval,
            InviteStage::Claimed => InviteState::Claimed,
            InviteStage::Used => InviteState::Used,
            InviteStage::Declined => InviteState::Declined,
            InviteStage::Failed => InviteState::Failed,
            InviteStage::Expired => InviteState::Expired,
            InviteStage::Revoked => InviteState::Revoked,
        }
    }
}

/// Where a code this phone entered stands (`invite_joins.state`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum JoinStage {
    /// Entered; the invite's half of the exchange is fetched next.
    Entered,
    /// The claim is sealed and being sent.
    Claiming,
    /// The relay took the claim; the facilitator's phone answers when it next syncs.
    WaitingForFacilitator,
    /// Final: in the circle.
    Joined,
    /// Final: the facilitator declined.
    Declined,
    /// Final: the code did not work.
    CodeDidNotWork,
    /// Final: no open invite has this code.
    Unavailable,
}

stored_enum!(JoinStage, "invite join state", {
    JoinStage::Entered => "entered",
    JoinStage::Claiming => "claiming",
    JoinStage::WaitingForFacilitator => "waiting_for_facilitator",
    JoinStage::Joined => "joined",
    JoinStage::Declined => "declined",
    JoinStage::CodeDidNotWork => "code_did_not_work",
    JoinStage::Unavailable => "unavailable",
});

impl JoinStage {
    /// What the app shows.
    pub(crate) fn shown(self) -> JoinState {
        match self {
            JoinStage::Entered | JoinStage::Claiming => JoinState::Sending,
            JoinStage::WaitingForFacilitator => JoinState::WaitingForFacilitator,
            JoinStage::Joined => JoinState::Joined,
            JoinStage::Declined => JoinState::Declined,
            JoinStage::CodeDidNotWork => JoinState::CodeDidNotWork,
            JoinStage::Unavailable => JoinState::Unavailable,
        }
    }

    /// Whether joining by this code is still under way (so it is not entered again).
    pub(crate) fn under_way(self) -> bool {
        matches!(
            self,
            JoinStage::Entered | JoinStage::Claiming | JoinStage::WaitingForFacilitator
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_invite_and_join_stage_round_trips_and_an_unknown_one_is_corrupt() {
        crate::store::round_trips::<super::InviteStage>();
        crate::store::round_trips::<super::JoinStage>();
    }
}
