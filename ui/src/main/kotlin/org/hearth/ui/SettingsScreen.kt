package org.hearth.ui

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
import java.time.ZoneId

/**
 * Reminders, exports and the encrypted backup, the relay this device uses, and deleting
 * everything ([onDeleteEverything] returns why it could not, or null).
 */
@Composable
fun SettingsScreen(repository: JournalRepository, onDeleteEverything: suspend (deviceOnly: Boolean) -> String? = { null }) {
    val client = repository.client
    val platform = LocalPlatform.current
    val scope = rememberCoroutineScope()
    var message by remember { mutableStateOf<String?>(null) }
    var reminders by remember { mutableStateOf<ReminderSettings?>(null) }
    var time by remember { mutableStateOf("20:00") }
    var passphrase by remember { mutableStateOf("") }
    var relay by remember { mutableStateOf<String?>(null) }
    var deleting by remember { mutableStateOf(false) }
    var deviceOnlyOffered by remember { mutableStateOf(false) }
    LaunchedEffect(client) {
        reminders = client.reminderSettings()
        relay = runCatching { client.relayAccount()?.url }.getOrNull()
    }

    fun attempt(what: suspend () -> String) = scope.launch {
        message = try { what() } catch (e: Exception) { ErrorText.of(e) }
    }
    /** Saves through the platform's file dialog; cancelling says nothing. */
    fun save(name: String, mimeType: String, done: String, bytes: suspend () -> ByteArray) = scope.launch {
        message = try {
            val data = bytes()
            if (platform.saveFile(name, mimeType) { data }) done else null
        } catch (e: Exception) {
            ErrorText.of(e)
        }
    }

    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text("Reminders", style = MaterialTheme.typography.titleMedium)
        Text("Notifications only say \"A moment to check in?\" and show nothing on the lock screen.")
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            LabelledToggle("Remind me", reminders?.enabled == true, asSwitch = true, onChange = { on ->
                attempt {
                    // The core reads the time (and says what it wants when it cannot).
                    val at = parseTimeOfDay(time)
                    reminders = client.setReminderSettings(ReminderSettings(on, ZoneId.systemDefault().id, ReminderSchedule.FixedTimes(listOf(at))))
                    if (on) "Reminder set for $time." else "Reminders off."
                }
            })
            OutlinedTextField(value = time, onValueChange = { time = it }, label = { Text("Time (HH:MM)") }, singleLine = true)
        }
        Text("Backup and export", style = MaterialTheme.typography.titleMedium)
        OutlinedTextField(value = passphrase, onValueChange = { passphrase = it }, label = { Text("Backup passphrase (8+ characters)") },
            visualTransformation = PasswordVisualTransformation(), singleLine = true, modifier = Modifier.fillMaxWidth())
        Button(onClick = {
            save("hearth-backup.hearthbk", "application/octet-stream", "Encrypted backup saved.") { client.exportBackup(passphrase) }
        }, enabled = passphrase.length >= 8) { Text("Save encrypted backup") }
        OutlinedButton(onClick = {
            attempt {
                val bytes = platform.openFile() ?: return@attempt ""
                val s = client.importBackup(bytes, passphrase)
                "Restored ${s.checkinsAdded} check-ins, ${s.entriesAdded} entries, ${s.surveysAdded} questionnaires."
            }
        }, enabled = passphrase.isNotEmpty()) { Text("Restore a backup") }
        OutlinedButton(onClick = {
            save("hearth-journal.json", "application/json", "Journal exported (not encrypted).") { client.exportJson().toByteArray() }
        }) { Text("Export as JSON") }
        OutlinedButton(onClick = {
            save("hearth-checkins.csv", "text/csv", "Check-ins exported (not encrypted).") { client.exportCsv() }
        }) { Text("Export check-ins as CSV") }
        message?.takeIf { it.isNotEmpty() }?.let { Text(it) }
        Text("This device", style = MaterialTheme.typography.titleMedium)
        Text(relay?.let { "Circles go through the relay at $it. It sees only encrypted messages." } ?: "Not connected to a relay.")
        OutlinedButton(onClick = { deleting = true }) { Text("Delete everything…") }
    }
    if (deleting) {
        AlertDialog(
            onDismissRequest = { deleting = false },
            title = { Text("Delete everything?") },
            text = {
                Text(
                    "Your journal, your circles' history and your keys are deleted from this device, and you leave every " +
                        "circle. It cannot be undone. An encrypted backup you saved stays wherever you saved it.",
                )
            },
            confirmButton = {
                TextButton(onClick = {
                    deleting = false
                    scope.launch {
                        message = onDeleteEverything(false)
                        deviceOnlyOffered = message != null
                    }
                }) { Text("Delete everything") }
            },
            dismissButton = { TextButton(onClick = { deleting = false }) { Text("Cancel") } },
        )
    }
    if (deviceOnlyOffered) {
        AlertDialog(
            onDismissRequest = { deviceOnlyOffered = false },
            title = { Text("The relay can't be reached") },
            text = { Text("Nothing was deleted. You can delete everything from this device only; the relay keeps this device's encrypted records until they expire.") },
            confirmButton = {
                TextButton(onClick = {
                    deviceOnlyOffered = false
                    scope.launch { message = onDeleteEverything(true) }
                }) { Text("Delete from this device only") }
            },
            dismissButton = { TextButton(onClick = { deviceOnlyOffered = false }) { Text("Cancel") } },
        )
    }
}
