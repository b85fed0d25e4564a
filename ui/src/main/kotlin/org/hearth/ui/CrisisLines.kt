package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.unit.dp

/** How a crisis line is reached. */
enum class LineContact {
    /** Call the number (an emergency number too). */
    CALL,

    /** Text the number. */
    TEXT,

    /** Call or text the number. */
    CALL_OR_TEXT,

    /** Open the chat at the address. */
    CHAT,
}

/** One crisis line as the screen shows it. */
data class CrisisLineState(
    /** Its name ("988 Suicide & Crisis Lifeline"). */
    val name: String,
    /** One sentence ("Call or text 988, any time."). */
    val details: String,
    /** How it is reached. */
    val contact: LineContact,
    /** The number or address. */
    val address: String,
)

/**
 * Reaching a crisis line, as the platform can: a phone dials, texts or opens the chat; the
 * desktop shows the number and copies it. Screens call this and never a platform API.
 */
fun interface CrisisContact {
    /** Starts reaching `line`. */
    fun reach(line: CrisisLineState)
}

/**
 * The crisis lines for the person's region, each one tap away; `fallback` (the emergency
 * advice) when the directory has none for the region.
 */
@Composable
fun CrisisLines(lines: List<CrisisLineState>, fallback: String, contact: CrisisContact) {
    Column(verticalArrangement = Arrangement.spacedBy(4.dp)) {
        if (lines.isEmpty()) {
            Text(fallback, style = MaterialTheme.typography.bodyMedium)
            return@Column
        }
        lines.forEach { line ->
            TextButton(onClick = { contact.reach(line) }) {
                Text(Strings.crisisLine(line.name, line.details))
            }
        }
    }
}
