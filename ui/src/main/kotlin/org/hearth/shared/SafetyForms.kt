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
        const val SENT_NOTICE = Strings.REPORT_SENT_NOTICE
    }
}

