package org.hearth.app

import android.app.Application
import android.app.NotificationChannel
import android.app.NotificationManager
import android.os.SystemClock
import androidx.lifecycle.DefaultLifecycleObserver
import androidx.lifecycle.LifecycleOwner
import androidx.lifecycle.ProcessLifecycleOwner
import org.hearth.app.push.WakeWorker
import org.hearth.shared.AppLockPolicy
import org.hearth.shared.ProfileGate
import java.io.File

/** Owns what lives as long as the process: the profile gate, the app lock, the platform, the channels. */
class HearthApp : Application() {
    lateinit var gate: ProfileGate
        private set

    /** Shared by every activity; the process lifecycle drives it. */
    val lock = AppLockPolicy(timeoutMs = 30_000)

    /** Whether Hearth is on screen (a wake then posts nothing: the app shows the news). */
    @Volatile
    var inForeground = false
        private set

    /** What the shared UI asks of Android. */
    lateinit var platform: AndroidPlatform
        private set

    override fun onCreate() {
        super.onCreate()
        gate = ProfileGate(File(noBackupFilesDir, "profile").path, KeystoreVault(this))
        platform = AndroidPlatform(this)
        val notifications = getSystemService(NotificationManager::class.java)
        notifications.createNotificationChannel(
            NotificationChannel(ReminderScheduler.CHANNEL, getString(R.string.reminder_channel), NotificationManager.IMPORTANCE_DEFAULT)
                .apply { lockscreenVisibility = android.app.Notification.VISIBILITY_SECRET },
        )
        notifications.createNotificationChannel(
            NotificationChannel(WakeWorker.CHANNEL, getString(R.string.messages_channel), NotificationManager.IMPORTANCE_DEFAULT)
                .apply { lockscreenVisibility = android.app.Notification.VISIBILITY_SECRET },
        )
        ProcessLifecycleOwner.get().lifecycle.addObserver(object : DefaultLifecycleObserver {
            override fun onStop(owner: LifecycleOwner) {
                inForeground = false
                lock.onBackground(SystemClock.elapsedRealtime())
            }
            override fun onStart(owner: LifecycleOwner) {
                inForeground = true
                lock.onForeground(SystemClock.elapsedRealtime())
            }
        })
    }
}
