package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTextReplacement
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.RelayAccount
import org.hearth.ffi.SyncState
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** The circles list as a function of its state: what it shows, and what each touch asks for. */
class CirclesContentTest {
    @get:Rule
    val rule = createComposeRule()

    private class Recorded : CirclesActions {
        val calls = mutableListOf<String>()
        override fun connect(relayUrl: String) { calls += "connect $relayUrl" }
        override fun syncNow() { calls += "sync" }
        override fun open(circleId: String) { calls += "open $circleId" }
        override fun join() { calls += "join" }
        override fun create() { calls += "create" }
        override fun find() { calls += "find" }
    }

    @Test
    fun without_a_relay_it_asks_for_one_and_joining_waits() {
        val actions = Recorded()
        rule.setContent { HearthTheme(false) { CirclesContent(CirclesState(accountLoaded = true), actions) } }
        rule.onNodeWithText(Strings.NEEDS_RELAY).assertExists()
        rule.onNodeWithText(Strings.CONNECT).assertIsNotEnabled()
        rule.onNodeWithText(Strings.JOIN_WITH_CODE).assertIsNotEnabled()
        rule.onNodeWithText(Strings.NO_CIRCLES).assertExists()
        rule.onNodeWithText("https://").performTextReplacement("https://relay.example")
        rule.onNodeWithText(Strings.CONNECT).assertIsEnabled().performClick()
        rule.onNodeWithText(Strings.NEW_CIRCLE).performClick()
        assertEquals(listOf("connect https://relay.example", "create"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun connected_it_lists_circles_with_where_each_stands() {
        val actions = Recorded()
        val state = CirclesState(
            account = RelayAccount("https://relay.example", deviceId = "ab12cd"),
            accountLoaded = true,
            connection = SyncState.Offline(retryInMs = 4_000uL),
            circles = listOf(
                aCircle(id = "c1", name = "Tuesday evening", unread = 3u, waiting = 1u),
                aCircle(id = "c2", name = "Old group", state = CircleState.LEFT),
            ),
            problem = "The relay refused the code.",
        )
        rule.setContent { HearthTheme(false) { CirclesContent(state, actions) } }
        rule.onNodeWithText("ab12cd").assertExists()
        rule.onNodeWithText("Offline. Nothing is lost; retrying in 5 s.").assertExists()
        rule.onNodeWithText("The relay refused the code.").assertExists()
        rule.onNodeWithText("4 members · sending…").assertExists()
        rule.onNodeWithText("3").assertExists()
        rule.onNodeWithText("You left this circle").assertExists()
        rule.onNodeWithText(Strings.NEEDS_RELAY).assertDoesNotExist()
        rule.onNodeWithText("Tuesday evening").performClick()
        rule.onNodeWithText(Strings.JOIN_WITH_CODE).assertIsEnabled().performClick()
        rule.onNodeWithText(Strings.CHECK_NOW).performClick()
        assertEquals(listOf("open c1", "join", "sync"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }
}
