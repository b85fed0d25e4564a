package org.hearth.app.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.invitationNotice

/**
 * A circle someone added this phone to, waiting for the person's answer: its name, who added
 * them, its description and guidelines, and accept or decline. A function of its state;
 * nothing is sent before `onAccept`.
 */
@Composable
fun InvitationScreen(
    circle: CircleSummary,
    error: String?,
    onAccept: () -> Unit,
    onDecline: () -> Unit,
    onBack: () -> Unit,
) {
    Column(Modifier.padding(16.dp), verticalArrangement = Arrangement.spacedBy(12.dp)) {
        TextButton(onClick = onBack) { Text("‹ Circles") }
        Text("Invitation to ${circle.name}", style = MaterialTheme.typography.titleLarge)
        Text(invitationNotice(circle.addedBy), style = MaterialTheme.typography.bodyMedium)
        if (circle.description.isNotBlank()) Text(circle.description)
        Text("${circle.memberCount} members", style = MaterialTheme.typography.bodySmall)
        if (circle.guidelines.isNotBlank()) {
            Text("Guidelines", style = MaterialTheme.typography.titleSmall)
            Text(circle.guidelines)
        }
        error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
        Row(horizontalArrangement = Arrangement.spacedBy(12.dp)) {
            Button(onClick = onAccept) { Text("Accept and join") }
            OutlinedButton(onClick = onDecline) { Text("Decline") }
        }
    }
}
