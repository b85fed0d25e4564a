package org.hearth.ui

import org.hearth.shared.EventText
import org.hearth.shared.GoalText
import org.hearth.shared.ProgrammeText
import org.hearth.ffi.ProgrammeTopic
import kotlinx.coroutines.flow.flow
import org.hearth.shared.GoalsRepository
import org.hearth.shared.Strings
import org.hearth.shared.BreakoutText
import org.hearth.shared.FindingText
import org.hearth.shared.RulesText
import androidx.compose.ui.graphics.Color
import androidx.compose.foundation.ExperimentalFoundationApi
import androidx.compose.foundation.combinedClickable
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.lazy.rememberLazyListState
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.AssistChip
import androidx.compose.material3.Button
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
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.launch
import org.hearth.ffi.CircleMember
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleMessageKind
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.CircleState
import org.hearth.ffi.Role
import org.hearth.ffi.askForANewCodeNotice
import org.hearth.ffi.invitationNotice
import org.hearth.shared.ChatComposer
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.Formatting
import org.hearth.shared.InviteRepository
import org.hearth.ffi.MessageAction
import org.hearth.ffi.MemberAction
import org.hearth.shared.label
import org.hearth.shared.SafetyText
import org.hearth.shared.ModerationMenu
import org.hearth.shared.perform
import org.hearth.shared.WakeRepository
import org.hearth.shared.TalkText
import org.hearth.shared.acceptTalk
import org.hearth.shared.blockTalker
import org.hearth.shared.declineTalk
import org.hearth.shared.endTalk
import org.hearth.shared.setMembersMayTalk
import org.hearth.shared.talks
import org.hearth.shared.withdrawTalk
import org.hearth.ffi.Talk

private val QUICK_REACTIONS = listOf("💛", "🙏", "🤗")

/** What a circle's chat shows. */
data class ChatState(
    val circle: CircleSummary? = null,
    val messages: List<CircleMessage> = emptyList(),
    val memberCount: Int = 0,
    /** People waiting for a facilitator's approval of their code. */
    val waitingForApproval: Int = 0,
    val draft: ChatComposer.Draft = ChatComposer.Draft(),
    /** Why the last action failed, worded for the person. */
    val problem: String? = null,
    /** Now, for "paused until" notices. */
    val nowMs: Long = 0L,
    /** The programme topic of the meeting under way or coming within a week. */
    val topic: ProgrammeTopic? = null,
    /** The one-to-one talks asked for here, as the chat shows them (see `TalkText.shownInChat`). */
    val talks: List<Talk> = emptyList(),
    /** In a talk's own chat: the talk (what blocking names). */
    val talkHere: Talk? = null,
) {
    val active: Boolean get() = circle?.state == CircleState.ACTIVE

    /** Whether this circle is a one-to-one talk. */
    val isTalk: Boolean get() = circle?.talkWith != null

    /** Whether this person may add people (and so sees invites and reports). */
    val canAdd: Boolean get() = active && (circle?.role == Role.FACILITATOR || circle?.role == Role.CO_FACILITATOR)
}

/** What a circle's chat can do. */
interface ChatActions {
    fun back()
    fun invites()
    fun reports()
    fun meetings()
    /** The circle's rules (and, for facilitators, the posts they flagged). */
    fun rules() {}
    /** Requests to join from an organisation's directory (facilitators). */
    fun joinRequests() {}
    /** The circle's breakout groups during a meeting. */
    fun breakouts() {}
    fun members()
    /** A long press on a message: its reactions and the moderation menu. */
    fun messageMenu(message: CircleMessage)
    /** Support options for a message that reads as risk. */
    fun support(message: CircleMessage)
    fun acceptGuidelines()
    fun edit(text: String)
    fun send()
    fun cancelReply()
    fun shareCheckin()
    fun shareGoal()
    fun answer(prompt: String)
    fun acceptTalk(talk: Talk) {}
    fun declineTalk(talk: Talk) {}
    fun withdrawTalk(talk: Talk) {}
    fun blockTalker(talk: Talk) {}
    fun openTalk(talk: Talk) {}
    /** Ends this chat's talk (in a talk's own chat). */
    fun endTalk() {}
}

