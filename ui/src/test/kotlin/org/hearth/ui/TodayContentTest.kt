package org.hearth.ui

import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithContentDescription
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import org.hearth.shared.CheckinFormState
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** The check-in screen as a function of its state: what it shows, and what each touch asks for. */
class TodayContentTest {
    @get:Rule
    val rule = createComposeRule()

    private class Recorded : TodayActions {
        val calls = mutableListOf<String>()
        override fun mood(mood: Int) { calls += "mood $mood" }
        override fun energy(level: Int?) { calls += "energy $level" }
        override fun emotion(word: String) { calls += "emotion $word" }
        override fun addTag(tag: String) { calls += "tag $tag" }
        override fun removeTag(tag: String) { calls += "untag $tag" }
        override fun sleep(hours: Double) { calls += "sleep $hours" }
        override fun note(text: String) { calls += "note $text" }
        override fun save() { calls += "save" }
    }

    @Test
    fun nothing_saves_before_a_mood_and_every_touch_goes_to_the_actions() {
        val actions = Recorded()
        val state = CheckinFormState()
        rule.setContent { HearthTheme(false) { TodayContent(state, listOf("calm", "tired"), actions) } }
        rule.onNodeWithText("Save check-in").performScrollTo().assertIsNotEnabled()
        rule.onNodeWithContentDescription("Mood 4 of 5: Good").performClick()
        rule.onNodeWithText("tired").performClick()
        rule.onNodeWithContentDescription("Energy 2 of 5").performClick()
        assertEquals(listOf("mood 4", "emotion tired", "energy 2"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun a_chosen_mood_and_tags_show_and_save_is_offered() {
        val actions = Recorded()
        val state = CheckinFormState(mood = 4, tags = listOf("walk"), emotions = setOf("calm"))
        rule.setContent { HearthTheme(false) { TodayContent(state, listOf("calm", "tired"), actions) } }
        rule.onNodeWithContentDescription("Mood 4 of 5: Good, selected").assertExists()
        rule.onNodeWithContentDescription("Tag walk, tap to remove").performClick()
        rule.onNodeWithText("Save check-in").performScrollTo().assertIsEnabled().performClick()
        assertEquals(listOf("untag walk", "save"), actions.calls)
    }
}
