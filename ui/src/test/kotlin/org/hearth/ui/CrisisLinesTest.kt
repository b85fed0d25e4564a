package org.hearth.ui

import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

class CrisisLinesTest {
    @get:Rule
    val rule = createComposeRule()

    private val lines = listOf(
        CrisisLineState("988 Suicide & Crisis Lifeline", "Call or text 988, any time.", LineContact.CALL_OR_TEXT, "988"),
        CrisisLineState("Crisis Text Line", "Text HOME to 741741.", LineContact.TEXT, "741741"),
        CrisisLineState("Emergency", "Call 911 if someone is in danger now.", LineContact.CALL, "911"),
    )

    @Test
    fun each_line_is_one_tap_away_through_the_platform() {
        val reached = mutableListOf<String>()
        rule.setContent {
            HearthTheme(dark = false) {
                CrisisLines(lines, fallback = "unused", contact = { reached += it.address })
            }
        }
        rule.onNodeWithText("Crisis Text Line: Text HOME to 741741.").performClick()
        rule.onNodeWithText("988 Suicide & Crisis Lifeline: Call or text 988, any time.").performClick()
        assertEquals(listOf("741741", "988"), reached)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_region_without_lines_shows_the_emergency_advice() {
        rule.setContent {
            CrisisLines(emptyList(), fallback = "If you are in danger, call your local emergency number.") {}
        }
        rule.onNodeWithText("If you are in danger, call your local emergency number.").assertIsDisplayed()
    }

    @Test
    fun renders() {
        renderScreen("crisis-lines") { CrisisLines(lines, fallback = "", contact = {}) }
    }
}
