package org.hearth.app.ui

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.text.input.PasswordVisualTransformation
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import org.hearth.ffi.ReminderSchedule
import org.hearth.ffi.ReminderSettings
import org.hearth.ffi.TimeOfDay
import org.hearth.shared.ErrorText
import org.hearth.shared.JournalRepository
import java.time.ZoneId

/** Reminders, exports and the encrypted backup. */
@Composable
fun SettingsScreen(repository: JournalRepository) {
    val client = repository.client
    val context = LocalContext.current
    val scope = rememberCoroutineScope()
    var message by remember { mutableStateOf<String?>(null) }
    var reminders by remember { mutableStateOf<ReminderSettings?>(null) }
    var time by remember { mutableStateOf("20:00") }
    var passphrase by remember { mutableStateOf("") }
    LaunchedEffect(client) { reminders = client.reminderSettings() }

    fun attempt(what: suspend () -> String) = scope.launch {
        message = try { what() } catch (e: Exception) { ErrorText.of(e) }
    }
    suspend fun write(uri: android.net.Uri, bytes: ByteArray) = withContext(Dispatchers.IO) {
        context.contentResolver.openOutputStream(uri)?.use { it.write(bytes) } ?: error("cannot write there")
    }

    val saveBackup = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { uri ->
        if (uri != null) attempt { write(uri, client.exportBackup(passphrase)); "Encrypted backup saved." }
    }
    val saveJson = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("application/json")) { uri ->
        if (uri != null) attempt { write(uri, client.exportJson().toByteArray()); "Journal exported (not encrypted)." }
    }
    val saveCsv = rememberLauncherForActivityResult(ActivityResultContracts.CreateDocument("text/csv")) { uri ->
        if (uri != null) attempt { write(uri, client.exportCsv()); "Check-ins exported (not encrypted)." }
    }
    val restore = rememberLauncherForActivityResult(ActivityResultContracts.OpenDocument()) { uri ->
        if (uri != null) attempt {
            val bytes = withContext(Dispatchers.IO) { context.contentResolver.openInputStream(uri)?.use { it.readBytes() } } ?: error("cannot read")
            val s = client.importBackup(bytes, passphrase)
            "Restored ${s.checkinsAdded} check-ins, ${s.entriesAdded} entries, ${s.surveysAdded} questionnaires."
        }
    }

    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text("Reminders", style = MaterialTheme.typography.titleMedium)
        Text("Notifications only say \"A moment to check in?\" and show nothing on the lock screen.")
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Switch(checked = reminders?.enabled == true, onCheckedChange = { on ->
                attempt {
                    val (h, m) = time.split(":").map { it.trim().toInt() }
                    reminders = client.setReminderSettings(ReminderSettings(on, ZoneId.systemDefault().id, ReminderSchedule.FixedTimes(listOf(TimeOfDay(h.toUByte(), m.toUByte())))))
                    if (on) "Reminder set for $time." else "Reminders off."
                }
            })
            OutlinedTextField(value = time, onValueChange = { time = it }, label = { Text("Time (HH:MM)") }, singleLine = true)
        }
        Text("Backup and export", style = MaterialTheme.typography.titleMedium)
        OutlinedTextField(value = passphrase, onValueChange = { passphrase = it }, label = { Text("Backup passphrase (8+ characters)") },
            visualTransformation = PasswordVisualTransformation(), singleLine = true)
        Button(onClick = { saveBackup.launch("hearth-backup.hearthbk") }, enabled = passphrase.length >= 8) { Text("Save encrypted backup") }
        OutlinedButton(onClick = { restore.launch(arrayOf("*/*")) }, enabled = passphrase.isNotEmpty()) { Text("Restore a backup") }
        OutlinedButton(onClick = { saveJson.launch("hearth-journal.json") }) { Text("Export as JSON") }
        OutlinedButton(onClick = { saveCsv.launch("hearth-checkins.csv") }) { Text("Export check-ins as CSV") }
        message?.let { Text(it) }
    }
}
