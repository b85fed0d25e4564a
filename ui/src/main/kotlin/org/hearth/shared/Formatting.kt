package org.hearth.shared

import org.hearth.ffi.Confidence
import org.hearth.ffi.Moment
import org.hearth.ffi.Severity
import java.time.Instant
import java.time.OffsetDateTime
import java.time.ZoneId
import java.time.ZoneOffset
import java.time.format.DateTimeFormatter
import java.time.format.FormatStyle
import java.util.Locale

/** Words and numbers as the screens show them (English first; the shells localise later). */
object Formatting {
    private val moodWords = listOf("Very low", "Low", "Okay", "Good", "Very good")

    /** The word for a mood 1–5. */
    fun moodLabel(mood: Int): String {
        require(mood in 1..5) { "mood is from 1 to 5" }
        return moodWords[mood - 1]
    }

    /** What a screen reader says for a mood choice, e.g. "Mood 4 of 5: Good". */
    fun moodContentDescription(mood: Int, selected: Boolean): String =
        "Mood $mood of 5: ${moodLabel(mood)}" + if (selected) ", selected" else ""

    /** The wall-clock time the person saw, with the offset it was recorded in. */
    fun toOffsetDateTime(moment: Moment): OffsetDateTime =
        OffsetDateTime.ofInstant(
            Instant.ofEpochMilli(moment.unixMs),
            ZoneOffset.ofTotalSeconds(moment.offsetSeconds),
        )

    /** A moment as the person's clock showed it, e.g. "Mar 5, 2026, 8:00 PM". */
    fun moment(moment: Moment, locale: Locale = Locale.getDefault()): String =
        toOffsetDateTime(moment).format(
            DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT).withLocale(locale),
        )

    /** A chat message's time in this phone's zone: "8:05 PM" today, "Mar 5, 8:05 PM" before. */
    fun messageTime(
        unixMs: Long,
        now: Instant = Instant.now(),
        zone: ZoneId = ZoneId.systemDefault(),
        locale: Locale = Locale.getDefault(),
    ): String {
        val at = Instant.ofEpochMilli(unixMs).atZone(zone)
        val time = DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale).format(at)
        if (at.toLocalDate() == now.atZone(zone).toLocalDate()) return time
        return DateTimeFormatter.ofPattern("MMM d", locale).format(at) + ", " + time
    }

    /** Hours slept as "7 h 30 min", "8 h" or "45 min". */
    fun sleep(hours: Double): String {
        val minutes = Math.round(hours * 60).toInt()
        val h = minutes / 60
        val m = minutes % 60
        return when {
            h == 0 -> "$m min"
            m == 0 -> "$h h"
            else -> "$h h $m min"
        }
    }

    /** A mean mood to one decimal, e.g. "3.5". */
    fun mean(value: Double?): String = value?.let { String.format(Locale.ROOT, "%.1f", it) } ?: "–"

    /** The severity in plain words. */
    fun severity(severity: Severity): String = when (severity) {
        Severity.NONE -> "Minimal"
        Severity.MILD -> "Mild"
        Severity.MODERATE -> "Moderate"
        Severity.MODERATELY_SEVERE -> "Moderately severe"
        Severity.SEVERE -> "Severe"
    }

    /** How far a tag's difference can be trusted, in words. */
    fun confidence(confidence: Confidence): String = when (confidence) {
        Confidence.NOT_ENOUGH_DATA -> "Not enough check-ins yet"
        Confidence.LOW -> "Could be chance"
        Confidence.MODERATE -> "Likely a real pattern"
        Confidence.HIGH -> "A clear pattern"
    }

    /** A piece of a search snippet; matched words are highlighted. */
    data class SnippetPart(val text: String, val matched: Boolean)

    /** Splits a snippet whose matches are marked `[like this]` into parts to draw. */
    fun snippet(snippet: String): List<SnippetPart> {
        val parts = mutableListOf<SnippetPart>()
        var rest = snippet
        while (rest.isNotEmpty()) {
            val open = rest.indexOf('[')
            val close = if (open >= 0) rest.indexOf(']', open) else -1
            if (open < 0 || close < 0) {
                parts += SnippetPart(rest, false)
                break
            }
            if (open > 0) parts += SnippetPart(rest.substring(0, open), false)
            parts += SnippetPart(rest.substring(open + 1, close), true)
            rest = rest.substring(close + 1)
        }
        return parts
    }
}
