package org.hearth.ui

import org.hearth.shared.Strings
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

/** What the join dialog can do. */
interface JoinActions {
    fun code(text: String)
    fun name(text: String)
    fun join()
    fun dismiss()
}

/**
 * "Join with a code": first what cannot be checked yet, then the code (typed, or filled in
 * from a scanned `hearth://join#` link) checked as it is typed, and the name wanted there.
 * Holds the [JoinForm]; [JoinByCodeContent] draws it.
 */
@Composable
fun JoinByCodeDialog(invites: InviteRepository, code: String, onJoined: () -> Unit, onDismiss: () -> Unit) {
    val form = remember(code) { JoinForm(invites, code) }
    val entry by form.current.collectAsState()
    val scope = rememberCoroutineScope()
    val actions = remember(form) {
        object : JoinActions {
            override fun code(text: String) = form.code(text)
            override fun name(text: String) = form.name(text)
            override fun join() { scope.launch { if (form.join() != null) onJoined() } }
            override fun dismiss() = onDismiss()
        }
    }
    JoinByCodeContent(entry, invites.beforeJoining, actions)
}

/** The join dialog, drawn from [entry] (and the notice to read [beforeJoining]). */
@Composable
fun JoinByCodeContent(entry: JoinForm.Entry, beforeJoining: String, actions: JoinActions) {
    AlertDialog(
        onDismissRequest = actions::dismiss,
        title = { Text(Strings.JOIN_A_CIRCLE) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
                Text(beforeJoining, style = MaterialTheme.typography.bodySmall)
                OutlinedTextField(
                    value = entry.code,
                    onValueChange = actions::code,
                    label = { Text(Strings.CODE) },
                    placeholder = { Text(Strings.CODE_EXAMPLE) },
                    singleLine = true,
                    isError = entry.codeProblem != null,
                    supportingText = { entry.codeProblem?.let { Text(it) } },
                    keyboardOptions = KeyboardOptions(capitalization = KeyboardCapitalization.Characters, autoCorrectEnabled = false),
                )
                OutlinedTextField(
                    value = entry.name,
                    onValueChange = actions::name,
                    label = { Text(Strings.YOUR_NAME_HERE) },
                    singleLine = true,
                )
                entry.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        },
        confirmButton = { TextButton(onClick = actions::join, enabled = entry.canJoin) { Text(Strings.JOIN) } },
        dismissButton = { TextButton(onClick = actions::dismiss) { Text(Strings.CANCEL) } },
    )
}

/** The codes this device used, newest first: where each stands and the words to compare. */
@Composable
fun JoinRequests(joins: List<InviteJoin>) {
    if (joins.isEmpty()) return
    Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
        Text(Strings.YOUR_CODES, style = MaterialTheme.typography.titleSmall)
        joins.forEach { join ->
            Text("${join.displayName} · ${InviteText.state(join)}", style = MaterialTheme.typography.bodySmall)
            InviteText.words(join.words)?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        }
    }
}
