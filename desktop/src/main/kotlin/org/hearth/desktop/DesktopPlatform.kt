package org.hearth.desktop

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.swing.Swing
import kotlinx.coroutines.withContext
import org.hearth.ffi.HearthClient
import org.hearth.shared.GoalText
import org.hearth.shared.Reminders
import org.hearth.shared.Strings
import org.hearth.ui.CrisisContact
import org.hearth.ui.CrisisLineState
import org.hearth.ui.LineContact
import org.hearth.ui.Platform
import java.awt.Desktop
import java.awt.FileDialog
import java.awt.Frame
import java.awt.Toolkit
import java.awt.datatransfer.StringSelection
import java.io.File
import java.net.URI
import java.util.Locale

/**
 * The desktop's side of [Platform]: the clipboard for sharing and crisis numbers (a computer
 * cannot dial), the system's file dialog for backups and exports, and reminders as
 * notifications while the app runs.
 */
class DesktopPlatform(
    private val scope: CoroutineScope,
    private val window: () -> Frame?,
    private val notify: (title: String, text: String) -> Unit,
    /** The wall clock (tests run reminders on virtual time). */
    private val clock: () -> Long = System::currentTimeMillis,
) : Platform {
    private var reminders: Job? = null

    override val region: String = Locale.getDefault().country.ifBlank { "US" }

    override val crisisContact = CrisisContact { line -> reach(line) }

    private fun reach(line: CrisisLineState) {
        when (line.contact) {
            // A chat opens in the browser; a number is copied, to call or text from a phone.
            LineContact.CHAT -> runCatching { Desktop.getDesktop().browse(URI(line.address)) }
                .onFailure { copy(line.address) }
            LineContact.CALL, LineContact.TEXT, LineContact.CALL_OR_TEXT -> copy(line.address)
        }
    }

    override fun share(text: String): String {
        copy(text)
        return Strings.COPIED
    }

    private fun copy(text: String) {
        val selection = StringSelection(text)
        Toolkit.getDefaultToolkit().systemClipboard.setContents(selection, selection)
    }

    override suspend fun saveFile(suggestedName: String, mimeType: String, bytes: () -> ByteArray): Boolean {
        val file = choose(FileDialog.SAVE, suggestedName) ?: return false
        withContext(Dispatchers.IO) { file.writeBytes(bytes()) }
        return true
    }

    override suspend fun openFile(): ByteArray? {
        val file = choose(FileDialog.LOAD, null) ?: return null
        return withContext(Dispatchers.IO) { file.readBytes() }
    }

    /** The system's own file dialog (modal; on the Swing thread). */
    private suspend fun choose(mode: Int, name: String?): File? = withContext(Dispatchers.Swing) {
        val dialog = FileDialog(window(), "Hearth", mode)
        name?.let { dialog.file = it }
        dialog.isVisible = true
        val chosen = dialog.file ?: return@withContext null
        File(dialog.directory, chosen)
    }

    /**
     * Check-in, meeting and goal reminders, while the app runs: one timer to the next one the core
     * computes. The notification names nothing but the app (Reminders.TEXT).
     */
    override suspend fun scheduleReminders(client: HearthClient) {
        reminders?.cancel()
        val now = clock()
        val checkins = Reminders.upcoming(client, now).map { it.unixMs to Reminders.TEXT }
        val meetings = runCatching { client.upcomingSessions(null, 10u) }.getOrDefault(emptyList())
            .map { it.remindAt.unixMs to Reminders.SESSION_TEXT }
        val goals = runCatching { client.nextGoalReminders(null, Reminders.AHEAD) }.getOrDefault(emptyList())
            .map { it.at.unixMs to GoalText.REMINDER_TEXT }
        val due = (checkins + meetings + goals).filter { it.first > now }.sortedBy { it.first }
        reminders = scope.launch {
            for ((at, text) in due) {
                delay(at - clock())
                notify(Reminders.TITLE, text)
            }
        }
    }
}
