package org.hearth.ui

import org.hearth.shared.ProgrammeText
import org.hearth.shared.Strings
import org.hearth.ffi.ProgrammeTemplate
import org.hearth.ffi.exampleProgrammes
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
import androidx.compose.runtime.LaunchedEffect
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
import org.hearth.ffi.SessionOccurrence
import org.hearth.ffi.CircleSession
import org.hearth.ffi.Checkin
import org.hearth.ffi.CircleReport
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Repeat
import org.hearth.ffi.ReportReason
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

/** What reporting a message can do. */
interface ReportActions {
    fun choose(reason: ReportReason)
    fun comment(text: String)
    fun send()
    fun done()
}

/** Report a message: a reason from the list, an optional comment, then a calm confirmation. */
@Composable
fun ReportSheet(repository: CircleRepository, circleId: String, message: CircleMessage, onDone: () -> Unit) {
    val form = remember(message.id) { ReportForm(repository, circleId, message) }
    val state by form.current.collectAsState()
    val scope = rememberCoroutineScope()
    val actions = remember(form) {
        object : ReportActions {
            override fun choose(reason: ReportReason) = form.choose(reason)
            override fun comment(text: String) = form.comment(text)
            override fun send() { scope.launch { form.send() } }
            override fun done() = onDone()
        }
    }
    ReportContent(message, form.reasons, state, actions)
}

