package org.hearth.ui

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.assertIsOff
import androidx.compose.ui.test.assertIsOn
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import org.hearth.ffi.CircleMember
import org.hearth.ffi.CircleReport
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.MemberAction
import org.hearth.ffi.ReportReason
import org.hearth.ffi.Role
import org.hearth.shared.Strings
import org.hearth.shared.TalkText
import androidx.compose.ui.test.performScrollTo
import org.hearth.shared.label
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test

/** The facilitator's members dialog and reports list as functions of their state. */
class FacilitatorToolsTest {
    @get:Rule
    val rule = createComposeRule()

    private val circle = aCircle(Role.FACILITATOR)
    private val me = CircleMember(key = "k-me", displayName = "Fern", role = Role.FACILITATOR, isMe = true, muted = false, guidelinesAccepted = 1u, pausedUntilMs = null)
    private val ash = CircleMember(key = "k-ash", displayName = "Ash", role = Role.MEMBER, isMe = false, muted = false, guidelinesAccepted = 1u, pausedUntilMs = 5L)

    private class Recorded : MembersActions {
        val calls = mutableListOf<String>()
        override fun act(member: CircleMember, action: MemberAction) { calls += "${action.name} ${member.displayName}" }
        override fun wakes(on: Boolean) { calls += "wakes $on" }
        override fun disappearing(seconds: ULong?) { calls += "timer $seconds" }
        override fun membersMayTalk(on: Boolean) { calls += "members may talk $on" }
        override fun closeCircle() { calls += "close" }
        override fun deviceId(text: String) { calls += "id $text" }
        override fun add() { calls += "add" }
        override fun leave() { calls += "leave" }
        override fun dismiss() { calls += "dismiss" }
    }