/**
 * One circle's chat: messages with replies, reactions, edits and deletions through a
 * long press, a composer that keeps the draft when sending is refused, the member list with
 * "add by device id" for facilitators, invite codes for those who may add people (with a
 * count of people waiting for approval), and leaving. Holds the state and the dialogs;
 * [ChatContent] draws the chat itself.
 */
@Composable
fun CircleChatScreen(repository: CircleRepository, circleId: String, onBack: () -> Unit, onOpen: (String) -> Unit = {}) {
    val circle by remember(circleId) { repository.circle(circleId) }.collectAsState(null)
    val messages by remember(circleId) { repository.messages(circleId) }.collectAsState(emptyList())
    val members by remember(circleId) { repository.members(circleId) }.collectAsState(emptyList())
    val composer = remember(circleId) { ChatComposer(repository, circleId) }
    val draft by composer.current.collectAsState()
    var acting by remember { mutableStateOf<CircleMessage?>(null) }
    var supportFor by remember { mutableStateOf<CircleMessage?>(null) }
    var reporting by remember { mutableStateOf<CircleMessage?>(null) }
    var showReports by remember { mutableStateOf(false) }
    var sharing by remember { mutableStateOf(false) }
    var sharingGoal by remember { mutableStateOf(false) }
    var answering by remember { mutableStateOf<String?>(null) }
    var showMeetings by remember { mutableStateOf(false) }
    var showRules by remember { mutableStateOf(false) }
    var showRequests by remember { mutableStateOf(false) }
    var showBreakouts by remember { mutableStateOf(false) }
    var showMembers by remember { mutableStateOf(false) }
    var message by remember { mutableStateOf<String?>(null) }
    var showInvites by rememberSaveable(circleId) { mutableStateOf(false) }
    val invites = remember(repository) { InviteRepository(repository.client) }
    val codes by remember(circleId) { invites.invites(circleId) }.collectAsState(emptyList())
    val scope = rememberCoroutineScope()
    LaunchedEffect(messages.lastOrNull()?.id) {
        if (messages.isNotEmpty()) repository.markRead(circleId, messages)
    }
    circle?.takeIf { it.state == CircleState.INVITED }?.let { invitation ->
        InvitationScreen(
            state = InvitationState(
                name = invitation.name,
                notice = invitationNotice(invitation.addedBy),
                description = invitation.description,
                memberCount = invitation.memberCount.toInt(),
                guidelines = invitation.guidelines,
                error = message,
            ),
            onAccept = { scope.launch { message = runCatching { repository.acceptInvitation(circleId) }.exceptionOrNull()?.let(ErrorText::of) } },
            onDecline = {
                scope.launch {
                    runCatching { repository.declineInvitation(circleId) }
                        .onSuccess { onBack() }
                        .onFailure { message = ErrorText.of(it) }
                }
            },
            onBack = onBack,
        )
        return
    }
    // A profile change (a programme attached or taken off) comes with a new epoch.
    val topic by remember(circleId, circle?.epoch) {
        flow { emit(runCatching { repository.client.programmeTopics(circleId, null, 1u).firstOrNull() }.getOrNull()) }
    }.collectAsState(null)
    val talks by remember(circleId) { repository.talks(null) }.collectAsState(emptyList())
    val now = System.currentTimeMillis()
    val state = ChatState(
        circle, messages, members.size, invites.waiting(codes).size, draft, message, now,
        topic = topic?.takeIf { it.startsAt.unixMs - now < ProgrammeText.SHOW_AHEAD_MS },
        talks = TalkText.shownInChat(talks.filter { it.circleId == circleId }, now),
        talkHere = talks.firstOrNull { it.talkCircleId == circleId },
    )
    if (showInvites && state.canAdd) {
        InvitesScreen(invites, circleId, circle?.name ?: "", onBack = { showInvites = false })
        return
    }
    val actions = remember(circleId, composer) {
        object : ChatActions {
            override fun back() = onBack()
            override fun invites() { showInvites = true }
            override fun reports() { showReports = true }
            override fun meetings() { showMeetings = true }
            override fun rules() { showRules = true }
            override fun joinRequests() { showRequests = true }
            override fun breakouts() { showBreakouts = true }
            override fun members() { showMembers = true }
            override fun messageMenu(message: CircleMessage) { acting = message }
            override fun support(message: CircleMessage) { supportFor = message }
            override fun acceptGuidelines() {
                val version = circle?.guidelinesVersion ?: return
                scope.launch {
                    message = runCatching { repository.acceptGuidelines(circleId, version) }.exceptionOrNull()?.let(ErrorText::of)
                }
            }
            override fun edit(text: String) = composer.edit(text)
            override fun send() { scope.launch { composer.send() } }
            override fun cancelReply() = composer.replyTo(null)
            override fun shareCheckin() { sharing = true }
            override fun shareGoal() { sharingGoal = true }
            override fun answer(prompt: String) { answering = prompt }
            fun attempt(done: String?, work: suspend () -> Unit) {
                scope.launch { message = runCatching { work() }.fold({ done }, ErrorText::of) }
            }
            override fun acceptTalk(talk: Talk) {
                scope.launch {
                    runCatching { repository.acceptTalk(talk) }
                        .onSuccess(onOpen)
                        .onFailure { message = ErrorText.of(it) }
                }
            }
            override fun declineTalk(talk: Talk) = attempt(null) { repository.declineTalk(talk) }
            override fun withdrawTalk(talk: Talk) = attempt(null) { repository.withdrawTalk(talk) }
            override fun blockTalker(talk: Talk) = attempt(null) { repository.blockTalker(talk) }
            override fun openTalk(talk: Talk) { talk.talkCircleId?.let(onOpen) }
            override fun endTalk() = attempt(null) { repository.endTalk(circleId) }
        }
    }
    ChatContent(state, actions)

    if (draft.crisis) {
        CrisisDialog(
            repository.client,
            intro = Strings.RISK_IN_DRAFT,
            primary = Strings.SEND_ANYWAY to { scope.launch { composer.sendAnyway() } },
            onDismiss = composer::dismissCrisis,
            tellFacilitators = { repository.askForSupport(circleId) },
        )
    }
    supportFor?.let { m ->
        CrisisDialog(
            repository.client,
            intro = Strings.riskInMessage(m.senderName),
            primary = null,
            onDismiss = { supportFor = null },
        )
    }

    acting?.let { m ->
        val actions = circle?.let { c -> ModerationMenu.forMessage(c, m, members.firstOrNull { it.key == m.senderKey }) }.orEmpty()
        AlertDialog(
            onDismissRequest = { acting = null },
            title = { Text(Strings.MESSAGE) },
            text = {
                Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
                    Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                        QUICK_REACTIONS.forEach { emoji ->
                            val mine = m.reactions.any { it.emoji == emoji && it.mine }
                            AssistChip(onClick = {
                                acting = null
                                scope.launch {
                                    message = runCatching { repository.react(circleId, m.id, emoji, mine) }
                                        .exceptionOrNull()?.let(ErrorText::of)
                                }
                            }, label = { Text(if (mine) "$emoji ✓" else emoji) })
                        }
                    }
                    actions.filter { it != MessageAction.REPLY }.forEach { action ->
                        TextButton(onClick = {
                            acting = null
                            if (action == MessageAction.REPORT) {
                                reporting = m
                                return@TextButton
                            }
                            scope.launch {
                                message = runCatching { repository.perform(circleId, action, m) }
                                    .exceptionOrNull()?.let(ErrorText::of)
                            }
                        }) { Text(action.label) }
                    }
                }
            },
            confirmButton = { TextButton(onClick = { composer.replyTo(m); acting = null }) { Text(Strings.REPLY) } },
            dismissButton = { TextButton(onClick = { acting = null }) { Text(Strings.CLOSE) } },
        )
    }

    reporting?.let { m -> ReportSheet(repository, circleId, m, onDone = { reporting = null }) }
    if (showReports) ReportsDialog(repository, circleId, onDismiss = { showReports = false })
    if (sharing) ShareCheckinSheet(repository, circleId, onDone = { note -> sharing = false; note?.let { message = it } })
    answering?.let { prompt ->
        state.topic?.let { t -> AnswerInJournalDialog(repository.client, t, prompt, onDone = { note -> answering = null; note?.let { message = it } }) }
    }
    if (sharingGoal) {
        val goals = remember(repository) { GoalsRepository(repository.client) }
        ShareGoalSheet(goals, circleId, onDone = { note -> sharingGoal = false; note?.let { message = it } })
    }
    if (showMeetings) circle?.let { c -> MeetingsDialog(repository, c, onDismiss = { showMeetings = false }) }
    if (showRules) circle?.let { c -> RulesDialog(repository, c, onDismiss = { showRules = false }) }
    if (showRequests) circle?.let { c -> JoinRequestsDialog(repository, c, onDismiss = { showRequests = false }) }
    if (showBreakouts) circle?.let { c -> BreakoutsDialog(repository, c, onDismiss = { showBreakouts = false }) }

    if (showMembers) {
        MembersDialog(
            repository = repository,
            circleId = circleId,
            canAdd = state.canAdd,
            circle = circle,
            members = members,
            onLeave = {
                scope.launch {
                    message = runCatching { repository.leave(circleId) }.exceptionOrNull()?.let(ErrorText::of)
                    showMembers = false
                }
            },
            onDismiss = { showMembers = false },
        )
    }
}

