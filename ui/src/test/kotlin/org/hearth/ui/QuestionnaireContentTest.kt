package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import org.hearth.ffi.Instrument
import org.hearth.ffi.Moment
import org.hearth.ffi.Severity
import org.hearth.ffi.SurveyResult
import org.hearth.ffi.instrumentInfo
import org.hearth.shared.SurveyStep
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** A questionnaire as a function of its step: the core's own GAD-7, answered and scored. */
class QuestionnaireContentTest {
    @get:Rule
    val rule = createComposeRule()

    private val gad7 = instrumentInfo().single { it.instrument == Instrument.GAD7 }

    private class Recorded : QuestionnaireActions {
        val calls = mutableListOf<String>()
        override fun answer(item: Int, choice: Int) { calls += "answer $item=$choice" }
        override fun submit() { calls += "submit" }
        override fun close() { calls += "close" }
    }

    @Test
    fun the_result_waits_for_every_answer_then_shows_the_score() {
        val actions = Recorded()
        val unanswered = List<Int?>(gad7.items.size) { null }
        var step by mutableStateOf<SurveyStep>(SurveyStep.Answering(unanswered))
        rule.setContent { HearthTheme(false) { QuestionnaireContent(gad7, step, actions) } }
        rule.onNodeWithText(Strings.questionnaireItem(0, gad7.items[0])).assertExists()
        rule.onNodeWithText(Strings.SEE_MY_RESULT).performScrollTo().assertIsNotEnabled()
        rule.onAllNodesWithText(gad7.scale[2])[0].performScrollTo().performClick()
        assertEquals(listOf("answer 0=2"), actions.calls)

        step = SurveyStep.Answering(List(gad7.items.size) { 1 }, error = "Something went wrong.")
        rule.onNodeWithText("Something went wrong.").performScrollTo().assertExists()
        rule.onNodeWithText(Strings.SEE_MY_RESULT).performScrollTo().assertIsEnabled().performClick()
        assertEquals("submit", actions.calls.last())
        rule.assertEveryClickableIsLabelled()

        val result = SurveyResult(
            id = "r1", instrument = Instrument.GAD7, at = Moment(0L, 0), answers = List(gad7.items.size) { 1u },
            score = 7u, maxScore = 21u, band = "Mild anxiety", severity = Severity.MILD, createdAtMs = 0L,
        )
        step = SurveyStep.Done(result)
        rule.onNodeWithText(Strings.surveyScore(gad7.name, 7, 21)).assertExists()
        rule.onNodeWithText("Mild anxiety (Mild)").assertExists()
        rule.onNodeWithText(Strings.DONE).performClick()
        assertEquals("close", actions.calls.last())
    }
}
