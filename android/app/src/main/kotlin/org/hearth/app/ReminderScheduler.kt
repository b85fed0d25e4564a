package org.hearth.app

import android.app.AlarmManager
import android.app.Notification
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import org.hearth.ffi.HearthClient
import org.hearth.shared.Launch
import org.hearth.shared.Reminders

/** Which reminder an alarm is for: each has its own words, none names a circle or a goal. */
enum class ReminderKind { CHECKIN, SESSION, GOAL }

/**
 * Schedules the next check-in, circle-meeting and goal reminders as inexact alarms (no
 * exact-alarm permission needed). The core decides the times; a notification says only "A
 * moment to check in?" (or that a circle meets soon, or "A small step for today?"), and
 * nothing at all on the lock screen.
 */
object ReminderScheduler {
    const val CHANNEL = "reminders"

    /** Replaces every scheduled reminder with the next ones from the profile's settings. */
    suspend fun reschedule(context: Context, client: HearthClient) {
        val alarms = context.getSystemService(AlarmManager::class.java)
        repeat(Reminders.AHEAD.toInt()) { alarms.cancel(pending(context, it)) }
        Reminders.upcoming(client, System.currentTimeMillis()).forEachIndexed { i, moment ->
            alarms.setWindow(AlarmManager.RTC_WAKEUP, moment.unixMs, 60_000, pending(context, i))
        }
    }

    /** How many goal reminders stay scheduled ahead. */
    private const val GOALS_AHEAD = 10
    /** Request codes of goal reminders start here. */
    private const val GOAL_CODES = 2000

    /** Replaces the goal reminders with the next ones the core computes (days still to do). */
    suspend fun rescheduleGoals(context: Context, client: HearthClient) {
        val alarms = context.getSystemService(AlarmManager::class.java)
        repeat(GOALS_AHEAD) { alarms.cancel(pending(context, GOAL_CODES + it, ReminderKind.GOAL)) }
        client.nextGoalReminders(null, GOALS_AHEAD.toUInt()).forEachIndexed { i, r ->
            alarms.setWindow(AlarmManager.RTC_WAKEUP, r.at.unixMs, 60_000, pending(context, GOAL_CODES + i, ReminderKind.GOAL))
        }
    }

    /** How many circle-meeting reminders stay scheduled ahead. */
    private const val SESSIONS_AHEAD = 10
    /** Request codes of meeting reminders start here (check-in reminders use 0 up). */
    private const val SESSION_CODES = 1000

    /**
     * Replaces the circle-meeting reminders with the next ones the core computes (30 minutes
     * before each meeting, in every active circle). The notification names no circle.
     */
    suspend fun rescheduleSessions(context: Context, client: HearthClient) {
        val alarms = context.getSystemService(AlarmManager::class.java)
        repeat(SESSIONS_AHEAD) { alarms.cancel(pending(context, SESSION_CODES + it, ReminderKind.SESSION)) }
        val now = System.currentTimeMillis()
        client.upcomingSessions(null, SESSIONS_AHEAD.toUInt())
            .filter { it.remindAt.unixMs > now }
            .forEachIndexed { i, o ->
                alarms.setWindow(AlarmManager.RTC_WAKEUP, o.remindAt.unixMs, 60_000, pending(context, SESSION_CODES + i, ReminderKind.SESSION))
            }
    }

    private fun pending(context: Context, index: Int, kind: ReminderKind = ReminderKind.CHECKIN): PendingIntent = PendingIntent.getBroadcast(
        context,
        index,
        Intent(context, ReminderReceiver::class.java).putExtra(EXTRA_KIND, kind.name),
        PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
    )

    internal const val EXTRA_KIND = "kind"

    internal fun post(context: Context, kind: ReminderKind = ReminderKind.CHECKIN) {
        val open = PendingIntent.getActivity(
            context, 0, Intent(context, MainActivity::class.java), PendingIntent.FLAG_IMMUTABLE,
        )
        val notification = Notification.Builder(context, CHANNEL)
            .setSmallIcon(android.R.drawable.ic_popup_reminder)
            .setContentTitle(context.getString(R.string.reminder_title))
            .setContentText(
                context.getString(
                    when (kind) {
                        ReminderKind.CHECKIN -> R.string.reminder_text
                        ReminderKind.SESSION -> R.string.session_reminder_text
                        ReminderKind.GOAL -> R.string.goal_reminder_text
                    },
                ),
            )
            .setVisibility(Notification.VISIBILITY_SECRET)
            .setContentIntent(open)
            .setAutoCancel(true)
            .build()
        context.getSystemService(NotificationManager::class.java).notify(kind.ordinal + 1, notification)
    }
}

/** Posts the reminder notification when an alarm fires. */
class ReminderReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) = ReminderScheduler.post(
        context,
        ReminderKind.entries.firstOrNull { it.name == intent.getStringExtra(ReminderScheduler.EXTRA_KIND) } ?: ReminderKind.CHECKIN,
    )
}

/** Alarms do not survive a restart: schedule them again from the profile. */
class BootReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action != Intent.ACTION_BOOT_COMPLETED) return
        val app = context.applicationContext as HearthApp
        val done = goAsync()
        CoroutineScope(Dispatchers.Default).launch {
            try {
                val launch = app.gate.launch()
                if (launch is Launch.Ready) {
                    ReminderScheduler.reschedule(context, launch.client)
                    ReminderScheduler.rescheduleSessions(context, launch.client)
                    ReminderScheduler.rescheduleGoals(context, launch.client)
                    launch.client.closeProfile()
                }
            } finally {
                done.finish()
            }
        }
    }
}
