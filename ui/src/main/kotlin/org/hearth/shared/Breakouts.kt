package org.hearth.shared

import kotlinx.coroutines.flow.Flow
import org.hearth.ffi.Breakout
import org.hearth.ffi.BreakoutMessage
import org.hearth.ffi.HearthEvent

/*
 * Breakout groups as the screens see them: a circle's groups and one group's posts as Flows
 * that reload when the core says they changed, and suspend calls for what people do. Who
 * sees which group, sealing and the end of time are the core's.
 */

private fun breakoutsChanged(circleId: String) = { e: HearthEvent ->
    (e is HearthEvent.BreakoutsChanged && e.circleId == circleId) || e is HearthEvent.Missed
}

/** The groups of [circleId] this phone holds, its own first. */
fun CircleRepository.breakouts(circleId: String): Flow<List<Breakout>> =
    client.reloadOn(breakoutsChanged(circleId)) { client.breakouts(circleId) }

/** The posts in one group, oldest first. */
fun CircleRepository.breakoutMessages(circleId: String, breakoutId: String): Flow<List<BreakoutMessage>> =
    client.reloadOn(breakoutsChanged(circleId)) { client.breakoutMessages(circleId, breakoutId) }

suspend fun CircleRepository.startBreakouts(circleId: String, size: Int, minutes: Int) {
    client.startBreakoutsAtRandom(circleId, size.toUInt(), minutes.toUInt())
    syncNow()
}

suspend fun CircleRepository.endBreakouts(circleId: String) {
    client.endBreakouts(circleId)
    syncNow()
}

suspend fun CircleRepository.postInBreakout(circleId: String, breakoutId: String, body: String) {
    client.postInBreakout(circleId, breakoutId, body)
    syncNow()
}

/** The words of breakout groups. */
object BreakoutText {
    const val BUTTON = "Breakout groups"
    const val NONE = "No breakout groups are running."
    const val START = "Split into groups"
    const val END = "End the groups now"
    const val SIZE = "People per group"
    const val MINUTES = "Minutes"
    const val PRIVATE = "Only the people in this group and the facilitators can read it. It's deleted from every phone when time is up."
    const val WRITE = "Write to your group"
    const val SEND = "Send"
    const val YOU = "You"

    fun title(group: Breakout): String = "${group.name}: ${group.members.joinToString(", ") { it.name }}"

    /** Minutes left, rounded up, as a person reads it. */
    fun left(group: Breakout, nowMs: Long): String {
        val minutes = ((group.endsAtMs - nowMs).coerceAtLeast(0) + 59_999) / 60_000
        return when (minutes) {
            0L -> "Time is up"
            1L -> "1 minute left"
            else -> "$minutes minutes left"
        }
    }
}
