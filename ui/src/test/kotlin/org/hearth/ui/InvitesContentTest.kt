package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import org.hearth.ffi.Invite
import org.hearth.ffi.InviteState
import org.hearth.shared.InviteDraft
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test

/** A circle's invite codes as a function of their state, for its facilitator. */
class InvitesContentTest {
    @get:Rule
    val rule = createComposeRule()

    private class Recorded : InvitesActions {
        val calls = mutableListOf<String>()
        var created: InviteDraft.Choice? = null
        override fun back() { calls += "back" }
        override fun newCode() { calls += "new" }
        override fun create(choice: InviteDraft.Choice) { calls += "create"; created = choice }
        override fun show(nameplate: String?) { calls += "show $nameplate" }
        override fun approve(nameplate: String) { calls += "approve $nameplate" }
        override fun decline(nameplate: String) { calls += "decline $nameplate" }
        override fun revoke(nameplate: String) { calls += "revoke $nameplate" }
        override fun dismissNew() { calls += "dismiss" }
    }

    private fun invite(nameplate: String, state: InviteState, label: String = "", invitee: String? = null, words: String? = null) = Invite(
        nameplate = nameplate, circleId = "c1", label = label, autoAdmit = false, state = state, published = true,
        code = if (state == InviteState.OPEN) "$nameplate-XD4F-QQ7P" else null,
        link = if (state == InviteState.OPEN) "hearth://join#$nameplate-XD4F-QQ7P" else null,
        inviteeName = invitee, words = words, createdAtMs = 0L, expiresAtMs = Long.MAX_VALUE,
    )

    @Test
    fun each_code_offers_what_its_state_allows() {
        val actions = Recorded()
        val state = InvitesState(
            "Tuesday evening",
            listOf(
                invite("7KQ2M9", InviteState.OPEN, label = "for Sam"),
                invite("3HRT8B", InviteState.WAITING_FOR_APPROVAL, invitee = "Ash", words = "apple river stone moon"),
            ),
        )
        rule.setContent { HearthTheme(false) { InvitesContent(state, actions) } }
        rule.onNodeWithText("for Sam").assertExists()
        rule.onNodeWithText(Strings.codeNamed("3HRT8B")).assertExists()
        rule.onNodeWithText(Strings.SHOW).performClick()
        rule.onNodeWithText(Strings.WITHDRAW).performClick()
        rule.onNodeWithText(Strings.letIn("Ash")).performClick()
        rule.onNodeWithText(Strings.DECLINE).performClick()
        rule.onNodeWithText(Strings.backTo("Tuesday evening")).performClick()
        assertEquals(listOf("show 7KQ2M9", "revoke 7KQ2M9", "approve 3HRT8B", "decline 3HRT8B", "back"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_new_code_is_made_from_the_dialog_and_shown_with_its_qr_code() {
        val actions = Recorded()
        val platform = RecordingPlatform()
        var state by mutableStateOf(InvitesState("Tuesday evening", creating = true))
        rule.setContent {
            CompositionLocalProvider(LocalPlatform provides platform) { HearthTheme(false) { InvitesContent(state, actions) } }
        }
        rule.onNodeWithText(Strings.NEW_INVITE_CODE).assertExists()
        rule.onNodeWithText(Strings.AUTO_ADMIT).performClick()
        rule.onNodeWithText(Strings.MAKE_CODE).performClick()
        assertEquals("create", actions.calls.last())
        assertTrue("the auto-admit choice was lost", actions.created!!.autoAdmit)

        state = InvitesState("Tuesday evening", listOf(invite("7KQ2M9", InviteState.OPEN)), showing = "7KQ2M9")
        rule.onNodeWithText("7KQ2M9-XD4F-QQ7P").assertExists()
        rule.onNodeWithContentDescription(Strings.QR_CODE_LABEL).assertExists()
        rule.onNodeWithText(Strings.giveOnlyTo(autoAdmit = false)).assertExists()
        rule.onNodeWithText(Strings.SHARE).performClick()
        rule.onNodeWithText(Strings.COPIED).assertExists()
        assertTrue(platform.shared.single().contains("hearth://join#7KQ2M9-XD4F-QQ7P"))
        rule.onNodeWithText(Strings.DONE).performClick()
        assertEquals("show null", actions.calls.last())
    }
}
