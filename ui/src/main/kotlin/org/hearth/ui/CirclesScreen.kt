package org.hearth.ui

import org.hearth.shared.FindingText
import org.hearth.shared.TalkText
import org.hearth.shared.Strings
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
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.InviteJoin
import org.hearth.ffi.RelayAccount
import org.hearth.ffi.SyncState
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.InviteRepository

/** What the circles list shows: this device at the relay, the circles, the codes used. */
data class CirclesState(
    /** This device's registration at a relay (null until loaded, or when there is none). */
    val account: RelayAccount? = null,
    /** Whether [account] was looked up (until then neither the connect card nor the id shows). */
    val accountLoaded: Boolean = false,
    val connection: SyncState? = null,
    val circles: List<CircleSummary> = emptyList(),
    val joins: List<InviteJoin> = emptyList(),
    /** Why the last action failed, worded for the person. */
    val problem: String? = null,
) {
    val connected: Boolean get() = account?.deviceId != null
}

/** What the circles list can do. */
interface CirclesActions {
    fun connect(relayUrl: String)
    fun syncNow()
    fun open(circleId: String)
    fun join()
    fun create()
    fun find()
}

/**
 * The circles tab: connect to a relay (once), join a circle with a code (typed, or from a
 * scanned link that opened the app: [joinLink]), list circles with unread counts and this
 * phone's join requests, create a circle, and open a chat. Holds the state; [CirclesContent]
 * draws it.
 */
@Composable
fun CirclesScreen(repository: CircleRepository, joinLink: String? = null, onJoinLinkUsed: () -> Unit = {}) {
    var open by rememberSaveable { mutableStateOf<String?>(null) }
    var finding by rememberSaveable { mutableStateOf(false) }
    open?.let { id ->
        CircleChatScreen(repository, id, onBack = { open = null }, onOpen = { open = it })
        return
    }
    if (finding) {
        FindCircleScreen(repository, onBack = { finding = false })
        return
    }
    var account by remember { mutableStateOf<RelayAccount?>(null) }
    var loaded by remember { mutableStateOf(false) }
    var creating by remember { mutableStateOf(false) }
    var joining by rememberSaveable { mutableStateOf<String?>(null) }
    val invites = remember(repository) { InviteRepository(repository.client) }
    val joins by remember(invites) { invites.joins() }.collectAsState(emptyList())
    var problem by remember { mutableStateOf<String?>(null) }
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
    val actions = remember(repository) {
        object : CirclesActions {
            override fun connect(relayUrl: String) {
                scope.launch {
                    problem = try {
                        repository.connect(relayUrl)
                        account = repository.account()
                        null
                    } catch (e: Exception) {
                        ErrorText.of(e)
                    }
                }
            }
            override fun syncNow() {
                scope.launch { problem = runCatching { repository.syncNow() }.exceptionOrNull()?.let(ErrorText::of) }
            }
            override fun open(circleId: String) { open = circleId }
            override fun join() { joining = "" }
            override fun create() { creating = true }
            override fun find() { finding = true }
        }
    }
    CirclesContent(CirclesState(account, loaded, connection, circles, joins, problem), actions)
    joining?.let { code ->
        JoinByCodeDialog(
            invites,
            code,
            onJoined = {
                joining = null
                // Send the request now rather than at the next background pass.
                actions.syncNow()
            },
            onDismiss = { joining = null },
        )
    }
    if (creating) {
        CreateCircleDialog(
            onDismiss = { creating = false },
            onCreate = { name, description, guidelines ->
                scope.launch {
                    problem = try {
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

/** The circles list, drawn from [state]; every action goes to [actions]. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun CirclesContent(state: CirclesState, actions: CirclesActions) {
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        if (state.accountLoaded && !state.connected) {
            ConnectCard(onConnect = actions::connect)
        } else {
            state.account?.deviceId?.let { id ->
                Text(Strings.YOUR_DEVICE_ID, style = MaterialTheme.typography.labelMedium)
                SelectionContainer { Text(id, style = MaterialTheme.typography.bodyMedium) }
            }
            Text(Strings.connection(state.connection), style = MaterialTheme.typography.labelMedium)
        }
        state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            Button(onClick = actions::join, enabled = state.connected) { Text(Strings.JOIN_WITH_CODE) }
            OutlinedButton(onClick = actions::find) { Text(FindingText.TITLE) }
            OutlinedButton(onClick = actions::create) { Text(Strings.NEW_CIRCLE) }
            if (state.connected) TextButton(onClick = actions::syncNow) { Text(Strings.CHECK_NOW) }
        }
        JoinRequests(state.joins)
        HorizontalDivider()
        if (state.circles.isEmpty()) Text(Strings.NO_CIRCLES)
        LazyColumn(verticalArrangement = Arrangement.spacedBy(8.dp)) {
            items(state.circles, key = { it.circleId }) { circle ->
                CircleRow(circle) { actions.open(circle.circleId) }
            }
        }
    }
}

@Composable
private fun ConnectCard(onConnect: (String) -> Unit) {
    var url by rememberSaveable { mutableStateOf("https://") }
    Text(Strings.NEEDS_RELAY, style = MaterialTheme.typography.titleMedium)
    Text(Strings.RELAY_SEES_NOTHING)
    OutlinedTextField(value = url, onValueChange = { url = it }, label = { Text(Strings.RELAY_ADDRESS) }, singleLine = true)
    Button(onClick = { onConnect(url) }, enabled = url.length > "https://".length) { Text(Strings.CONNECT) }
}

@Composable
private fun CircleRow(circle: CircleSummary, onOpen: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().clickable(onClick = onOpen).padding(vertical = 8.dp),
        verticalAlignment = Alignment.CenterVertically,
        horizontalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        Column(Modifier.weight(1f)) {
            Text(TalkText.title(circle), style = MaterialTheme.typography.titleMedium)
            Text(Strings.circleStatus(circle), style = MaterialTheme.typography.bodySmall)
        }
        if (circle.unread > 0u) Badge { Text(circle.unread.toString()) }
    }
}

@Composable
private fun CreateCircleDialog(onDismiss: () -> Unit, onCreate: (String, String, String) -> Unit) {
    var name by rememberSaveable { mutableStateOf("") }
    var description by rememberSaveable { mutableStateOf("") }
    var guidelines by rememberSaveable { mutableStateOf(Strings.DEFAULT_GUIDELINES) }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(Strings.NEW_CIRCLE) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(value = name, onValueChange = { name = it }, label = { Text(Strings.CIRCLE_NAME) }, singleLine = true)
                OutlinedTextField(value = description, onValueChange = { description = it }, label = { Text(Strings.CIRCLE_DESCRIPTION) })
                OutlinedTextField(value = guidelines, onValueChange = { guidelines = it }, label = { Text(Strings.GUIDELINES) })
                Text(Strings.NEW_CIRCLE_NOTE, style = MaterialTheme.typography.bodySmall)
            }
        },
        confirmButton = { TextButton(onClick = { onCreate(name, description, guidelines) }, enabled = name.isNotBlank()) { Text(Strings.CREATE) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(Strings.CANCEL) } },
    )
}
