package org.hearth.shared

import org.hearth.ffi.CircleMember
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.MemberAction
import org.hearth.ffi.MessageAction
import org.hearth.ffi.Role
import org.hearth.ffi.memberActions
import org.hearth.ffi.messageActions

/**
 * The moderation choices a screen offers, as the core decides them
 * (`message_actions`, `member_actions`), and the chat's other wording. Platform-free, so
 * tested without a device.
 */
object ModerationMenu {
    fun forMessage(circle: CircleSummary, message: CircleMessage, sender: CircleMember?): List<MessageAction> =
        messageActions(circle, message, sender)

    fun forMember(circle: CircleSummary, member: CircleMember, nowMs: Long = System.currentTimeMillis()): List<MemberAction> =
        memberActions(circle, member, nowMs)

    /** Whether the chat shows the guidelines to accept instead of the composer. */
    fun needsAcceptance(circle: CircleSummary) =
        circle.state == CircleState.ACTIVE && circle.guidelinesAccepted < circle.guidelinesVersion

    /** The line a paused member sees, or null when they may post. */
    fun pausedNotice(circle: CircleSummary, nowMs: Long): String? {
        val until = circle.pausedUntilMs ?: return null
        if (until <= nowMs) return null
        val minutes = (until - nowMs + 59_999) / 60_000
        return Strings.paused(minutes, circle.pausedReason)
    }

    /** What a message shows instead of its text once it is gone or muted. */
    fun shownBody(message: CircleMessage, revealed: Boolean = false) = when {
        message.removedByFacilitator -> Strings.REMOVED_BY_FACILITATOR
        message.deleted -> Strings.MESSAGE_DELETED
        message.muted -> Strings.MUTED_MESSAGE
        collapsed(message) && !revealed -> RulesText.collapsed(message.breach?.explanation.orEmpty())
        else -> message.body
    }

    /** Whether a post that should have been held shows collapsed, until the reader opens it. */
    fun collapsed(message: CircleMessage) = message.breach?.collapsed == true && !message.deleted && !message.muted
}

/** Runs a message or member action through the repository. */
suspend fun CircleRepository.perform(circleId: String, action: MessageAction, message: CircleMessage) {
    when (action) {
        // Both open a sheet first: the composer's reply line, or the report form.
        MessageAction.REPLY, MessageAction.REPORT -> {}
        MessageAction.REMOVE_FOR_EVERYONE -> removeForEveryone(circleId, message.id)
        MessageAction.PIN -> pin(circleId, message.id, true)
        MessageAction.UNPIN -> pin(circleId, message.id, false)
        MessageAction.MUTE_SENDER -> mute(circleId, checkNotNull(message.senderKey), true)
        MessageAction.UNMUTE_SENDER -> mute(circleId, checkNotNull(message.senderKey), false)
    }
}

suspend fun CircleRepository.perform(circleId: String, action: MemberAction, member: CircleMember) {
    when (action) {
        MemberAction.PAUSE_HOUR -> pause(circleId, member.key, 3_600uL, "")
        MemberAction.END_PAUSE -> pause(circleId, member.key, 0uL, "")
        MemberAction.MAKE_CO_FACILITATOR -> client.setRole(circleId, member.key, Role.CO_FACILITATOR)
        MemberAction.MAKE_MEMBER -> client.setRole(circleId, member.key, Role.MEMBER)
        MemberAction.HAND_OVER -> handOver(circleId, member.key, Role.CO_FACILITATOR)
        MemberAction.REMOVE -> removeMember(circleId, member.key)
        MemberAction.MUTE -> mute(circleId, member.key, true)
        MemberAction.UNMUTE -> mute(circleId, member.key, false)
        MemberAction.ASK_TO_TALK -> askToTalk(circleId, member.key)
    }
}
