package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.text.KeyboardOptions
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.ui.text.input.KeyboardCapitalization
import androidx.compose.ui.unit.dp
import androidx.compose.runtime.collectAsState
import kotlinx.coroutines.launch
import org.hearth.ffi.InviteJoin
import org.hearth.shared.InviteRepository
import org.hearth.shared.InviteText
import org.hearth.shared.JoinForm

/**
 * "Join with a code": first what cannot be checked yet, then the code (typed, or filled in
 * from a scanned `hearth://join#` link) checked as it is typed, and the name wanted there.
 */
@Composable
fun JoinByCodeDialog(invites: InviteRepository, code: String, onJoined: () -> Unit, onDismiss: () -> Unit) {
    val form = remember(code) { JoinForm(invites, code) }
    val entry by form.current.collectAsState()
    val scope = rememberCoroutineScope()
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text("Join a circle") },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(invites.beforeJoining, style = MaterialTheme.typography.bodySmall)
                OutlinedTextField(
                    value = entry.code,
                    onValueChange = form::code,
                    label = { Text("Code") },
                    placeholder = { Text("7KQ2M9-XD4F-PW8T") },
                    singleLine = true,
                    isError = entry.codeProblem != null,
                    supportingText = { entry.codeProblem?.let { Text(it) } },
                    keyboardOptions = KeyboardOptions(capitalization = KeyboardCapitalization.Characters, autoCorrectEnabled = false),
                )
                OutlinedTextField(
                    value = entry.name,
                    onValueChange = form::name,
                    label = { Text("Your name in this circle") },
                    singleLine = true,
                )
                entry.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = {
            TextButton(onClick = { scope.launch { if (form.join() != null) onJoined() } }, enabled = entry.canJoin) {
                Text("Join")
            }
        },
        dismissButton = { TextButton(onClick = onDismiss) { Text("Cancel") } },
    )
}

/** The codes this phone used, newest first: where each stands and the words to compare. */
@Composable
fun JoinRequests(joins: List<InviteJoin>) {
    if (joins.isEmpty()) return
    Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
        Text("Your codes", style = MaterialTheme.typography.titleSmall)
        joins.forEach { join ->
            Text("${join.displayName} · ${InviteText.state(join)}", style = MaterialTheme.typography.bodySmall)
            InviteText.words(join.words)?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        }
    }
}
