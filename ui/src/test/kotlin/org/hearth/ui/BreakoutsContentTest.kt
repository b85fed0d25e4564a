package org.hearth.ui

import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextInput
import org.hearth.ffi.Breakout
import org.hearth.ffi.BreakoutMember
import org.hearth.ffi.BreakoutMessage
import org.hearth.shared.BreakoutText
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** Breakout groups as a function of their state: what shows, and what each touch asks for. */
class BreakoutsContentTest {
    @get:Rule
    val rule = createComposeRule()

    private class Recorded : BreakoutsActions {
        val calls = mutableListOf<String>()
        override fun size(people: Int) { calls += "size $people" }
        override fun minutes(chosen: Int) { calls += "minutes $chosen" }
        override fun start() { calls += "start" }
        override fun end() { calls += "end" }
        override fun show(group: Breakout) { calls += "show ${group.name}" }
        override fun draft(text: String) { calls += "draft $text" }
        override fun send() { calls += "send" }
        override fun dismiss() { calls += "dismiss" }
    }

    @Test
    fun a_facilitator_splits_the_circle_by_size_and_time() {
        val actions = Recorded()
        rule.setContent { HearthTheme(false) { BreakoutsContent(BreakoutsState(canStart = true), actions) } }
        rule.onNodeWithText(BreakoutText.NONE).assertExists()
        rule.onNodeWithText("2").performClick()
        rule.onNodeWithText("20").performClick()
        rule.onNodeWithText(BreakoutText.START).performClick()
        assertEquals(listOf("size 2", "minutes 20", "start"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_member_sees_their_group_its_posts_and_the_time_left_and_cannot_split() {
        val actions = Recorded()
        val group = aBreakout()
        val state = BreakoutsState(
            groups = listOf(group), canStart = false, shown = group,
            messages = listOf(BreakoutMessage("m1", "Birch", false, "How was your week?", 1L)),
            nowMs = group.endsAtMs - 9 * 60_000 - 5_000,
        )
        rule.setContent { HearthTheme(false) { BreakoutsContent(state, actions) } }
        rule.onNodeWithText("Group 1: Ash, Birch · 10 minutes left").assertExists()
        rule.onNodeWithText("Birch: How was your week?").assertExists()
        rule.onNodeWithText(BreakoutText.START).assertDoesNotExist()
        rule.onNodeWithText(BreakoutText.END).assertDoesNotExist()
        rule.onNodeWithText(BreakoutText.WRITE).performTextInput("Better, thanks")
        assertEquals(listOf("draft Better, thanks"), actions.calls)
    }
}

fun aBreakout() = Breakout(
    "aa11", "Group 1", listOf(BreakoutMember("a1", "Ash"), BreakoutMember("b1", "Birch")), 1_800_000_000_000L, true,
)
