package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.InputChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Slider
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.launch
import org.hearth.ffi.EmotionVocabulary
import org.hearth.ffi.assessRisk
import org.hearth.shared.CheckinForm
import org.hearth.shared.Formatting
import org.hearth.shared.JournalRepository

/** Today's check-in: mood (required), energy, emotions, tags, sleep, a note. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun TodayScreen(repository: JournalRepository) {
    val form = remember(repository) { CheckinForm(repository) }
    val state by form.current.collectAsState()
    var vocabulary by remember { mutableStateOf<EmotionVocabulary?>(null) }
    var newTag by remember { mutableStateOf("") }
    var support by remember { mutableStateOf(false) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(repository) { vocabulary = repository.client.emotions() }

    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text("How are you feeling?", style = MaterialTheme.typography.titleLarge)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            (1..5).forEach { mood ->
                FilterChip(
                    selected = state.mood == mood,
                    onClick = { form.setMood(mood) },
                    label = { Text(Formatting.moodLabel(mood)) },
                    modifier = Modifier.semantics { contentDescription = Formatting.moodContentDescription(mood, state.mood == mood) },
                )
            }
        }
        Text("Energy", style = MaterialTheme.typography.titleMedium)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            (1..5).forEach { level ->
                FilterChip(
                    selected = state.energy == level,
                    onClick = { form.setEnergy(if (state.energy == level) null else level) },
                    label = { Text("$level") },
                    modifier = Modifier.semantics { contentDescription = "Energy $level of 5" },
                )
            }
        }
        Text("Emotions", style = MaterialTheme.typography.titleMedium)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            val words = vocabulary?.let { it.builtIn + it.custom }.orEmpty()
            words.forEach { word ->
                FilterChip(selected = word in state.emotions, onClick = { form.toggleEmotion(word) }, label = { Text(word) })
            }
        }
        Text("Activities and tags", style = MaterialTheme.typography.titleMedium)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            state.tags.forEach { tag ->
                InputChip(selected = true, onClick = { form.removeTag(tag) }, label = { Text(tag) },
                    modifier = Modifier.semantics { contentDescription = "Tag $tag, tap to remove" })
            }
        }
        OutlinedTextField(
            value = newTag, onValueChange = { newTag = it }, singleLine = true,
            label = { Text("Add a tag") }, modifier = Modifier.fillMaxWidth(),
            trailingIcon = { androidx.compose.material3.TextButton(onClick = { form.addTag(newTag); newTag = "" }) { Text("Add") } },
        )
        Text("Sleep: " + (state.sleepHours?.let(Formatting::sleep) ?: "not set"), style = MaterialTheme.typography.titleMedium)
        Slider(
            value = (state.sleepHours ?: 0.0).toFloat(), onValueChange = { form.setSleep((it * 2).toInt() / 2.0) },
            valueRange = 0f..14f, steps = 27,
            modifier = Modifier.semantics { contentDescription = "Hours slept" },
        )
        OutlinedTextField(value = state.note, onValueChange = form::setNote, label = { Text("A private note") }, minLines = 3, modifier = Modifier.fillMaxWidth())
        state.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        state.saved?.let { Text("Saved. Thank you for checking in.") }
        Button(onClick = {
            // The note is saved as written; if it carries risk language, help is offered
            // gently afterwards, on this phone only.
            val risky = assessRisk(state.note).risk
            scope.launch { form.save(); support = risky }
        }, enabled = state.canSave) { Text("Save check-in") }
    }
    if (support) {
        CrisisDialog(
            repository.client,
            intro = "Your note is saved and private. It sounds like things may be really hard right now; if you'd like to talk to someone, these lines are there any time.",
            primary = null,
            onDismiss = { support = false },
            offerCircles = true,
        )
    }
}
