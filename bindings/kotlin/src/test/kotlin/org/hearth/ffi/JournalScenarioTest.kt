package org.hearth.ffi

import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom
import java.time.OffsetDateTime
import java.util.concurrent.CopyOnWriteArrayList

/**
 * A person's journal through the generated Kotlin and the host library (JNA): the path the
 * Android app takes, run on the JVM.
 */
class JournalScenarioTest {
    @TempDir
    lateinit var tmp: File

    private val note = "walked by the canal with Priya, felt lighter afterwards"
    private val entryText = "Quiet evening. The lighthouse painting is nearly done."

    private fun at(day: Int, hour: Int): Moment {
        val t = OffsetDateTime.parse(String.format("2026-03-%02dT%02d:00:00-05:00", day, hour))
        return Moment(unixMs = t.toInstant().toEpochMilli(), offsetSeconds = -5 * 3600)
    }

    private fun date(day: Int) = LocalDate(year = 2026, month = 3u, day = day.toUByte())

    private class Recorder : HearthListener {
        val events = CopyOnWriteArrayList<HearthEvent>()
        override fun onEvent(event: HearthEvent) {
            events += event
        }

        fun waitFor(predicate: (List<HearthEvent>) -> Boolean): List<HearthEvent> {
            val deadline = System.nanoTime() + 5_000_000_000
            while (System.nanoTime() < deadline) {
                if (predicate(events)) return events.toList()
                Thread.sleep(10)
            }
            throw AssertionError("events never matched: $events")
        }
    }

