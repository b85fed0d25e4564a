package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
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
        Text(Strings.SURVEYS_INTRO)
        offer.forEach { info -> Button(onClick = { onOpen(info) }) { Text(info.name) } }
        if (results.isNotEmpty()) Text(Strings.YOUR_RESULTS, style = MaterialTheme.typography.titleMedium)
        results.forEach { r ->
            val name = offer.firstOrNull { it.instrument == r.instrument }?.name ?: r.instrument.name
            Text(Strings.surveyResult(Formatting.moment(r.at), name, r.score.toInt(), r.maxScore.toInt(), r.band))
        }
    }
}

/** What answering a questionnaire can do. */
interface QuestionnaireActions {
    fun answer(item: Int, choice: Int)
    fun submit()
    fun close()
}

/** The route: a questionnaire's flow, and the safety screen when an answer calls for it. */
@Composable
private fun Questionnaire(client: HearthClient, flow: SurveyFlow, close: () -> Unit) {
    val step by flow.step.collectAsState()
    val scope = rememberCoroutineScope()
    val actions = remember(flow) {
        object : QuestionnaireActions {
            override fun answer(item: Int, choice: Int) = flow.answer(item, choice)
            override fun submit() { scope.launch { flow.submit() } }
            override fun close() = close()
        }
    }
    when (val s = step) {
        is SurveyStep.Safety -> SafetyScreen(client, s.guidance, close)
        else -> QuestionnaireContent(flow.info, s, actions)
    }
}

/** A questionnaire being answered ([SurveyStep.Answering]) or its result ([SurveyStep.Done]). */
@Composable
fun QuestionnaireContent(info: InstrumentInfo, step: SurveyStep, actions: QuestionnaireActions) {
    when (step) {
        is SurveyStep.Answering -> Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
            Text(info.preamble, style = MaterialTheme.typography.titleMedium)
            info.items.forEachIndexed { item, text ->
                Text(Strings.questionnaireItem(item, text), style = MaterialTheme.typography.bodyLarge)
                info.scale.forEachIndexed { choice, label ->
                    Row(Modifier.selectable(selected = step.answers[item] == choice, role = Role.RadioButton) { actions.answer(item, choice) }) {
                        RadioButton(selected = step.answers[item] == choice, onClick = null)
                        Text(label)
                    }
                }
            }
            step.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            Button(onClick = actions::submit, enabled = step.complete) { Text(Strings.SEE_MY_RESULT) }
            OutlinedButton(onClick = actions::close) { Text(Strings.CANCEL) }
        }
        is SurveyStep.Done -> Centered {
            Text(Strings.surveyScore(info.name, step.result.score.toInt(), step.result.maxScore.toInt()), style = MaterialTheme.typography.headlineSmall)
            Text("${step.result.band} (${Formatting.severity(step.result.severity)})")
            Text(Strings.SCREENING_NOT_DIAGNOSIS)
            Button(onClick = actions::close) { Text(Strings.DONE) }
        }
        is SurveyStep.Safety -> Unit // the route shows the safety screen
    }
}

/** Shown at once after a positive PHQ-9 item 9: help now, before anything else. */
@Composable
fun SafetyScreen(client: HearthClient, guidance: String, close: () -> Unit) {
    Centered {
        Text(Strings.NOT_ALONE, style = MaterialTheme.typography.headlineSmall)
        Text(guidance)
        // The lines for this device's region, from the directory in the core (not hard-coded).
        CrisisLinesFor(client)
        TellACircle(client)
        OutlinedButton(onClick = close) { Text(Strings.SAFE_FOR_NOW) }
    }
}
