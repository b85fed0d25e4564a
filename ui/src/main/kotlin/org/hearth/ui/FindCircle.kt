package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.Card
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
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
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.hearth.ffi.FoundCircle
import org.hearth.ffi.SentRequest
import org.hearth.ffi.SentRequestState
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.FindingText
import org.hearth.shared.Listings
import org.hearth.shared.Strings
import org.hearth.shared.addDirectory
import org.hearth.shared.askToJoin
import org.hearth.shared.forgetRequest
import org.hearth.shared.joinFromRequest
import org.hearth.shared.listings
import org.hearth.shared.sentRequests

/** What "Find a circle" shows. */
data class FindCircleState(
    val listings: Listings = Listings(),
    /** The topic chosen (null: every circle). */
    val topic: String? = null,
    val sent: List<SentRequest> = emptyList(),
    /** The circle being asked about, while its request is written. */
    val asking: FoundCircle? = null,
    /** Why the last action failed, worded for the person. */
    val problem: String? = null,
)

/** What "Find a circle" can do. */
interface FindCircleActions {
    fun addDirectory(url: String, orgKey: String)
    fun topic(chosen: String?)
    fun ask(circle: FoundCircle)
    fun send(name: String, note: String)
    fun cancelAsking()
    fun join(request: SentRequest, name: String)
    fun forget(request: SentRequest)
    fun back()
}

/**
 * "Find a circle": the directories this phone trusts, their circles by topic, asking to join
 * one, and the requests sent with their answers (joining by the code that came). Holds the
 * state; [FindCircleContent] draws it.
 */
@Composable
fun FindCircleScreen(repository: CircleRepository, onBack: () -> Unit) {
    var topic by rememberSaveable { mutableStateOf<String?>(null) }
    var asking by remember { mutableStateOf<FoundCircle?>(null) }
    var problem by remember { mutableStateOf<String?>(null) }
    val listings by remember(repository, topic) { repository.listings(topic) }.collectAsState(Listings())
    val sent by remember(repository) { repository.sentRequests() }.collectAsState(emptyList())
    val scope = rememberCoroutineScope()
    fun attempt(work: suspend () -> Unit) {
        scope.launch {
            problem = try {
                work()
                null
            } catch (e: Exception) {
                ErrorText.of(e)
            }
        }
    }
    val actions = remember(repository) { object : FindCircleActions {
        override fun addDirectory(url: String, orgKey: String) = attempt { repository.addDirectory(url, orgKey) }
        override fun topic(chosen: String?) { topic = chosen }
        override fun ask(circle: FoundCircle) { asking = circle }
        override fun send(name: String, note: String) {
            val circle = asking ?: return
            attempt {
                repository.askToJoin(circle, name, note)
                asking = null
            }
        }
        override fun cancelAsking() { asking = null }
        override fun join(request: SentRequest, name: String) = attempt { repository.joinFromRequest(request, name) }
        override fun forget(request: SentRequest) = attempt { repository.forgetRequest(request) }
        override fun back() = onBack()
    } }
    FindCircleContent(FindCircleState(listings, topic, sent, asking, problem), actions)
}