    @Test
    fun `the whole journal through the bindings`() = runBlocking<Unit> {
        val key = ByteArray(32).also { SecureRandom().nextBytes(it) }
        val dir = File(tmp, "profile").path

        createProfileWithKey(dir, key, "Sam").closeProfile()
        assertThrows<HearthException.WrongKey> { openProfileWithKey(dir, ByteArray(32)) }
        assertThrows<HearthException.ProfileNotFound> { openProfileWithKey(File(tmp, "none").path, key) }
        val shortKey = assertThrows<HearthException.InvalidInput> { openProfileWithKey(dir, ByteArray(5)) }
        assertEquals("key", shortKey.field)

        val client = openProfileWithKey(dir, key)
        assertEquals("Sam", client.identity().displayName)
        val recorder = Recorder()
        val subscription = client.subscribe(recorder)

        val saved = listOf(2 to 2, 3 to 4, 4 to 3, 5 to 5).map { (day, mood) ->
            client.addCheckin(
                CheckinDraft(
                    at = at(day, 20),
                    mood = mood.toUByte(),
                    emotions = listOf("calm", "Wistful"),
                    tags = if (mood >= 4) listOf("walk") else listOf("work"),
                    sleepHours = 7.5,
                    note = if (day == 5) note else null,
                ),
            )
        }
        assertEquals(date(5), saved[3].localDate)
        assertEquals(listOf("calm", "wistful"), saved[3].emotions)
        val badMood = assertThrows<HearthException.InvalidInput> { client.addCheckin(CheckinDraft(mood = 9u)) }
        assertEquals("mood", badMood.field)

        val entry = client.addEntry(EntryDraft(at = at(5, 21), body = entryText, checkinId = saved[3].id))
        assertEquals(listOf(saved[3].id, saved[1].id), client.checkins(JournalQuery(tag = "walk")).map { it.id })
        assertEquals(
            listOf(3, 4),
            client.checkins(JournalQuery(since = date(3), until = date(4))).map { it.mood.toInt() }.sorted(),
        )
        assertEquals(listOf(SearchHitKind.CHECKIN to saved[3].id), client.search("canal", 10u).map { it.kind to it.id })
        assertEquals(listOf(entry.id), client.search("lighthouse", 10u).map { it.id })
        assertEquals(listOf("wistful"), client.emotions().custom)

        val insights = client.insights(InsightsRequest(since = date(1), today = date(5)))
        assertEquals(4u, insights.checkinCount)
        assertEquals(3.5, insights.meanMood!!, 1e-9)
        assertEquals(listOf(2.0, 4.0, 3.0, 5.0), insights.byDay.map { it.mean })
        assertEquals(4u, insights.streaks.current)
        val walk = insights.tags.first { it.tag == "walk" }
        assertEquals(4.5, walk.mood.meanWith!!, 1e-9)
        assertEquals(Confidence.NOT_ENOUGH_DATA, walk.mood.confidence)

        val outcome = client.recordSurvey(Instrument.PHQ9, listOf(1u, 1u, 2u, 1u, 0u, 1u, 1u, 0u, 1u), null)
        outcome as SurveyOutcome.SafetyConcern
        assertEquals(SafetyConcern.SelfHarmThoughts(answer = 1u), outcome.concern)
        assertTrue(outcome.guidance.contains("988"))
        assertEquals(8u, outcome.result.score)
        assertTrue(client.recordSurvey(Instrument.GAD7, List(7) { 0u }, null) is SurveyOutcome.Recorded)
        assertThrows<HearthException.InvalidInput> { client.recordSurvey(Instrument.GAD2, listOf(0u, 300u), null) }

        val settings = client.setReminderSettings(
            ReminderSettings(
                enabled = true,
                timeZone = "America/New_York",
                schedule = ReminderSchedule.FixedTimes(listOf(TimeOfDay(20u, 0u), TimeOfDay(9u, 30u))),
            ),
        )
        assertEquals(
            ReminderSchedule.FixedTimes(listOf(TimeOfDay(9u, 30u), TimeOfDay(20u, 0u))),
            settings.schedule,
        )
        assertEquals(at(5, 20).unixMs, client.nextReminders(at(5, 12).unixMs, 3u).first().unixMs)

        val events = recorder.waitFor { evs -> evs.any { it is HearthEvent.RemindersChanged } }
        assertEquals(saved.map { it.id }, events.filterIsInstance<HearthEvent.CheckinSaved>().map { it.id })
        assertTrue(HearthEvent.EntrySaved(entry.id) in events)
        assertEquals(2, events.count { it is HearthEvent.SurveyRecorded })

        val backup = client.exportBackup("a long backup passphrase")
        assertFalse(String(backup, Charsets.ISO_8859_1).contains("canal"))
        val other = createProfileWithPassphrase(File(tmp, "second").path, "another passphrase", "Sam")
        assertThrows<HearthException.BackupWrongPassphrase> { other.importBackup(backup, "not it at all") }
        assertThrows<HearthException.BackupDamaged> {
            other.importBackup(backup.copyOf(backup.size - 10), "a long backup passphrase")
        }
        val summary = other.importBackup(backup, "a long backup passphrase")
        assertEquals(Triple(4u, 1u, 2u), Triple(summary.checkinsAdded, summary.entriesAdded, summary.surveysAdded))
        assertEquals(saved[3].id, other.search("canal", 10u).single().id)
        assertTrue(client.exportJson().contains(note))

        subscription.cancel()
        assertFalse(subscription.isActive())
        val before = recorder.events.size
        client.deleteEntry(entry.id)
        Thread.sleep(200)
        assertEquals(before, recorder.events.size)
        assertThrows<HearthException.NotFound> { client.entry(entry.id) }

        client.closeProfile()
        other.closeProfile()
        assertThrows<HearthException.Closed> { client.identity() }
        for (file in File(dir).listFiles()!!) {
            val bytes = String(file.readBytes(), Charsets.ISO_8859_1)
            assertFalse(bytes.startsWith("SQLite format 3"), file.name)
            assertFalse(bytes.contains("canal") || bytes.contains("lighthouse"), file.name)
        }
    }

    @Test
    fun `concurrent calls from coroutines all land`() = runBlocking<Unit> {
        val client = createProfileWithKey(File(tmp, "p").path, ByteArray(32) { 3 }, "Sam")
        val ids = (1..20).map { i -> async { client.addCheckin(CheckinDraft(mood = (1 + i % 5).toUByte())).id } }.awaitAll()
        assertEquals(20, ids.toSet().size)
        assertEquals(20, client.checkins(JournalQuery()).size)
        client.deleteEverything()
        assertFalse(File(tmp, "p").exists())
        assertThrows<HearthException.Closed> { client.checkins(JournalQuery()) }
    }
}
