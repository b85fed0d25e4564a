package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.setValue
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.launch
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.CrisisLineKind
import org.hearth.ffi.CrisisResources
import org.hearth.ffi.HearthClient
import org.hearth.ffi.bundledCrisisResources
import org.hearth.shared.ErrorText

/**
 * Crisis support, shown gently when the phone found risk language (in a draft, a received
 * message or a journal note): the lines for the phone's region from the bundled directory,
 * each one tap away, and nothing sent anywhere. [primary] is what the person can do next
 * ("Send anyway", "Back to my note"); closing keeps everything as it was.
 */
@Composable
fun CrisisDialog(
    client: HearthClient,
    intro: String,
    primary: Pair<String, () -> Unit>?,
    onDismiss: () -> Unit,
    tellFacilitators: (suspend () -> Unit)? = null,
    offerCircles: Boolean = false,
) {
    var told by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    AlertDialog(
        onDismissRequest = onDismiss,
        title = { Text(Strings.NOT_ALONE_TITLE) },
        text = {
            Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
                Text(intro, style = MaterialTheme.typography.bodyMedium)
                CrisisLinesFor(client)
                if (tellFacilitators != null && told == null) {
                    // Only when the person chooses it, each time: sealed to the facilitators.
                    TextButton(onClick = {
                        scope.launch {
                            told = runCatching { tellFacilitators() }
                                .fold({ Strings.FACILITATORS_TOLD }, ErrorText::of)
                        }
                    }) { Text(Strings.TELL_MY_FACILITATORS) }
                }
                if (offerCircles) TellACircle(client)
                Text(told ?: Strings.NOBODY_TOLD, style = MaterialTheme.typography.bodySmall)
            }
        },
        confirmButton = { primary?.let { (label, act) -> TextButton(onClick = act) { Text(label) } } },
        dismissButton = { TextButton(onClick = onDismiss) { Text(Strings.CLOSE) } },
    )
}

/**
 * The crisis lines for the person's region, each one tap away (dial, text or open the chat):
 * from the open profile's directory (a newer one may be installed), or with no profile open
 * ([client] null: locked, or it cannot be opened) from the one bundled with the app.
 */
@Composable
fun CrisisLinesFor(client: HearthClient?) {
    var resources by remember { mutableStateOf<CrisisResources?>(null) }
    val platform = LocalPlatform.current
    LaunchedEffect(client) {
        resources = runCatching { client?.crisisResources(platform.region) ?: bundledCrisisResources(platform.region) }.getOrNull()
    }
    val lines = resources?.lines.orEmpty().map { line ->
        val contact = when (line.kind) {
            CrisisLineKind.CHAT -> LineContact.CHAT
            CrisisLineKind.TEXT -> LineContact.TEXT
            CrisisLineKind.CALL_OR_TEXT -> LineContact.CALL_OR_TEXT
            CrisisLineKind.CALL, CrisisLineKind.EMERGENCY -> LineContact.CALL
        }
        CrisisLineState(line.name, line.details, contact, line.contact)
    }
    val fallback = resources?.fallback ?: Strings.EMERGENCY_FALLBACK
    CrisisLines(lines, fallback, platform.crisisContact)
}

/**
 * "Let my facilitators know", where no circle is at hand (a check-in note, a questionnaire):
 * one button per circle the person is in, sent only when they tap it, each time.
 */
@Composable
fun TellACircle(client: HearthClient) {
    var circles by remember { mutableStateOf(emptyList<CircleSummary>()) }
    var told by remember { mutableStateOf<String?>(null) }
    val scope = rememberCoroutineScope()
    LaunchedEffect(client) {
        circles = runCatching { client.circles() }.getOrDefault(emptyList()).filter { it.state == CircleState.ACTIVE }
    }
    told?.let { Text(it, style = MaterialTheme.typography.bodySmall); return }
    circles.forEach { c ->
        TextButton(onClick = {
            scope.launch {
                told = runCatching { client.askFacilitatorsForSupport(c.circleId, "") }
                    .fold({ Strings.facilitatorsOfTold(c.name) }, ErrorText::of)
            }
        }) { Text(Strings.tellFacilitatorsOf(c.name)) }
    }
}

/**
 * "Get help now" where no profile is open (the lock, the passphrase, onboarding, a journal that
 * cannot be opened): the bundled crisis lines, one step away as on every other screen.
 */
@Composable
fun HelpNowButton() {
    var open by remember { mutableStateOf(false) }
    TextButton(onClick = { open = true }) { Text(Strings.GET_HELP_NOW) }
    if (open) {
        AlertDialog(
            onDismissRequest = { open = false },
            title = { Text(Strings.NOT_ALONE_TITLE) },
            text = {
                Column(verticalArrangement = Arrangement.spacedBy(6.dp)) {
                    Text(Strings.CRISIS_INTRO, style = MaterialTheme.typography.bodyMedium)
                    CrisisLinesFor(null)
                }
            },
            confirmButton = { TextButton(onClick = { open = false }) { Text(Strings.CLOSE) } },
        )
    }
}