    @Test
    fun a_facilitator_moderates_members_sets_the_timer_closes_and_adds() {
        val actions = Recorded()
        var state by mutableStateOf(MembersState(circle, listOf(me, ash), canAdd = true))
        rule.setContent { HearthTheme(false) { MembersContent(state, actions) } }
        rule.onNodeWithText(Strings.member("Fern", true, Strings.AS_FACILITATOR, 1, paused = false, muted = false)).assertExists()
        rule.onNodeWithText(Strings.member("Ash", false, "", 1, paused = true, muted = false)).performClick()
        // The core decides what is offered for Ash; the dialog shows it and passes it on.
        rule.onNodeWithText(MemberAction.ASK_TO_TALK.label).assertExists()
        rule.onNodeWithText(MemberAction.REMOVE.label).performClick()
        rule.onNodeWithText(TalkText.MEMBERS_MAY_TALK).performScrollTo().performClick()
        rule.onNodeWithText(Strings.ONE_DAY).performScrollTo().performClick()
        rule.onNodeWithText(Strings.CLOSE_CIRCLE).performScrollTo().performClick()
        rule.onNodeWithText(Strings.CLOSE_CIRCLE_CONFIRM).performScrollTo().performClick()
        rule.onNodeWithText(Strings.ADD).performScrollTo().assertIsNotEnabled()
        assertEquals(listOf("REMOVE Ash", "members may talk true", "timer 86400", "close"), actions.calls)

        state = state.copy(deviceId = "964a4fe2", note = Strings.ADDED_BY_DEVICE_ID)
        rule.onNodeWithText(Strings.ADD).performScrollTo().assertIsEnabled().performClick()
        rule.onNodeWithText(Strings.ADDED_BY_DEVICE_ID).assertExists()
        rule.onNodeWithText(Strings.LEAVE_CIRCLE).performClick()
        assertEquals(listOf("add", "leave"), actions.calls.takeLast(2))
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_member_sees_no_facilitator_tools() {
        val actions = Recorded()
        val asMember = circle.copy(role = Role.MEMBER)
        rule.setContent { HearthTheme(false) { MembersContent(MembersState(asMember, listOf(me.copy(role = Role.MEMBER), ash), canAdd = false), actions) } }
        rule.onNodeWithText(Strings.DISAPPEARING_MESSAGES).assertDoesNotExist()
        rule.onNodeWithText(Strings.CLOSE_CIRCLE).assertDoesNotExist()
        rule.onNodeWithText(Strings.ADD_BY_DEVICE_ID).assertDoesNotExist()
    }

    @Test
    fun a_phone_turns_one_circles_wake_ups_off_and_the_desktop_is_not_asked() {
        val actions = Recorded()
        var state by mutableStateOf(MembersState(circle.copy(role = Role.MEMBER), listOf(me, ash), canAdd = false))
        rule.setContent { HearthTheme(false) { MembersContent(state, actions) } }
        rule.onNodeWithText(Strings.WAKE_ME_HERE).assertDoesNotExist()

        state = state.copy(wakes = true)
        rule.onNodeWithText(Strings.WAKE_ME_HERE).assertIsOn().performClick()
        assertEquals(listOf("wakes false"), actions.calls)
        state = state.copy(wakes = false, note = Strings.WAKES_HERE_OFF)
        rule.onNodeWithText(Strings.WAKE_ME_HERE).assertIsOff()
        rule.onNodeWithText(Strings.WAKES_HERE_OFF).assertExists()
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun reports_show_what_was_reported_and_can_be_marked_handled() {
        val handled = mutableListOf<String>()
        var shown by mutableStateOf(false)
        val report = CircleReport(
            id = "r1", reason = ReportReason.SUPPORT_REQUEST, comment = "", reporterKey = "k-ash", reporterName = "Ash",
            messageId = null, message = null, sentAtMs = 0L, receivedAtMs = 0L, handledAtMs = null, talkQuote = null,
        )
        rule.setContent {
            HearthTheme(false) {
                ReportsContent(if (shown) emptyList() else listOf(report), shown, null, onHandled = { handled += it.id }, onShowHandled = { shown = it }, onDismiss = {})
            }
        }
        rule.onNodeWithText("Ash would like support").assertExists()
        rule.onNodeWithText(Strings.MARK_HANDLED).performClick()
        assertEquals(listOf("r1"), handled)
        rule.onNodeWithText(Strings.SHOW_HANDLED).performClick()
        rule.onNodeWithText(Strings.NO_REPORTS).assertExists()
        assertTrue(shown)
    }
}

/** Reporting a message as a function of the form's state. */
class ReportContentTest {
    @get:Rule
    val rule = createComposeRule()

    @Test
    fun a_report_needs_a_reason_and_ends_in_a_calm_confirmation() {
        val calls = mutableListOf<String>()
        val actions = object : ReportActions {
            override fun choose(reason: ReportReason) { calls += "reason $reason" }
            override fun comment(text: String) { calls += "comment" }
            override fun send() { calls += "send" }
            override fun done() { calls += "done" }
        }
        val message = aMessage(body = "you are all useless", sender = "Sam")
        val reasons = org.hearth.ffi.reportReasons().map { it to org.hearth.ffi.reportReasonLabel(it) }
        var state by mutableStateOf(org.hearth.shared.ReportForm.State())
        rule.setContent { HearthTheme(false) { ReportContent(message, reasons, state, actions) } }
        rule.onNodeWithText(Strings.quoted("you are all useless")).assertExists()
        rule.onNodeWithText(Strings.SEND_REPORT).assertIsNotEnabled()
        rule.onNodeWithText(reasons.first().second).performClick()
        assertEquals(listOf("reason ${reasons.first().first}"), calls)

        state = state.copy(reason = reasons.first().first)
        rule.onNodeWithText(Strings.SEND_REPORT).assertIsEnabled().performClick()
        state = state.copy(sent = true)
        rule.onNodeWithText(Strings.REPORT_SENT_NOTICE).assertExists()
        rule.onNodeWithText(Strings.CLOSE).performClick()
        assertEquals(listOf("send", "done"), calls.takeLast(2))
    }
}
