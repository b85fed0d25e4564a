package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.selection.selectable
import androidx.compose.material3.RadioButton
import androidx.compose.ui.semantics.Role as SemanticsRole
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.FilterChip
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
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleRule
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Role
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.RuleDraft
import org.hearth.shared.RuleForm
import org.hearth.shared.RulesText
import org.hearth.shared.Strings
import org.hearth.shared.circleRules
import org.hearth.shared.dismissFlag
import org.hearth.shared.flaggedPosts
import org.hearth.shared.setCircleRules

/** What the rules dialog shows. */
data class RulesState(
    val rules: List<CircleRule> = emptyList(),
    /** A facilitator of an active circle: adds and removes rules. */
    val canEdit: Boolean = false,
    /** A facilitator or co-facilitator: sees the flagged posts. */
    val moderates: Boolean = false,
    val flagged: List<CircleMessage> = emptyList(),
    /** The add-a-rule form, while open. */
    val draft: RuleDraft? = null,
    /** What the last action led to, worded for the person. */
    val note: String? = null,
)

/** What the rules dialog can do. */
interface RulesActions {
    fun startAdding()
    fun draft(draft: RuleDraft)
    fun add()
    fun remove(index: Int)
    fun looked(message: CircleMessage)
    fun dismiss()
}

/** The route of the rules dialog: the repository's calls behind [RulesActions]. */
@Composable
fun RulesDialog(repository: CircleRepository, circle: CircleSummary, onDismiss: () -> Unit) {
    val circleId = circle.circleId
    val moderates = circle.state == CircleState.ACTIVE && (circle.role == Role.FACILITATOR || circle.role == Role.CO_FACILITATOR)
    var state by remember(circleId) {
        mutableStateOf(RulesState(canEdit = circle.state == CircleState.ACTIVE && circle.role == Role.FACILITATOR, moderates = moderates))
    }
    val scope = rememberCoroutineScope()
    // A change of rules comes with a new epoch; a new flag with a new count.
    LaunchedEffect(circleId, circle.epoch, circle.flagged) {
        val rules = runCatching { repository.circleRules(circleId) }.getOrDefault(state.rules)
        val flagged = if (moderates) runCatching { repository.flaggedPosts(circleId) }.getOrDefault(state.flagged) else emptyList()
        state = state.copy(rules = rules, flagged = flagged)
    }
    fun save(rules: List<CircleRule>, after: RulesState.() -> RulesState) = scope.launch {
        state = runCatching { repository.setCircleRules(circleId, rules) }.fold(
            { state.copy(rules = rules, note = RulesText.SAVED).after() },
            { state.copy(note = ErrorText.of(it)) },
        )
    }
    val actions = object : RulesActions {
        override fun startAdding() { state = state.copy(draft = RuleDraft(), note = null) }
        override fun draft(draft: RuleDraft) { state = state.copy(draft = draft) }
        override fun add() {
            val (rule, problem) = state.draft?.rule() ?: return
            if (rule == null) {
                state = state.copy(note = problem)
                return
            }
            save(state.rules + rule) { copy(draft = null) }
        }
        override fun remove(index: Int) { save(state.rules.filterIndexed { i, _ -> i != index }) { this } }
        override fun looked(message: CircleMessage) {
            scope.launch {
                state = runCatching { repository.dismissFlag(circleId, message.id) }.fold(
                    { state.copy(flagged = state.flagged - message) },
                    { state.copy(note = ErrorText.of(it)) },
                )
            }
        }
        override fun dismiss() = onDismiss()
    }
    RulesContent(state, actions)
}

/**
 * A circle's rules, each in a line with its explanation; for its facilitator, removing one
 * and a form to add one; for facilitators and co-facilitators, the posts the rules flagged,
 * each to look at and let be.
 */
@Composable
fun RulesContent(state: RulesState, actions: RulesActions) {
    AlertDialog(
        onDismissRequest = actions::dismiss,
        title = { Text(RulesText.TITLE) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (state.rules.isEmpty()) Text(RulesText.NONE, style = MaterialTheme.typography.bodyMedium)
                state.rules.forEachIndexed { index, rule ->
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        Column(Modifier.weight(1f)) {
                            Text(RulesText.describe(rule), style = MaterialTheme.typography.bodyMedium)
                            Text("“${rule.explanation}”", style = MaterialTheme.typography.bodySmall)
                        }
                        if (state.canEdit) TextButton(onClick = { actions.remove(index) }) { Text(RulesText.REMOVE) }
                    }
                }
                Text(RulesText.ABOUT, style = MaterialTheme.typography.labelSmall)
                val draft = state.draft
                if (state.canEdit && draft == null) {
                    TextButton(onClick = actions::startAdding) { Text(RulesText.ADD) }
                }
                if (state.canEdit && draft != null) RuleForm(draft, actions)
                state.note?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                if (state.moderates) {
                    Text(RulesText.FLAGGED, style = MaterialTheme.typography.titleSmall)
                    if (state.flagged.isEmpty()) Text(RulesText.NOTHING_FLAGGED, style = MaterialTheme.typography.bodySmall)
                    state.flagged.forEach { m -> FlaggedPost(m, actions) }
                }
            }
        },
        confirmButton = { TextButton(onClick = actions::dismiss) { Text(Strings.DONE) } },
    )
}

/** The add-a-rule form: the sort of rule, its field, hold or flag, why. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun RuleForm(draft: RuleDraft, actions: RulesActions) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        FlowRow(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
            RuleForm.entries.forEach { form ->
                FilterChip(
                    selected = draft.form == form,
                    onClick = { actions.draft(draft.copy(form = form, value = "")) },
                    label = { Text(RulesText.formLabel(form)) },
                )
            }
        }
        OutlinedTextField(
            value = draft.value, onValueChange = { actions.draft(draft.copy(value = it)) },
            label = { Text(RulesText.fieldLabel(draft.form)) }, modifier = Modifier.fillMaxWidth(),
        )
        listOf(true to RulesText.HOLD, false to RulesText.FLAG).forEach { (hold, label) ->
            Row(
                Modifier.fillMaxWidth().selectable(selected = draft.hold == hold, role = SemanticsRole.RadioButton) {
                    actions.draft(draft.copy(hold = hold))
                },
                verticalAlignment = Alignment.CenterVertically,
                horizontalArrangement = Arrangement.spacedBy(8.dp),
            ) {
                RadioButton(selected = draft.hold == hold, onClick = null)
                Text(label)
            }
        }
        OutlinedTextField(
            value = draft.why, onValueChange = { actions.draft(draft.copy(why = it)) },
            label = { Text(RulesText.WHY) }, modifier = Modifier.fillMaxWidth(),
        )
        TextButton(onClick = actions::add) { Text(RulesText.ADD) }
    }
}

/** One flagged post: who, what, which rule, and "looks fine". */
@Composable
private fun FlaggedPost(m: CircleMessage, actions: RulesActions) {
    Row(verticalAlignment = Alignment.CenterVertically) {
        Column(Modifier.weight(1f)) {
            Text("${Strings.sender(m.fromMe, m.senderName)}: ${m.body.take(200)}", style = MaterialTheme.typography.bodyMedium)
            m.breach?.let { Text(RulesText.flagged(it.explanation), style = MaterialTheme.typography.bodySmall) }
        }
        TextButton(onClick = { actions.looked(m) }) { Text(RulesText.LOOKED) }
    }
}
