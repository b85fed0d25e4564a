package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.TextButton
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.hearth.ffi.ReminderSchedule
import org.hearth.ffi.ReminderSettings
import org.hearth.ffi.parseTimeOfDay
import org.hearth.shared.ErrorText
import org.hearth.shared.JournalRepository
import org.hearth.shared.WakeRepository
import java.time.ZoneId

/** What the settings screen shows. */
data class SettingsState(
    val reminders: ReminderSettings? = null,
    /** The reminder time as typed (the core reads it). */
    val time: String = "20:00",
    val backupPassphrase: String = "",
    /** The relay this device uses, or null when it has none. */
    val relay: String? = null,
    /** The outcome of the last action, worded for the person (empty: nothing to say). */
    val message: String? = null,
    /** Which delete confirmation is open. */
    val deleting: DeleteStep = DeleteStep.None,
    /** Wake-ups on a phone; null where the app needs none (the desktop). */
    val wakes: WakesState? = null,
    /** Another app's export being previewed; null when none is. */
    val importing: ForeignImportState? = null,
    /** What the last import from another app brought. */
    val imported: String? = null,
)

/** The steps of "delete everything". */
enum class DeleteStep {
    None,
    /** Asking to confirm. */
    Confirm,
    /** The relay could not be reached: offering to delete from this device only. */
    OfferDeviceOnly,
}

/** What the settings screen can do. */
interface SettingsActions {
    fun remind(on: Boolean)
    fun time(text: String)
    fun backupPassphrase(text: String)
    fun saveBackup()
    fun restoreBackup()
    fun exportJson()
    fun exportCsv()
    fun askToDelete()
    fun delete(deviceOnly: Boolean)
    fun keep()
}

/**
 * Reminders, exports and the encrypted backup, history from other apps, wake-ups (on a phone), the relay this device uses, and deleting
 * everything ([onDeleteEverything] returns why it could not, or null). Holds the state;
 * [SettingsContent] draws it.
 */
@Composable
fun SettingsScreen(repository: JournalRepository, onDeleteEverything: suspend (deviceOnly: Boolean) -> String? = { null }) {
    val client = repository.client
    val platform = LocalPlatform.current
    val scope = rememberCoroutineScope()
    var state by remember { mutableStateOf(SettingsState()) }
    val wakes = remember(client) { platform.push?.let { WakesHolder(WakeRepository(client), it, scope) } }
    val imports = remember(client) { ForeignImportHolder(client, platform, scope) }
    LaunchedEffect(client) {
        val reminders = client.reminderSettings()
        val relay = runCatching { client.relayAccount()?.url }.getOrNull()
        state = state.copy(reminders = reminders, relay = relay)
        wakes?.load()
    }

    fun attempt(what: suspend () -> String) = scope.launch {
        val said = try { what() } catch (e: Exception) { ErrorText.of(e) }
        state = state.copy(message = said)
    }
    /** Saves through the platform's file dialog; cancelling says nothing. */
    fun save(name: String, mimeType: String, done: String, bytes: suspend () -> ByteArray) = attempt {
        val data = bytes()
        if (platform.saveFile(name, mimeType) { data }) done else ""
    }

    val actions = object : SettingsActions {
        override fun remind(on: Boolean) {
            attempt {
                // The core reads the time (and says what it wants when it cannot).
                val at = parseTimeOfDay(state.time)
                val saved = client.setReminderSettings(ReminderSettings(on, ZoneId.systemDefault().id, ReminderSchedule.FixedTimes(listOf(at))))
                state = state.copy(reminders = saved)
                if (on) Strings.reminderSet(state.time) else Strings.REMINDERS_OFF
            }
        }
        override fun time(text: String) { state = state.copy(time = text) }
        override fun backupPassphrase(text: String) { state = state.copy(backupPassphrase = text) }
        override fun saveBackup() {
            val passphrase = state.backupPassphrase
            save("hearth-backup.hearthbk", "application/octet-stream", Strings.BACKUP_SAVED) { client.exportBackup(passphrase) }
        }
        override fun restoreBackup() {
            val passphrase = state.backupPassphrase
            attempt {
                val bytes = platform.openFile() ?: return@attempt ""
                val restored = client.importBackup(bytes, passphrase)
                Strings.restored(restored.checkinsAdded.toInt(), restored.entriesAdded.toInt(), restored.surveysAdded.toInt())
            }
        }
        override fun exportJson() {
            save("hearth-journal.json", "application/json", Strings.JSON_EXPORTED) { client.exportJson().toByteArray() }
        }
        override fun exportCsv() {
            save("hearth-checkins.csv", "text/csv", Strings.CSV_EXPORTED) { client.exportCsv() }
        }
        override fun askToDelete() { state = state.copy(deleting = DeleteStep.Confirm) }
        override fun delete(deviceOnly: Boolean) {
            state = state.copy(deleting = DeleteStep.None)
            scope.launch {
                val problem = onDeleteEverything(deviceOnly)
                // Only the relay's refusal offers the device-only way; a second failure says why.
                val offer = problem != null && !deviceOnly
                state = state.copy(message = problem, deleting = if (offer) DeleteStep.OfferDeviceOnly else DeleteStep.None)
            }
        }
        override fun keep() { state = state.copy(deleting = DeleteStep.None) }
    }
    SettingsContent(state.copy(wakes = wakes?.state, importing = imports.state, imported = imports.done), actions, wakes ?: NoWakes, imports)
}