/** "Find a circle", drawn from [state]; every action goes to [actions]. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
fun FindCircleContent(state: FindCircleState, actions: FindCircleActions) {
    Column(
        Modifier.padding(16.dp).verticalScroll(rememberScrollState()),
        verticalArrangement = Arrangement.spacedBy(12.dp),
    ) {
        TextButton(onClick = actions::back) { Text(FindingText.BACK) }
        Text(FindingText.TITLE, style = MaterialTheme.typography.headlineSmall)
        Text(FindingText.INTRO, style = MaterialTheme.typography.bodyMedium)
        state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        state.listings.directories.forEach { Text(FindingText.directory(it), style = MaterialTheme.typography.labelMedium) }
        AddDirectory(actions::addDirectory)
        if (state.listings.topics.isNotEmpty()) {
            FlowRow(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                FilterChip(selected = state.topic == null, onClick = { actions.topic(null) }, label = { Text(FindingText.ALL_TOPICS) })
                state.listings.topics.forEach { t ->
                    FilterChip(
                        selected = state.topic.equals(t.topic, ignoreCase = true),
                        onClick = { actions.topic(t.topic) },
                        label = { Text("${t.topic} (${t.circles})") },
                    )
                }
            }
        }
        if (state.listings.circles.isEmpty()) Text(FindingText.NO_CIRCLES)
        state.listings.circles.forEach { circle -> ListedCircleCard(circle) { actions.ask(circle) } }
        if (state.sent.isNotEmpty()) {
            HorizontalDivider()
            Text(FindingText.YOUR_REQUESTS, style = MaterialTheme.typography.titleMedium)
            state.sent.forEach { request -> SentRequestRow(request, actions) }
        }
    }
    state.asking?.let { AskToJoinDialog(it, actions) }
}

@Composable
private fun AddDirectory(onAdd: (String, String) -> Unit) {
    var url by rememberSaveable { mutableStateOf("https://") }
    var key by rememberSaveable { mutableStateOf("") }
    OutlinedTextField(value = url, onValueChange = { url = it }, label = { Text(FindingText.ADDRESS) }, singleLine = true, modifier = Modifier.fillMaxWidth())
    OutlinedTextField(value = key, onValueChange = { key = it }, label = { Text(FindingText.ORG_KEY) }, singleLine = true, modifier = Modifier.fillMaxWidth())
    OutlinedButton(onClick = { onAdd(url, key) }, enabled = key.isNotBlank() && url.length > "https://".length) {
        Text(FindingText.ADD_DIRECTORY)
    }
}

@Composable
private fun ListedCircleCard(circle: FoundCircle, onAsk: () -> Unit) {
    Card(Modifier.fillMaxWidth()) {
        Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(4.dp)) {
            Text(circle.name, style = MaterialTheme.typography.titleMedium)
            if (circle.description.isNotBlank()) Text(circle.description, style = MaterialTheme.typography.bodyMedium)
            Text(circle.topics.joinToString(" · "), style = MaterialTheme.typography.labelMedium)
            Text(FindingText.meets(circle), style = MaterialTheme.typography.bodySmall)
            Button(onClick = onAsk) { Text(FindingText.ASK) }
        }
    }
}

@Composable
private fun SentRequestRow(request: SentRequest, actions: FindCircleActions) {
    var name by rememberSaveable(request.id) { mutableStateOf("") }
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text("${request.circleName} · ${request.organisation}", style = MaterialTheme.typography.titleSmall)
        Text(FindingText.state(request), style = MaterialTheme.typography.bodySmall)
        request.message?.takeIf { it.isNotBlank() }?.let { Text("\u201c$it\u201d", style = MaterialTheme.typography.bodyMedium) }
        if (request.state == SentRequestState.INVITED) {
            OutlinedTextField(value = name, onValueChange = { name = it }, label = { Text(Strings.YOUR_NAME_HERE) }, singleLine = true)
            Button(onClick = { actions.join(request, name) }, enabled = name.isNotBlank()) { Text(FindingText.JOIN) }
        } else {
            TextButton(onClick = { actions.forget(request) }) { Text(FindingText.FORGET) }
        }
    }
}

@Composable
private fun AskToJoinDialog(circle: FoundCircle, actions: FindCircleActions) {
    var name by rememberSaveable { mutableStateOf("") }
    var note by rememberSaveable { mutableStateOf("") }
    AlertDialog(
        onDismissRequest = actions::cancelAsking,
        title = { Text("${FindingText.ASK}: ${circle.name}") },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(FindingText.ASK_NOTE, style = MaterialTheme.typography.bodySmall)
                OutlinedTextField(
                    value = name, onValueChange = { name = it }, label = { Text(Strings.YOUR_NAME_HERE) },
                    singleLine = true, modifier = Modifier.fillMaxWidth(),
                )
                OutlinedTextField(
                    value = note, onValueChange = { note = it }, label = { Text(FindingText.NOTE) },
                    minLines = 3, modifier = Modifier.fillMaxWidth(),
                )
            }
        },
        confirmButton = { TextButton(onClick = { actions.send(name, note) }, enabled = name.isNotBlank()) { Text(FindingText.SEND) } },
        dismissButton = { TextButton(onClick = actions::cancelAsking) { Text(Strings.CANCEL) } },
    )
}
