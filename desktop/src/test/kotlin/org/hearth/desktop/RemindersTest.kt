package org.hearth.desktop

import java.nio.file.Files
import java.time.Instant
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest
import org.hearth.ffi.ReminderSchedule
import org.hearth.ffi.ReminderSettings
import org.hearth.ffi.TimeOfDay
import org.hearth.ffi.createProfileWithKey
import org.hearth.shared.Strings
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test

/** The desktop's reminders while it runs: the core's next times, as notifications naming nothing. */
@OptIn(ExperimentalCoroutinesApi::class)
class RemindersTest {
    @Test
    fun a_check_in_reminder_arrives_at_its_time_and_says_only_the_invitation() = runTest {
        val dir = Files.createTempDirectory("hearth-reminders").toFile().also { it.deleteOnExit() }
        val client = createProfileWithKey(dir.path, ByteArray(32) { 7 }, "Robin")
        try {
            client.setReminderSettings(ReminderSettings(true, "UTC", ReminderSchedule.FixedTimes(listOf(TimeOfDay(20u, 0u)))))
            val start = Instant.parse("2026-12-06T19:59:00Z").toEpochMilli()
            val shown = mutableListOf<Pair<String, String>>()
            val platform = DesktopPlatform(
                backgroundScope,
                window = { null },
                notify = { title, text -> shown += title to text },
                clock = { start + testScheduler.currentTime },
            )
            platform.scheduleReminders(client)
            runCurrent()
            advanceTimeBy(59_000)
            runCurrent()
            assertEquals(emptyList<Pair<String, String>>(), shown, "early")
            advanceTimeBy(2_000)
            runCurrent()
            assertEquals(listOf(Strings.REMINDER_TITLE to Strings.REMINDER_TEXT), shown)
            // The next one is tomorrow at the same time, not sooner.
            advanceTimeBy(23 * 3_600_000L)
            runCurrent()
            assertEquals(1, shown.size)
            advanceTimeBy(3_600_000L)
            runCurrent()
            assertEquals(2, shown.size)
        } finally {
            client.closeProfile()
        }
    }
}
