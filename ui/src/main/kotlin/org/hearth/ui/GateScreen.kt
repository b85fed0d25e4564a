package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.ui.Modifier
import androidx.compose.ui.focus.FocusRequester
import androidx.compose.ui.focus.focusRequester
import androidx.compose.ui.input.key.Key
import androidx.compose.ui.input.key.KeyEventType
import androidx.compose.ui.input.key.key
import androidx.compose.ui.input.key.onPreviewKeyEvent
import androidx.compose.ui.input.key.type
import androidx.compose.ui.text.input.PasswordVisualTransformation
import org.hearth.shared.KeyProblem
import org.hearth.shared.Launch

/**
 * What shows before the journal is open: onboarding (with a passphrase where the platform asks
 * for one), the passphrase, or why it cannot be opened, never replacing it silently. A function
 * of [launch] and [error] with callbacks.
 */
@Composable
fun GateScreen(
    launch: Launch,
    error: String?,
    onOnboard: (name: String, passphrase: String?) -> Unit,
    onPassphrase: (String) -> Unit,
    onRetry: () -> Unit,
    onStartOver: () -> Unit,
    asksPassphrase: Boolean = true,
) {
    when (launch) {
        Launch.NeedsOnboarding -> Onboarding(error, asksPassphrase, onOnboard)
        is Launch.NeedsPassphrase -> PassphrasePrompt(error.takeIf { launch.wrong }, onPassphrase, onStartOver)
        is Launch.KeyUnavailable -> KeyUnavailable(launch.problem, onRetry, onStartOver)
        Launch.UpdateRequired -> Centered { Text(Strings.UPDATE_REQUIRED); HelpNowButton() }
        Launch.Damaged -> Centered { Text(Strings.DAMAGED); HelpNowButton() }
        is Launch.Ready -> Unit
    }
}

@Composable
private fun Onboarding(error: String?, asksPassphrase: Boolean, onOnboard: (String, String?) -> Unit) {
    var name by remember { mutableStateOf("") }
    var passphrase by remember { mutableStateOf("") }
    var again by remember { mutableStateOf("") }
    Centered {
        Text(Strings.WELCOME, style = MaterialTheme.typography.headlineMedium)
        Text(if (asksPassphrase) Strings.WELCOME_PASSPHRASE else Strings.WELCOME_KEY_STORE)
        OutlinedTextField(value = name, onValueChange = { name = it }, label = { Text(Strings.YOUR_NAME) }, singleLine = true)
        if (asksPassphrase) {
            OutlinedTextField(
                value = passphrase, onValueChange = { passphrase = it }, label = { Text(Strings.PASSPHRASE) },
                visualTransformation = PasswordVisualTransformation(), singleLine = true,
            )
            OutlinedTextField(
                value = again, onValueChange = { again = it }, label = { Text(Strings.PASSPHRASE_AGAIN) },
                visualTransformation = PasswordVisualTransformation(), singleLine = true,
                isError = again.isNotEmpty() && again != passphrase,
            )
        }
        val ready = name.isNotBlank() && (!asksPassphrase || (passphrase.isNotEmpty() && again == passphrase))
        Button(onClick = { onOnboard(name, passphrase.takeIf { asksPassphrase }) }, enabled = ready) { Text(Strings.START) }
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        HelpNowButton()
    }
}

@Composable
private fun PassphrasePrompt(error: String?, onPassphrase: (String) -> Unit, onStartOver: () -> Unit) {
    var passphrase by remember { mutableStateOf("") }
    var confirm by remember { mutableStateOf(false) }
    Centered {
        Text(Strings.LOCKED, style = MaterialTheme.typography.headlineSmall)
        val focus = remember { FocusRequester() }
        val submit = {
            if (passphrase.isNotEmpty()) onPassphrase(passphrase)
            passphrase = ""
        }
        OutlinedTextField(
            value = passphrase, onValueChange = { passphrase = it }, label = { Text(Strings.PASSPHRASE) },
            visualTransformation = PasswordVisualTransformation(), singleLine = true,
            // Typing goes here at once, and Enter unlocks, as people expect of a password field.
            modifier = Modifier.focusRequester(focus).onPreviewKeyEvent { e ->
                (e.type == KeyEventType.KeyDown && e.key == Key.Enter).also { if (it) submit() }
            },
        )
        LaunchedEffect(Unit) { runCatching { focus.requestFocus() } }
        Button(onClick = submit, enabled = passphrase.isNotEmpty()) { Text(Strings.UNLOCK) }
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        TextButton(onClick = { confirm = true }) { Text(Strings.FORGOT_PASSPHRASE) }
        HelpNowButton()
    }
    if (confirm) StartOverDialog(onConfirm = { confirm = false; onStartOver() }, onCancel = { confirm = false })
}

@Composable
private fun KeyUnavailable(problem: KeyProblem, onRetry: () -> Unit, onStartOver: () -> Unit) {
    var confirm by remember { mutableStateOf(false) }
    Centered {
        Text(Strings.CANT_OPEN, style = MaterialTheme.typography.headlineSmall)
        Text(Strings.keyProblem(problem))
        Button(onClick = onRetry) { Text(Strings.TRY_AGAIN) }
        OutlinedButton(onClick = { confirm = true }) { Text(Strings.START_OVER) }
        HelpNowButton()
    }
    if (confirm) StartOverDialog(onConfirm = { confirm = false; onStartOver() }, onCancel = { confirm = false })
}

@Composable
private fun StartOverDialog(onConfirm: () -> Unit, onCancel: () -> Unit) {
    AlertDialog(
        onDismissRequest = onCancel,
        title = { Text(Strings.START_OVER_TITLE) },
        text = { Text(Strings.START_OVER_TEXT) },
        confirmButton = { TextButton(onClick = onConfirm) { Text(Strings.START_OVER_CONFIRM) } },
        dismissButton = { TextButton(onClick = onCancel) { Text(Strings.CANCEL) } },
    )
}
