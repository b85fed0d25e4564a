package org.hearth.shared

import org.hearth.ffi.Invite
import org.hearth.ffi.InviteJoin
import org.hearth.ffi.InviteState
import org.hearth.ffi.JoinState
import java.time.Instant
import java.time.ZoneId
import java.util.Locale

/** What the invite screens say about a code or a join (English first, like [Formatting]). */
object InviteText {
    /** One line under a code in the facilitator's list. */
    fun state(
        invite: Invite,
        now: Instant = Instant.now(),
        zone: ZoneId = ZoneId.systemDefault(),
        locale: Locale = Locale.getDefault(),
    ): String {
        val who = invite.inviteeName ?: "Someone"
        return when (invite.state) {
            InviteState.OPEN ->
                if (!invite.published) "Open · reaches the relay at the next sync"
                else "Open · works once, until ${Formatting.messageTime(invite.expiresAtMs, now, zone, locale)}"
            InviteState.CLAIMED -> "$who used it · letting them in…"
            InviteState.WAITING_FOR_APPROVAL -> "$who is waiting for your answer"
            InviteState.USED -> "Used by $who"
            InviteState.DECLINED -> "You declined $who"
            InviteState.FAILED -> "Someone entered it wrongly, so it no longer works. Make a new one if you still need it."
            InviteState.EXPIRED -> "Expired unused"
            InviteState.REVOKED -> "Withdrawn"
        }
    }

    /** Where joining by a code stands, for the person joining. */
    fun state(join: InviteJoin): String = when (join.state) {
        JoinState.SENDING -> "Sending your request…"
        JoinState.WAITING_FOR_FACILITATOR ->
            "Waiting for the facilitator to let you in. It happens when their phone is next online."
        JoinState.JOINED -> "You're in."
        JoinState.DECLINED -> "The facilitator did not let you in with this code."
        JoinState.CODE_DID_NOT_WORK -> "This code did not work. Check it with your facilitator, or ask for a new one."
        JoinState.UNAVAILABLE ->
            "This code can't be used: it expired, was already used, or was withdrawn. Ask your facilitator for a new one."
    }

    /** The four words to compare in person, once both phones have them. */
    fun words(words: String?): String? =
        words?.let { "Compare these words with each other when you next meet: $it" }

    /**
     * What the share sheet sends: the link (a tap opens Hearth) and the code to type. Only
     * for the person it is for; whoever has it first can use it.
     */
    fun shareMessage(
        invite: Invite,
        now: Instant = Instant.now(),
        zone: ZoneId = ZoneId.systemDefault(),
        locale: Locale = Locale.getDefault(),
    ): String? {
        val code = invite.code ?: return null
        val link = invite.link ?: return null
        val until = Formatting.messageTime(invite.expiresAtMs, now, zone, locale)
        return "You're invited to a circle on Hearth. Open $link on your phone, or enter the code $code " +
            "in Hearth. It works once, until $until. Please keep it to yourself."
    }
}