/** The chat, drawn from [state]: header and tools, notices, the messages, the composer. */
@OptIn(ExperimentalFoundationApi::class, ExperimentalLayoutApi::class)
@Composable
fun ChatContent(state: ChatState, actions: ChatActions) {
    val circle = state.circle
    val messages = state.messages
    val list = rememberLazyListState()
    // Opens at the newest message at once; a message arriving later scrolls into view.
    var placed by remember(circle?.circleId) { mutableStateOf(false) }
    LaunchedEffect(messages.lastOrNull()?.id) {
        if (messages.isEmpty()) return@LaunchedEffect
        if (placed) list.animateScrollToItem(messages.size - 1) else list.scrollToItem(messages.size - 1)
        placed = true
    }
    Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            TextButton(onClick = actions::back) { Text(Strings.BACK_TO_CIRCLES) }
            Text(circle?.let(TalkText::title) ?: "", style = MaterialTheme.typography.titleMedium, modifier = Modifier.weight(1f))
        }
        if (state.isTalk) {
            TalkTools(state.talkHere, state.active, actions)
        } else FlowRow(verticalArrangement = Arrangement.Center, horizontalArrangement = Arrangement.spacedBy(4.dp)) {
            // The circle's tools wrap onto more lines on a narrow phone.
            if (state.canAdd) {
                TextButton(onClick = actions::invites) { Text(Strings.invite(state.waitingForApproval)) }
                TextButton(onClick = actions::reports) { Text(Strings.REPORTS) }
                TextButton(onClick = actions::joinRequests) { Text(FindingText.REQUESTS) }
            }
            TextButton(onClick = actions::meetings) { Text(Strings.MEETINGS) }
            TextButton(onClick = actions::breakouts) { Text(BreakoutText.BUTTON) }
            TextButton(onClick = actions::rules) { Text(RulesText.button(circle?.flagged?.toInt() ?: 0)) }
            TextButton(onClick = actions::members) { Text(Strings.members(state.memberCount)) }
        }
        when {
            state.isTalk -> {}
            circle?.state == CircleState.STALLED -> Text(askForANewCodeNotice(), style = MaterialTheme.typography.bodySmall)
            circle?.state == CircleState.CLOSED -> Text(Strings.CIRCLE_CLOSED, style = MaterialTheme.typography.bodySmall)
            !state.active && circle != null -> Text(Strings.NO_LONGER_IN_CIRCLE, style = MaterialTheme.typography.bodySmall)
        }
        circle?.disappearAfterS?.let { s -> Text(Strings.disappearing(EventText.duration(s)), style = MaterialTheme.typography.labelSmall) }
        circle?.let { c -> ModerationMenu.pausedNotice(c, state.nowMs) }?.let {
            Text(it, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.secondary)
        }
        state.topic?.let { TopicCard(it, onAnswer = actions::answer) }
        TalkCards(state.talks, actions)
        messages.filter { it.pinned }.takeLast(1).forEach { p ->
            Text(Strings.pinned(p.senderName, p.body.take(80)), style = MaterialTheme.typography.bodySmall)
        }
        state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        LazyColumn(Modifier.weight(1f), state = list, verticalArrangement = Arrangement.spacedBy(6.dp)) {
            items(messages, key = { it.id }) { m ->
                if (m.kind == CircleMessageKind.SYSTEM) {
                    Text(m.event?.let(EventText::of).orEmpty(), style = MaterialTheme.typography.labelSmall, modifier = Modifier.fillMaxWidth().padding(4.dp))
                } else {
                    MessageBubble(m, messages, state.active, actions)
                }
            }
        }
        val needsAcceptance = circle?.let(ModerationMenu::needsAcceptance) == true
        if (state.active && needsAcceptance && circle != null) {
            GuidelinesCard(circle, onAccept = actions::acceptGuidelines)
        } else if (state.active) {
            val draft = state.draft
            draft.replyTo?.let { r ->
                Row(verticalAlignment = Alignment.CenterVertically) {
                    Text(Strings.replyingTo(r.senderName, r.body.take(40)), style = MaterialTheme.typography.bodySmall, modifier = Modifier.weight(1f))
                    TextButton(onClick = actions::cancelReply) { Text(Strings.CANCEL) }
                }
            }
            draft.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(value = draft.text, onValueChange = actions::edit, label = { Text(Strings.MESSAGE) }, modifier = Modifier.weight(1f))
                Button(onClick = actions::send, enabled = draft.canSend) { Text(Strings.SEND) }
            }
            Row {
                TextButton(onClick = actions::shareCheckin) { Text(Strings.SHARE_A_CHECKIN) }
                TextButton(onClick = actions::shareGoal) { Text(GoalText.SHARE_A_GOAL) }
            }
        }
    }
}

