//! What this person may do with a message or a member, decided here once from the rules the
//! core enforces (and refuses otherwise), so the apps draw the choices and never decide them:
//! facilitators and co-facilitators moderate, only a facilitator acts on a facilitator or
//! changes roles, everyone replies and mutes others on their own phone, and nothing is
//! offered in a circle we are not active in.

use super::messages::MessageKind;
use super::profile::Role;
use super::state::CircleState;

/// What a long press on a message offers, in the order to show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MessageAction {
    /// Reply to it.
    Reply,
    /// Remove it for everyone (moderators).
    RemoveForEveryone,
    /// Pin it for everyone (moderators).
    Pin,
    /// Unpin it (moderators).
    Unpin,
    /// Report it to the facilitators.
    Report,
    /// Mute its sender on this phone.
    MuteSender,
    /// Unmute its sender.
    UnmuteSender,
}

/// What a member's row offers, in the order to show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MemberAction {
    /// Pause their posting for an hour.
    PauseHour,
    /// End their pause.
    EndPause,
    /// Make them a co-facilitator.
    MakeCoFacilitator,
    /// Make them a member again.
    MakeMember,
    /// Hand the circle over to them.
    HandOver,
    /// Remove them from the circle.
    Remove,
    /// Mute them on this phone.
    Mute,
    /// Unmute them.
    Unmute,
    /// Ask them for a one-to-one talk.
    AskToTalk,
}

/// What the choices about a message depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MessageContext {
    /// Where our membership stands.
    pub circle_state: CircleState,
    /// Our role in the circle.
    pub my_role: Role,
    /// A member's message or a system event.
    pub kind: MessageKind,
    /// Whether it was deleted or removed.
    pub deleted: bool,
    /// Whether it is pinned.
    pub pinned: bool,
    /// Whether we sent it.
    pub from_me: bool,
    /// Whether a member sent it (system events have no sender).
    pub has_sender: bool,
    /// Its sender's role, when they are still a member.
    pub sender_role: Option<Role>,
    /// Whether its sender is muted on this phone.
    pub sender_muted: bool,
}

/// What the choices about a member depend on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MemberContext {
    /// Where our membership stands.
    pub circle_state: CircleState,
    /// Our role in the circle.
    pub my_role: Role,
    /// Their role.
    pub role: Role,
    /// Whether this is us.
    pub is_me: bool,
    /// Whether their posting is paused now.
    pub paused: bool,
    /// Whether we muted them.
    pub muted: bool,
    /// Whether the circle is itself a one-to-one talk (nothing to do with its other person
    /// but talk, end or block, which the chat offers).
    pub talk: bool,
    /// Whether members may ask each other for talks here.
    pub members_may_talk: bool,
}

fn moderates(role: Role) -> bool {
    matches!(role, Role::Facilitator | Role::CoFacilitator)
}

/// Whether `me` may moderate someone with role `target`: only a facilitator acts on a
/// facilitator.
fn may_act_on(me: Role, target: Option<Role>) -> bool {
    moderates(me) && (target != Some(Role::Facilitator) || me == Role::Facilitator)
}

/// The choices a long press on a message offers.
pub fn message_actions(m: &MessageContext) -> Vec<MessageAction> {
    if !m.circle_state.is_active() || m.kind != MessageKind::Text || m.deleted {
        return Vec::new();
    }
    let mut actions = vec![MessageAction::Reply];
    if may_act_on(m.my_role, m.sender_role) {
        actions.push(MessageAction::RemoveForEveryone);
    }
    if moderates(m.my_role) {
        actions.push(if m.pinned {
            MessageAction::Unpin
        } else {
            MessageAction::Pin
        });
    }
    if !m.from_me && m.has_sender {
        actions.push(MessageAction::Report);
        actions.push(if m.sender_muted {
            MessageAction::UnmuteSender
        } else {
            MessageAction::MuteSender
        });
    }
    actions
}

/// The choices a member's row offers.
pub fn member_actions(m: &MemberContext) -> Vec<MemberAction> {
    if !m.circle_state.is_active() || m.is_me || m.talk {
        return Vec::new();
    }
    let mut actions = Vec::new();
    // The same rule the core applies when asking (`CircleProfile::may_ask_to_talk`).
    if m.members_may_talk || moderates(m.my_role) || moderates(m.role) {
        actions.push(MemberAction::AskToTalk);
    }
    if may_act_on(m.my_role, Some(m.role)) {
        actions.push(if m.paused {
            MemberAction::EndPause
        } else {
            MemberAction::PauseHour
        });
        actions.push(MemberAction::Remove);
    }
    if m.my_role == Role::Facilitator {
        match m.role {
            Role::Member => actions.push(MemberAction::MakeCoFacilitator),
            Role::CoFacilitator => actions.push(MemberAction::MakeMember),
            Role::Facilitator => {}
        }
        actions.push(MemberAction::HandOver);
    }
    actions.push(if m.muted {
        MemberAction::Unmute
    } else {
        MemberAction::Mute
    });
    actions
}

