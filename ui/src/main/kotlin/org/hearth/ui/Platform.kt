package org.hearth.ui

import androidx.compose.runtime.staticCompositionLocalOf
import org.hearth.ffi.HearthClient
import org.hearth.shared.PushSource

/**
 * What the shared screens ask of the platform they run on, and nothing else: each app (Android,
 * the desktop) gives one implementation, and the screens never import a platform API. Tests
 * give a recording one.
 */
interface Platform {
    /** Reaching a crisis line: a phone dials, texts or opens the chat; the desktop copies the number. */
    val crisisContact: CrisisContact

    /** The person's region (ISO 3166 alpha-2, "US"), for the crisis directory. */
    val region: String

    /**
     * Hands `text` (an invite message) to the person to pass on: the share sheet on a phone; on
     * the desktop it is copied. Returns what the screen should say afterwards, if anything.
     */
    fun share(text: String): String?

    /**
     * Asks where to save `bytes` (a backup or an export) under `suggestedName`, and saves them.
     * Returns false when the person cancelled.
     */
    suspend fun saveFile(suggestedName: String, mimeType: String, bytes: () -> ByteArray): Boolean

    /** Asks for a file to open (a backup to restore) and reads it; null when cancelled. */
    suspend fun openFile(): ByteArray?

    /** Schedules the reminders the core computes for `client` (check-ins and meetings). */
    suspend fun scheduleReminders(client: HearthClient)

    /**
     * How this device is woken for new messages while Hearth is closed: a phone's push
     * service. Null where the app keeps its own connection while it runs (the desktop).
     */
    val push: PushSource? get() = null
}

/** The platform of the app the screens run in. Each app provides it at its root. */
val LocalPlatform = staticCompositionLocalOf<Platform> { error("no Platform provided: wrap the UI in HearthApp") }
