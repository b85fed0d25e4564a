package org.hearth.ui

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Badge
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.launch
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.RelayAccount
import org.hearth.ffi.SyncState
import org.hearth.ffi.askForANewCodeNotice
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.InviteRepository

/**
 * The circles tab: connect to a relay (once), join a circle with a code (typed, or from a
 * scanned link that opened the app: [joinLink]), list circles with unread counts and this
 * phone's join requests, create a circle, and open a chat.
 */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun CirclesScreen(repository: CircleRepository, joinLink: String? = null, onJoinLinkUsed: () -> Unit = {}) {
    var open by rememberSaveable { mutableStateOf<String?>(null) }
    open?.let { id ->
        CircleChatScreen(repository, id, onBack = { open = null })
        return
    }
    var account by remember { mutableStateOf<RelayAccount?>(null) }
    var loaded by remember { mutableStateOf(false) }
    var creating by remember { mutableStateOf(false) }
    var joining by rememberSaveable { mutableStateOf<String?>(null) }
    val invites = remember(repository) { InviteRepository(repository.client) }
    val joins by remember(invites) { invites.joins() }.collectAsState(emptyList())
    var message by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    val circles by remember(repository) { repository.circles() }.collectAsState(emptyList())
    val connection by remember(repository) { repository.connection }.collectAsState(null)
    LaunchedEffect(repository) {
        account = runCatching { repository.account() }.getOrNull()
        loaded = true
    }
    LaunchedEffect(joinLink) {
        if (joinLink != null) {
            joining = joinLink
            onJoinLinkUsed()
        }
    }

    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        if (loaded && account?.deviceId == null) {
            ConnectCard(onConnect = { url ->
                scope.launch {
                    message = try {
                        repository.connect(url)
                        account = repository.account()
                        null
                    } catch (e: Exception) {
                        ErrorText.of(e)
                    }
                }
            })
        } else {
            account?.deviceId?.let { id ->
                Text("Your device id (a facilitator adds you with it):", style = MaterialTheme.typography.labelMedium)
                SelectionContainer { Text(id, style = MaterialTheme.typography.bodyMedium) }
            }
            Text(connectionText(connection), style = MaterialTheme.typography.labelMedium)
        }
        message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = { joining = "" }, enabled = account?.deviceId != null) { Text("Join with a code") }
            OutlinedButton(onClick = { creating = true }) { Text("New circle") }
            if (account?.deviceId != null) {
                TextButton(onClick = {
                    scope.launch { message = runCatching { repository.syncNow() }.exceptionOrNull()?.let(ErrorText::of) }
                }) { Text("Check now") }
            }
        }
        JoinRequests(joins)
        HorizontalDivider()
        if (circles.isEmpty()) {
            Text("No circles yet. Join one with a code from its facilitator, or create one.")
        }
        LazyColumn(verticalArrangement = Arrangement.spacedBy(8.dp)) {
            items(circles, key = { it.circleId }) { circle ->
                CircleRow(circle) { open = circle.circleId }
            }
        }
    }
    joining?.let { code ->
        JoinByCodeDialog(
            invites,
            code,
            onJoined = {
                joining = null
                // Send the request now rather than at the next background pass.
                scope.launch { message = runCatching { repository.syncNow() }.exceptionOrNull()?.let(ErrorText::of) }
            },
            onDismiss = { joining = null },
        )
    }
    if (creating) {
        CreateCircleDialog(
            onDismiss = { creating = false },
            onCreate = { name, description, guidelines ->
                scope.launch {
                    message = try {
                        open = repository.createCircle(name, description, guidelines).circleId
                        creating = false
                        null
                    } catch (e: Exception) {
                        ErrorText.of(e)
                    }
                }
            },
        )
    }
}

private fun connectionText(state: SyncState?) = when (state) {
    null, SyncState.Syncing -> "Syncing…"
    SyncState.Online -> "Up to date"
    is SyncState.Offline -> "Offline. Nothing is lost; retrying in ${state.retryInMs.toLong() / 1000 + 1} s."
}

@Composable
private fun ConnectCard(onConnect: (String) -> Unit) {
    var url by rememberSaveable { mutableStateOf("https://") }
    Text("Circles need a relay", style = MaterialTheme.typography.titleMedium)
    Text("The relay only carries encrypted messages. It never sees what you write, your name, or your circles.")
    OutlinedTextField(value = url, onValueChange = { url = it }, label = { Text("Relay address") }, singleLine = true)
    Button(onClick = { onConnect(url) }, enabled = url.length > "https://".length) { Text("Connect") }
}

@Composable
private fun CircleRow(circle: CircleSummary, onOpen: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().clickable(onClick = onOpen).padding(vertical = 8.dp),
        verticalAlignment = Alignment.CenterVertically,
        horizontalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Column(Modifier.weight(1f)) {
            Text(circle.name, style = MaterialTheme.typography.titleMedium)
            val status = when (circle.state) {
                CircleState.ACTIVE -> "${circle.memberCount} members" + if (circle.waiting > 0u) " · sending…" else ""
                CircleState.LEFT -> "You left this circle"
                CircleState.REMOVED -> "You were removed from this circle"
                CircleState.STALLED -> askForANewCodeNotice()
                CircleState.CLOSED -> "Closed by its facilitator"
                CircleState.INVITED -> "An invitation: open it to accept or decline"
            }
            Text(status, style = MaterialTheme.typography.bodySmall)
        }
        if (circle.unread > 0u) Badge { Text(circle.unread.toString()) }
    }
}

@Composable
private fun CreateCircleDialog(onDismiss: () -> Unit, onCreate: (String, String, String) -> Unit) {
    var name by rememberSaveable { mutableStateOf("") }
    var description by rememberSaveable { mutableStateOf("") }
    var guidelines by rememberSaveable { mutableStateOf("Be kind. What is shared here stays here.") }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text("New circle") },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(value = name, onValueChange = { name = it }, label = { Text("Name") }, singleLine = true)
                OutlinedTextField(value = description, onValueChange = { description = it }, label = { Text("Description") })
                OutlinedTextField(value = guidelines, onValueChange = { guidelines = it }, label = { Text("Guidelines") })
                Text("Only members can read these. You will be the facilitator.", style = MaterialTheme.typography.bodySmall)
            }
        },
        confirmButton = { TextButton(onClick = { onCreate(name, description, guidelines) }, enabled = name.isNotBlank()) { Text("Create") } },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}
