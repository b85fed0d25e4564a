//! Invitations by one-time code: a facilitator's phone makes a code, a person types it (or
//! scans it) and joins, and the relay in between learns neither the code's secret, nor the
//! circle, nor who joined.
//!
//! - `code`: the code people read and type;
//! - `pake`: the key exchange the code's secret feeds, and the keys derived from it;
//! - `seal`: the fixed-size encryption of what travels under those keys;
//! - `contents`: what travels (the claim, the answer);
//! - `facilitator`: the inviting phone's records and steps (make, publish, finish the
//!   exchange once, admit or decline, answer, revoke, expire);
//! - `invitee`: the joining phone's records and steps (fetch the offer, claim, wait, join).
//!
//! The steps are driven by sync (`crate::sync`), each one transaction; the relay's side is
//! the invite mailbox (`hearth_protocol::invites`).

pub mod code;
pub(crate) mod contents;
pub(crate) mod facilitator;
pub(crate) mod invitee;
pub(crate) mod pake;
mod stage;

use std::time::Duration;

use zeroize::Zeroizing;

use crate::error::{Error, Result};

pub use code::{CodeError, InviteCode};
pub(crate) use stage::{InviteStage, JoinStage};

/// How long a code stays usable unless the facilitator says otherwise.
pub const DEFAULT_LIFETIME: Duration = Duration::from_secs(48 * 3600);
/// The longest a code may stay usable.
pub const MAX_LIFETIME: Duration = Duration::from_secs(hearth_protocol::MAX_INVITE_LIFETIME_SECS);
/// The shortest lifetime a code may be given.
pub const MIN_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// Longest private label, in characters.
pub const LABEL_MAX_CHARS: usize = 100;

/// What the app shows before a code is used: the invitee cannot check anything about the
/// circle until the facilitator's phone has let them in.
pub const BEFORE_JOINING_NOTICE: &str = "Nothing about the circle can be checked before you \
join: its name and guidelines arrive with your welcome. Use codes only from a facilitator \
you trust.";

/// What the app shows when a circle can no longer be followed.
pub const ASK_FOR_A_NEW_CODE: &str = "This phone can no longer follow the circle. Ask your \
facilitator for a new code to come back in.";

/// How a facilitator wants a code to work.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteOptions {
    /// How long the code can be used ([`MIN_LIFETIME`] to [`MAX_LIFETIME`]).
    pub lifetime: Duration,
    /// Admit whoever uses it at once, instead of asking the facilitator first.
    pub auto_admit: bool,
    /// A private note for the facilitator ("for Sam"); never leaves this phone.
    pub label: String,
}

impl Default for InviteOptions {
    fn default() -> Self {
        InviteOptions {
            lifetime: DEFAULT_LIFETIME,
            auto_admit: false,
            label: String::new(),
        }
    }
}

/// Where a code stands, as the facilitator sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InviteState {
    /// Nobody has used it yet.
    Open,
    /// Someone used it and is being admitted.
    Claimed,
    /// Someone used it; approve or decline them.
    WaitingForApproval,
    /// The person it brought in has joined (or their welcome is on its way).
    Used,
    /// The facilitator declined the person who used it.
    Declined,
    /// Someone used it with a wrong secret, so it no longer works (a typo, or someone
    /// guessing); or the relay would not register it.
    Failed,
    /// Its time ran out before anyone used it.
    Expired,
    /// The facilitator withdrew it.
    Revoked,
}

/// One code a facilitator made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    /// The code's public first part, which names it in lists and commands.
    pub nameplate: String,
    /// The circle it invites to.
    pub group_id: crate::circles::GroupId,
    /// The facilitator's private note.
    pub label: String,
    /// Whether whoever uses it is admitted without approval.
    pub auto_admit: bool,
    /// Where it stands.
    pub state: InviteState,
    /// Whether the relay has it yet (a code made offline is registered at the next sync).
    pub published: bool,
    /// The whole code, while it can still be shared (open and unused).
    pub code: Option<String>,
    /// The same as a `hearth://join#` link.
    pub link: Option<String>,
    /// The name the person who used it chose for the circle.
    pub invitee_name: Option<String>,
    /// The four words both phones show once the code was used, to compare in person.
    pub words: Option<String>,
    /// When it was made (Unix milliseconds).
    pub created_at_ms: i64,
    /// When it stops being usable (Unix seconds).
    pub expires_at: u64,
}

/// Where joining by code stands, as the invitee sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JoinState {
    /// The code is on its way to the relay.
    Sending,
    /// The relay has the request; the facilitator's phone answers when it next syncs.
    WaitingForFacilitator,
    /// In the circle.
    Joined,
    /// The facilitator declined.
    Declined,
    /// The code did not work (a wrong secret, or the request could not be used): check it,
    /// or ask for a new one.
    CodeDidNotWork,
    /// No open invite has this code: it expired, was used or withdrawn, or never existed.
    Unavailable,
}

impl JoinState {
    /// Whether joining ended without the person getting in (declined, a code that did not
    /// work, or one that cannot be used): nothing more will happen for this code.
    pub fn is_refused(self) -> bool {
        match self {
            JoinState::Declined | JoinState::CodeDidNotWork | JoinState::Unavailable => true,
            JoinState::Sending | JoinState::WaitingForFacilitator | JoinState::Joined => false,
        }
    }
}

/// One code this phone used to join.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InviteJoin {
    /// The code's public first part.
    pub nameplate: String,
    /// The name chosen for the circle.
    pub display_name: String,
    /// Where it stands.
    pub state: JoinState,
    /// The four words to compare with the facilitator, once the exchange ran.
    pub words: Option<String>,
    /// The circle, once joined.
    pub group_id: Option<crate::circles::GroupId>,
    /// When the code was entered (Unix milliseconds).
    pub created_at_ms: i64,
}

/// `N` bytes from the system's randomness, wiped when dropped.
pub(crate) fn random_bytes<const N: usize>() -> Result<Zeroizing<[u8; N]>> {
    let mut out = Zeroizing::new([0u8; N]);
    ring::rand::SecureRandom::fill(&ring::rand::SystemRandom::new(), &mut out[..])
        .map_err(|_| Error::Internal("the random generator failed"))?;
    Ok(out)
}

/// A fixed-size secret read back from the database (a seed or a key), wiped when dropped; a
/// stored value of the wrong length is damage, named by `detail`.
pub(crate) fn stored_secret<const N: usize>(
    stored: &[u8],
    detail: &'static str,
) -> Result<Zeroizing<[u8; N]>> {
    if stored.len() != N {
        return Err(Error::Corrupt { detail });
    }
    let mut out = Zeroizing::new([0u8; N]);
    out.copy_from_slice(stored);
    Ok(out)
}

/// SHA-256 of an owner or claim token: all the relay keeps of it.
pub(crate) fn token_hash(token: &[u8]) -> Vec<u8> {
    ring::digest::digest(&ring::digest::SHA256, token)
        .as_ref()
        .to_vec()
}

/// Unix seconds from Unix milliseconds.
pub(crate) fn seconds(ms: i64) -> u64 {
    u64::try_from(ms / 1000).unwrap_or(0)
}