/** Where there is no push service, nothing in the wake-ups section acts. */
internal object NoWakes : WakesActions {
    override fun gatewayInput(text: String) = Unit
    override fun turnOn() = Unit
    override fun turnOff() = Unit
    override fun nameCircles(on: Boolean) = Unit
    override fun quietHours(on: Boolean) = Unit
    override fun quietFrom(text: String) = Unit
    override fun quietUntil(text: String) = Unit
}

/** The settings screen, drawn from [state]; every action goes to [actions], [wakes] or [imports]. */
@Composable
fun SettingsContent(state: SettingsState, actions: SettingsActions, wakes: WakesActions, imports: ForeignImportActions) {
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text(Strings.REMINDERS, style = MaterialTheme.typography.titleMedium)
        Text(Strings.REMINDERS_PRIVATE)
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            LabelledToggle(Strings.REMIND_ME, state.reminders?.enabled == true, asSwitch = true, onChange = actions::remind)
            OutlinedTextField(value = state.time, onValueChange = actions::time, label = { Text(Strings.REMINDER_TIME) }, singleLine = true)
        }
        Text(Strings.BACKUP_AND_EXPORT, style = MaterialTheme.typography.titleMedium)
        OutlinedTextField(value = state.backupPassphrase, onValueChange = actions::backupPassphrase, label = { Text(Strings.BACKUP_PASSPHRASE) },
            visualTransformation = PasswordVisualTransformation(), singleLine = true, modifier = Modifier.fillMaxWidth())
        Button(onClick = actions::saveBackup, enabled = state.backupPassphrase.length >= 8) { Text(Strings.SAVE_BACKUP) }
        OutlinedButton(onClick = actions::restoreBackup, enabled = state.backupPassphrase.isNotEmpty()) { Text(Strings.RESTORE_BACKUP) }
        OutlinedButton(onClick = actions::exportJson) { Text(Strings.EXPORT_JSON) }
        OutlinedButton(onClick = actions::exportCsv) { Text(Strings.EXPORT_CSV) }
        state.message?.takeIf { it.isNotEmpty() }?.let { Text(it) }
        ImportFromAppsSection(state.imported, imports)
        WakesSection(state.wakes, wakes)
        Text(Strings.THIS_DEVICE, style = MaterialTheme.typography.titleMedium)
        Text(Strings.relay(state.relay))
        OutlinedButton(onClick = actions::askToDelete) { Text(Strings.DELETE_EVERYTHING_ELLIPSIS) }
    }
    state.importing?.let { ForeignImportDialog(it, imports) }
    when (state.deleting) {
        DeleteStep.None -> Unit
        DeleteStep.Confirm -> AlertDialog(
            onDismissRequest = actions::keep,
            title = { Text(Strings.DELETE_EVERYTHING_TITLE) },
            text = { Text(Strings.DELETE_EVERYTHING_TEXT) },
            confirmButton = { TextButton(onClick = { actions.delete(deviceOnly = false) }) { Text(Strings.DELETE_EVERYTHING) } },
            dismissButton = { TextButton(onClick = actions::keep) { Text(Strings.CANCEL) } },
        )
        DeleteStep.OfferDeviceOnly -> AlertDialog(
            onDismissRequest = actions::keep,
            title = { Text(Strings.RELAY_UNREACHABLE) },
            text = { Text(Strings.DELETE_DEVICE_ONLY_TEXT) },
            confirmButton = { TextButton(onClick = { actions.delete(deviceOnly = true) }) { Text(Strings.DELETE_DEVICE_ONLY) } },
            dismissButton = { TextButton(onClick = actions::keep) { Text(Strings.CANCEL) } },
        )
    }
}
