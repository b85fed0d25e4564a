package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.Canvas
import androidx.compose.foundation.background
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.text.selection.SelectionContainer
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
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
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.text.font.FontFamily
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.launch
import org.hearth.ffi.Invite
import org.hearth.ffi.InviteState
import org.hearth.shared.ErrorText
import org.hearth.shared.InviteDraft
import org.hearth.shared.InviteRepository
import org.hearth.shared.InviteText
import org.hearth.shared.QrCode

/** What a circle's invite codes screen shows. */
data class InvitesState(
    val circleName: String,
    val invites: List<Invite> = emptyList(),
    /** Why the last action failed, worded for the person. */
    val problem: String? = null,
    /** Whether the new-code dialog is open. */
    val creating: Boolean = false,
    /** The code shown (text, QR, share), by nameplate. */
    val showing: String? = null,
)

/** What the invite codes screen can do, code by code (named by nameplate). */
interface InvitesActions {
    fun back()
    fun newCode()
    fun create(choice: InviteDraft.Choice)
    fun show(nameplate: String?)
    fun approve(nameplate: String)
    fun decline(nameplate: String)
    fun revoke(nameplate: String)
    fun dismissNew()
}

/**
 * A circle's invite codes, for its facilitators: make a code, show it as text and QR code,
 * share it, answer the people waiting for approval, and withdraw codes. Holds the state;
 * [InvitesContent] draws it.
 */
@Composable
fun InvitesScreen(invites: InviteRepository, circleId: String, circleName: String, onBack: () -> Unit) {
    val all by remember(circleId) { invites.invites(circleId) }.collectAsState(emptyList())
    var creating by remember { mutableStateOf(false) }
    var showing by remember { mutableStateOf<String?>(null) }
    var problem by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    fun act(work: suspend () -> Unit) = scope.launch {
        problem = runCatching { work() }.exceptionOrNull()?.let(ErrorText::of)
    }
    val actions = remember(invites, circleId) {
        object : InvitesActions {
            override fun back() = onBack()
            override fun newCode() { creating = true }
            override fun create(choice: InviteDraft.Choice) {
                act {
                    showing = invites.create(circleId, choice).nameplate
                    creating = false
                }
            }
            override fun show(nameplate: String?) { showing = nameplate }
            override fun approve(nameplate: String) { act { invites.approve(nameplate) } }
            override fun decline(nameplate: String) { act { invites.decline(nameplate) } }
            override fun revoke(nameplate: String) { act { invites.revoke(nameplate) } }
            override fun dismissNew() { creating = false }
        }
    }
    InvitesContent(InvitesState(circleName, all, problem, creating, showing), actions)
}

/** The invite codes screen, drawn from [state]; every action goes to [actions]. */
@Composable
fun InvitesContent(state: InvitesState, actions: InvitesActions) {
    Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            TextButton(onClick = actions::back) { Text(Strings.backTo(state.circleName)) }
        }
        Text(Strings.INVITE_CODES, style = MaterialTheme.typography.titleMedium)
        Text(Strings.INVITE_CODES_PRIVATE, style = MaterialTheme.typography.bodySmall)
        Button(onClick = actions::newCode) { Text(Strings.NEW_CODE) }
        state.problem?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        HorizontalDivider()
        if (state.invites.isEmpty()) Text(Strings.NO_CODES)
        LazyColumn(verticalArrangement = Arrangement.spacedBy(10.dp)) {
            items(state.invites, key = { it.nameplate }) { invite -> InviteRow(invite, actions) }
        }
    }
    if (state.creating) NewCodeDialog(onDismiss = actions::dismissNew, onCreate = actions::create)
    state.showing?.let { nameplate ->
        state.invites.firstOrNull { it.nameplate == nameplate && it.code != null }?.let { CodeDialog(it, onDismiss = { actions.show(null) }) }
    }
}

