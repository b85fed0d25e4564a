package org.hearth.ui

import org.hearth.shared.ProgrammeText
import org.hearth.shared.Strings
import org.hearth.shared.RulesText
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.longClick
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performTouchInput
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleMessageKind
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Role
import org.hearth.shared.ChatComposer
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** A circle's chat as a function of its state: tools by role, messages, the composer, guidelines. */
class ChatContentTest {
    @get:Rule
    val rule = createComposeRule()

    private class Recorded : ChatActions {
        val calls = mutableListOf<String>()
        override fun back() { calls += "back" }
        override fun invites() { calls += "invites" }
        override fun reports() { calls += "reports" }
        override fun meetings() { calls += "meetings" }
        override fun members() { calls += "members" }
        override fun rules() { calls += "rules" }
        override fun messageMenu(message: CircleMessage) { calls += "menu ${message.id}" }
        override fun support(message: CircleMessage) { calls += "support ${message.id}" }
        override fun acceptGuidelines() { calls += "accept" }
        override fun edit(text: String) { calls += "edit $text" }
        override fun send() { calls += "send" }
        override fun cancelReply() { calls += "cancel reply" }
        override fun shareCheckin() { calls += "share" }
        override fun shareGoal() { calls += "share goal" }
        override fun answer(prompt: String) { calls += "answer $prompt" }
    }

    private val messages = listOf(
        aMessage("m1", "Hello everyone"),
        aMessage("m2", "Hi Ash", sender = null, fromMe = true, seq = null, replyTo = "m1"),
        aMessage("m3", "Today was too much", sender = "Sam", risk = true),
    )

    @Test
    fun a_meetings_topic_opens_to_its_prompts_and_each_is_answered_in_the_journal() {
        val actions = Recorded()
        val week = org.hearth.ffi.ProgrammeWeek("Noticing the early signs", "Anxiety often announces itself early.", listOf("What sign do you miss?", "Who notices first?"))
        val at = org.hearth.ffi.Moment(0L, 0)
        val topic = org.hearth.ffi.ProgrammeTopic(2u, 6u, "Steady ground", week, "s1", at, at)
        rule.setContent { HearthTheme(false) { ChatContent(ChatState(aCircle(Role.MEMBER), messages, memberCount = 3, topic = topic), actions) } }
        rule.onNodeWithText("Week 2 of 6 · Noticing the early signs").assertExists()
        rule.onNodeWithContentDescription(ProgrammeText.answerFor("Who notices first?")).assertDoesNotExist()
        rule.onNodeWithText(ProgrammeText.prompts(2)).performClick()
        rule.onNodeWithContentDescription(ProgrammeText.answerFor("Who notices first?")).performClick()
        assertEquals(listOf("answer Who notices first?"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_facilitator_sees_the_tools_the_messages_and_a_composer() {
        val actions = Recorded()
        var state by mutableStateOf(ChatState(aCircle(Role.FACILITATOR), messages, memberCount = 3, waitingForApproval = 2))
        rule.setContent { HearthTheme(false) { ChatContent(state, actions) } }
        rule.onNodeWithText(Strings.invite(2)).performClick()
        rule.onNodeWithText(Strings.REPORTS).performClick()
        rule.onNodeWithText(Strings.members(3)).performClick()
        rule.onNodeWithText(Strings.repliedTo("Hello everyone")).assertExists()
        rule.onNodeWithText(Strings.messageStatus(delivered = false, edited = false, time = "")).assertExists()
        rule.onNodeWithContentDescription(Strings.messageLabel("Ash", "Hello everyone")).performTouchInput { longClick() }
        rule.onNodeWithText(Strings.SUPPORT_OPTIONS).performClick()
        rule.onNodeWithText(Strings.SEND).assertIsNotEnabled()
        assertEquals(listOf("invites", "reports", "members", "menu m1", "support m3"), actions.calls)

        state = state.copy(draft = ChatComposer.Draft(text = "Thank you", replyTo = messages[0]))
        rule.onNodeWithText(Strings.replyingTo("Ash", "Hello everyone")).assertExists()
        rule.onNodeWithText(Strings.SEND).assertIsEnabled().performClick()
        rule.onNodeWithText(Strings.CANCEL).performClick()
        assertEquals(listOf("send", "cancel reply"), actions.calls.takeLast(2))
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_member_reads_the_guidelines_before_posting_and_a_closed_circle_only_reads() {
        val actions = Recorded()
        var state by mutableStateOf(ChatState(aCircle(Role.MEMBER, accepted = 0u), messages, memberCount = 3))
        rule.setContent { HearthTheme(false) { ChatContent(state, actions) } }
        rule.onNodeWithText(Strings.REPORTS).assertDoesNotExist()
        rule.onNodeWithText(Strings.invite(0)).assertDoesNotExist()
        rule.onNodeWithText(Strings.SEND).assertDoesNotExist()
        rule.onNodeWithText(Strings.GUIDELINES_AGREE).performClick()
        assertEquals(listOf("accept"), actions.calls)

        state = state.copy(circle = aCircle(Role.MEMBER, state = CircleState.CLOSED))
        rule.onNodeWithText(Strings.CIRCLE_CLOSED).assertExists()
        rule.onNodeWithText(Strings.GUIDELINES_AGREE).assertDoesNotExist()
        rule.onNodeWithText(Strings.SEND).assertDoesNotExist()
    }

    @Test
    fun a_post_that_should_have_been_held_opens_on_request_and_a_flag_is_said_under_its_post() {
        val actions = Recorded()
        val held = aMessage("m4", "pro-ana tips", sender = "Kit").copy(
            breach = org.hearth.ffi.RuleBreach(org.hearth.ffi.RuleKind.PHRASES, collapsed = true, explanation = "Not here, please."),
        )
        val flagged = aMessage("m5", "see example.com", sender = "Ash").copy(
            breach = org.hearth.ffi.RuleBreach(org.hearth.ffi.RuleKind.LINKS, collapsed = false, explanation = "Links are looked at."),
        )
        val circle = aCircle(Role.FACILITATOR).copy(flagged = 2u)
        rule.setContent { HearthTheme(false) { ChatContent(ChatState(circle, listOf(held, flagged), memberCount = 3), actions) } }
        rule.onNodeWithText(RulesText.collapsed("Not here, please.")).assertExists()
        rule.onNodeWithText("pro-ana tips").assertDoesNotExist()
        rule.onNodeWithText(RulesText.SHOW).performClick()
        rule.onNodeWithText("pro-ana tips").assertExists()
        rule.onNodeWithText(RulesText.flagged("Links are looked at.")).assertExists()
        rule.onNodeWithText(RulesText.button(2)).performClick()
        assertEquals(listOf("rules"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }
}
