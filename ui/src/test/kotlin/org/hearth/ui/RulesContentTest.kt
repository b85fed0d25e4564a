package org.hearth.ui

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleRule
import org.hearth.ffi.RuleAction
import org.hearth.ffi.RuleBreach
import org.hearth.ffi.RuleCheck
import org.hearth.ffi.RuleKind
import org.hearth.shared.RuleDraft
import org.hearth.shared.RuleForm
import org.hearth.shared.RulesText
import org.hearth.shared.Strings
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** The rules dialog as a function of its state: rules, the add form, flagged posts. */
class RulesContentTest {
    @get:Rule
    val rule = createComposeRule()

    private val noProducts = CircleRule(RuleCheck.Phrases(listOf("diet pills")), RuleAction.HOLD, "We don't talk about diet products here.")
    private val flagged = aMessage("m9", "see example.com", sender = "Ash").copy(
        breach = RuleBreach(RuleKind.LINKS, collapsed = false, explanation = "Links are looked at."),
    )

    /** Records every call; the draft it is given becomes the state, as the route does. */
    private inner class Recorded(var state: () -> RulesState, val set: (RulesState) -> Unit) : RulesActions {
        val calls = mutableListOf<String>()
        override fun startAdding() { calls += "start"; set(state().copy(draft = RuleDraft())) }
        override fun draft(draft: RuleDraft) { set(state().copy(draft = draft)) }
        override fun add() { calls += "add ${state().draft?.rule()?.first}" }
        override fun remove(index: Int) { calls += "remove $index" }
        override fun looked(message: CircleMessage) { calls += "looked ${message.id}" }
        override fun dismiss() { calls += "dismiss" }
    }

    @Test
    fun a_facilitator_reads_adds_and_removes_rules_and_looks_at_flagged_posts() {
        var state by mutableStateOf(RulesState(listOf(noProducts), canEdit = true, moderates = true, flagged = listOf(flagged)))
        val actions = Recorded({ state }, { state = it })
        rule.setContent { HearthTheme(false) { RulesContent(state, actions) } }
        rule.onNodeWithText(RulesText.describe(noProducts)).assertExists()
        rule.onNodeWithText(RulesText.REMOVE).performClick()
        rule.onNodeWithText(RulesText.ADD).performScrollTo().performClick()
        rule.onNodeWithText(RulesText.formLabel(RuleForm.RATE)).performScrollTo().performClick()
        rule.onNodeWithText(RulesText.fieldLabel(RuleForm.RATE)).performScrollTo().performTextInput("5/60")
        rule.onNodeWithText(RulesText.FLAG).performScrollTo().performClick()
        rule.onNodeWithText(RulesText.WHY).performScrollTo().performTextInput("Give everyone a turn.")
        // The form's own Add button (the first "Add a rule" became the form).
        rule.onNodeWithText(RulesText.ADD).performScrollTo().performClick()
        rule.onNodeWithText(RulesText.LOOKED).performScrollTo().performClick()
        assertEquals(
            listOf(
                "remove 0", "start",
                "add ${CircleRule(RuleCheck.Rate(5u, 60u), RuleAction.FLAG, "Give everyone a turn.")}",
                "looked m9",
            ),
            actions.calls,
        )
        rule.onNodeWithText(RulesText.flagged("Links are looked at.")).assertExists()
        rule.onNodeWithText(Strings.DONE).performClick()
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_member_reads_the_rules_and_nothing_more() {
        val state = RulesState(listOf(noProducts), canEdit = false, moderates = false)
        val actions = Recorded({ state }, {})
        rule.setContent { HearthTheme(false) { RulesContent(state, actions) } }
        rule.onNodeWithText("“We don't talk about diet products here.”").assertExists()
        rule.onNodeWithText(RulesText.REMOVE).assertDoesNotExist()
        rule.onNodeWithText(RulesText.ADD).assertDoesNotExist()
        rule.onNodeWithText(RulesText.FLAGGED).assertDoesNotExist()
    }

    @Test
    fun the_form_builds_each_sort_of_rule_or_says_what_to_fix() {
        val why = "Because."
        assertEquals(
            CircleRule(RuleCheck.Phrases(listOf("diet pills", "pro-ana")), RuleAction.HOLD, why),
            RuleDraft(RuleForm.PHRASES, " diet pills, ,pro-ana ", true, why).rule().first,
        )
        assertEquals(RuleCheck.Links(emptyList()), RuleDraft(RuleForm.LINKS, "", false, why).rule().first?.check)
        assertEquals(RuleCheck.NewMemberLinks(24u), RuleDraft(RuleForm.NEW_MEMBER_LINKS, "24", true, why).rule().first?.check)
        assertEquals(RulesText.hint(RuleForm.NEW_MEMBER_LINKS), RuleDraft(RuleForm.NEW_MEMBER_LINKS, "a day", true, why).rule().second)
        assertEquals(RulesText.hint(RuleForm.RATE), RuleDraft(RuleForm.RATE, "5", true, why).rule().second)
        assertEquals(RulesText.hint(RuleForm.PHRASES), RuleDraft(RuleForm.PHRASES, " , ", true, why).rule().second)
        assertEquals(RulesText.NEEDS_WHY, RuleDraft(RuleForm.RATE, "5/60", true, " ").rule().second)
    }
}
