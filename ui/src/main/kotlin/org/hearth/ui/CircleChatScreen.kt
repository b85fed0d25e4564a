package org.hearth.ui

import androidx.compose.foundation.ExperimentalFoundationApi
import androidx.compose.foundation.combinedClickable
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
import org.hearth.shared.label
import org.hearth.shared.SafetyText
import org.hearth.shared.ModerationMenu
import org.hearth.shared.perform

private val QUICK_REACTIONS = listOf("💛", "🙏", "🤗")

/**
 * One circle's chat: messages oldest first (system events centred), reply and react by a
 * long press, a composer that keeps the draft when sending is refused, the member list with
 * "add by device id" for facilitators, invite codes for those who may add people (with a
 * count of people waiting for approval), and leaving.
 */
@OptIn(ExperimentalFoundationApi::class, ExperimentalLayoutApi::class)
@Composable
fun CircleChatScreen(repository: CircleRepository, circleId: String, onBack: () -> Unit) {
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
    var showMeetings by remember { mutableStateOf(false) }
    var showMembers by remember { mutableStateOf(false) }
    var message by remember { mutableStateOf<String?>(null) }
    var showInvites by rememberSaveable(circleId) { mutableStateOf(false) }
    val invites = remember(repository) { InviteRepository(repository.client) }
    val codes by remember(circleId) { invites.invites(circleId) }.collectAsState(emptyList())
    val scope = rememberCoroutineScope()
    val list = rememberLazyListState()
    // Opens at the newest message at once; a message arriving later scrolls into view.
    var placed by remember(circleId) { mutableStateOf(false) }
    LaunchedEffect(messages.lastOrNull()?.id) {
        if (messages.isEmpty()) return@LaunchedEffect
        if (placed) list.animateScrollToItem(messages.size - 1) else list.scrollToItem(messages.size - 1)
        placed = true
        repository.markRead(circleId, messages)
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
    val active = circle?.state == CircleState.ACTIVE
    val canAdd = active && (circle?.role == Role.FACILITATOR || circle?.role == Role.CO_FACILITATOR)
    if (showInvites && canAdd) {
        InvitesScreen(invites, circleId, circle?.name ?: "", onBack = { showInvites = false })
        return
    }

    Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            TextButton(onClick = onBack) { Text("‹ Circles") }
            Text(circle?.name ?: "", style = MaterialTheme.typography.titleMedium, modifier = Modifier.weight(1f))
        }
        // The circle's tools wrap onto more lines on a narrow phone.
        FlowRow(verticalArrangement = Arrangement.Center, horizontalArrangement = Arrangement.spacedBy(4.dp)) {
            if (canAdd) {
                val waiting = invites.waiting(codes).size
                TextButton(onClick = { showInvites = true }) { Text(if (waiting > 0) "Invite · $waiting waiting" else "Invite") }
            }
            if (canAdd) TextButton(onClick = { showReports = true }) { Text("Reports") }
            TextButton(onClick = { showMeetings = true }) { Text("Meetings") }
            TextButton(onClick = { showMembers = true }) { Text("${members.size} members") }
        }
        when {
            circle?.state == CircleState.STALLED ->
                Text(askForANewCodeNotice(), style = MaterialTheme.typography.bodySmall)
            circle?.state == CircleState.CLOSED ->
                Text("This circle was closed by its facilitator. Its history stays on this device.", style = MaterialTheme.typography.bodySmall)
            !active && circle != null ->
                Text("You're no longer in this circle. Its history stays on this device.", style = MaterialTheme.typography.bodySmall)
        }
        circle?.disappearAfterS?.let { s ->
            Text("Messages disappear ${EventText.duration(s)} after they arrive.", style = MaterialTheme.typography.labelSmall)
        }
        circle?.let { c -> ModerationMenu.pausedNotice(c, System.currentTimeMillis()) }?.let {
            Text(it, style = MaterialTheme.typography.bodySmall, color = MaterialTheme.colorScheme.secondary)
        }
        messages.filter { it.pinned }.takeLast(1).forEach { p ->
            Text("📌 ${p.senderName ?: "You"}: ${p.body.take(80)}", style = MaterialTheme.typography.bodySmall)
        }
        message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        LazyColumn(Modifier.weight(1f), state = list, verticalArrangement = Arrangement.spacedBy(6.dp)) {
            items(messages, key = { it.id }) { m ->
                if (m.kind == CircleMessageKind.SYSTEM) {
                    Text(m.event?.let(EventText::of).orEmpty(), style = MaterialTheme.typography.labelSmall, modifier = Modifier.fillMaxWidth().padding(4.dp))
                } else {
                    val replied = m.replyTo?.let { r -> messages.firstOrNull { it.id == r } }
                    Column(
                        Modifier.fillMaxWidth()
                            .combinedClickable(onClick = {}, onLongClick = { if (active) acting = m })
                            .semantics { contentDescription = "${m.senderName ?: "Someone"}: ${m.body}" },
                        horizontalAlignment = if (m.fromMe) Alignment.End else Alignment.Start,
                    ) {
                        Text(if (m.fromMe) "You" else m.senderName ?: "Someone", style = MaterialTheme.typography.labelMedium)
                        replied?.let { Text("↪ ${it.body.take(60)}", style = MaterialTheme.typography.bodySmall) }
                        val card = m.checkin
                        if (card != null && !m.muted) {
                            SafetyText.card(card).forEach { Text(it) }
                        } else {
                            Text(ModerationMenu.shownBody(m))
                        }
                        val status = when {
                            m.relaySeq == null -> "sending…"
                            m.editedAtMs != null -> "edited · " + Formatting.messageTime(m.sentAtMs)
                            else -> Formatting.messageTime(m.sentAtMs)
                        }
                        Text(status, style = MaterialTheme.typography.labelSmall)
                        if (m.reactions.isNotEmpty()) {
                            Text(m.reactions.joinToString("  ") { "${it.emoji} ${it.count}" }, style = MaterialTheme.typography.bodySmall)
                        }
                        if (m.risk) {
                            TextButton(onClick = { supportFor = m }) { Text("Support options", style = MaterialTheme.typography.labelSmall) }
                        }
                    }
                }
            }
        }
        val needsAcceptance = circle?.let(ModerationMenu::needsAcceptance) == true
        if (active && needsAcceptance) {
            GuidelinesCard(circle!!, onAccept = {
                scope.launch {
                    message = runCatching { repository.acceptGuidelines(circleId, circle!!.guidelinesVersion) }
                        .exceptionOrNull()?.let(ErrorText::of)
                }
            })
        } else if (active) {
            draft.replyTo?.let { r ->
                Row(verticalAlignment = Alignment.CenterVertically) {
                    Text("Replying to ${r.senderName ?: "you"}: ${r.body.take(40)}", style = MaterialTheme.typography.bodySmall, modifier = Modifier.weight(1f))
                    TextButton(onClick = { composer.replyTo(null) }) { Text("Cancel") }
                }
            }
            draft.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            Row(verticalAlignment = Alignment.CenterVertically, horizontalArrangement = Arrangement.spacedBy(8.dp)) {
                OutlinedTextField(value = draft.text, onValueChange = composer::edit, label = { Text("Message") }, modifier = Modifier.weight(1f))
                Button(onClick = { scope.launch { composer.send() } }, enabled = draft.canSend) { Text("Send") }
            }
            TextButton(onClick = { sharing = true }) { Text("Share a check-in") }
        }
    }

    if (draft.crisis) {
        CrisisDialog(
            repository.client,
            intro = "It sounds like things may be really hard right now. If you'd like to talk to someone, these lines are there any time.",
            primary = "Send anyway" to { scope.launch { composer.sendAnyway() } },
            onDismiss = composer::dismissCrisis,
            tellFacilitators = { repository.askForSupport(circleId) },
        )
    }
    supportFor?.let { m ->
        CrisisDialog(
            repository.client,
            intro = "${m.senderName ?: "Someone"} may be going through a lot. If anyone is in danger, these lines can help — for them or for you.",
            primary = null,
            onDismiss = { supportFor = null },
        )
    }

    acting?.let { m ->
        val actions = circle?.let { c -> ModerationMenu.forMessage(c, m, members.firstOrNull { it.key == m.senderKey }) }.orEmpty()
        AlertDialog(
            onDismissRequest = { acting = null },
            title = { Text("Message") },
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
            confirmButton = { TextButton(onClick = { composer.replyTo(m); acting = null }) { Text("Reply") } },
            dismissButton = { TextButton(onClick = { acting = null }) { Text("Close") } },
        )
    }

    reporting?.let { m -> ReportSheet(repository, circleId, m, onDone = { reporting = null }) }
    if (showReports) ReportsDialog(repository, circleId, onDismiss = { showReports = false })
    if (sharing) ShareCheckinSheet(repository, circleId, onDone = { note -> sharing = false; note?.let { message = it } })
    if (showMeetings) circle?.let { c -> MeetingsDialog(repository, c, onDismiss = { showMeetings = false }) }

    if (showMembers) {
        MembersDialog(
            repository = repository,
            circleId = circleId,
            canAdd = canAdd,
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

/** The guidelines a member reads and accepts before posting (again after each change). */
@Composable
private fun GuidelinesCard(circle: CircleSummary, onAccept: () -> Unit) {
    Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
        Text("Circle guidelines · version ${circle.guidelinesVersion}", style = MaterialTheme.typography.titleSmall)
        Text(circle.guidelines.ifBlank { "This circle has no written guidelines yet." }, style = MaterialTheme.typography.bodyMedium)
        Text("Please read them before you post. You can read the chat meanwhile.", style = MaterialTheme.typography.bodySmall)
        Button(onClick = onAccept) { Text("I've read them and agree") }
    }
}

private fun roleLabel(role: Role) = when (role) {
    Role.FACILITATOR -> " · facilitator"
    Role.CO_FACILITATOR -> " · co-facilitator"
    Role.MEMBER -> ""
}

@OptIn(ExperimentalFoundationApi::class)
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
    var confirmClose by remember { mutableStateOf(false) }
    val scope = rememberCoroutineScope()
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text("Members") },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
                members.forEach { member ->
                    var expanded by remember(member.key) { mutableStateOf(false) }
                    val accepted = member.guidelinesAccepted?.let { " · guidelines v$it" }.orEmpty()
                    val paused = if (member.pausedUntilMs != null) " · paused" else ""
                    Text(
                        (member.displayName ?: "Someone (joining…)") + (if (member.isMe) " (you)" else "") +
                            roleLabel(member.role) + accepted + paused + (if (member.muted) " · muted" else ""),
                        modifier = Modifier.fillMaxWidth().combinedClickable(onClick = { expanded = !expanded }),
                    )
                    if (expanded && circle != null) {
                        ModerationMenu.forMember(circle, member).forEach { action ->
                            TextButton(onClick = {
                                scope.launch {
                                    note = runCatching { repository.perform(circleId, action, member) }
                                        .fold({ "Done. It reaches everyone when phones sync." }, ErrorText::of)
                                }
                            }) { Text(action.label) }
                        }
                    }
                }
                if (circle?.role == Role.FACILITATOR && circle.state == CircleState.ACTIVE) {
                    Text("Disappearing messages", style = MaterialTheme.typography.labelLarge)
                    Row(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
                        listOf<Pair<String, ULong?>>("Off" to null, "1 day" to 86_400uL, "7 days" to 604_800uL).forEach { (label, seconds) ->
                            AssistChip(onClick = {
                                scope.launch {
                                    note = runCatching { repository.setDisappearing(circleId, seconds) }
                                        .fold({ "Every phone will follow the new timer once it syncs." }, ErrorText::of)
                                }
                            }, label = { Text(if (circle.disappearAfterS == seconds) "$label ✓" else label) })
                        }
                    }
                    if (confirmClose) {
                        Text("Close this circle for everyone? Its messages at the relay are deleted.", style = MaterialTheme.typography.bodySmall)
                        TextButton(onClick = {
                            scope.launch { note = runCatching { repository.close(circleId) }.fold({ "Closing the circle." }, ErrorText::of) }
                        }) { Text("Yes, close it") }
                    } else {
                        TextButton(onClick = { confirmClose = true }) { Text("Close circle…") }
                    }
                }
                if (canAdd) {
                    OutlinedTextField(value = deviceId, onValueChange = { deviceId = it }, label = { Text("Add by device id") }, singleLine = true)
                    TextButton(onClick = {
                        scope.launch {
                            note = try {
                                repository.addMember(circleId, deviceId)
                                deviceId = ""
                                "Added. They'll see the circle when both phones have synced."
                            } catch (e: Exception) {
                                ErrorText.of(e)
                            }
                        }
                    }, enabled = deviceId.isNotBlank()) { Text("Add") }
                }
                note?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            }
        },
        confirmButton = { TextButton(onClick = onDismiss) { Text("Done") } },
        dismissButton = { TextButton(onClick = onLeave) { Text("Leave circle") } },
    )
}
