package org.hearth.shared

import org.hearth.ffi.Moment
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.util.Locale

class FormattingTest {
    @Test
    fun `moods have words and screen-reader descriptions`() {
        assertEquals("Very low", Formatting.moodLabel(1))
        assertEquals("Very good", Formatting.moodLabel(5))
        assertEquals("Mood 4 of 5: Good, selected", Formatting.moodContentDescription(4, selected = true))
        assertThrows<IllegalArgumentException> { Formatting.moodLabel(6) }
    }

    @Test
    fun `a moment shows the wall clock the person saw, not the phone's current zone`() {
        // 2026-03-08T09:30:00-05:00
        val m = Moment(unixMs = 1_772_980_200_000, offsetSeconds = -5 * 3600)
        assertEquals("2026-03-08T09:30-05:00", Formatting.toOffsetDateTime(m).toString())
        val shown = Formatting.moment(m, Locale.US)
        assert(shown.startsWith("Mar 8, 2026")) { shown }
        assert(shown.contains("9:30")) { shown }
    }

    @Test
    fun `a chat time is short today and carries the day before`() {
        val zone = java.time.ZoneId.of("America/New_York")
        val now = java.time.Instant.parse("2026-03-08T23:00:00Z") // 7 PM there
        val today = java.time.Instant.parse("2026-03-08T18:05:00Z").toEpochMilli()
        val before = java.time.Instant.parse("2026-03-05T01:05:00Z").toEpochMilli()
        assertEquals("2:05 PM", Formatting.messageTime(today, now, zone, Locale.US).replace('\u202f', ' '))
        assertEquals("Mar 4, 8:05 PM", Formatting.messageTime(before, now, zone, Locale.US).replace('\u202f', ' '))
    }

    @Test
    fun `sleep and means read naturally`() {
        assertEquals("7 h 30 min", Formatting.sleep(7.5))
        assertEquals("8 h", Formatting.sleep(8.0))
        assertEquals("45 min", Formatting.sleep(0.75))
        assertEquals("3.5", Formatting.mean(3.46))
        assertEquals("–", Formatting.mean(null))
    }

    @Test
    fun `search snippets split into highlighted parts`() {
        assertEquals(
            listOf(
                Formatting.SnippetPart("walked by the ", false),
                Formatting.SnippetPart("canal", true),
                Formatting.SnippetPart(" at dusk", false),
            ),
            Formatting.snippet("walked by the [canal] at dusk"),
        )
        assertEquals(listOf(Formatting.SnippetPart("no [close", false)), Formatting.snippet("no [close"))
    }
}