/** One message: who, what it replies to, its text or check-in card, when, reactions. */
@OptIn(ExperimentalFoundationApi::class)
@Composable
private fun MessageBubble(m: CircleMessage, messages: List<CircleMessage>, active: Boolean, actions: ChatActions) {
    val replied = m.replyTo?.let { r -> messages.firstOrNull { it.id == r } }
    Column(
        Modifier.fillMaxWidth()
            .combinedClickable(onClick = {}, onLongClick = { if (active) actions.messageMenu(m) })
            .semantics { contentDescription = Strings.messageLabel(m.senderName, m.body) },
        horizontalAlignment = if (m.fromMe) Alignment.End else Alignment.Start,
    ) {
        Text(Strings.sender(m.fromMe, m.senderName), style = MaterialTheme.typography.labelMedium)
        replied?.let { Text(Strings.repliedTo(it.body.take(60)), style = MaterialTheme.typography.bodySmall) }
        val card = m.checkin
        val goal = m.goal
        // A post that should have been held stays closed until the reader opens it.
        var revealed by remember(m.id) { mutableStateOf(false) }
        val collapsed = ModerationMenu.collapsed(m) && !revealed
        if (card != null && !m.muted && !collapsed) {
            SafetyText.card(card).forEach { Text(it) }
        } else if (goal != null && !m.muted && !collapsed) {
            GoalText.card(goal).forEach { Text(it) }
        } else {
            Text(ModerationMenu.shownBody(m, revealed), color = if (collapsed) MaterialTheme.colorScheme.secondary else Color.Unspecified)
        }
        if (collapsed) {
            TextButton(onClick = { revealed = true }) { Text(RulesText.SHOW, style = MaterialTheme.typography.labelSmall) }
        }
        m.breach?.takeIf { !it.collapsed && !m.deleted }?.let {
            Text(RulesText.flagged(it.explanation), style = MaterialTheme.typography.labelSmall, color = MaterialTheme.colorScheme.secondary)
        }
        Text(Strings.messageStatus(m.relaySeq != null, m.editedAtMs != null, Formatting.messageTime(m.sentAtMs)), style = MaterialTheme.typography.labelSmall)
        if (m.reactions.isNotEmpty()) {
            Text(m.reactions.joinToString("  ") { "${it.emoji} ${it.count}" }, style = MaterialTheme.typography.bodySmall)
        }
        if (m.risk) {
            TextButton(onClick = { actions.support(m) }) { Text(Strings.SUPPORT_OPTIONS, style = MaterialTheme.typography.labelSmall) }
        }
    }
}

