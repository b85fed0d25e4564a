package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.ReceivedRequest
import org.hearth.ffi.ReceivedRequestState
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.FindingText
import org.hearth.shared.Strings
import org.hearth.shared.declineRequest
import org.hearth.shared.inviteRequester
import org.hearth.shared.joinRequests
import org.hearth.shared.openToRequests
import org.hearth.shared.requestEntry

/** What a circle's "Requests to join" shows (facilitators and co-facilitators). */
data class JoinRequestsState(
    val requests: List<ReceivedRequest> = emptyList(),
    /** The circle's entry for the organisation's directory, once opened to requests here. */
    val entry: String? = null,
    val problem: String? = null,
)

/** What "Requests to join" can do. */
interface JoinRequestsActions {
    fun openToRequests()
    fun invite(request: ReceivedRequest, message: String)
    fun decline(request: ReceivedRequest, message: String)
    fun dismiss()
}

/** A circle's join requests: open it to requests, read them, send a code or a kind no. */
@Composable
fun JoinRequestsDialog(repository: CircleRepository, circle: CircleSummary, onDismiss: () -> Unit) {
    val requests by remember(repository, circle.circleId) { repository.joinRequests(circle.circleId) }
        .collectAsState(emptyList())
    var entry by remember { mutableStateOf<String?>(null) }
    var problem by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(repository, circle.circleId) { entry = repository.requestEntry(circle.circleId) }
    val actions = remember(repository, circle.circleId) {
        fun attempt(work: suspend () -> Unit) {
            scope.launch { problem = try { work(); null } catch (e: Exception) { ErrorText.of(e) } }
        }
        object : JoinRequestsActions {
            override fun openToRequests() = attempt { entry = repository.openToRequests(circle.circleId) }
            override fun invite(request: ReceivedRequest, message: String) =
                attempt { repository.inviteRequester(request, message) }
            override fun decline(request: ReceivedRequest, message: String) =
                attempt { repository.declineRequest(request, message) }
            override fun dismiss() = onDismiss()
        }
    }
    JoinRequestsContent(JoinRequestsState(requests, entry, problem), actions)
}

/** "Requests to join", drawn from [state]. */
@Composable
fun JoinRequestsContent(state: JoinRequestsState, actions: JoinRequestsActions) {
    AlertDialog(
        onDismissRequest = actions::dismiss,
        title = { Text(FindingText.REQUESTS) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(10.dp)) {
                state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
                if (state.entry == null) {
                    OutlinedButton(onClick = actions::openToRequests) { Text(FindingText.OPEN_TO_REQUESTS) }
                } else {
                    Text(FindingText.ENTRY_INTRO, style = MaterialTheme.typography.bodySmall)
                    SelectionContainer { Text(state.entry, style = MaterialTheme.typography.labelSmall) }
                }
                if (state.requests.isEmpty()) Text(FindingText.NO_REQUESTS)
                state.requests.forEach { RequestRow(it, actions) }
            }
        },
        confirmButton = { TextButton(onClick = actions::dismiss) { Text(Strings.CLOSE) } },
    )
}

@Composable
private fun RequestRow(request: ReceivedRequest, actions: JoinRequestsActions) {
    var message by rememberSaveable(request.id) { mutableStateOf("") }
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(FindingText.received(request), style = MaterialTheme.typography.titleSmall)
        if (request.note.isNotBlank()) Text("\u201c${request.note}\u201d", style = MaterialTheme.typography.bodyMedium)
        if (request.state == ReceivedRequestState.WAITING) {
            OutlinedTextField(
                value = message, onValueChange = { message = it }, label = { Text(FindingText.MESSAGE) },
                modifier = Modifier.fillMaxWidth(),
            )
            Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedButton(onClick = { actions.invite(request, message) }) { Text(FindingText.INVITE) }
                TextButton(onClick = { actions.decline(request, message) }) { Text(FindingText.DECLINE) }
            }
        }
    }
}