@Composable
private fun InviteRow(invite: Invite, actions: InvitesActions) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(invite.label.ifBlank { Strings.codeNamed(invite.nameplate) }, style = MaterialTheme.typography.titleSmall)
        Text(InviteText.state(invite), style = MaterialTheme.typography.bodySmall)
        InviteText.words(invite.words)?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            when (invite.state) {
                InviteState.OPEN -> {
                    OutlinedButton(onClick = { actions.show(invite.nameplate) }) { Text(Strings.SHOW) }
                    TextButton(onClick = { actions.revoke(invite.nameplate) }) { Text(Strings.WITHDRAW) }
                }
                InviteState.WAITING_FOR_APPROVAL -> {
                    Button(onClick = { actions.approve(invite.nameplate) }) { Text(Strings.letIn(invite.inviteeName)) }
                    TextButton(onClick = { actions.decline(invite.nameplate) }) { Text(Strings.DECLINE) }
                }
                else -> Unit
            }
        }
    }
}

@Composable
private fun NewCodeDialog(onDismiss: () -> Unit, onCreate: (InviteDraft.Choice) -> Unit) {
    val draft = remember { InviteDraft() }
    val choice by draft.current.collectAsState()
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(Strings.NEW_INVITE_CODE) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(Strings.WORKS_FOR, style = MaterialTheme.typography.labelMedium)
                Row(horizontalArrangement = Arrangement.spacedBy(6.dp)) {
                    draft.lifetimes.forEach { l ->
                        FilterChip(
                            selected = choice.lifetimeSeconds == l.seconds,
                            onClick = { draft.lifetime(l.seconds) },
                            label = { Text(l.label) },
                        )
                    }
                }
                LabelledToggle(
                    Strings.AUTO_ADMIT,
                    choice.autoAdmit,
                    onChange = draft::autoAdmit,
                    asSwitch = true,
                    detail = Strings.AUTO_ADMIT_OFF,
                )
                OutlinedTextField(
                    value = choice.label,
                    onValueChange = draft::label,
                    label = { Text(Strings.PRIVATE_NOTE) },
                    placeholder = { Text(Strings.PRIVATE_NOTE_EXAMPLE) },
                    singleLine = true,
                    supportingText = { if (draft.labelRoom < 20) Text(Strings.charactersLeft(draft.labelRoom)) },
                )
            }
        },
        confirmButton = { TextButton(onClick = { onCreate(choice) }) { Text(Strings.MAKE_CODE) } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(Strings.CANCEL) } },
    )
}

/** The code as text to read aloud, as a QR code to scan, and through the share sheet. */
@Composable
private fun CodeDialog(invite: Invite, onDismiss: () -> Unit) {
    val platform = LocalPlatform.current
    var shared by remember { mutableStateOf<String?>(null) }
    val code = invite.code ?: return
    val link = invite.link ?: return
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(invite.label.ifBlank { Strings.INVITE_CODE }) },
        text = {
            Column(horizontalAlignment = Alignment.CenterHorizontally, verticalArrangement = Arrangement.spacedBy(10.dp)) {
                SelectionContainer {
                    Text(code, style = MaterialTheme.typography.headlineSmall.copy(fontFamily = FontFamily.Monospace))
                }
                QrImage(link)
                Text(Strings.giveOnlyTo(invite.autoAdmit), style = MaterialTheme.typography.bodySmall)
                Text(InviteText.state(invite), style = MaterialTheme.typography.bodySmall)
                shared?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
            }
        },
        confirmButton = {
            TextButton(onClick = {
                val text = InviteText.shareMessage(invite) ?: return@TextButton
                shared = platform.share(text)
            }) { Text(Strings.SHARE) }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text(Strings.DONE) } },
    )
}

/** Dark modules on white with a quiet zone of four, as scanners expect in any theme. */
@Composable
private fun QrImage(link: String) {
    val qr = remember(link) { QrCode.of(link) }
    Canvas(
        Modifier.size(220.dp).background(Color.White).semantics { contentDescription = Strings.QR_CODE_LABEL },
    ) {
        val module = size.minDimension / (qr.size + 8)
        for (y in 0 until qr.size) {
            for (x in 0 until qr.size) {
                if (qr[x, y]) {
                    drawRect(Color.Black, Offset((x + 4) * module, (y + 4) * module), Size(module, module))
                }
            }
        }
    }
}