/** The guidelines a member reads and accepts before posting (again after each change). */
@Composable
private fun GuidelinesCard(circle: CircleSummary, onAccept: () -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
        Text(Strings.guidelinesVersion(circle.guidelinesVersion.toInt()), style = MaterialTheme.typography.titleSmall)
        Text(circle.guidelines.ifBlank { Strings.GUIDELINES_NONE }, style = MaterialTheme.typography.bodyMedium)
        Text(Strings.GUIDELINES_PLEASE_READ, style = MaterialTheme.typography.bodySmall)
        Button(onClick = onAccept) { Text(Strings.GUIDELINES_AGREE) }
    }
}

private fun roleLabel(role: Role) = when (role) {
    Role.FACILITATOR -> Strings.AS_FACILITATOR
    Role.CO_FACILITATOR -> Strings.AS_CO_FACILITATOR
    Role.MEMBER -> ""
}

/** What the members dialog shows. */
data class MembersState(
    val circle: CircleSummary?,
    val members: List<CircleMember>,
    /** Whether this person may add people by device id. */
    val canAdd: Boolean,
    /** The device id being typed (kept when adding fails). */
    val deviceId: String = "",
    /** What the last action led to, worded for the person. */
    val note: String? = null,
    /** Whether this circle's new messages wake this phone; null where nothing is woken (the desktop). */
    val wakes: Boolean? = null,
)

