package org.hearth.shared

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.hearth.ffi.CheckinCard
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleReport
import org.hearth.ffi.HearthException
import org.hearth.ffi.ReportReason
import org.hearth.ffi.SessionOccurrence
import org.hearth.ffi.ShareChoice
import org.hearth.ffi.reportReasonLabel
import org.hearth.ffi.reportReasons
import java.time.Instant
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import java.util.Locale

/**
 * The report sheet: a reason from the list, an optional comment, and a kind error that keeps
 * what was typed. The report goes only to the circle's facilitators.
 */
class ReportForm(private val repository: CircleRepository, private val circleId: String, val message: CircleMessage) {
    data class State(
        val reason: ReportReason? = null,
        val comment: String = "",
        val error: String? = null,
        val sent: Boolean = false,
    ) {
        val canSend get() = reason != null && comment.length <= COMMENT_MAX && !sent
    }

    private val state = MutableStateFlow(State())
    val current: StateFlow<State> = state.asStateFlow()

    /** The reasons to offer, in order, with their labels. */
    val reasons: List<Pair<ReportReason, String>> = reportReasons().map { it to reportReasonLabel(it) }

    fun choose(reason: ReportReason) { state.value = state.value.copy(reason = reason, error = null) }
    fun comment(text: String) { state.value = state.value.copy(comment = text, error = null) }

    /** Sends the report; false (with [State.error]) when it was refused. */
    suspend fun send(): Boolean {
        val s = state.value
        val reason = s.reason ?: return false
        if (!s.canSend) return false
        return try {
            repository.report(circleId, message.id, reason, s.comment)
            state.value = s.copy(sent = true)
            true
        } catch (e: HearthException) {
            state.value = s.copy(error = ErrorText.of(e))
            false
        }
    }

    companion object {
        const val COMMENT_MAX = 500
        const val SENT_NOTICE = "Sent to the circle's facilitators. Only they can read it; nobody else can tell."
    }
}

/** What screens say about reports, shared cards and meetings. */
object SafetyText {
    /** A report's lines on a facilitator's screen: who and why, then this phone's own copy. */
    fun report(r: CircleReport): List<String> {
        val who = r.reporterName ?: "A member"
        val lines = mutableListOf(
            if (r.reason == ReportReason.SUPPORT_REQUEST) "$who would like support" else "${reportReasonLabel(r.reason)} — reported by $who",
        )
        if (r.messageId != null) {
            val copy = r.message
            lines += if (copy == null) {
                "The message is no longer on this device (deleted or disappeared)."
            } else {
                "${copy.senderName ?: "Someone"}: “${copy.body}”"
            }
        }
        if (r.comment.isNotBlank()) lines += "“${r.comment}”"
        return lines
    }

    /** A shared check-in card's lines: the mood, then each part that was shared. */
    fun card(c: CheckinCard): List<String> = buildList {
        add("Mood ${c.mood}/5 · ${c.day}")
        c.energy?.let { add("Energy $it/5") }
        if (c.emotions.isNotEmpty()) add("Feeling ${c.emotions.joinToString(", ")}")
        if (c.tags.isNotEmpty()) add(c.tags.joinToString(" ") { "#$it" })
        c.sleepMinutes?.let { add("Slept ${it.toInt() / 60}h${"%02d".format(it.toInt() % 60)}") }
        c.note?.let { add(it) }
    }

    /** What the share sheet says will be shared. */
    fun sharing(choice: ShareChoice): String {
        val parts = listOfNotNull(
            "your mood",
            "energy".takeIf { choice.energy },
            "emotions".takeIf { choice.emotions },
            "tags".takeIf { choice.tags },
            "sleep".takeIf { choice.sleep },
            "your note".takeIf { choice.note },
        )
        val shared = if (parts.size == 1) parts[0] else parts.dropLast(1).joinToString(", ") + " and " + parts.last()
        return "The circle will see $shared." + if (choice.note) "" else " Your note stays private."
    }

    /** A coming meeting as a row, in the phone's own time zone. */
    fun session(o: SessionOccurrence, zone: ZoneId, locale: Locale = Locale.getDefault()): String {
        val start = Instant.ofEpochMilli(o.startsAt.unixMs).atZone(zone)
        val end = Instant.ofEpochMilli(o.endsAt.unixMs).atZone(zone)
        val day = DateTimeFormatter.ofPattern("EEE d MMM, HH:mm", locale)
        val time = DateTimeFormatter.ofPattern("HH:mm", locale)
        return "${o.title} · ${day.format(start)}–${time.format(end)} · ${o.circleName}"
    }
}
