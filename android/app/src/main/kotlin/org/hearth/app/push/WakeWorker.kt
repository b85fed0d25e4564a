package org.hearth.app.push

import android.app.Notification
import android.app.NotificationManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import androidx.work.CoroutineWorker
import androidx.work.ExistingWorkPolicy
import androidx.work.OneTimeWorkRequestBuilder
import androidx.work.OutOfQuotaPolicy
import androidx.work.WorkManager
import androidx.work.WorkerParameters
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import org.hearth.app.HearthApp
import org.hearth.app.MainActivity
import org.hearth.ffi.HearthException
import org.hearth.ffi.PushTarget
import org.hearth.shared.Launch
import org.hearth.shared.Strings
import org.hearth.shared.WakeHandler
import org.hearth.shared.WakeOutcome
import org.hearth.shared.WakeRepository

/**
 * A wake's work, as an expedited job (a push service gives a woken app seconds; WorkManager
 * keeps it running and retries a sync that failed): the shared [WakeHandler] syncs and asks
 * the core what to say, and this posts it. A notification names no circle unless the person
 * chose that, and shows nothing on the lock screen. While Hearth is on screen nothing is
 * posted: the open app is already showing the news.
 */
class WakeWorker(context: Context, params: WorkerParameters) : CoroutineWorker(context, params) {
    override suspend fun doWork(): Result {
        val app = applicationContext as HearthApp
        if (app.inForeground) return Result.success()
        return try {
            when (val outcome = WakeHandler.handle(app.gate, open = null)) {
                is WakeOutcome.Notify -> post(outcome.notice.text)
                WakeOutcome.Locked -> post(Strings.WAKE_WHILE_LOCKED)
                WakeOutcome.Nothing -> Unit
            }
            Result.success()
        } catch (e: HearthException.Network) {
            if (runAttemptCount < 3) Result.retry() else Result.success()
        }
    }

    private fun post(text: String) {
        val open = PendingIntent.getActivity(
            applicationContext, 0, Intent(applicationContext, MainActivity::class.java), PendingIntent.FLAG_IMMUTABLE,
        )
        val notification = Notification.Builder(applicationContext, CHANNEL)
            .setSmallIcon(android.R.drawable.stat_notify_chat)
            .setContentTitle(Strings.APP_NAME)
            .setContentText(text)
            .setContentIntent(open)
            .setAutoCancel(true)
            .setVisibility(Notification.VISIBILITY_SECRET)
            .build()
        applicationContext.getSystemService(NotificationManager::class.java).notify(NOTIFICATION_ID, notification)
    }

    companion object {
        /** The notification channel for new messages (made by [HearthApp]). */
        const val CHANNEL = "messages"
        private const val NOTIFICATION_ID = 3
        private const val WORK = "wake"

        /** Queues a wake's work; a wake that comes while one waits joins it. */
        fun enqueue(context: Context) {
            val request = OneTimeWorkRequestBuilder<WakeWorker>()
                .setExpedited(OutOfQuotaPolicy.RUN_AS_NON_EXPEDITED_WORK_REQUEST)
                .build()
            WorkManager.getInstance(context).enqueueUniqueWork(WORK, ExistingWorkPolicy.KEEP, request)
        }

        /** The push service gave a new address: tell the gateway (when wake-ups are on). */
        fun renew(context: Context, target: PushTarget) {
            val app = context.applicationContext as HearthApp
            CoroutineScope(Dispatchers.IO).launch {
                val launch = app.gate.launch() as? Launch.Ready ?: return@launch
                try {
                    runCatching { WakeRepository(launch.client).renew(target) }
                } finally {
                    launch.client.closeProfile()
                }
            }
        }
    }
}
