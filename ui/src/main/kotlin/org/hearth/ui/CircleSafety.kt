package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.AssistChip
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.launch
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleReport
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Repeat
import org.hearth.ffi.Role
import org.hearth.ffi.ShareChoice
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.Formatting
import org.hearth.shared.JournalRepository
import org.hearth.shared.ReportForm
import org.hearth.shared.SafetyText
import java.time.ZoneId

/**
 * The safety sheets of a circle chat: reporting a message to the facilitators, the
 * facilitators' list of reports, sharing a check-in as a card, and the circle's meetings.
 * The rules live in the core and in the state holders; these only draw them.
 */

/** Report a message: a reason from the list, an optional comment, then a calm confirmation. */
@Composable
fun ReportSheet(repository: CircleRepository, circleId: String, message: CircleMessage, onDone: () -> Unit) {
    val form = remember(message.id) { ReportForm(repository, circleId, message) }
    val state by form.current.collectAsState()
    val scope = rememberCoroutineScope()
    AlertDialog(
        onDismissRequest = onDone,
        title = { Text(if (state.sent) Strings.REPORT_SENT else Strings.REPORT_TITLE) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (state.sent) {
                    Text(ReportForm.SENT_NOTICE)
                    return@Column
                }
                Text(Strings.quoted(message.body.take(120)), style = MaterialTheme.typography.bodySmall)
                Text(Strings.REPORT_PRIVATE, style = MaterialTheme.typography.bodySmall)
                form.reasons.forEach { (reason, label) ->
                    FilterChip(selected = state.reason == reason, onClick = { form.choose(reason) }, label = { Text(label) })
                }
                OutlinedTextField(
                    value = state.comment,
                    onValueChange = form::comment,
                    label = { Text(Strings.REPORT_COMMENT) },
                    supportingText = { Text("${state.comment.length}/${ReportForm.COMMENT_MAX}") },
                )
                state.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = {
            if (!state.sent) TextButton(onClick = { scope.launch { form.send() } }, enabled = state.canSend) { Text(Strings.SEND_REPORT) }
        },
        dismissButton = { TextButton(onClick = onDone) { Text(if (state.sent) Strings.CLOSE else Strings.CANCEL) } },
    )
}

/** A facilitator's open reports (and handled ones on request), each with this device's own copy. */
@Composable
fun ReportsDialog(repository: CircleRepository, circleId: String, onDismiss: () -> Unit) {
    var showHandled by remember { mutableStateOf(false) }
    val reports by remember(circleId, showHandled) { repository.reports(circleId, showHandled) }
        .collectAsState(emptyList())
    val scope = rememberCoroutineScope()
    var problem by remember { mutableStateOf<String?>(null) }
    ReportsContent(
        reports, showHandled, problem,
        onHandled = { r ->
            scope.launch {
                problem = runCatching { repository.setHandled(circleId, r.id, r.handledAtMs == null) }.exceptionOrNull()?.let(ErrorText::of)
            }
        },
        onShowHandled = { showHandled = it },
        onDismiss = onDismiss,
    )
}

/** The reports list, drawn from [reports]; [onHandled] marks one handled or open again. */
@Composable
fun ReportsContent(
    reports: List<CircleReport>,
    showHandled: Boolean,
    problem: String?,
    onHandled: (CircleReport) -> Unit,
    onShowHandled: (Boolean) -> Unit,
    onDismiss: () -> Unit,
) {
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(Strings.REPORTS) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(8.dp)) {
                if (reports.isEmpty()) Text(if (showHandled) Strings.NO_REPORTS else Strings.NO_OPEN_REPORTS)
                reports.forEach { r ->
                    Column(verticalArrangement = Arrangement.spacedBy(2.dp)) {
                        SafetyText.report(r).forEachIndexed { i, line ->
                            Text(line, style = if (i == 0) MaterialTheme.typography.labelLarge else MaterialTheme.typography.bodySmall)
                        }
                        Text(Formatting.messageTime(r.receivedAtMs), style = MaterialTheme.typography.labelSmall)
                        TextButton(onClick = { onHandled(r) }) { Text(if (r.handledAtMs == null) Strings.MARK_HANDLED else Strings.OPEN_AGAIN) }
                    }
                }
                problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
                LabelledToggle(Strings.SHOW_HANDLED, showHandled, onChange = onShowHandled)
            }
        },
        confirmButton = { TextButton(onClick = onDismiss) { Text(Strings.CLOSE) } },
    )
}