/** What the members dialog can do: moderate a member, set the timer, close, add, leave. */
interface MembersActions {
    fun act(member: CircleMember, action: MemberAction)
    /** "Don't wake me for this circle" (off), or back on. */
    fun wakes(on: Boolean)
    fun disappearing(seconds: ULong?)
    /** Lets members ask each other for private talks (facilitators), or not. */
    fun membersMayTalk(on: Boolean) {}
    fun closeCircle()
    fun deviceId(text: String)
    fun add()
    fun leave()
    fun dismiss()
}

/** The route of the members dialog: the repository's calls behind [MembersActions]. */
@Composable
private fun MembersDialog(
    repository: CircleRepository,
    circleId: String,
    canAdd: Boolean,
    circle: CircleSummary?,
    members: List<CircleMember>,
    onLeave: () -> Unit,
    onDismiss: () -> Unit,
) {
    var deviceId by remember { mutableStateOf("") }
    var note by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    val push = LocalPlatform.current.push
    val wakeRepository = remember(repository) { WakeRepository(repository.client) }
    var wakes by remember { mutableStateOf<Boolean?>(null) }
    LaunchedEffect(circleId, push) {
        if (push != null) wakes = runCatching { wakeRepository.circleWakes(circleId) }.getOrNull()
    }
    fun attempt(done: String, work: suspend () -> Unit) {
        scope.launch { note = runCatching { work() }.fold({ done }, ErrorText::of) }
    }
    val actions = object : MembersActions {
        override fun act(member: CircleMember, action: MemberAction) =
            attempt(if (action == MemberAction.ASK_TO_TALK) TalkText.ASKED else Strings.MODERATION_DONE) {
                repository.perform(circleId, action, member)
            }
        override fun membersMayTalk(on: Boolean) = attempt(Strings.MODERATION_DONE) { repository.setMembersMayTalk(circleId, on) }
        override fun wakes(on: Boolean) = attempt(if (on) Strings.WAKES_HERE_ON else Strings.WAKES_HERE_OFF) {
            wakeRepository.setCircleWakes(circleId, on)
            wakes = on
        }
        override fun disappearing(seconds: ULong?) = attempt(Strings.TIMER_SET) { repository.setDisappearing(circleId, seconds) }
        override fun closeCircle() = attempt(Strings.CLOSING_CIRCLE) { repository.close(circleId) }
        override fun deviceId(text: String) { deviceId = text }
        override fun add() {
            attempt(Strings.ADDED_BY_DEVICE_ID) {
                repository.addMember(circleId, deviceId)
                deviceId = ""
            }
        }
        override fun leave() = onLeave()
        override fun dismiss() = onDismiss()
    }
    MembersContent(MembersState(circle, members, canAdd, deviceId, note, wakes), actions)
}

