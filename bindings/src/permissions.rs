//! What this person may do with a message or a member, as the core decides it
//! (`hearth_core::circles::permissions`): the apps draw these choices and word them.

use hearth_core::circles::permissions as core;

use crate::circles::{CircleMember, CircleMessage, CircleSummary};

/// What a long press on a message offers, in the order to show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
pub enum MessageAction {
    /// Reply to it.
    Reply,
    /// Remove it for everyone.
    RemoveForEveryone,
    /// Pin it for everyone.
    Pin,
    /// Unpin it.
    Unpin,
    /// Report it to the facilitators (open the report form).
    Report,
    /// Mute its sender on this phone.
    MuteSender,
    /// Unmute its sender.
    UnmuteSender,
}

/// What a member's row offers, in the order to show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, uniffi::Enum)]
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
    /// Ask them for a one-to-one talk (`ask_to_talk`).
    AskToTalk,
}

impl From<core::MessageAction> for MessageAction {
    fn from(a: core::MessageAction) -> Self {
        use core::MessageAction as A;
        match a {
            A::Reply => MessageAction::Reply,
            A::RemoveForEveryone => MessageAction::RemoveForEveryone,
            A::Pin => MessageAction::Pin,
            A::Unpin => MessageAction::Unpin,
            A::Report => MessageAction::Report,
            A::MuteSender => MessageAction::MuteSender,
            A::UnmuteSender => MessageAction::UnmuteSender,
        }
    }
}

impl From<core::MemberAction> for MemberAction {
    fn from(a: core::MemberAction) -> Self {
        use core::MemberAction as A;
        match a {
            A::PauseHour => MemberAction::PauseHour,
            A::EndPause => MemberAction::EndPause,
            A::MakeCoFacilitator => MemberAction::MakeCoFacilitator,
            A::MakeMember => MemberAction::MakeMember,
            A::HandOver => MemberAction::HandOver,
            A::Remove => MemberAction::Remove,
            A::Mute => MemberAction::Mute,
            A::AskToTalk => MemberAction::AskToTalk,
            A::Unmute => MemberAction::Unmute,
        }
    }
}

/// The choices a long press on `message` offers in `circle`; `sender` is its sender as the
/// member list shows them (none once they left).
#[uniffi::export]
pub fn message_actions(
    circle: CircleSummary,
    message: CircleMessage,
    sender: Option<CircleMember>,
) -> Vec<MessageAction> {
    let context = core::MessageContext {
        circle_state: circle.state.into(),
        my_role: circle.role.into(),
        kind: message.kind.into(),
        deleted: message.deleted,
        pinned: message.pinned,
        from_me: message.from_me,
        has_sender: message.sender_key.is_some(),
        sender_role: sender.map(|s| s.role.into()),
        sender_muted: message.muted,
    };
    core::message_actions(&context)
        .into_iter()
        .map(Into::into)
        .collect()
}

/// The choices `member`'s row offers in `circle`, at `now_ms` (a pause that has ended is
/// none).
#[uniffi::export]
pub fn member_actions(
    circle: CircleSummary,
    member: CircleMember,
    now_ms: i64,
) -> Vec<MemberAction> {
    let context = core::MemberContext {
        circle_state: circle.state.into(),
        my_role: circle.role.into(),
        role: member.role.into(),
        is_me: member.is_me,
        paused: member.paused_until_ms.is_some_and(|until| until > now_ms),
        muted: member.muted,
        talk: circle.talk_with.is_some(),
        members_may_talk: circle.members_may_talk,
    };
    core::member_actions(&context)
        .into_iter()
        .map(Into::into)
        .collect()
}
