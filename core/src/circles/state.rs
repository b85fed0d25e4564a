//! Where this device's membership of a circle stands.

use super::profile::Role;
use crate::store::stored_enum;

/// Where our membership of a circle stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CircleState {
    /// We are in it and it is open.
    Active,
    /// We left it.
    Left,
    /// A facilitator removed us.
    Removed,
    /// Its facilitator closed it: it can be read, nothing more can be sent.
    Closed,
    /// We fell behind further than the relay keeps messages: a new invite code brings us
    /// back.
    Stalled,
    /// Someone added this device by its id: the person has not accepted yet, so nothing is
    /// sent (not even their name) and sync does not follow it. Accept or decline.
    Invited,
}

impl CircleState {
    /// Whether we are in the circle and it is open (posting and syncing go on).
    pub fn is_active(self) -> bool {
        self == CircleState::Active
    }
}

/// What an invitation says ([`CircleState::Invited`]), beside the circle's name and
/// guidelines: who added the person, and what accepting and declining do.
pub fn invitation_notice(added_by: Option<Role>) -> String {
    let who = match added_by {
        Some(Role::Facilitator) => "its facilitator",
        Some(Role::CoFacilitator) => "a co-facilitator",
        Some(Role::Member) | None => "a member",
    };
    format!(
        "You were added to this circle by {who}. Nothing is shared with it, not even your \
         name, until you accept. Declining removes it from this phone and tells nobody."
    )
}

// `left` and `removed` are stored in `circles.state`; `closed`, `stalled` and `invited` are
// read from their own columns (see `group::circle_row`), which the same names describe.
stored_enum!(CircleState, "circle state", {
    CircleState::Active => "active",
    CircleState::Left => "left",
    CircleState::Removed => "removed",
    CircleState::Closed => "closed",
    CircleState::Stalled => "stalled",
    CircleState::Invited => "invited",
});

#[cfg(test)]
mod tests {
    #[test]
    fn every_circle_state_round_trips_and_an_unknown_one_is_corrupt() {
        crate::store::round_trips::<super::CircleState>();
    }
}
