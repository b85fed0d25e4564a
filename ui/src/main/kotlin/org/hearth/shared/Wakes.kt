package org.hearth.shared

import org.hearth.ffi.HearthClient
import org.hearth.ffi.NotificationSettings
import org.hearth.ffi.PushTarget
import org.hearth.ffi.QuietHours
import org.hearth.ffi.WakeNotice
import org.hearth.ffi.parseTimeOfDay

/**
 * Where a phone's push service reaches it: Firebase Cloud Messaging, or a UnifiedPush
 * distributor the person chose. Each phone app gives one; the desktop has none (it keeps its
 * connection open while Hearth runs and needs no wake-ups).
 */
interface PushSource {
    /** The service's name as the person knows it ("Firebase Cloud Messaging", "ntfy"). */
    val name: String

    /**
     * Asks the platform for this device's push address. Throws [PushUnavailableException]
     * saying why when there is none (no distributor installed, no Google Play services).
     */
    suspend fun target(): PushTarget
}

/** The platform's push service cannot give an address; the message is worded for the person. */
class PushUnavailableException(message: String) : Exception(message)

/**
 * Wake-ups as the settings screens and the platform's push receiver see them: the gateway
 * this device is registered with, per circle whether new messages wake it, how the
 * notification reads, and what a wake shows once sync ran. The core decides all of it; no
 * Android APIs, so the JVM tests run it.
 */
class WakeRepository(private val client: HearthClient) {
    /** The push gateway this device is registered with, or null when wakes are off. */
    suspend fun gateway(): String? = client.wakeGateway()

    /** Registers this device's push address with the gateway at [gatewayUrl]. */
    suspend fun turnOn(gatewayUrl: String, source: PushSource) =
        client.registerForWakes(gatewayUrl.trim(), source.target())

    /** Deletes the registration at the gateway: nothing wakes this device any more. */
    suspend fun turnOff() = client.unregisterWakes()

    /** The platform gave a new push address (a new FCM token or UnifiedPush endpoint). */
    suspend fun renew(target: PushTarget) = client.renewPushTarget(target)

    /** Whether new messages in a circle wake this device. */
    suspend fun circleWakes(circleId: String): Boolean = client.circleWakes(circleId)

    /** "Don't wake me for this circle" (off) or back on. */
    suspend fun setCircleWakes(circleId: String, on: Boolean) = client.setCircleWakes(circleId, on)

    /** How wakes show. */
    suspend fun settings(): NotificationSettings = client.notificationSettings()

    /** Whether notifications name the circle. */
    suspend fun nameCircles(on: Boolean): NotificationSettings =
        client.setNotificationSettings(settings().copy(nameCircles = on))

    /**
     * Quiet hours from [from] to [until] as typed ("22:00", "7:00"; the core reads them) in
     * [timeZone], or none when [on] is false.
     */
    suspend fun quietHours(on: Boolean, from: String, until: String, timeZone: String): NotificationSettings {
        val quiet = if (on) QuietHours(parseTimeOfDay(from), parseTimeOfDay(until), timeZone) else null
        return client.setNotificationSettings(settings().copy(quietHours = quiet))
    }

    /**
     * What a wake shows: one sync pass ([sync]), then the notification the core decided, or
     * null (nothing new the person wants to hear of, or their quiet hours).
     */
    suspend fun afterWake(sync: suspend () -> Unit): WakeNotice? {
        sync()
        return client.noticeAfterWake()
    }
}

/** What a wake led to on a phone. */
sealed interface WakeOutcome {
    /** Show this notification. */
    data class Notify(val notice: WakeNotice) : WakeOutcome

    /** Nothing to tell: nothing new the person wants to hear of, or their quiet hours. */
    data object Nothing : WakeOutcome

    /**
     * The profile cannot be opened without the person (the key store would not unwrap the
     * key): show only [Strings.WAKE_WHILE_LOCKED], which names nothing.
     */
    data object Locked : WakeOutcome
}

/**
 * What a phone does when its push service wakes it, whatever the service: with the app's
 * open profile ([open]) or else by opening it through [gate] (and closing it afterwards), one
 * sync pass, then the notification the core decided. A failed sync is thrown, for the
 * platform's job scheduler to retry.
 */
object WakeHandler {
    suspend fun handle(gate: ProfileOpener, open: HearthClient?): WakeOutcome {
        val client = open ?: when (val launch = gate.launch()) {
            is Launch.Ready -> launch.client
            else -> return WakeOutcome.Locked
        }
        try {
            val notice = WakeRepository(client).afterWake { CircleRepository(client).syncNow() }
            return notice?.let(WakeOutcome::Notify) ?: WakeOutcome.Nothing
        } finally {
            if (open == null) client.closeProfile()
        }
    }
}
