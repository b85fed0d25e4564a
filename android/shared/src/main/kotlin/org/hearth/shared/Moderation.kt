package org.hearth.shared

import org.hearth.ffi.CircleMember
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleMessageKind
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Role

/** What a long press on a message offers. */
enum class MessageAction(val label: String) {
    REPLY("Reply"),
    REMOVE_FOR_EVERYONE("Remove for everyone"),
    PIN("Pin"),
    UNPIN("Unpin"),
    REPORT("Report to the facilitators"),
    MUTE_SENDER("Mute"),
    UNMUTE_SENDER("Unmute"),
}

/** What a member's row offers. */
enum class MemberAction(val label: String) {
    PAUSE_HOUR("Pause posting for 1 hour"),
    END_PAUSE("End the pause"),
    MAKE_CO_FACILITATOR("Make co-facilitator"),
    MAKE_MEMBER("Make member"),
    HAND_OVER("Hand the circle over"),
    REMOVE("Remove from circle"),
    MUTE("Mute"),
    UNMUTE("Unmute"),
}

/**
 * The moderation choices a screen offers, from the same rules the core enforces (which
 * refuses anything else anyway): facilitators and co-facilitators moderate, only a facilitator
 * acts on a facilitator, everyone mutes others on their own phone. Platform-free, so tested
 * without a device.
 */
object ModerationMenu {
    private fun moderates(role: Role) = role == Role.FACILITATOR || role == Role.CO_FACILITATOR

    private fun mayActOn(me: Role, target: Role?) = moderates(me) && (target != Role.FACILITATOR || me == Role.FACILITATOR)

    fun forMessage(circle: CircleSummary, message: CircleMessage, sender: CircleMember?): List<MessageAction> {
        if (circle.state != CircleState.ACTIVE || message.kind != CircleMessageKind.TEXT || message.deleted) return emptyList()
        val actions = mutableListOf(MessageAction.REPLY)
        if (mayActOn(circle.role, sender?.role)) actions += MessageAction.REMOVE_FOR_EVERYONE
        if (moderates(circle.role)) actions += if (message.pinned) MessageAction.UNPIN else MessageAction.PIN
        if (!message.fromMe && message.senderKey != null) {
            actions += MessageAction.REPORT
            actions += if (message.muted) MessageAction.UNMUTE_SENDER else MessageAction.MUTE_SENDER
        }
        return actions
    }

    fun forMember(circle: CircleSummary, member: CircleMember): List<MemberAction> {
        if (circle.state != CircleState.ACTIVE || member.isMe) return emptyList()
        val actions = mutableListOf<MemberAction>()
        if (mayActOn(circle.role, member.role)) {
            actions += if (member.pausedUntilMs != null) MemberAction.END_PAUSE else MemberAction.PAUSE_HOUR
            actions += MemberAction.REMOVE
        }
        if (circle.role == Role.FACILITATOR) {
            when (member.role) {
                Role.MEMBER -> actions += MemberAction.MAKE_CO_FACILITATOR
                Role.CO_FACILITATOR -> actions += MemberAction.MAKE_MEMBER
                Role.FACILITATOR -> {}
            }
            actions += MemberAction.HAND_OVER
        }
        actions += if (member.muted) MemberAction.UNMUTE else MemberAction.MUTE
        return actions
    }

    /** Whether the chat shows the guidelines to accept instead of the composer. */
    fun needsAcceptance(circle: CircleSummary) =
        circle.state == CircleState.ACTIVE && circle.guidelinesAccepted < circle.guidelinesVersion

    /** The line a paused member sees, or null when they may post. */
    fun pausedNotice(circle: CircleSummary, nowMs: Long): String? {
        val until = circle.pausedUntilMs ?: return null
        if (until <= nowMs) return null
        val minutes = (until - nowMs + 59_999) / 60_000
        val why = if (circle.pausedReason.isBlank()) "" else " “${circle.pausedReason}”"
        return "A facilitator paused your posting for $minutes more minute${if (minutes == 1L) "" else "s"}.$why You can still read."
    }

    /** What a message shows instead of its text once it is gone or muted. */
    fun shownBody(message: CircleMessage) = when {
        message.removedByFacilitator -> "Removed by a facilitator"
        message.deleted -> "Message deleted"
        message.muted -> "Muted · long-press to unmute"
        else -> message.body
    }
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
    }
}
