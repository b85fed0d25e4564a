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
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Card
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.hearth.ffi.GoalOutcome
import org.hearth.ffi.GoalProgress
import org.hearth.ffi.GoalShareChoice
import org.hearth.ffi.Weekday
import org.hearth.shared.ErrorText
import org.hearth.shared.GoalFormState
import org.hearth.shared.GoalText
import org.hearth.shared.GoalsRepository
import org.hearth.shared.Strings
import org.hearth.shared.toHearth
import java.time.LocalDate
import java.time.ZoneId

/** What the goals section does when the person acts on it. */
interface GoalActions {
    fun log(goal: GoalProgress, outcome: GoalOutcome)
    fun end(goal: GoalProgress)
    fun newGoal()
}

/** The goals on the Today screen: the state holder over [repository] and the new-goal dialog. */
@Composable
fun GoalsSection(repository: GoalsRepository) {
    val today = remember { LocalDate.now().toHearth() }
    val goals by remember(repository) { repository.goals(today) }.collectAsState(emptyList())
    var form by remember { mutableStateOf<GoalFormState?>(null) }
    var problem by remember { mutableStateOf<String?>(null) }
    var ending by remember { mutableStateOf<GoalProgress?>(null) }
    val scope = rememberCoroutineScope()
    val actions = remember(repository) {
        object : GoalActions {
            override fun log(goal: GoalProgress, outcome: GoalOutcome) {
                scope.launch { problem = runCatching { repository.log(goal, today, outcome) }.exceptionOrNull()?.let(ErrorText::of) }
            }
            override fun end(goal: GoalProgress) { ending = goal }
            override fun newGoal() { form = GoalFormState() }
        }
    }
    GoalsContent(goals, problem, actions)
    ending?.let { goal ->
        AlertDialog(
            onDismissRequest = { ending = null },
            title = { Text(GoalText.endGoal(goal.goal.title)) },
            text = { Text(GoalText.END_GOAL_SAYS) },
            confirmButton = {
                TextButton(onClick = {
                    ending = null
                    scope.launch { problem = runCatching { repository.end(goal.goal.id, today) }.exceptionOrNull()?.let(ErrorText::of) }
                }) { Text(GoalText.END_GOAL) }
            },
            dismissButton = { TextButton(onClick = { ending = null }) { Text(Strings.CANCEL) } },
        )
    }
    form?.let { state ->
        NewGoalDialog(
            state,
            onChange = { form = it },
            onSave = {
                scope.launch {
                    runCatching { repository.add(state.toDraft(ZoneId.systemDefault().id), today) }
                        .onSuccess { form = null }
                        .onFailure { form = state.copy(problem = ErrorText.of(it)) }
                }
            },
            onCancel = { form = null },
        )
    }
}

