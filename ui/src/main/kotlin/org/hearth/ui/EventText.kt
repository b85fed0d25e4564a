package org.hearth.ui

import org.hearth.ffi.CircleEvent
import org.hearth.ffi.DroppedChange
import org.hearth.ffi.EventPerson
import org.hearth.ffi.Role
import org.hearth.ffi.Undelivered

/**
 * A circle's system events in English, worded here from the records the core keeps (a
 * translation is one more object like this). Every event by name, so a new one fails to
 * compile until it has its words.
 */
object EventText {
    fun of(event: CircleEvent): String = when (event) {
        CircleEvent.Created -> "You created the circle."
        CircleEvent.YouJoined -> "You joined. Messages sent before you joined cannot be read."
        is CircleEvent.Joined -> "${event.who} joined. They can't read what was sent before."
        is CircleEvent.Left -> when (val who = event.who) {
            EventPerson.You -> "You left the circle."
            is EventPerson.Member -> "${who.name} left the circle."
        }
        is CircleEvent.Removed -> when (val who = event.who) {
            EventPerson.You -> "You were removed from the circle."
            is EventPerson.Member -> "${who.name} was removed from the circle."
        }
        is CircleEvent.Renamed -> "The circle was renamed to “${event.name}”."
        CircleEvent.DescriptionChanged -> "The circle's description changed."
        is CircleEvent.GuidelinesChanged -> "The guidelines changed (version ${event.version})."
        is CircleEvent.RoleGiven -> "${subject(event.who)} ${if (event.who == EventPerson.You) "are" else "is"} now ${role(event.role)}."
        is CircleEvent.RoleEnded -> "${subject(event.who)} ${if (event.who == EventPerson.You) "are" else "is"} no longer ${role(event.role)}."
        is CircleEvent.DisappearingOn -> "Messages now disappear ${duration(event.afterS)} after they arrive."
        CircleEvent.DisappearingOff -> "Messages no longer disappear."
        is CircleEvent.MeetingScheduled -> "A meeting was scheduled: ${event.title}."
        is CircleEvent.MeetingCancelled -> "A meeting was cancelled: ${event.title}."
        CircleEvent.Closed -> "The facilitator closed this circle."
        is CircleEvent.ChangeDropped -> when (event.why) {
            DroppedChange.NOT_PERMITTED -> "A change could not be made: your role no longer allows it."
            DroppedChange.NO_LONGER_THERE -> "A change could not be made: who it was about is no longer in the circle."
            DroppedChange.REFUSED -> "A change could not be made: the circle's rules refused it."
            DroppedChange.NO_INVITATION_KEYS -> "A member could not be added: their device has no invitation keys at the relay."
            DroppedChange.KEYS_NOT_THEIRS ->
                "A member could not be added: the relay's copy of their device's invitation keys was not signed by their device."
            DroppedChange.UNKNOWN -> "A change could not be made."
        }
        is CircleEvent.NotDelivered -> when (event.what) {
            Undelivered.INVITATION -> "A new member's invitation could not be delivered."
            Undelivered.MESSAGE -> "A message could not be sent."
            Undelivered.CHANGE -> "A change to the circle was refused by the relay."
        }
        is CircleEvent.CodeFailed ->
            "Someone tried invite code ${event.nameplate} with a wrong secret, so the code no longer works. If it was a typo, make a new code."
        is CircleEvent.Legacy -> event.text
    }

    private fun subject(who: EventPerson) = when (who) {
        EventPerson.You -> "You"
        is EventPerson.Member -> who.name
    }

    private fun role(role: Role) = when (role) {
        Role.FACILITATOR -> "a facilitator"
        Role.CO_FACILITATOR -> "a co-facilitator"
        Role.MEMBER -> "a member"
    }

    /** "1 hour", "7 days". */
    fun duration(seconds: ULong): String {
        val (n, unit) = when {
            seconds % 86_400uL == 0uL -> seconds / 86_400uL to "day"
            seconds % 3_600uL == 0uL -> seconds / 3_600uL to "hour"
            else -> (seconds + 59uL) / 60uL to "minute"
        }
        return "$n $unit" + if (n == 1uL) "" else "s"
    }
}
