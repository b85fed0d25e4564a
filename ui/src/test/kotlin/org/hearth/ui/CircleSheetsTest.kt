package org.hearth.ui

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import java.time.ZoneId
import org.hearth.ffi.Checkin
import org.hearth.ffi.CircleSession
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.LocalDate
import org.hearth.ffi.Moment
import org.hearth.ffi.Repeat
import org.hearth.ffi.Role
import org.hearth.ffi.ShareChoice
import org.hearth.shared.SafetyText
import org.hearth.shared.ProgrammeText
import org.hearth.shared.Strings
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** Sharing a check-in and the meetings dialog as functions of their state. */
class CircleSheetsTest {
    @get:Rule
    val rule = createComposeRule()

    @Test
    fun a_check_in_is_shared_only_once_chosen_and_says_what_the_circle_will_see() {
        val checkin = Checkin(
            id = "k1", at = Moment(0L, 0), localDate = LocalDate(2026, 12u, 6u), mood = 4u, energy = 3u, emotions = listOf("calm"),
            tags = emptyList(), sleepHours = null, note = "private", createdAtMs = 0L, updatedAtMs = 0L,
        )
        val calls = mutableListOf<String>()
        var state by mutableStateOf(ShareCheckinState(listOf(checkin)))
        rule.setContent {
            HearthTheme(false) {
                ShareCheckinContent(
                    state,
                    onChoose = { calls += "choose $it"; state = state.copy(chosen = it) },
                    onChoice = { calls += "note ${it.note}"; state = state.copy(choice = it) },
                    onShare = { calls += "share" },
                    onCancel = { calls += "cancel" },
                )
            }
        }
        rule.onNodeWithText(Strings.SHARE).assertIsNotEnabled()
        rule.onNodeWithText(SafetyText.sharing(ShareChoice())).assertExists()
        rule.onNodeWithText(Strings.checkinChoice(4, org.hearth.shared.Formatting.messageTime(0L))).performClick()
        rule.onNodeWithText(Strings.MY_NOTE).performScrollTo().performClick()
        rule.onNodeWithText(SafetyText.sharing(ShareChoice(note = true))).assertExists()
        rule.onNodeWithText(Strings.SHARE).assertIsEnabled().performClick()
        assertEquals(listOf("choose k1", "note true", "share"), calls)
        rule.assertEveryClickableIsLabelled()
    }

    private class Recorded : MeetingsActions {
        val calls = mutableListOf<String>()
        var latest: MeetingsState? = null
        override fun edit(edited: MeetingsState) { latest = edited; calls += "edit" }
        override fun schedule() { calls += "schedule" }
        override fun cancel(session: CircleSession) { calls += "cancel ${session.id}" }
        override fun follow(session: CircleSession, programme: org.hearth.ffi.ProgrammeTemplate) { calls += "follow ${programme.id} at ${session.id}" }
        override fun stopProgramme() { calls += "stop programme" }
        override fun dismiss() { calls += "dismiss" }
    }

    @Test
    fun a_facilitator_schedules_and_cancels_meetings_a_member_only_sees_them() {
        val actions = Recorded()
        val weekly = CircleSession("s1", "Check-in call", "2026-12-08T19:00", "Europe/Berlin", 60u, Repeat.WEEKLY)
        var state by mutableStateOf(MeetingsState(aCircle(Role.FACILITATOR), sessions = listOf(weekly)))
        rule.setContent { HearthTheme(false) { MeetingsContent(state, ZoneId.of("UTC"), actions) } }
        rule.onNodeWithText(Strings.NO_MEETINGS).assertExists()
        rule.onNodeWithText(Strings.SCHEDULE).assertIsNotEnabled()
        rule.onNodeWithText(Strings.CANCEL).performClick()
        rule.onNodeWithText(Strings.MEETING_TITLE).performTextInput("Sunday talk")
        assertEquals("Sunday talk", actions.latest?.title)

        state = state.copy(title = "Sunday talk", starts = "2026-12-13T18:00", note = Strings.MEETING_SCHEDULED)
        rule.onNodeWithText(Strings.SCHEDULE).performScrollTo().assertIsEnabled().performClick()
        rule.onNodeWithText(Strings.MEETING_SCHEDULED).assertExists()
        assertEquals(listOf("cancel s1", "edit", "schedule"), actions.calls)

        // A programme follows the repeating meeting; one followed can be stopped.
        val steady = org.hearth.ffi.exampleProgrammes().first()
        actions.calls.clear()
        state = MeetingsState(aCircle(Role.FACILITATOR), sessions = listOf(weekly), examples = listOf(steady))
        rule.onNodeWithText(ProgrammeText.follow(steady.title, "Check-in call")).performScrollTo().performClick()
        state = state.copy(following = steady.title)
        rule.onNodeWithText(ProgrammeText.following(steady.title)).assertExists()
        rule.onNodeWithText(ProgrammeText.STOP_PROGRAMME).performScrollTo().performClick()
        assertEquals(listOf("follow ${steady.id} at s1", "stop programme"), actions.calls)

        state = MeetingsState(aCircle(Role.MEMBER), sessions = listOf(weekly), examples = listOf(steady))
        rule.onNodeWithText(Strings.SCHEDULE_A_MEETING).assertDoesNotExist()
        rule.onNodeWithText(ProgrammeText.follow(steady.title, "Check-in call")).assertDoesNotExist()
        rule.onNodeWithText(Strings.MEETING_REMINDER).assertExists()
    }
}
