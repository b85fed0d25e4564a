package org.hearth.ui

import androidx.compose.ui.test.assertCountEquals
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import org.hearth.ffi.DirectorySource
import org.hearth.ffi.FoundCircle
import org.hearth.ffi.ReceivedRequest
import org.hearth.ffi.ReceivedRequestState
import org.hearth.ffi.SentRequest
import org.hearth.ffi.SentRequestState
import org.hearth.ffi.TopicCount
import org.hearth.shared.FindingText
import org.hearth.shared.Listings
import org.hearth.shared.Strings
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** "Find a circle" as a function of its state: what it shows, and what each touch asks for. */
class FindCircleContentTest {
    @get:Rule
    val rule = createComposeRule()

    private class Recorded : FindCircleActions {
        val calls = mutableListOf<String>()
        override fun addDirectory(url: String, orgKey: String) { calls += "add $url $orgKey" }
        override fun topic(chosen: String?) { calls += "topic $chosen" }
        override fun ask(circle: FoundCircle) { calls += "ask ${circle.circleId}" }
        override fun send(name: String, note: String) { calls += "send $name: $note" }
        override fun cancelAsking() { calls += "cancel" }
        override fun join(request: SentRequest, name: String) { calls += "join ${request.id} as $name" }
        override fun forget(request: SentRequest) { calls += "forget ${request.id}" }
        override fun back() { calls += "back" }
    }

    @Test
    fun circles_are_browsed_by_topic_and_a_request_is_written_for_the_facilitators() {
        val actions = Recorded()
        val state = FindCircleState(listings = aListing(), topic = "grief")
        rule.setContent { HearthTheme(false) { FindCircleContent(state, actions) } }
        rule.onNodeWithText("Riverside Peer Support · 2 circles").assertExists()
        rule.onNodeWithText("Tuesdays 19:00 · en · Riverside Peer Support").assertExists()
        rule.onNodeWithText("loss (1)").performClick()
        rule.onNodeWithText(FindingText.ALL_TOPICS).performClick()
        rule.onNodeWithText(FindingText.ASK).performScrollTo().performClick()
        assertEquals(listOf("topic loss", "topic null", "ask grief-tuesdays"), actions.calls)
        rule.assertEveryClickableIsLabelled()

        // With the circle chosen, the request dialog: a name is needed, the note is optional.
        actions.calls.clear()
        rule.setContent {
            HearthTheme(false) { FindCircleContent(state.copy(asking = aListing().circles[0]), actions) }
        }
        rule.onNodeWithText(FindingText.ASK_NOTE).assertExists()
        rule.onNodeWithText(FindingText.SEND).performClick()
        assertEquals(emptyList<String>(), actions.calls)
        rule.onNodeWithText(Strings.YOUR_NAME_HERE).performTextInput("Robin")
        rule.onNodeWithText(FindingText.NOTE).performTextInput("I lost my dad in May.")
        rule.onNodeWithText(FindingText.SEND).performClick()
        assertEquals(listOf("send Robin: I lost my dad in May."), actions.calls)
    }

    @Test
    fun answers_show_kindly_and_a_code_that_came_is_joined_by_name() {
        val actions = Recorded()
        val state = FindCircleState(
            listings = aListing(),
            sent = listOf(
                aRequest(1, SentRequestState.INVITED, "See you Tuesday"),
                aRequest(2, SentRequestState.DECLINED, "This one is full; the Thursday circle has room."),
            ),
        )
        rule.setContent { HearthTheme(false) { FindCircleContent(state, actions) } }
        rule.onNodeWithText(FindingText.YOUR_REQUESTS).performScrollTo().assertExists()
        rule.onNodeWithText("\u201cSee you Tuesday\u201d").performScrollTo().assertExists()
        rule.onNodeWithText(FindingText.state(state.sent[1])).performScrollTo().assertExists()
        rule.onNodeWithText(FindingText.JOIN).performScrollTo().performClick()
        assertEquals(emptyList<String>(), actions.calls) // no name yet
        rule.onNodeWithText(Strings.YOUR_NAME_HERE).performScrollTo().performTextInput("Robin")
        rule.onNodeWithText(FindingText.JOIN).performScrollTo().performClick()
        rule.onNodeWithText(FindingText.FORGET).performScrollTo().performClick()
        rule.onNodeWithText(FindingText.BACK).performScrollTo().performClick()
        assertEquals(listOf("join 1 as Robin", "forget 2", "back"), actions.calls)
    }

    private class Answers : JoinRequestsActions {
        val calls = mutableListOf<String>()
        override fun openToRequests() { calls += "open" }
        override fun invite(request: ReceivedRequest, message: String) { calls += "invite ${request.name}: $message" }
        override fun decline(request: ReceivedRequest, message: String) { calls += "decline ${request.name}: $message" }
        override fun dismiss() { calls += "dismiss" }
    }

    @Test
    fun a_facilitator_opens_the_circle_to_requests_and_answers_each() {
        val actions = Answers()
        rule.setContent { HearthTheme(false) { JoinRequestsContent(JoinRequestsState(aRequestsList()), actions) } }
        rule.onNodeWithText("\u201cI lost my dad in May.\u201d").assertExists()
        rule.onNodeWithText("You sent Sky a code.").assertExists()
        // Answered by a co-facilitator on their phone: said so, with no buttons to answer again.
        rule.onNodeWithText("Cole told Tam not this time.").assertExists()
        rule.onAllNodesWithText(FindingText.INVITE).assertCountEquals(1)
        rule.onNodeWithText(FindingText.MESSAGE).performTextInput("See you Tuesday")
        rule.onNodeWithText(FindingText.INVITE).performClick()
        rule.onNodeWithText(FindingText.OPEN_TO_REQUESTS).performClick()
        assertEquals(listOf("invite Robin: See you Tuesday", "open"), actions.calls)
        rule.assertEveryClickableIsLabelled()

        // Open already: the entry for the directory shows instead of the button.
        rule.setContent {
            HearthTheme(false) { JoinRequestsContent(JoinRequestsState(emptyList(), entry = "{\"inbox\": \"x\"}"), actions) }
        }
        rule.onNodeWithText(FindingText.ENTRY_INTRO).assertExists()
        rule.onNodeWithText(FindingText.NO_REQUESTS).assertExists()
        rule.onNodeWithText(FindingText.OPEN_TO_REQUESTS).assertDoesNotExist()
    }
}

fun aRequestsList() = listOf(
    ReceivedRequest(1, "c1", "grief-tuesdays", "Robin", "I lost my dad in May.", ReceivedRequestState.WAITING, 1L),
    ReceivedRequest(2, "c1", "grief-tuesdays", "Sky", "", ReceivedRequestState.INVITED, 1L),
    ReceivedRequest(3, "c1", "grief-tuesdays", "Tam", "", ReceivedRequestState.DECLINED, 1L, answeredBy = "Cole"),
)

fun aListing() = Listings(
    directories = listOf(DirectorySource("https://riverside.example/directory.json", "k", "Riverside Peer Support", 2u, 1L)),
    topics = listOf(TopicCount("grief", 2u), TopicCount("loss", 1u)),
    circles = listOf(
        FoundCircle(
            "Riverside Peer Support", "k", "grief-tuesdays", "Grief circle",
            "For anyone who lost someone close. We listen first.", listOf("grief", "loss"), "Tuesdays 19:00", listOf("en"),
        ),
    ),
)

fun aRequest(id: Long, state: SentRequestState, message: String?) = SentRequest(
    id, "Riverside Peer Support", "Grief circle", "I lost my dad in May.", state,
    state == SentRequestState.INVITED, message, 1L, 2L,
)
