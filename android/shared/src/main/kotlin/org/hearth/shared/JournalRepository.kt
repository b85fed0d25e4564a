package org.hearth.shared

import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.transform
import kotlinx.coroutines.channels.BufferOverflow
import org.hearth.ffi.Checkin
import org.hearth.ffi.CheckinDraft
import org.hearth.ffi.Entry
import org.hearth.ffi.EntryDraft
import org.hearth.ffi.HearthClient
import org.hearth.ffi.HearthException
import org.hearth.ffi.Insights
import org.hearth.ffi.InsightsRequest
import org.hearth.ffi.Instrument
import org.hearth.ffi.JournalEvent
import org.hearth.ffi.JournalListener
import org.hearth.ffi.JournalQuery
import org.hearth.ffi.LocalDate
import org.hearth.ffi.SearchHit
import org.hearth.ffi.SurveyOutcome
import org.hearth.ffi.SurveyResult

/**
 * The journal as the screens see it: suspend calls for actions, and [Flow]s that reload when
 * the core says something changed. No Android APIs, so the JVM tests run it for real.
 */
class JournalRepository(val client: HearthClient) {
    /** Every change event, for as long as the flow is collected. */
    val events: Flow<JournalEvent> = callbackFlow {
        val subscription = client.subscribe(object : JournalListener {
            // Called on a Rust thread: hand over and return at once.
            override fun onEvent(event: JournalEvent) {
                trySendBlocking(event)
            }
        })
        awaitClose { subscription.cancel() }
    }.buffer(capacity = 64, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /** The newest check-ins, reloaded whenever check-ins change. */
    fun recentCheckins(limit: UInt = 50u): Flow<List<Checkin>> =
        reloadOn(::touchesCheckins) { client.checkins(JournalQuery(limit = limit)) }

    /** Journal entries, reloaded whenever entries change. */
    fun recentEntries(limit: UInt = 50u): Flow<List<Entry>> =
        reloadOn(::touchesEntries) { client.entries(JournalQuery(limit = limit)) }

    /** Insights for the last [days] days up to [today], reloaded when the data behind them changes. */
    fun insights(today: LocalDate, days: Int): Flow<Insights> =
        reloadOn({ touchesCheckins(it) || it is JournalEvent.SurveyRecorded }) {
            client.insights(InsightsRequest(since = daysBefore(today, days - 1), today = today))
        }

    /** Saves a check-in. */
    suspend fun addCheckin(draft: CheckinDraft): Checkin = client.addCheckin(draft)

    /** Saves a journal entry. */
    suspend fun addEntry(draft: EntryDraft): Entry = client.addEntry(draft)

    /** Past questionnaire results, newest first, reloaded when one is recorded or a backup is restored. */
    fun surveyHistory(): Flow<List<SurveyResult>> =
        reloadOn({ it is JournalEvent.SurveyRecorded || reloadAll(it) }) {
            client.surveyResults(null).asReversed() // the core lists oldest first
        }

    /** Full-text search; a blank query finds nothing without asking the core. */
    suspend fun search(text: String, limit: UInt = 50u): List<SearchHit> =
        if (text.isBlank()) emptyList() else client.search(text, limit)

    /** Scores and saves a questionnaire. */
    suspend fun recordSurvey(instrument: Instrument, answers: List<UInt>): SurveyOutcome =
        client.recordSurvey(instrument, answers, null)

    /**
     * [load] at once and after each relevant change. A refused load (say the profile was just
     * locked) is skipped rather than thrown into the screen: it keeps what it showed, and the
     * next change tries again.
     */
    private fun <T> reloadOn(relevant: (JournalEvent) -> Boolean, load: suspend () -> T): Flow<T> =
        changesOf(relevant).transform {
            val value = try { load() } catch (e: HearthException) { return@transform }
            emit(value)
        }

    /**
     * One signal at once, then one after each relevant change. The subscription is in place
     * before the first signal, so no change between the first load and listening is missed;
     * signals are conflated because each one means "reload", however many arrive.
     */
    private fun changesOf(relevant: (JournalEvent) -> Boolean): Flow<Unit> = callbackFlow {
        val subscription = client.subscribe(object : JournalListener {
            override fun onEvent(event: JournalEvent) {
                if (relevant(event)) trySend(Unit)
            }
        })
        send(Unit)
        awaitClose { subscription.cancel() }
    }.conflate()

    private companion object {
        fun touchesCheckins(e: JournalEvent) = e is JournalEvent.CheckinSaved ||
            e is JournalEvent.CheckinDeleted || reloadAll(e)

        fun touchesEntries(e: JournalEvent) = e is JournalEvent.EntrySaved ||
            e is JournalEvent.EntryDeleted || e is JournalEvent.CheckinDeleted || reloadAll(e)

        fun reloadAll(e: JournalEvent) = e is JournalEvent.JournalReplaced || e is JournalEvent.Missed

        fun daysBefore(day: LocalDate, days: Int): LocalDate {
            val d = java.time.LocalDate.of(day.year.toInt(), day.month.toInt(), day.day.toInt())
                .minusDays(days.toLong().coerceAtLeast(0))
            return d.toHearth()
        }
    }
}

/** A java.time date as the bindings take it. */
fun java.time.LocalDate.toHearth(): LocalDate =
    LocalDate(year = year.toShort(), month = monthValue.toUByte(), day = dayOfMonth.toUByte())

/** A bindings date as java.time's. */
fun LocalDate.toJava(): java.time.LocalDate = java.time.LocalDate.of(year.toInt(), month.toInt(), day.toInt())
