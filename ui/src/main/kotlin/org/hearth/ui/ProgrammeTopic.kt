package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.style.TextOverflow
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.hearth.ffi.EntryDraft
import org.hearth.ffi.HearthClient
import org.hearth.ffi.ProgrammeTopic
import org.hearth.shared.ErrorText
import org.hearth.shared.ProgrammeText
import org.hearth.shared.Strings

/**
 * A meeting's programme topic: the week and the start of its text, opened to the whole text
 * and each prompt with a way to answer it (closed at first, so the chat keeps its room).
 */
@Composable
fun TopicCard(topic: ProgrammeTopic, onAnswer: (String) -> Unit) {
    var open by remember(topic.week) { mutableStateOf(false) }
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(ProgrammeText.heading(topic), style = MaterialTheme.typography.titleSmall)
            Text(topic.content.text, style = MaterialTheme.typography.bodySmall, maxLines = if (open) Int.MAX_VALUE else 2, overflow = TextOverflow.Ellipsis)
            if (open) {
                topic.content.prompts.forEach { prompt ->
                    Text("• $prompt", style = MaterialTheme.typography.bodyMedium)
                    TextButton(
                        onClick = { onAnswer(prompt) },
                        modifier = Modifier.semantics { contentDescription = ProgrammeText.answerFor(prompt) },
                    ) { Text(ProgrammeText.ANSWER_IN_JOURNAL, style = MaterialTheme.typography.labelSmall) }
                }
            }
            TextButton(onClick = { open = !open }) {
                Text(if (open) ProgrammeText.LESS else ProgrammeText.prompts(topic.content.prompts.size), style = MaterialTheme.typography.labelSmall)
            }
        }
    }
}

/** Answering a prompt privately: a journal entry that keeps the week and the prompt it answers. */
@Composable
fun AnswerInJournalDialog(client: HearthClient, topic: ProgrammeTopic, prompt: String, onDone: (String?) -> Unit) {
    var text by remember { mutableStateOf("") }
    var problem by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    AlertDialog(
        onDismissRequest = { onDone(null) },
        title = { Text(prompt) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
                Text(ProgrammeText.heading(topic), style = MaterialTheme.typography.bodySmall)
                OutlinedTextField(text, { text = it }, label = { Text(ProgrammeText.YOUR_ANSWER) }, minLines = 3, modifier = Modifier.fillMaxWidth())
                Text(ProgrammeText.ANSWER_STAYS, style = MaterialTheme.typography.bodySmall)
                problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = {
            TextButton(enabled = text.isNotBlank(), onClick = {
                scope.launch {
                    runCatching { client.addEntry(EntryDraft(at = null, body = text, prompt = ProgrammeText.journalPrompt(topic, prompt), checkinId = null)) }
                        .onSuccess { onDone(ProgrammeText.SAVED_TO_JOURNAL) }
                        .onFailure { problem = ErrorText.of(it) }
                }
            }) { Text(Strings.SAVE) }
        },
        dismissButton = { TextButton(onClick = { onDone(null) }) { Text(Strings.CANCEL) } },
    )
}