/** Each running goal: its week, streak and rate, and today's Done / Partly / Not today. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun GoalsContent(goals: List<GoalProgress>, problem: String?, actions: GoalActions) {
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            Text(GoalText.GOALS, style = MaterialTheme.typography.titleLarge, modifier = Modifier.weight(1f))
            TextButton(onClick = actions::newGoal) { Text(GoalText.NEW_GOAL) }
        }
        if (goals.isEmpty()) Text(GoalText.NO_GOALS, style = MaterialTheme.typography.bodyMedium)
        goals.forEach { p ->
            Card(Modifier.fillMaxWidth()) {
                Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        Text(p.goal.title, style = MaterialTheme.typography.titleMedium, modifier = Modifier.weight(1f))
                        TextButton(onClick = { actions.end(p) }, modifier = Modifier.semantics { contentDescription = "${GoalText.END_GOAL} ${p.goal.title}" }) {
                            Text(GoalText.END_GOAL)
                        }
                    }
                    Text(
                        "${p.goal.planText} · ${GoalText.marks(p)}",
                        style = MaterialTheme.typography.bodyMedium,
                        modifier = Modifier.semantics { contentDescription = GoalText.marksDescription(p) },
                    )
                    Text(GoalText.week(p), style = MaterialTheme.typography.bodyMedium)
                    Text(GoalText.streakAndRate(p), style = MaterialTheme.typography.bodySmall)
                    if (p.dueToday || p.today != null) {
                        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                            GoalOutcome.entries.forEach { o ->
                                FilterChip(
                                    selected = p.today == o,
                                    onClick = { actions.log(p, o) },
                                    label = { Text(GoalText.outcomeLabel(o)) },
                                    modifier = Modifier.semantics { contentDescription = "${p.goal.title}: ${GoalText.outcomeLabel(o)}" },
                                )
                            }
                        }
                    }
                }
            }
        }
        problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
    }
}

/** A new goal: what, why, which days or how often, and an optional reminder. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun NewGoalDialog(state: GoalFormState, onChange: (GoalFormState) -> Unit, onSave: () -> Unit, onCancel: () -> Unit) {
    AlertDialog(
        onDismissRequest = onCancel,
        title = { Text(GoalText.NEW_GOAL.removeSuffix("…")) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(state.title, { onChange(state.copy(title = it)) }, label = { Text(GoalText.GOAL_TITLE) }, singleLine = true, modifier = Modifier.fillMaxWidth())
                OutlinedTextField(state.why, { onChange(state.copy(why = it)) }, label = { Text(GoalText.GOAL_WHY) }, modifier = Modifier.fillMaxWidth())
                LabelledToggle(GoalText.ON_THESE_DAYS, state.byWeekdays, onChange = { onChange(state.copy(byWeekdays = it)) })
                if (state.byWeekdays) {
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                        Weekday.entries.forEach { d ->
                            FilterChip(
                                selected = d in state.days,
                                onClick = { onChange(state.copy(days = if (d in state.days) state.days - d else state.days + d)) },
                                label = { Text(GoalText.dayLetter(d)) },
                                modifier = Modifier.semantics { contentDescription = GoalText.dayName(d) },
                            )
                        }
                    }
                } else {
                    Text(GoalText.TIMES_A_WEEK)
                    FlowRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                        (1..7).forEach { n ->
                            FilterChip(
                                selected = state.timesPerWeek == n,
                                onClick = { onChange(state.copy(timesPerWeek = n)) },
                                label = { Text("$n") },
                                modifier = Modifier.semantics { contentDescription = GoalText.timesAWeek(n) },
                            )
                        }
                    }
                }
                LabelledToggle(GoalText.REMIND_ME, state.remind, onChange = { onChange(state.copy(remind = it)) })
                if (state.remind) {
                    OutlinedTextField(state.reminderTime, { onChange(state.copy(reminderTime = it)) }, label = { Text(GoalText.REMINDER_TIME) }, singleLine = true)
                }
                state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = { TextButton(enabled = state.canSave, onClick = onSave) { Text(GoalText.SAVE_GOAL) } },
        dismissButton = { TextButton(onClick = onCancel) { Text(Strings.CANCEL) } },
    )
}

/** Share this week of one goal to a circle: its title and week, the why and streak when ticked. */
@Composable
fun ShareGoalSheet(repository: GoalsRepository, circleId: String, onDone: (String?) -> Unit) {
    val today = remember { LocalDate.now().toHearth() }
    val goals by remember(repository) { repository.goals(today) }.collectAsState(emptyList())
    var chosen by remember { mutableStateOf<String?>(null) }
    var choice by remember { mutableStateOf(GoalShareChoice(why = false, streak = false)) }
    var problem by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    AlertDialog(
        onDismissRequest = { onDone(null) },
        title = { Text(GoalText.SHARE_A_GOAL) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (goals.isEmpty()) Text(GoalText.NO_GOALS_TO_SHARE)
                goals.forEach { p ->
                    FilterChip(selected = chosen == p.goal.id, onClick = { chosen = p.goal.id }, label = { Text("${p.goal.title} · ${GoalText.week(p)}") })
                }
                LabelledToggle(GoalText.SHARE_WHY, choice.why, onChange = { choice = choice.copy(why = it) })
                LabelledToggle(GoalText.SHARE_STREAK, choice.streak, onChange = { choice = choice.copy(streak = it) })
                Text(GoalText.SHARE_GOAL_SAYS, style = MaterialTheme.typography.bodySmall)
                problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = {
            TextButton(enabled = chosen != null, onClick = {
                val id = chosen ?: return@TextButton
                scope.launch {
                    runCatching { repository.share(circleId, id, today, choice) }
                        .onSuccess { onDone(Strings.SHARED_WITH_CIRCLE) }
                        .onFailure { problem = ErrorText.of(it) }
                }
            }) { Text(Strings.SHARE) }
        },
        dismissButton = { TextButton(onClick = { onDone(null) }) { Text(Strings.CANCEL) } },
    )
}
