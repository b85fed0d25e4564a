package org.hearth.shared

import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import org.hearth.ffi.HearthException
import org.hearth.ffi.InviteJoin
import org.hearth.ffi.InviteLimits
import org.hearth.ffi.checkInviteCode
import org.hearth.ffi.inviteLimits

/**
 * The "new code" dialog: how long the code lasts (a few choices within the core's limits),
 * whether each person is approved first (the default), and a private label.
 */
class InviteDraft(private val limits: InviteLimits = inviteLimits()) {
    /** One lifetime the dialog offers. */
    data class Lifetime(val label: String, val seconds: ULong)

    /** What the facilitator chose. */
    data class Choice(val lifetimeSeconds: ULong, val autoAdmit: Boolean = false, val label: String = "")

    /** The lifetimes offered, shortest first; the core's default is among them. */
    val lifetimes: List<Lifetime> = listOf(
        Lifetime("1 hour", 3_600uL),
        Lifetime("1 day", 86_400uL),
        Lifetime("2 days", 172_800uL),
        Lifetime("7 days", 604_800uL),
    ).filter { it.seconds in limits.minLifetimeSeconds..limits.maxLifetimeSeconds }

    private val state = MutableStateFlow(Choice(limits.defaultLifetimeSeconds))
    val current: StateFlow<Choice> = state.asStateFlow()

    /** How many more characters the label may take (the screen shows it near the limit). */
    val labelRoom: Int get() = limits.labelMaxChars.toInt() - state.value.label.length

    fun lifetime(seconds: ULong) { state.value = state.value.copy(lifetimeSeconds = seconds) }
    fun autoAdmit(on: Boolean) { state.value = state.value.copy(autoAdmit = on) }
    fun label(text: String) { state.value = state.value.copy(label = text.take(limits.labelMaxChars.toInt())) }
}

/**
 * The "join with a code" dialog: the code (typed, pasted or from a `hearth://join#` link) is
 * checked as it is typed, so a typo shows before anything is sent, and a refusal keeps what
 * was entered.
 */
class JoinForm(private val repository: InviteRepository, code: String = "") {
    data class Entry(
        val code: String = "",
        val name: String = "",
        /** Why the code cannot be right, once enough of it is typed; null otherwise. */
        val codeProblem: String? = null,
        /** The code written the canonical way, once it checks out. */
        val canonical: String? = null,
        /** Why joining was refused; the entry stays. */
        val error: String? = null,
    ) {
        val canJoin get() = canonical != null && name.isNotBlank()
    }

    private val state = MutableStateFlow(checked(Entry(code = code)))
    val current: StateFlow<Entry> = state.asStateFlow()

    fun code(text: String) { state.value = checked(state.value.copy(code = text, error = null)) }
    fun name(text: String) { state.value = state.value.copy(name = text, error = null) }

    /** Starts joining; null (with [Entry.error] set) when it was refused. */
    suspend fun join(): InviteJoin? {
        val entry = state.value
        val code = entry.canonical ?: return null
        return try {
            repository.join(code, entry.name)
        } catch (e: HearthException) {
            state.value = entry.copy(error = ErrorText.of(e))
            null
        }
    }

    private companion object {
        /** Code characters (letters and digits) in a whole code, check character included. */
        const val CODE_CHARACTERS = 14

        fun checked(entry: Entry): Entry {
            val typed = entry.code.trim()
            val characters = typed.substringAfter('#').count { it.isLetterOrDigit() }
            return try {
                entry.copy(canonical = checkInviteCode(typed), codeProblem = null)
            } catch (e: HearthException.InvalidInput) {
                // Half a code is not a mistake yet: say nothing until it could be whole.
                val problem = if (characters < CODE_CHARACTERS && typed.all { it.isLetterOrDigit() || it == '-' || it == ' ' }) {
                    null
                } else {
                    e.reason.replaceFirstChar { it.uppercase() }
                }
                entry.copy(canonical = null, codeProblem = problem)
            }
        }
    }
}