/**
 * The members, each opening the moderation the core offers for them; for a facilitator the
 * disappearing-messages timer and closing the circle; for those who may add, adding by device
 * id; and leaving.
 */
@OptIn(ExperimentalFoundationApi::class)
@Composable
fun MembersContent(state: MembersState, actions: MembersActions) {
    val circle = state.circle
    var confirmClose by remember { mutableStateOf(false) }
    AlertDialog(
        onDismissRequest = actions::dismiss,
        title = { Text(Strings.MEMBERS) },
        text = {
            // A long member list scrolls inside the dialog; its buttons stay below it.
            Column(Modifier.verticalScroll(rememberScrollState()), verticalArrangement = Arrangement.spacedBy(6.dp)) {
                state.members.forEach { member ->
                    var expanded by remember(member.key) { mutableStateOf(false) }
                    Text(
                        Strings.member(
                            member.displayName, member.isMe, roleLabel(member.role), member.guidelinesAccepted?.toInt(),
                            paused = member.pausedUntilMs != null, muted = member.muted,
                        ),
                        modifier = Modifier.fillMaxWidth().combinedClickable(onClick = { expanded = !expanded }),
                    )
                    if (expanded && circle != null) {
                        ModerationMenu.forMember(circle, member).forEach { action ->
                            TextButton(onClick = { actions.act(member, action) }) { Text(action.label) }
                        }
                    }
                }
                state.wakes?.let { on ->
                    LabelledToggle(Strings.WAKE_ME_HERE, on, actions::wakes, asSwitch = true, detail = Strings.WAKE_ME_HERE_DETAIL)
                }
                if (circle?.role == Role.FACILITATOR && circle.state == CircleState.ACTIVE && circle.talkWith == null) {
                    LabelledToggle(
                        TalkText.MEMBERS_MAY_TALK, circle.membersMayTalk, actions::membersMayTalk,
                        asSwitch = true, detail = TalkText.MEMBERS_MAY_TALK_DETAIL,
                    )
                }
                if (circle?.role == Role.FACILITATOR && circle.state == CircleState.ACTIVE) {
                    Text(Strings.DISAPPEARING_MESSAGES, style = MaterialTheme.typography.labelLarge)
                    Row(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
                        listOf<Pair<String, ULong?>>(Strings.OFF to null, Strings.ONE_DAY to 86_400uL, Strings.SEVEN_DAYS to 604_800uL).forEach { (label, seconds) ->
                            AssistChip(
                                onClick = { actions.disappearing(seconds) },
                                label = { Text(if (circle.disappearAfterS == seconds) "$label ✓" else label) },
                            )
                        }
                    }
                    if (confirmClose) {
                        Text(Strings.CLOSE_CIRCLE_TEXT, style = MaterialTheme.typography.bodySmall)
                        TextButton(onClick = actions::closeCircle) { Text(Strings.CLOSE_CIRCLE_CONFIRM) }
                    } else {
                        TextButton(onClick = { confirmClose = true }) { Text(Strings.CLOSE_CIRCLE) }
                    }
                }
                if (state.canAdd) {
                    OutlinedTextField(value = state.deviceId, onValueChange = actions::deviceId, label = { Text(Strings.ADD_BY_DEVICE_ID) }, singleLine = true)
                    TextButton(onClick = actions::add, enabled = state.deviceId.isNotBlank()) { Text(Strings.ADD) }
                }
                state.note?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            }
        },
        confirmButton = { TextButton(onClick = actions::dismiss) { Text(Strings.DONE) } },
        dismissButton = { TextButton(onClick = actions::leave) { Text(Strings.LEAVE_CIRCLE) } },
    )
}