/** The report sheet for [message], drawn from [state]; [reasons] with their labels, in order. */
@Composable
fun ReportContent(message: CircleMessage, reasons: List<Pair<ReportReason, String>>, state: ReportForm.State, actions: ReportActions) {
    AlertDialog(
        onDismissRequest = actions::done,
        title = { Text(if (state.sent) Strings.REPORT_SENT else Strings.REPORT_TITLE) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (state.sent) {
                    Text(Strings.REPORT_SENT_NOTICE)
                    return@Column
                }
                Text(Strings.quoted(message.body.take(120)), style = MaterialTheme.typography.bodySmall)
                Text(Strings.REPORT_PRIVATE, style = MaterialTheme.typography.bodySmall)
                reasons.forEach { (reason, label) ->
                    FilterChip(selected = state.reason == reason, onClick = { actions.choose(reason) }, label = { Text(label) })
                }
                OutlinedTextField(
                    value = state.comment,
                    onValueChange = actions::comment,
                    label = { Text(Strings.REPORT_COMMENT) },
                    supportingText = { Text("${state.comment.length}/${ReportForm.COMMENT_MAX}") },
                )
                state.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = {
            if (!state.sent) TextButton(onClick = actions::send, enabled = state.canSend) { Text(Strings.SEND_REPORT) }
        },
        dismissButton = { TextButton(onClick = actions::done) { Text(if (state.sent) Strings.CLOSE else Strings.CANCEL) } },
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

/** What sharing a check-in shows: the recent check-ins, which is chosen, what is shared. */
data class ShareCheckinState(
    val checkins: List<Checkin> = emptyList(),
    val chosen: String? = null,
    val choice: ShareChoice = ShareChoice(),
    val problem: String? = null,
)

/** Share one recent check-in as a card: the mood always, each other part only when ticked. */
@Composable
fun ShareCheckinSheet(repository: CircleRepository, circleId: String, onDone: (String?) -> Unit) {
    val journal = remember(repository) { JournalRepository(repository.client) }
    val checkins by remember { journal.recentCheckins(10u) }.collectAsState(emptyList())
    var chosen by remember { mutableStateOf<String?>(null) }
    var choice by remember { mutableStateOf(ShareChoice()) }
    var problem by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    ShareCheckinContent(
        ShareCheckinState(checkins, chosen, choice, problem),
        onChoose = { chosen = it },
        onChoice = { choice = it },
        onShare = {
            val id = chosen ?: return@ShareCheckinContent
            scope.launch {
                runCatching { repository.share(circleId, id, choice) }
                    .onSuccess { onDone(Strings.SHARED_WITH_CIRCLE) }
                    .onFailure { problem = ErrorText.of(it) }
            }
        },
        onCancel = { onDone(null) },
    )
}

/** The share sheet, drawn from [state]. */
@Composable
fun ShareCheckinContent(
    state: ShareCheckinState,
    onChoose: (String) -> Unit,
    onChoice: (ShareChoice) -> Unit,
    onShare: () -> Unit,
    onCancel: () -> Unit,
) {
    val choice = state.choice
    AlertDialog(
        onDismissRequest = onCancel,
        title = { Text(Strings.SHARE_A_CHECKIN) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (state.checkins.isEmpty()) Text(Strings.NO_CHECKINS_YET)
                state.checkins.forEach { c ->
                    FilterChip(
                        selected = state.chosen == c.id,
                        onClick = { onChoose(c.id) },
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
                parts.forEach { (label, checked, set) -> LabelledToggle(label, checked, onChange = { onChoice(set(it)) }) }
                Text(SafetyText.sharing(choice), style = MaterialTheme.typography.bodySmall)
                state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = { TextButton(enabled = state.chosen != null, onClick = onShare) { Text(Strings.SHARE) } },
        dismissButton = { TextButton(onClick = onCancel) { Text(Strings.CANCEL) } },
    )
}

/** What the meetings dialog shows; the form's fields are kept when scheduling fails. */
data class MeetingsState(
    val circle: CircleSummary,
    /** The next occurrences, in this device's time zone. */
    val coming: List<SessionOccurrence> = emptyList(),
    /** The circle's schedules (a facilitator may cancel them). */
    val sessions: List<CircleSession> = emptyList(),
    val title: String = "",
    val starts: String = "",
    val minutes: String = "60",
    val repeat: Repeat = Repeat.WEEKLY,
    val note: String? = null,
    /** The programmes a facilitator may attach (the examples that ship). */
    val examples: List<ProgrammeTemplate> = emptyList(),
    /** The title of the programme the meetings follow, if any. */
    val following: String? = null,
)

/** What the meetings dialog can do. */
interface MeetingsActions {
    /** The form changed: [edited] is the state with the new field values. */
    fun edit(edited: MeetingsState)
    fun schedule()
    fun cancel(session: CircleSession)
    fun follow(session: CircleSession, programme: ProgrammeTemplate)
    fun stopProgramme()
    fun dismiss()
}

/** The circle's meetings in this device's time zone; facilitators schedule and cancel them. */
@Composable
fun MeetingsDialog(repository: CircleRepository, circle: CircleSummary, onDismiss: () -> Unit) {
    val sessions by remember(circle.circleId) { repository.sessions(circle.circleId) }.collectAsState(emptyList())
    var state by remember(circle.circleId) { mutableStateOf(MeetingsState(circle)) }
    val scope = rememberCoroutineScope()
    val zone = ZoneId.systemDefault()
    LaunchedEffect(sessions, circle.epoch) {
        val coming = runCatching { repository.upcomingSessions(50u) }.getOrDefault(emptyList())
            .filter { it.circleId == circle.circleId }.take(5)
        val following = runCatching { repository.client.programmeTopics(circle.circleId, null, 1u) }.getOrDefault(emptyList())
            .firstOrNull()?.programme
        state = state.copy(coming = coming, examples = exampleProgrammes(), following = following)
    }
    val actions = object : MeetingsActions {
        override fun edit(edited: MeetingsState) { state = edited }
        override fun schedule() {
            val form = state
            scope.launch {
                state = runCatching {
                    repository.addSession(circle.circleId, form.title, form.starts, zone.id, form.minutes.toUIntOrNull() ?: 0u, form.repeat)
                }.fold({ state.copy(title = "", starts = "", note = Strings.MEETING_SCHEDULED) }, { state.copy(note = ErrorText.of(it)) })
            }
        }
        override fun cancel(session: CircleSession) {
            scope.launch {
                val said = runCatching { repository.cancelSession(circle.circleId, session.id) }.fold({ Strings.CANCELLING }, ErrorText::of)
                state = state.copy(note = said)
            }
        }
        override fun follow(session: CircleSession, programme: ProgrammeTemplate) {
            scope.launch {
                val said = runCatching { repository.client.attachProgramme(circle.circleId, programme, session.id) }
                    .fold({ ProgrammeText.following(programme.title) }, ErrorText::of)
                state = state.copy(note = said)
            }
        }
        override fun stopProgramme() {
            scope.launch {
                val said = runCatching { repository.client.detachProgramme(circle.circleId) }.fold({ Strings.CANCELLING }, ErrorText::of)
                state = state.copy(note = said)
            }
        }
        override fun dismiss() = onDismiss()
    }
    MeetingsContent(state.copy(circle = circle, sessions = sessions), zone, actions)
}

/** The meetings dialog, drawn from [state] in [zone]. */
@Composable
fun MeetingsContent(state: MeetingsState, zone: ZoneId, actions: MeetingsActions) {
    AlertDialog(
        onDismissRequest = actions::dismiss,
        title = { Text(Strings.MEETINGS) },
        text = {
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                if (state.coming.isEmpty()) Text(Strings.NO_MEETINGS)
                state.coming.forEach { Text(SafetyText.session(it, zone), style = MaterialTheme.typography.bodyMedium) }
                Text(Strings.MEETING_REMINDER, style = MaterialTheme.typography.bodySmall)
                if (state.circle.role == Role.FACILITATOR) {
                    state.sessions.forEach { s ->
                        Row(verticalAlignment = Alignment.CenterVertically) {
                            Text(Strings.meeting(s.title, s.repeat.name.lowercase()), modifier = Modifier.weight(1f))
                            TextButton(onClick = { actions.cancel(s) }) { Text(Strings.CANCEL) }
                        }
                    }
                    Text(ProgrammeText.PROGRAMME, style = MaterialTheme.typography.labelLarge)
                    state.following?.let { title ->
                        Text(ProgrammeText.following(title), style = MaterialTheme.typography.bodySmall)
                        TextButton(onClick = actions::stopProgramme) { Text(ProgrammeText.STOP_PROGRAMME) }
                    }
                    state.sessions.filter { it.repeat != Repeat.NEVER }.take(1).forEach { s ->
                        state.examples.forEach { p ->
                            TextButton(onClick = { actions.follow(s, p) }) { Text(ProgrammeText.follow(p.title, s.title)) }
                        }
                    }
                    Text(Strings.SCHEDULE_A_MEETING, style = MaterialTheme.typography.labelLarge)
                    OutlinedTextField(value = state.title, onValueChange = { actions.edit(state.copy(title = it)) }, label = { Text(Strings.MEETING_TITLE) }, singleLine = true)
                    OutlinedTextField(value = state.starts, onValueChange = { actions.edit(state.copy(starts = it)) }, label = { Text(Strings.MEETING_START) }, singleLine = true)
                    OutlinedTextField(
                        value = state.minutes,
                        onValueChange = { actions.edit(state.copy(minutes = it.filter(Char::isDigit))) },
                        label = { Text(Strings.MEETING_MINUTES) },
                        singleLine = true,
                    )
                    Row(horizontalArrangement = Arrangement.spacedBy(4.dp)) {
                        Repeat.entries.forEach { r ->
                            val name = r.name.lowercase()
                            AssistChip(onClick = { actions.edit(state.copy(repeat = r)) }, label = { Text(if (r == state.repeat) "$name ✓" else name) })
                        }
                    }
                    TextButton(onClick = actions::schedule, enabled = state.title.isNotBlank() && state.starts.isNotBlank()) { Text(Strings.SCHEDULE) }
                }
                state.note?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            }
        },
        confirmButton = { TextButton(onClick = actions::dismiss) { Text(Strings.CLOSE) } },
    )
}
