//! The invite mailbox: where a facilitator's phone and an invitee's phone run the invite
//! code's key exchange and pass each other sealed messages, without the relay learning the
//! code's secret, the circle, or who joined.
//!
//! An invite is found by its **nameplate** (the code's public first six characters). The
//! facilitator's phone opens it with its half of the exchange and the hash of an owner token;
//! an invitee reads that half, then claims the invite once with its own half and a sealed,
//! fixed-size claim, under the hash of a claim token; the facilitator's phone later posts a
//! sealed answer that the invitee fetches. To anyone without the right token, an invite that
//! does not exist, has expired, was revoked or was already claimed looks the same:
//! [`crate::ErrorCode::Unavailable`], with a body of the same bytes each time.

use crate::Bytes;
use serde::{Deserialize, Serialize};

#[cfg(feature = "openapi")]
use utoipa::ToSchema;

/// The header that carries an owner or claim token (unpadded base64url, 32 bytes).
pub const INVITE_TOKEN_HEADER: &str = "x-hearth-invite-token";

/// Characters of a nameplate.
pub const NAMEPLATE_LEN: usize = 6;

/// Bytes of an owner or claim token.
pub const INVITE_TOKEN_LEN: usize = 32;

/// Bytes of a sealed claim: every claim is exactly this long.
pub const CLAIM_SIZE: usize = 4096;

/// The sizes a sealed answer may have (a Welcome grows with the circle).
pub const ANSWER_SIZES: [usize; 4] = [4096, 16384, 65536, 262144];

/// Longest an invite may stay open: 7 days.
pub const MAX_INVITE_LIFETIME_SECS: u64 = 7 * 24 * 3600;

/// How far a phone's clock may be from the relay's and still be taken as right: people set
/// their phones' clocks themselves, and ten minutes off is common enough. Two phones may be
/// twice this apart. A code's expiry is written on its facilitator's phone clock, so the
/// relay keeps a code this long past it.
pub const CLOCK_SKEW_SECS: u64 = 10 * 60;

/// The reason every refusal of an unavailable invite carries, word for word.
pub const UNAVAILABLE_REASON: &str = "this invite is unavailable";

/// Whether `text` is a nameplate: six characters of Crockford's base32, upper case.
pub fn is_nameplate(text: &str) -> bool {
    text.len() == NAMEPLATE_LEN
        && text
            .bytes()
            .all(|b| b"0123456789ABCDEFGHJKMNPQRSTVWXYZ".contains(&b))
}

/// `PUT /v1/invites/{nameplate}`: opens an invite.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct CreateInvite {
    /// The facilitator's key-exchange message (SPAKE2, 33 bytes).
    pub message: Bytes,
    /// Unix seconds after which no claim is taken (at most 7 days ahead).
    pub expires_at: u64,
    /// SHA-256 of the owner token that reads the claim, answers and revokes.
    pub owner_hash: Bytes,
}

/// `GET /v1/invites/{nameplate}`: an open invite's key-exchange message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InviteOffer {
    /// The facilitator's key-exchange message.
    pub message: Bytes,
}

/// `POST /v1/invites/{nameplate}/claim`: claims an open invite, once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct ClaimInvite {
    /// SHA-256 of the claim token that fetches the answer. Claiming again with the same
    /// hash (an answer that was lost) gets the same success; any other claim is refused.
    pub claim_hash: Bytes,
    /// The invitee's key-exchange message (SPAKE2, 33 bytes).
    pub message: Bytes,
    /// The sealed claim, exactly [`CLAIM_SIZE`] bytes.
    pub sealed: Bytes,
}

/// `GET /v1/invites/{nameplate}/claim` (owner token): whether the invite was claimed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InviteClaim {
    /// The claim, once an invitee made it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claim: Option<Claimed>,
}

/// A claim as the facilitator's phone reads it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct Claimed {
    /// The invitee's key-exchange message.
    pub message: Bytes,
    /// The sealed claim.
    pub sealed: Bytes,
    /// Unix seconds when the relay took the claim (never after the invite's expiry).
    pub claimed_at: u64,
}

/// `POST /v1/invites/{nameplate}/answer` (owner token): the sealed answer for the invitee.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct AnswerInvite {
    /// One of [`ANSWER_SIZES`] bytes.
    pub sealed: Bytes,
}

/// `GET /v1/invites/{nameplate}/answer` (claim token): the answer, once there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(ToSchema))]
pub struct InviteAnswer {
    /// The sealed answer; absent while the facilitator's phone has not answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Bytes>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nameplates_are_six_upper_case_crockford_characters() {
        assert!(is_nameplate("7KQ2M9"));
        assert!(is_nameplate("000000"));
        for bad in [
            "7kq2m9", "7KQ2M", "7KQ2M90", "7KQ2MI", "7KQ2MO", "7KQ-M9", "",
        ] {
            assert!(!is_nameplate(bad), "{bad}");
        }
    }
}