/** Share one recent check-in as a card: the mood always, each other part only when ticked. */
@Composable
fun ShareCheckinSheet(repository: CircleRepository, circleId: String, onDone: (String?) -> Unit) {
    val journal = remember(repository) { JournalRepository(repository.client) }
    val checkins by remember { journal.recentCheckins(10u) }.collectAsState(emptyList())
    var chosen by remember { mutableStateOf<String?>(null) }
    var choice by remember { mutableStateOf(ShareChoice()) }
    var error by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    AlertDialog(
        onDismissRequest = { onDone(null) },
        title = { Text(Strings.SHARE_A_CHECKIN) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (checkins.isEmpty()) Text(Strings.NO_CHECKINS_YET)
                checkins.forEach { c ->
                    FilterChip(
                        selected = chosen == c.id,
                        onClick = { chosen = c.id },
                        label = { Text(Strings.checkinChoice(c.mood.toInt(), Formatting.messageTime(c.at.unixMs))) },
                    )
                }
                val parts: List<Triple<String, Boolean, (Boolean) -> ShareChoice>> = listOf(
                    Triple(Strings.ENERGY, choice.energy, { v: Boolean -> choice.copy(energy = v) }),
                    Triple(Strings.EMOTIONS, choice.emotions, { v: Boolean -> choice.copy(emotions = v) }),
                    Triple(Strings.TAGS, choice.tags, { v: Boolean -> choice.copy(tags = v) }),
                    Triple(Strings.SLEEP, choice.sleep, { v: Boolean -> choice.copy(sleep = v) }),
                    Triple(Strings.MY_NOTE, choice.note, { v: Boolean -> choice.copy(note = v) }),
                )
                parts.forEach { (label, checked, set) ->
                    LabelledToggle(label, checked, onChange = { choice = set(it) })
                }
                Text(SafetyText.sharing(choice), style = MaterialTheme.typography.bodySmall)
                error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = {
            TextButton(enabled = chosen != null, onClick = {
                scope.launch {
                    runCatching { repository.share(circleId, chosen!!, choice) }
                        .onSuccess { onDone(Strings.SHARED_WITH_CIRCLE) }
                        .onFailure { error = ErrorText.of(it) }
                }
            }) { Text(Strings.SHARE) }
        },
        dismissButton = { TextButton(onClick = { onDone(null) }) { Text(Strings.CANCEL) } },
    )
}

/** The circle's meetings in this phone's time zone; facilitators schedule and cancel them. */
@Composable
fun MeetingsDialog(repository: CircleRepository, circle: CircleSummary, onDismiss: () -> Unit) {
    val sessions by remember(circle.circleId) { repository.sessions(circle.circleId) }.collectAsState(emptyList())
    var coming by remember { mutableStateOf(emptyList<org.hearth.ffi.SessionOccurrence>()) }
    var title by remember { mutableStateOf("") }
    var starts by remember { mutableStateOf("") }
    var minutes by remember { mutableStateOf("60") }
    var repeat by remember { mutableStateOf(Repeat.WEEKLY) }
    var note by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    val zone = ZoneId.systemDefault()
    androidx.compose.runtime.LaunchedEffect(sessions) {
        coming = runCatching { repository.upcomingSessions(50u) }.getOrDefault(emptyList())
            .filter { it.circleId == circle.circleId }.take(5)
    }
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(Strings.MEETINGS) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (coming.isEmpty()) Text(Strings.NO_MEETINGS)
                coming.forEach { Text(SafetyText.session(it, zone), style = MaterialTheme.typography.bodyMedium) }
                Text(Strings.MEETING_REMINDER, style = MaterialTheme.typography.bodySmall)
                if (circle.role == Role.FACILITATOR) {
                    sessions.forEach { s ->
                        Row(verticalAlignment = Alignment.CenterVertically) {
                            Text(Strings.meeting(s.title, s.repeat.name.lowercase()), modifier = Modifier.weight(1f))
                            TextButton(onClick = {
                                scope.launch { note = runCatching { repository.cancelSession(circle.circleId, s.id) }.fold({ Strings.CANCELLING }, ErrorText::of) }
                            }) { Text(Strings.CANCEL) }
                        }
                    }
                    Text(Strings.SCHEDULE_A_MEETING, style = MaterialTheme.typography.labelLarge)
                    OutlinedTextField(value = title, onValueChange = { title = it }, label = { Text(Strings.MEETING_TITLE) }, singleLine = true)
                    OutlinedTextField(value = starts, onValueChange = { starts = it }, label = { Text(Strings.MEETING_START) }, singleLine = true)
                    OutlinedTextField(value = minutes, onValueChange = { minutes = it.filter(Char::isDigit) }, label = { Text(Strings.MEETING_MINUTES) }, singleLine = true)
                    Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                        Repeat.entries.forEach { r ->
                            AssistChip(onClick = { repeat = r }, label = { Text(if (r == repeat) "${r.name.lowercase()} ✓" else r.name.lowercase()) })
                        }
                    }
                    TextButton(onClick = {
                        scope.launch {
                            note = runCatching {
                                repository.addSession(circle.circleId, title, starts, zone.id, minutes.toUIntOrNull() ?: 0u, repeat)
                            }.fold({ title = ""; starts = ""; Strings.MEETING_SCHEDULED }, ErrorText::of)
                        }
                    }, enabled = title.isNotBlank() && starts.isNotBlank()) { Text(Strings.SCHEDULE) }
                }
                note?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            }
        },
        confirmButton = { TextButton(onClick = onDismiss) { Text(Strings.CLOSE) } },
    )
}
