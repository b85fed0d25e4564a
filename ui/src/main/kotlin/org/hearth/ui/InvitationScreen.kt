package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp

/** What an invitation screen shows: the circle, and what accepting and declining do. */
data class InvitationState(
    /** The circle's name. */
    val name: String,
    /** Who added the person and what answering does (core's `invitation_notice`). */
    val notice: String,
    /** The circle's description (may be empty). */
    val description: String,
    /** How many are in it. */
    val memberCount: Int,
    /** Its guidelines (may be empty). */
    val guidelines: String,
    /** Why the last answer failed, if it did. */
    val error: String? = null,
)

/**
 * A circle someone added this device to, waiting for the person's answer: its name, who
 * added them, its description and guidelines, and accept or decline. A function of its
 * state; nothing is sent before `onAccept`, and declining tells nobody.
 */
@Composable
fun InvitationScreen(
    state: InvitationState,
    onAccept: () -> Unit,
    onDecline: () -> Unit,
    onBack: () -> Unit,
) {
    // A readable line length on a wide desktop window (the Box lets the column be narrower
    // than a container that stretches its child).
    Box(Modifier.fillMaxSize()) {
        Column(
            Modifier.padding(16.dp).widthIn(max = 640.dp).verticalScroll(rememberScrollState()),
            verticalArrangement = Arrangement.spacedBy(12.dp),
        ) {
            TextButton(onClick = onBack) { Text(Strings.BACK_TO_CIRCLES) }
            Text(Strings.invitationTitle(state.name), style = MaterialTheme.typography.titleLarge)
            Text(state.notice, style = MaterialTheme.typography.bodyMedium)
            if (state.description.isNotBlank()) Text(state.description)
            Text(Strings.members(state.memberCount), style = MaterialTheme.typography.bodySmall)
            if (state.guidelines.isNotBlank()) {
                Text(Strings.GUIDELINES, style = MaterialTheme.typography.titleSmall)
                Text(state.guidelines)
            }
            state.error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
                Button(onClick = onAccept) { Text(Strings.ACCEPT_INVITATION) }
                OutlinedButton(onClick = onDecline) { Text(Strings.DECLINE_INVITATION) }
            }
        }
    }
}
