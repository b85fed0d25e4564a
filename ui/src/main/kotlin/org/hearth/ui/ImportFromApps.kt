package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
import org.hearth.ffi.ForeignApp
import org.hearth.ffi.ForeignImportOptions
import org.hearth.ffi.ForeignPreview
import org.hearth.ffi.HearthClient
import org.hearth.ffi.MoodMapping
import org.hearth.shared.ErrorText
import org.hearth.shared.Strings
import org.hearth.shared.toJava
import java.time.ZoneId

/** Problems listed in the preview; the rest are counted. */
private const val PROBLEMS_SHOWN = 5

/** An export from another mood app, previewed before anything is written. */
data class ForeignImportState(
    val app: ForeignApp,
    /** The IANA zone the export's times are in, as typed (the core reads it). */
    val timeZone: String,
    /** What the person said their own mood words mean. */
    val moods: Map<String, Int> = emptyMap(),
    /** What the import would bring; null while it is worked out or when the file was refused. */
    val preview: ForeignPreview? = null,
    /** Reading or importing is under way. */
    val working: Boolean = false,
    /** Why the file or the zone was refused, worded for the person. */
    val message: String? = null,
) {
    /** Every mood word has a meaning, so the import can run. */
    val ready: Boolean get() = preview != null && preview.moods.all { it.mood != null } && !working
}

/** What the import preview can do. */
interface ForeignImportActions {
    fun choose(app: ForeignApp)
    fun timeZone(text: String)
    fun mood(label: String, mood: Int)
    fun import()
    fun cancel()
}

/** The app's name as people know it. */
val ForeignApp.label: String get() = when (this) {
    ForeignApp.DAYLIO -> "Daylio"
    ForeignApp.BEARABLE -> "Bearable"
}

/**
 * Holds an import from another app: asks the platform for the file, previews it through the
 * core on every change (zone, mood words), and imports once the person says so. [done] is
 * what the settings say afterwards.
 */
class ForeignImportHolder(private val client: HearthClient, private val platform: Platform, private val scope: CoroutineScope) :
    ForeignImportActions {
    var state: ForeignImportState? by mutableStateOf(null)
        private set
    var done: String? by mutableStateOf(null)
        private set
    private var file: ByteArray = ByteArray(0)
    /** The zone of the last import: a second file most likely comes from the same life. */
    private var lastZone: String = ZoneId.systemDefault().id

    override fun choose(app: ForeignApp) {
        scope.launch {
            val bytes = platform.openFile() ?: return@launch
            file = bytes
            done = null
            state = ForeignImportState(app, lastZone)
            refresh()
        }
    }

    override fun timeZone(text: String) = update { it.copy(timeZone = text) }

    override fun mood(label: String, mood: Int) = update { it.copy(moods = it.moods + (label to mood)) }

    override fun import() {
        val now = state ?: return
        state = now.copy(working = true)
        scope.launch {
            state = try {
                val result = client.importForeign(now.app, file, options(now))
                val s = result.summary
                lastZone = now.timeZone
                done = Strings.imported(now.app.label, s.checkinsAdded.toInt(), s.entriesAdded.toInt(), s.unchanged.toInt())
                null
            } catch (e: Exception) {
                now.copy(working = false, message = ErrorText.of(e))
            }
        }
    }

    override fun cancel() {
        state = null
        file = ByteArray(0)
    }

    private fun update(change: (ForeignImportState) -> ForeignImportState) {
        state = state?.let(change) ?: return
        scope.launch { refresh() }
    }

    private suspend fun refresh() {
        val asked = state ?: return
        val answer = try {
            asked.copy(preview = client.previewForeignImport(asked.app, file, options(asked)), message = null)
        } catch (e: Exception) {
            asked.copy(preview = null, message = ErrorText.of(e))
        }
        // A later change may have come meanwhile: only the answer to what is shown now counts.
        if (state == asked) state = answer
    }

    private fun options(s: ForeignImportState) =
        ForeignImportOptions(s.timeZone.trim(), s.moods.map { (label, mood) -> MoodMapping(label, mood.toUByte()) })
}

/** The settings' "Bring your history" section: one button per app. */
@Composable
fun ImportFromAppsSection(done: String?, actions: ForeignImportActions) {
    Text(Strings.BRING_YOUR_HISTORY, style = MaterialTheme.typography.titleMedium)
    Text(Strings.BRING_YOUR_HISTORY_DETAIL)
    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedButton(onClick = { actions.choose(ForeignApp.DAYLIO) }) { Text(Strings.FROM_DAYLIO) }
        OutlinedButton(onClick = { actions.choose(ForeignApp.BEARABLE) }) { Text(Strings.FROM_BEARABLE) }
    }
    done?.let { Text(it) }
}

/** The preview of an export, drawn from [state]: what comes in, the person's mood words, what is left out. */
@Composable
fun ForeignImportDialog(state: ForeignImportState, actions: ForeignImportActions) {
    AlertDialog(
        onDismissRequest = actions::cancel,
        title = { Text(Strings.importFrom(state.app.label)) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(
                    value = state.timeZone, onValueChange = actions::timeZone, label = { Text(Strings.IMPORT_TIME_ZONE) },
                    singleLine = true, modifier = Modifier.fillMaxWidth(),
                )
                state.message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
                state.preview?.let { PreviewDetails(it, state.moods, actions) }
            }
        },
        confirmButton = { TextButton(onClick = actions::import, enabled = state.ready) { Text(Strings.IMPORT) } },
        dismissButton = { TextButton(onClick = actions::cancel) { Text(Strings.CANCEL) } },
    )
}

@Composable
private fun PreviewDetails(preview: ForeignPreview, chosen: Map<String, Int>, actions: ForeignImportActions) {
    Text(
        Strings.importHolds(
            preview.checkins.toInt(), preview.entries.toInt(), preview.firstDay?.toJava()?.toString(), preview.lastDay?.toJava()?.toString(),
            preview.alreadyHere.toInt(),
        ),
    )
    if (preview.moods.isNotEmpty()) Text(Strings.IMPORT_MOODS, style = MaterialTheme.typography.titleSmall)
    if (preview.moods.any { it.mood == null }) Text(Strings.IMPORT_NEEDS_MOODS)
    for (word in preview.moods) {
        val known = word.mood?.toInt()
        // A word the person mapped stays choosable, so a slip can be corrected.
        if (known != null && word.label !in chosen) {
            Text(Strings.moodWordIs(word.label, known))
            continue
        }
        Text(Strings.moodWordNeeds(word.label, word.rows.toInt()))
        Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
            for (mood in 1..5) {
                FilterChip(
                    selected = chosen[word.label] == mood,
                    onClick = { actions.mood(word.label, mood) },
                    label = { Text("$mood") },
                    modifier = Modifier.semantics { contentDescription = Strings.moodWordChoice(word.label, mood) },
                )
            }
        }
    }
    if (preview.tags.isNotEmpty()) Text(Strings.importTags(preview.tags), style = MaterialTheme.typography.bodySmall)
    for (left in preview.leftOut) Text(Strings.leftOut(left.what, left.rows.toInt()), style = MaterialTheme.typography.bodySmall)
    for (problem in preview.problems.take(PROBLEMS_SHOWN)) {
        Text(Strings.rowProblem(problem.line.toLong(), problem.reason), style = MaterialTheme.typography.bodySmall)
    }
    if (preview.problems.size > PROBLEMS_SHOWN) Text(Strings.moreProblems(preview.problems.size - PROBLEMS_SHOWN))
}
