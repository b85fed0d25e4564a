package org.hearth.shared

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import org.hearth.ffi.HearthException
import org.hearth.ffi.InstrumentInfo
import org.hearth.ffi.SurveyOutcome
import org.hearth.ffi.SurveyResult

/** Where a questionnaire is. */
sealed interface SurveyStep {
    /**
     * Answering; [answers] holds one entry per item, null while unanswered. [error] says why
     * the last submit was refused (the answers stay).
     */
    data class Answering(val answers: List<Int?>, val error: String? = null) : SurveyStep {
        /** Whether every item has an answer. */
        val complete: Boolean get() = answers.all { it != null }
    }

    /** Saved; nothing needs an immediate response. */
    data class Done(val result: SurveyResult) : SurveyStep

    /** Saved, and the safety screen must be shown now, before anything else. */
    data class Safety(val result: SurveyResult, val guidance: String) : SurveyStep
}

/** The state holder behind a questionnaire screen. */
class SurveyFlow(private val repository: JournalRepository, val info: InstrumentInfo) {
    private val state = MutableStateFlow<SurveyStep>(SurveyStep.Answering(List(info.items.size) { null }))

    /** The current step. */
    val step: StateFlow<SurveyStep> = state.asStateFlow()

    /** Answers item [item] with choice [choice] (an index into the scale). */
    fun answer(item: Int, choice: Int) {
        require(choice in info.scale.indices) { "choice out of the scale" }
        state.update { s ->
            if (s !is SurveyStep.Answering) s
            else SurveyStep.Answering(s.answers.toMutableList().also { it[item] = choice }, s.error)
        }
    }

    /** Scores and saves once every item is answered; a refusal keeps the answers and says why. */
    suspend fun submit(): SurveyStep {
        val s = state.value as? SurveyStep.Answering ?: return state.value
        val answers = s.answers.filterNotNull()
        if (answers.size != s.answers.size) return s
        val outcome = try {
            repository.recordSurvey(info.instrument, answers.map { it.toUInt() })
        } catch (e: HearthException) {
            return s.copy(error = ErrorText.of(e)).also { state.value = it }
        }
        val next = when (outcome) {
            is SurveyOutcome.Recorded -> SurveyStep.Done(outcome.result)
            is SurveyOutcome.SafetyConcern -> SurveyStep.Safety(outcome.result, outcome.guidance)
        }
        state.value = next
        return next
    }
}
