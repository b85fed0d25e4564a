package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.SpanStyle
import androidx.compose.ui.text.buildAnnotatedString
import androidx.compose.ui.text.font.FontWeight
import androidx.compose.ui.text.withStyle
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import org.hearth.ffi.Checkin
import org.hearth.ffi.Entry
import org.hearth.ffi.EntryDraft
import org.hearth.ffi.SearchHit
import org.hearth.ffi.SearchHitKind
import org.hearth.shared.ErrorText
import org.hearth.shared.Formatting
import org.hearth.shared.JournalRepository

/** What the journal list shows: the newest check-ins and entries, and search. */
data class JournalState(
    val checkins: List<Checkin>,
    val entries: List<Entry>,
    /** What is typed in the search field. */
    val query: String,
    /** What the search found (used while [query] is not blank). */
    val hits: List<SearchHit>,
    /** Why the last action failed, if it did. */
    val error: String? = null,
)

/** What the journal list does when the person acts on it. */
interface JournalActions {
    fun search(text: String)
    fun write()
    fun edit(entry: Entry)
    fun deleteCheckin(checkin: Checkin)
}

/** The journal over the profile: loads the lists, searches as the person types, edits and deletes. */
@Composable
fun JournalScreen(repository: JournalRepository) {
    var query by remember { mutableStateOf("") }
    var hits by remember { mutableStateOf<List<SearchHit>>(emptyList()) }
    var editing by remember { mutableStateOf<Entry?>(null) }
    var writing by remember { mutableStateOf(false) }
    var message by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    val checkins by remember(repository) { repository.recentCheckins() }.collectAsState(emptyList())
    val entries by remember(repository) { repository.recentEntries() }.collectAsState(emptyList())
    LaunchedEffect(query) {
        delay(250) // search as the person types, not on every key
        hits = repository.search(query)
    }
    if (writing || editing != null) {
        EntryEditor(repository, editing) { writing = false; editing = null }
        return
    }
    val actions = remember(repository) {
        object : JournalActions {
            override fun search(text: String) {
                message = null
                query = text
            }
            override fun write() { writing = true }
            override fun edit(entry: Entry) { editing = entry }
            override fun deleteCheckin(checkin: Checkin) {
                scope.launch { message = try { repository.client.deleteCheckin(checkin.id); null } catch (e: Exception) { ErrorText.of(e) } }
            }
        }
    }
    JournalContent(JournalState(checkins, entries, query, hits, message), actions)
}

/**
 * Check-ins and entries, newest first, with full-text search (matches in bold), a new entry,
 * and deleting a check-in after asking. A function of [state]; acts through [actions].
 */
@Composable
fun JournalContent(state: JournalState, actions: JournalActions) {
    var deleting by remember { mutableStateOf<Checkin?>(null) }
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(value = state.query, onValueChange = actions::search, label = { Text(Strings.SEARCH_JOURNAL) }, singleLine = true, modifier = Modifier.fillMaxWidth())
        Button(onClick = actions::write) { Text(Strings.WRITE_ENTRY) }
        state.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        LazyColumn {
            if (state.query.isNotBlank()) {
                items(state.hits, key = { it.kind.name + it.id }) { hit ->
                    val entry = state.entries.firstOrNull { it.id == hit.id }.takeIf { hit.kind == SearchHitKind.ENTRY }
                    Column(Modifier.fillMaxWidth().clickable(enabled = entry != null) { entry?.let(actions::edit) }.padding(vertical = 8.dp)) {
                        Text(Formatting.moment(hit.at), style = MaterialTheme.typography.labelMedium)
                        Text(buildAnnotatedString {
                            Formatting.snippet(hit.snippet).forEach { part ->
                                if (part.matched) withStyle(SpanStyle(fontWeight = FontWeight.Bold)) { append(part.text) } else append(part.text)
                            }
                        })
                    }
                    HorizontalDivider()
                }
            } else {
                items(state.entries, key = { "e" + it.id }) { entry ->
                    Column(Modifier.fillMaxWidth().clickable { actions.edit(entry) }.padding(vertical = 8.dp)) {
                        Text(Formatting.moment(entry.at), style = MaterialTheme.typography.labelMedium)
                        Text(entry.body, maxLines = 3)
                    }
                    HorizontalDivider()
                }
                items(state.checkins, key = { "c" + it.id }) { c ->
                    Column(Modifier.fillMaxWidth().padding(vertical = 8.dp)) {
                        Text(Formatting.moment(c.at), style = MaterialTheme.typography.labelMedium)
                        Text(Strings.checkinSummary(Formatting.moodLabel(c.mood.toInt()), c.sleepHours?.let(Formatting::sleep)))
                        if (c.emotions.isNotEmpty() || c.tags.isNotEmpty()) Text((c.emotions + c.tags).joinToString(" · "))
                        c.note?.let { Text(it, maxLines = 2) }
                        TextButton(onClick = { deleting = c }) { Text(Strings.DELETE_CHECKIN) }
                    }
                    HorizontalDivider()
                }
            }
        }
    }
    deleting?.let { c ->
        AlertDialog(
            onDismissRequest = { deleting = null },
            title = { Text(Strings.DELETE_CHECKIN_TITLE) },
            text = { Text(Strings.DELETE_CHECKIN_TEXT) },
            confirmButton = {
                TextButton(onClick = {
                    deleting = null
                    actions.deleteCheckin(c)
                }) { Text(Strings.DELETE) }
            },
            dismissButton = { TextButton(onClick = { deleting = null }) { Text(Strings.KEEP) } },
        )
    }
}

/** Writes a new entry or edits one; deleting asks first. */
@Composable
private fun EntryEditor(repository: JournalRepository, entry: Entry?, done: () -> Unit) {
    var body by remember { mutableStateOf(entry?.body.orEmpty()) }
    var error by remember { mutableStateOf<String?>(null) }
    var confirmDelete by remember { mutableStateOf(false) }
    val scope = rememberCoroutineScope()
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        OutlinedTextField(value = body, onValueChange = { body = it }, label = { Text(Strings.YOUR_ENTRY) }, minLines = 8, modifier = Modifier.fillMaxWidth())
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = {
                scope.launch {
                    try {
                        if (entry == null) repository.addEntry(EntryDraft(body = body))
                        else repository.client.updateEntry(entry.id, EntryDraft(body = body, prompt = entry.prompt, checkinId = entry.checkinId))
                        done()
                    } catch (e: Exception) {
                        error = ErrorText.of(e) // the text stays in the editor
                    }
                }
            }, enabled = body.isNotBlank()) { Text(Strings.SAVE) }
            TextButton(onClick = done) { Text(Strings.CANCEL) }
            if (entry != null) TextButton(onClick = { confirmDelete = true }) { Text(Strings.DELETE) }
        }
    }
    if (confirmDelete && entry != null) {
        AlertDialog(
            onDismissRequest = { confirmDelete = false },
            title = { Text(Strings.DELETE_ENTRY_TITLE) },
            confirmButton = {
                TextButton(onClick = {
                    confirmDelete = false
                    scope.launch {
                        try { repository.client.deleteEntry(entry.id); done() } catch (e: Exception) { error = ErrorText.of(e) }
                    }
                }) { Text(Strings.DELETE) }
            },
            dismissButton = { TextButton(onClick = { confirmDelete = false }) { Text(Strings.KEEP) } },
        )
    }
}