#[cfg(test)]
mod tests {
    use super::*;
    use MessageAction as A;

    fn message(my_role: Role, sender_role: Option<Role>) -> MessageContext {
        MessageContext {
            circle_state: CircleState::Active,
            my_role,
            kind: MessageKind::Text,
            deleted: false,
            pinned: false,
            from_me: false,
            has_sender: true,
            sender_role,
            sender_muted: false,
        }
    }

    fn member(my_role: Role, role: Role) -> MemberContext {
        MemberContext {
            circle_state: CircleState::Active,
            my_role,
            role,
            is_me: false,
            paused: false,
            muted: false,
            talk: false,
            members_may_talk: false,
        }
    }

    #[test]
    fn members_reply_report_and_mute_and_moderators_moderate_within_their_role() {
        let m = Some(Role::Member);
        assert_eq!(
            message_actions(&message(Role::Member, m)),
            [A::Reply, A::Report, A::MuteSender]
        );
        assert_eq!(
            message_actions(&message(Role::CoFacilitator, m)),
            [
                A::Reply,
                A::RemoveForEveryone,
                A::Pin,
                A::Report,
                A::MuteSender
            ]
        );
        // A co-facilitator does not remove a facilitator's message; a facilitator does.
        let f = Some(Role::Facilitator);
        assert!(!message_actions(&message(Role::CoFacilitator, f)).contains(&A::RemoveForEveryone));
        assert!(message_actions(&message(Role::Facilitator, f)).contains(&A::RemoveForEveryone));
        // Our own message: no report, no mute; pinned shows unpin; muted shows unmute.
        let own = MessageContext {
            from_me: true,
            pinned: true,
            ..message(Role::Facilitator, f)
        };
        assert_eq!(
            message_actions(&own),
            [A::Reply, A::RemoveForEveryone, A::Unpin]
        );
        let muted = MessageContext {
            sender_muted: true,
            ..message(Role::Member, m)
        };
        assert!(message_actions(&muted).contains(&A::UnmuteSender));
    }

    #[test]
    fn nothing_is_offered_on_a_system_line_a_deleted_message_or_outside_an_active_circle() {
        let m = Some(Role::Member);
        for context in [
            MessageContext {
                kind: MessageKind::System,
                has_sender: false,
                ..message(Role::Facilitator, None)
            },
            MessageContext {
                deleted: true,
                ..message(Role::Facilitator, m)
            },
            MessageContext {
                circle_state: CircleState::Invited,
                ..message(Role::Facilitator, m)
            },
            MessageContext {
                circle_state: CircleState::Closed,
                ..message(Role::Facilitator, m)
            },
        ] {
            assert!(message_actions(&context).is_empty(), "{context:?}");
        }
    }

    #[test]
    fn only_a_facilitator_changes_roles_and_hands_over_and_everyone_mutes() {
        use MemberAction as B;
        assert_eq!(
            member_actions(&member(Role::Facilitator, Role::Member)),
            [
                B::AskToTalk,
                B::PauseHour,
                B::Remove,
                B::MakeCoFacilitator,
                B::HandOver,
                B::Mute
            ]
        );
        assert_eq!(
            member_actions(&member(Role::Facilitator, Role::CoFacilitator)),
            [
                B::AskToTalk,
                B::PauseHour,
                B::Remove,
                B::MakeMember,
                B::HandOver,
                B::Mute
            ]
        );
        assert_eq!(
            member_actions(&member(Role::CoFacilitator, Role::Member)),
            [B::AskToTalk, B::PauseHour, B::Remove, B::Mute]
        );
        assert_eq!(
            member_actions(&member(Role::CoFacilitator, Role::Facilitator)),
            [B::AskToTalk, B::Mute]
        );
        assert_eq!(
            member_actions(&member(Role::Member, Role::Member)),
            [B::Mute],
            "members ask members only where the circle allows it"
        );
        let allowed = MemberContext {
            members_may_talk: true,
            ..member(Role::Member, Role::Member)
        };
        assert_eq!(member_actions(&allowed), [B::AskToTalk, B::Mute]);
        let in_a_talk = MemberContext {
            talk: true,
            ..member(Role::Facilitator, Role::Facilitator)
        };
        assert!(member_actions(&in_a_talk).is_empty());
        let paused_muted = MemberContext {
            paused: true,
            muted: true,
            ..member(Role::Facilitator, Role::Member)
        };
        assert_eq!(member_actions(&paused_muted)[1], B::EndPause);
        assert!(member_actions(&paused_muted).contains(&B::Unmute));
        let me = MemberContext {
            is_me: true,
            ..member(Role::Facilitator, Role::Facilitator)
        };
        assert!(member_actions(&me).is_empty());
    }
}
