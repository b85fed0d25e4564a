//! Where this device's membership of a circle stands.

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
}

impl CircleState {
    /// Whether we are in the circle and it is open (posting and syncing go on).
    pub fn is_active(self) -> bool {
        self == CircleState::Active
    }
}

// `left` and `removed` are stored in `circles.state`; `closed` and `stalled` are read from
// their own columns (see `group::circle_row`), which the same names describe.
stored_enum!(CircleState, "circle state", {
    CircleState::Active => "active",
    CircleState::Left => "left",
    CircleState::Removed => "removed",
    CircleState::Closed => "closed",
    CircleState::Stalled => "stalled",
});

#[cfg(test)]
mod tests {
    #[test]
    fn every_circle_state_round_trips_and_an_unknown_one_is_corrupt() {
        crate::store::round_trips::<super::CircleState>();
    }
}
