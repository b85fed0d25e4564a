package org.hearth.ui

import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

class InvitationScreenTest {
    @get:Rule
    val rule = createComposeRule()

    private val invitation = InvitationState(
        name = "Tuesday evening circle",
        notice = "You were added to this circle by its facilitator. Nothing is shared with it, " +
            "not even your name, until you accept. Declining removes it from this phone and tells nobody.",
        description = "A quiet hour for parents of teenagers.",
        memberCount = 6,
        guidelines = "Listen first. What is said here stays here. No advice unless asked.",
    )

    @Test
    fun the_person_reads_the_invitation_and_answers_it() {
        val answers = mutableListOf<String>()
        rule.setContent {
            HearthTheme(dark = false) {
                InvitationScreen(
                    invitation,
                    onAccept = { answers += "accept" },
                    onDecline = { answers += "decline" },
                    onBack = { answers += "back" },
                )
            }
        }
        rule.onNodeWithText("Invitation to Tuesday evening circle").assertIsDisplayed()
        rule.onNodeWithText(invitation.notice).assertIsDisplayed()
        rule.onNodeWithText(invitation.guidelines).assertIsDisplayed()
        rule.onNodeWithText("6 members").assertIsDisplayed()
        rule.onNodeWithText("Accept and join").performClick()
        rule.onNodeWithText("Decline").performClick()
        rule.onNodeWithText("‹ Circles").performClick()
        assertEquals(listOf("accept", "decline", "back"), answers)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_failed_answer_is_shown_beside_the_buttons() {
        rule.setContent {
            InvitationScreen(invitation.copy(error = "The relay cannot be reached."), {}, {}, {})
        }
        rule.onNodeWithText("The relay cannot be reached.").assertIsDisplayed()
    }

    @Test
    fun renders() {
        renderScreen("invitation") { InvitationScreen(invitation, {}, {}, {}) }
    }
}
