package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
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
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.launch
import org.hearth.ffi.Breakout
import org.hearth.ffi.BreakoutMessage
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Role
import org.hearth.shared.BreakoutText
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.Strings
import org.hearth.shared.breakoutMessages
import org.hearth.shared.breakouts
import org.hearth.shared.endBreakouts
import org.hearth.shared.postInBreakout
import org.hearth.shared.startBreakouts

/** What a circle's breakout groups show. */
data class BreakoutsState(
    val groups: List<Breakout> = emptyList(),
    /** Whether this person may split the circle (facilitators and co-facilitators). */
    val canStart: Boolean = false,
    /** The group shown (our own; a facilitator picks one). */
    val shown: Breakout? = null,
    val messages: List<BreakoutMessage> = emptyList(),
    val draft: String = "",
    val size: Int = 3,
    val minutes: Int = 15,
    val nowMs: Long = 0,
    val problem: String? = null,
)

/** What a circle's breakout groups can do. */
interface BreakoutsActions {
    fun size(people: Int)
    fun minutes(chosen: Int)
    fun start()
    fun end()
    fun show(group: Breakout)
    fun draft(text: String)
    fun send()
    fun dismiss()
}

/** A circle's breakout groups: split and end them (facilitators), read and post in one's own. */
@Composable
fun BreakoutsDialog(repository: CircleRepository, circle: CircleSummary, onDismiss: () -> Unit) {
    val groups by remember(repository, circle.circleId) { repository.breakouts(circle.circleId) }.collectAsState(emptyList())
    var picked by remember { mutableStateOf<String?>(null) }
    val shown = groups.firstOrNull { it.id == picked } ?: groups.firstOrNull { it.mine } ?: groups.firstOrNull()
    val messages by remember(repository, circle.circleId, shown?.id) {
        shown?.let { repository.breakoutMessages(circle.circleId, it.id) } ?: flowOf(emptyList())
    }.collectAsState(emptyList())
    var draft by remember { mutableStateOf("") }
    var size by remember { mutableStateOf(3) }
    var minutes by remember { mutableStateOf(15) }
    var problem by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    fun attempt(work: suspend () -> Unit) {
        scope.launch { problem = try { work(); null } catch (e: Exception) { ErrorText.of(e) } }
    }
    val actions = object : BreakoutsActions {
        override fun size(people: Int) { size = people }
        override fun minutes(chosen: Int) { minutes = chosen }
        override fun start() = attempt { repository.startBreakouts(circle.circleId, size, minutes) }
        override fun end() = attempt { repository.endBreakouts(circle.circleId) }
        override fun show(group: Breakout) { picked = group.id }
        override fun draft(text: String) { draft = text }
        override fun send() {
            val group = shown ?: return
            val text = draft
            attempt {
                repository.postInBreakout(circle.circleId, group.id, text)
                draft = ""
            }
        }
        override fun dismiss() = onDismiss()
    }
    val canStart = circle.role == Role.FACILITATOR || circle.role == Role.CO_FACILITATOR
    BreakoutsContent(
        BreakoutsState(groups, canStart, shown, messages, draft, size, minutes, System.currentTimeMillis(), problem),
        actions,
    )
}

/** The breakout groups, drawn from [state]. */
@Composable
fun BreakoutsContent(state: BreakoutsState, actions: BreakoutsActions) {
    AlertDialog(
        onDismissRequest = actions::dismiss,
        title = { Text(BreakoutText.BUTTON) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(10.dp)) {
                state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
                if (state.groups.isEmpty()) {
                    Text(BreakoutText.NONE)
                    if (state.canStart) StartControls(state, actions)
                } else {
                    state.groups.forEach { group ->
                        val label = "${BreakoutText.title(group)} · ${BreakoutText.left(group, state.nowMs)}"
                        if (state.canStart && state.groups.size > 1) {
                            FilterChip(selected = group.id == state.shown?.id, onClick = { actions.show(group) }, label = { Text(label) })
                        } else {
                            Text(label, style = MaterialTheme.typography.titleSmall)
                        }
                    }
                    state.shown?.let { GroupChat(state, actions) }
                    if (state.canStart) OutlinedButton(onClick = actions::end) { Text(BreakoutText.END) }
                }
            }
        },
        confirmButton = { TextButton(onClick = actions::dismiss) { Text(Strings.CLOSE) } },
    )
}

@Composable
private fun StartControls(state: BreakoutsState, actions: BreakoutsActions) {
    Text(BreakoutText.SIZE, style = MaterialTheme.typography.labelMedium)
    Row(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
        (2..5).forEach { n ->
            FilterChip(selected = state.size == n, onClick = { actions.size(n) }, label = { Text("$n") })
        }
    }
    Text(BreakoutText.MINUTES, style = MaterialTheme.typography.labelMedium)
    Row(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
        listOf(10, 15, 20, 30).forEach { m ->
            FilterChip(selected = state.minutes == m, onClick = { actions.minutes(m) }, label = { Text("$m") })
        }
    }
    Button(onClick = actions::start) { Text(BreakoutText.START) }
}

@Composable
private fun GroupChat(state: BreakoutsState, actions: BreakoutsActions) {
    Text(BreakoutText.PRIVATE, style = MaterialTheme.typography.bodySmall)
    state.messages.forEach { m ->
        Text("${if (m.isMine) BreakoutText.YOU else m.senderName}: ${m.body}", style = MaterialTheme.typography.bodyMedium)
    }
    OutlinedTextField(
        value = state.draft, onValueChange = actions::draft, label = { Text(BreakoutText.WRITE) },
        modifier = Modifier.fillMaxWidth(),
    )
    Button(onClick = actions::send, enabled = state.draft.isNotBlank()) { Text(BreakoutText.SEND) }
}
