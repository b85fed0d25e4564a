package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.launch
import org.hearth.ffi.HearthClient
import org.hearth.ffi.Instrument
import org.hearth.ffi.InstrumentInfo
import org.hearth.ffi.SurveyResult
import org.hearth.ffi.instrumentInfo
import org.hearth.shared.Formatting
import org.hearth.shared.JournalRepository
import org.hearth.shared.SurveyFlow
import org.hearth.shared.SurveyStep

/** PHQ-9, GAD-7 and WHO-5 with past results; a positive PHQ-9 item 9 goes straight to the safety screen. */
@Composable
fun SurveysScreen(repository: JournalRepository) {
    val offered = remember { instrumentInfo().filter { it.instrument in listOf(Instrument.PHQ9, Instrument.GAD7, Instrument.WHO5) } }
    var open by remember { mutableStateOf<InstrumentInfo?>(null) }
    val current = open
    val history by remember(repository) { repository.surveyHistory() }.collectAsState(emptyList())
    if (current == null) {
        SurveyList(offered, history, onOpen = { open = it })
    } else {
        Questionnaire(repository.client, remember(current) { SurveyFlow(repository, current) }) { open = null }
    }
}

/**
 * The questionnaires on [offer] and the person's past [results], newest first: a function of
 * them; [onOpen] starts one.
 */
@Composable
fun SurveyList(offer: List<InstrumentInfo>, results: List<SurveyResult>, onOpen: (InstrumentInfo) -> Unit) {
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        Text("Short, validated questionnaires. Your answers stay on this device.")
        offer.forEach { info -> Button(onClick = { onOpen(info) }) { Text(info.name) } }
        if (results.isNotEmpty()) Text("Your results", style = MaterialTheme.typography.titleMedium)
        results.forEach { r ->
            val name = offer.firstOrNull { it.instrument == r.instrument }?.name ?: r.instrument.name
            Text("${Formatting.moment(r.at)} · $name: ${r.score} of ${r.maxScore}, ${r.band}")
        }
    }
}

@Composable
private fun Questionnaire(client: HearthClient, flow: SurveyFlow, close: () -> Unit) {
    val step by flow.step.collectAsState()
    val scope = rememberCoroutineScope()
    when (val s = step) {
        is SurveyStep.Answering -> Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(flow.info.preamble, style = MaterialTheme.typography.titleMedium)
            flow.info.items.forEachIndexed { item, text ->
                Text("${item + 1}. $text", style = MaterialTheme.typography.bodyLarge)
                flow.info.scale.forEachIndexed { choice, label ->
                    androidx.compose.foundation.layout.Row(
                        Modifier.selectable(selected = s.answers[item] == choice, role = Role.RadioButton) { flow.answer(item, choice) },
                    ) {
                        RadioButton(selected = s.answers[item] == choice, onClick = null)
                        Text(label)
                    }
                }
            }
            s.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            Button(onClick = { scope.launch { flow.submit() } }, enabled = s.complete) { Text("See my result") }
            OutlinedButton(onClick = close) { Text("Cancel") }
        }
        is SurveyStep.Done -> Centered {
            Text("${flow.info.name}: ${s.result.score} of ${s.result.maxScore}", style = MaterialTheme.typography.headlineSmall)
            Text("${s.result.band} (${Formatting.severity(s.result.severity)})")
            Text("This is a screening result, not a diagnosis. If it worries you, talk to someone you trust or a professional.")
            Button(onClick = close) { Text("Done") }
        }
        is SurveyStep.Safety -> SafetyScreen(client, s.guidance, close)
    }
}

/** Shown at once after a positive PHQ-9 item 9: help now, before anything else. */
@Composable
fun SafetyScreen(client: HearthClient, guidance: String, close: () -> Unit) {
    Centered {
        Text("You're not alone", style = MaterialTheme.typography.headlineSmall)
        Text(guidance)
        // The lines for this phone's region, from the directory in the core (not hard-coded).
        CrisisLinesFor(client)
        TellACircle(client)
        OutlinedButton(onClick = close) { Text("I'm safe for now") }
    }
}
