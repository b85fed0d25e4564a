package org.hearth.ui

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

/**
 * A circle's invite codes, for its facilitators: make a code, show it as text and QR code,
 * share it, answer the people waiting for approval, and withdraw codes.
 */
@Composable
fun InvitesScreen(invites: InviteRepository, circleId: String, circleName: String, onBack: () -> Unit) {
    val all by remember(circleId) { invites.invites(circleId) }.collectAsState(emptyList())
    var creating by remember { mutableStateOf(false) }
    var showing by remember { mutableStateOf<String?>(null) }
    var message by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    fun act(work: suspend () -> Unit) = scope.launch {
        message = runCatching { work() }.exceptionOrNull()?.let(ErrorText::of)
    }

    Column(Modifier.padding(12.dp), verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Row(verticalAlignment = Alignment.CenterVertically) {
            TextButton(onClick = onBack) { Text("‹ $circleName") }
        }
        Text("Invite codes", style = MaterialTheme.typography.titleMedium)
        Text(
            "Each code works once. The relay never learns the code, the circle, or who joins.",
            style = MaterialTheme.typography.bodySmall,
        )
        Button(onClick = { creating = true }) { Text("New code") }
        message?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        HorizontalDivider()
        if (all.isEmpty()) Text("No codes yet.")
        LazyColumn(verticalArrangement = Arrangement.spacedBy(10.dp)) {
            items(all, key = { it.nameplate }) { invite ->
                InviteRow(
                    invite,
                    onShow = { showing = invite.nameplate },
                    onApprove = { act { invites.approve(invite.nameplate) } },
                    onDecline = { act { invites.decline(invite.nameplate) } },
                    onRevoke = { act { invites.revoke(invite.nameplate) } },
                )
            }
        }
    }

    if (creating) {
        NewCodeDialog(
            onDismiss = { creating = false },
            onCreate = { choice ->
                act {
                    showing = invites.create(circleId, choice).nameplate
                    creating = false
                }
            },
        )
    }
    showing?.let { nameplate ->
        all.firstOrNull { it.nameplate == nameplate && it.code != null }?.let { CodeDialog(it, onDismiss = { showing = null }) }
    }
}

@Composable
private fun InviteRow(
    invite: Invite,
    onShow: () -> Unit,
    onApprove: () -> Unit,
    onDecline: () -> Unit,
    onRevoke: () -> Unit,
) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        Text(invite.label.ifBlank { "Code ${invite.nameplate}" }, style = MaterialTheme.typography.titleSmall)
        Text(InviteText.state(invite), style = MaterialTheme.typography.bodySmall)
        InviteText.words(invite.words)?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            when (invite.state) {
                InviteState.OPEN -> {
                    OutlinedButton(onClick = onShow) { Text("Show") }
                    TextButton(onClick = onRevoke) { Text("Withdraw") }
                }
                InviteState.WAITING_FOR_APPROVAL -> {
                    Button(onClick = onApprove) { Text("Let ${invite.inviteeName ?: "them"} in") }
                    TextButton(onClick = onDecline) { Text("Decline") }
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
        title = { Text("New invite code") },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text("Works for", style = MaterialTheme.typography.labelMedium)
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
                    "Let people in without asking me",
                    choice.autoAdmit,
                    onChange = draft::autoAdmit,
                    asSwitch = true,
                    detail = "Off: you approve each person after they use the code.",
                )
                OutlinedTextField(
                    value = choice.label,
                    onValueChange = draft::label,
                    label = { Text("Private note (for you only)") },
                    placeholder = { Text("for Sam") },
                    singleLine = true,
                    supportingText = { if (draft.labelRoom < 20) Text("${draft.labelRoom} characters left") },
                )
            }
        },
        confirmButton = { TextButton(onClick = { onCreate(choice) }) { Text("Make code") } },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
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
        title = { Text(invite.label.ifBlank { "Invite code" }) },
        text = {
            Column(horizontalAlignment = Alignment.CenterHorizontally, verticalArrangement = Arrangement.spacedBy(10.dp)) {
                SelectionContainer {
                    Text(code, style = MaterialTheme.typography.headlineSmall.copy(fontFamily = FontFamily.Monospace))
                }
                QrImage(link)
                Text(
                    "Give it only to the person it is for: whoever uses it first " +
                        if (invite.autoAdmit) "gets in." else "can join once you approve.",
                    style = MaterialTheme.typography.bodySmall,
                )
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
        dismissButton = { TextButton(onClick = onDismiss) { Text("Done") } },
    )
}

/** Dark modules on white with a quiet zone of four, as scanners expect in any theme. */
@Composable
private fun QrImage(link: String) {
    val qr = remember(link) { QrCode.of(link) }
    Canvas(
        Modifier.size(220.dp).background(Color.White).semantics { contentDescription = "QR code of the invite link" },
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
