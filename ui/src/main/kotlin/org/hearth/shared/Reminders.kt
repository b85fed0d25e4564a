package org.hearth.shared

import org.hearth.ffi.HearthClient
import org.hearth.ffi.Moment

/** What the shells need to schedule reminder notifications. */
object Reminders {
    /** Notification title: the app's name only. */
    const val TITLE = Strings.REMINDER_TITLE

    /** Notification text: an invitation that says nothing about the person or their journal. */
    const val TEXT = Strings.REMINDER_TEXT

    /** A meeting reminder's text: names no circle. */
    const val SESSION_TEXT = Strings.MEETING_SOON

    /** How many reminders ahead to schedule; rescheduled on every launch and settings change. */
    const val AHEAD = 14u

    /** The reminder times to schedule from [nowMs] on; empty when reminders are off. */
    suspend fun upcoming(client: HearthClient, nowMs: Long): List<Moment> = client.nextReminders(nowMs, AHEAD)
}
