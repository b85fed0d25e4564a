package org.hearth.ui

import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.junit4.ComposeContentTestRule
import org.junit.Assert.assertTrue

/** Every node a person can click says what it is (text or a description), for screen readers. */
fun ComposeContentTestRule.assertEveryClickableIsLabelled() {
    val clickable = onAllNodes(hasClickAction(), useUnmergedTree = false).fetchSemanticsNodes()
    assertTrue("nothing clickable", clickable.isNotEmpty())
    for (node in clickable) {
        val config = node.config
        val text = config.getOrNull(SemanticsProperties.Text).orEmpty().joinToString { it.text }
        val description = config.getOrNull(SemanticsProperties.ContentDescription).orEmpty().joinToString()
        assertTrue("a clickable node without a label: $config", (text + description).isNotBlank())
    }
}
