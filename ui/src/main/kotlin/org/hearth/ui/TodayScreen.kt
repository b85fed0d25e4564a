package org.hearth.ui

import org.hearth.shared.GoalsRepository
import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
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
import androidx.compose.material3.TextButton
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
import org.hearth.ffi.assessRisk
import org.hearth.shared.CheckinForm
import org.hearth.shared.CheckinFormState
import org.hearth.shared.Formatting
import org.hearth.shared.JournalRepository

/** What today's check-in screen does when the person acts on it. */
interface TodayActions {
    fun mood(mood: Int)
    fun energy(level: Int?)
    fun emotion(word: String)
    fun addTag(tag: String)
    fun removeTag(tag: String)
    fun sleep(hours: Double)
    fun note(text: String)
    fun save()
}

/** Today's check-in over the profile: the form's state holder and the support offered after saving. */
@Composable
fun TodayScreen(repository: JournalRepository) {
    val form = remember(repository) { CheckinForm(repository) }
    val state by form.current.collectAsState()
    var vocabulary by remember { mutableStateOf<List<String>>(emptyList()) }
    var support by remember { mutableStateOf(false) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(repository) { vocabulary = repository.client.emotions().let { it.builtIn + it.custom } }
    val actions = remember(form) {
        object : TodayActions {
            override fun mood(mood: Int) { form.setMood(mood) }
            override fun energy(level: Int?) { form.setEnergy(level) }
            override fun emotion(word: String) { form.toggleEmotion(word) }
            override fun addTag(tag: String) { form.addTag(tag) }
            override fun removeTag(tag: String) { form.removeTag(tag) }
            override fun sleep(hours: Double) { form.setSleep(hours) }
            override fun note(text: String) { form.setNote(text) }
            override fun save() {
                // The note is saved as written; if it carries risk language, help is offered
                // gently afterwards, on this device only.
                val risky = assessRisk(form.current.value.note).risk
                scope.launch { if (form.save()) support = risky }
            }
        }
    }
    val goals = remember(repository) { GoalsRepository(repository.client) }
    TodayContent(state, vocabulary, actions, header = { GoalsSection(goals) })
    if (support) {
        CrisisDialog(
            repository.client,
            intro = Strings.RISK_IN_NOTE,
            primary = null,
            onDismiss = { support = false },
            offerCircles = true,
        )
    }
}

/**
 * Today's check-in: mood (required), energy, emotions, tags, sleep, a note, below [header]
 * (the goals, on the app). A function of the form's [state] and the [vocabulary] on offer;
 * every change goes to [actions].
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun TodayContent(
    state: CheckinFormState,
    vocabulary: List<String>,
    actions: TodayActions,
    header: @Composable () -> Unit = {},
) {
    var newTag by remember { mutableStateOf("") }
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        header()
        Text(Strings.HOW_ARE_YOU, style = MaterialTheme.typography.titleLarge)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            (1..5).forEach { mood ->
                FilterChip(
                    selected = state.mood == mood,
                    onClick = { actions.mood(mood) },
                    label = { Text(Formatting.moodLabel(mood)) },
                    modifier = Modifier.semantics { contentDescription = Formatting.moodContentDescription(mood, state.mood == mood) },
                )
            }
        }
        Text(Strings.ENERGY, style = MaterialTheme.typography.titleMedium)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            (1..5).forEach { level ->
                FilterChip(
                    selected = state.energy == level,
                    onClick = { actions.energy(if (state.energy == level) null else level) },
                    label = { Text("$level") },
                    modifier = Modifier.semantics { contentDescription = Strings.energyLevel(level) },
                )
            }
        }
        Text(Strings.EMOTIONS, style = MaterialTheme.typography.titleMedium)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            vocabulary.forEach { word ->
                FilterChip(selected = word in state.emotions, onClick = { actions.emotion(word) }, label = { Text(word) })
            }
        }
        Text(Strings.ACTIVITIES_AND_TAGS, style = MaterialTheme.typography.titleMedium)
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            state.tags.forEach { tag ->
                InputChip(selected = true, onClick = { actions.removeTag(tag) }, label = { Text(tag) },
                    modifier = Modifier.semantics { contentDescription = Strings.removeTag(tag) })
            }
        }
        OutlinedTextField(
            value = newTag, onValueChange = { newTag = it }, singleLine = true,
            label = { Text(Strings.ADD_A_TAG) }, modifier = Modifier.fillMaxWidth(),
            trailingIcon = { TextButton(onClick = { actions.addTag(newTag); newTag = "" }) { Text(Strings.ADD) } },
        )
        Text(Strings.sleep(state.sleepHours?.let(Formatting::sleep)), style = MaterialTheme.typography.titleMedium)
        Slider(
            value = (state.sleepHours ?: 0.0).toFloat(), onValueChange = { actions.sleep((it * 2).toInt() / 2.0) },
            valueRange = 0f..14f, steps = 27,
            modifier = Modifier.semantics { contentDescription = Strings.HOURS_SLEPT },
        )
        OutlinedTextField(value = state.note, onValueChange = actions::note, label = { Text(Strings.PRIVATE_NOTE_CHECKIN) }, minLines = 3, modifier = Modifier.fillMaxWidth())
        state.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        state.saved?.let { Text(Strings.CHECKIN_SAVED) }
        Button(onClick = actions::save, enabled = state.canSave) { Text(Strings.SAVE_CHECKIN) }
    }
}
