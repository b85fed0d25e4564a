package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.selection.toggleable
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp

/**
 * A checkbox or a switch with its label, toggled as one: the whole row is the target (easier to
 * hit) and a screen reader reads the label with the state.
 */
@Composable
fun LabelledToggle(
    label: String,
    checked: Boolean,
    onChange: (Boolean) -> Unit,
    modifier: Modifier = Modifier,
    asSwitch: Boolean = false,
    detail: String? = null,
) {
    Row(
        modifier.toggleable(value = checked, role = if (asSwitch) Role.Switch else Role.Checkbox, onValueChange = onChange),
        verticalAlignment = Alignment.CenterVertically,
        horizontalArrangement = Arrangement.spacedBy(8.dp),
    ) {
        if (!asSwitch) Checkbox(checked = checked, onCheckedChange = null)
        Column(Modifier.weight(1f, fill = false)) {
            Text(label)
            detail?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
        }
        if (asSwitch) Switch(checked = checked, onCheckedChange = null)
    }
}
