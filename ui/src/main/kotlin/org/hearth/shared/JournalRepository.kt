package org.hearth.shared

import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.channels.trySendBlocking
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.channels.BufferOverflow
import org.hearth.ffi.Checkin
import org.hearth.ffi.CheckinDraft
import org.hearth.ffi.Entry
import org.hearth.ffi.EntryDraft
import org.hearth.ffi.HearthClient
import org.hearth.ffi.Insights
import org.hearth.ffi.InsightsRequest
import org.hearth.ffi.Instrument
import org.hearth.ffi.HearthEvent
import org.hearth.ffi.HearthListener
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
    val events: Flow<HearthEvent> = callbackFlow {
        val subscription = client.subscribe(object : HearthListener {
            // Called on a Rust thread: hand over and return at once.
            override fun onEvent(event: HearthEvent) {
                trySendBlocking(event)
            }
        })
        awaitClose { subscription.cancel() }
    }.buffer(capacity = 64, onBufferOverflow = BufferOverflow.DROP_OLDEST)

    /** The newest check-ins, reloaded whenever check-ins change. */
    fun recentCheckins(limit: UInt = 50u): Flow<List<Checkin>> =
        client.reloadOn(::touchesCheckins) { client.checkins(JournalQuery(limit = limit)) }

    /** Journal entries, reloaded whenever entries change. */
    fun recentEntries(limit: UInt = 50u): Flow<List<Entry>> =
        client.reloadOn(::touchesEntries) { client.entries(JournalQuery(limit = limit)) }

    /** Insights for the last [days] days up to [today], reloaded when the data behind them changes. */
    fun insights(today: LocalDate, days: Int): Flow<Insights> =
        client.reloadOn({ touchesCheckins(it) || it is HearthEvent.SurveyRecorded }) {
            client.insights(InsightsRequest(since = daysBefore(today, days - 1), today = today))
        }

    /** Saves a check-in. */
    suspend fun addCheckin(draft: CheckinDraft): Checkin = client.addCheckin(draft)

    /** Saves a journal entry. */
    suspend fun addEntry(draft: EntryDraft): Entry = client.addEntry(draft)

    /** Past questionnaire results, newest first, reloaded when one is recorded or a backup is restored. */
    fun surveyHistory(): Flow<List<SurveyResult>> =
        client.reloadOn({ it is HearthEvent.SurveyRecorded || reloadAll(it) }) {
            client.surveyResults(null).asReversed() // the core lists oldest first
        }

    /** Full-text search; a blank query finds nothing without asking the core. */
    suspend fun search(text: String, limit: UInt = 50u): List<SearchHit> =
        if (text.isBlank()) emptyList() else client.search(text, limit)

    /** Scores and saves a questionnaire. */
    suspend fun recordSurvey(instrument: Instrument, answers: List<UInt>): SurveyOutcome =
        client.recordSurvey(instrument, answers, null)

    private companion object {
        fun touchesCheckins(e: HearthEvent) = e is HearthEvent.CheckinSaved ||
            e is HearthEvent.CheckinDeleted || reloadAll(e)

        fun touchesEntries(e: HearthEvent) = e is HearthEvent.EntrySaved ||
            e is HearthEvent.EntryDeleted || e is HearthEvent.CheckinDeleted || reloadAll(e)

        fun reloadAll(e: HearthEvent) = e is HearthEvent.JournalReplaced || e is HearthEvent.Missed

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
