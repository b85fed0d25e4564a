package org.hearth.shared

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.update
import org.hearth.ffi.Checkin
import org.hearth.ffi.CheckinDraft

/** What the check-in screen shows. */
data class CheckinFormState(
    val mood: Int? = null,
    val energy: Int? = null,
    val emotions: Set<String> = emptySet(),
    val tags: List<String> = emptyList(),
    val sleepHours: Double? = null,
    val note: String = "",
    val saving: Boolean = false,
    val error: String? = null,
    val saved: Checkin? = null,
) {
    /** Mood is the one thing a check-in needs. */
    val canSave: Boolean get() = mood != null && !saving
}

/** The state holder behind "today's check-in". */
class CheckinForm(private val repository: JournalRepository) {
    private val state = MutableStateFlow(CheckinFormState())

    /** The current form. */
    val current: StateFlow<CheckinFormState> = state.asStateFlow()

    /** Picks a mood 1–5 (tapping the chosen one again clears it). */
    fun setMood(mood: Int) = state.update { it.copy(mood = if (it.mood == mood) null else mood, error = null) }

    /** Picks an energy level 1–5, or none. */
    fun setEnergy(energy: Int?) = state.update { it.copy(energy = energy) }

    /** Adds or removes an emotion word. */
    fun toggleEmotion(word: String) = state.update {
        it.copy(emotions = if (word in it.emotions) it.emotions - word else it.emotions + word)
    }

    /** Adds a tag the person typed; blank or repeated tags are ignored. */
    fun addTag(tag: String) = state.update {
        val clean = tag.trim()
        if (clean.isEmpty() || it.tags.any { t -> t.equals(clean, ignoreCase = true) }) it
        else it.copy(tags = it.tags + clean)
    }

    /** Removes a tag. */
    fun removeTag(tag: String) = state.update { it.copy(tags = it.tags - tag) }

    /** Hours slept, or none. */
    fun setSleep(hours: Double?) = state.update { it.copy(sleepHours = hours) }

    /** The private note. */
    fun setNote(note: String) = state.update { it.copy(note = note) }

    /**
     * Saves the check-in. On success the form clears and remembers what was saved; on failure
     * the person's input stays and the error is shown beside it.
     */
    suspend fun save(): Boolean {
        val form = state.value
        val mood = form.mood ?: return false.also { state.update { it.copy(error = Strings.CHOOSE_A_MOOD) } }
        state.update { it.copy(saving = true, error = null) }
        return try {
            val saved = repository.addCheckin(
                CheckinDraft(
                    mood = mood.toUByte(),
                    energy = form.energy?.toUByte(),
                    emotions = form.emotions.toList(),
                    tags = form.tags,
                    sleepHours = form.sleepHours,
                    note = form.note.ifBlank { null },
                ),
            )
            state.value = CheckinFormState(saved = saved)
            true
        } catch (e: Exception) {
            state.update { it.copy(saving = false, error = ErrorText.of(e)) }
            false
        }
    }
}
