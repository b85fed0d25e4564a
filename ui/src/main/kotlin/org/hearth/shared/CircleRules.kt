package org.hearth.shared

import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleRule
import org.hearth.ffi.RuleAction
import org.hearth.ffi.RuleCheck

/*
 * A circle's own rules as the screens see them: the calls behind the rules dialog, the
 * words for each rule and breach, and the form a facilitator fills in to add a rule. Judging
 * posts is the core's, on every phone.
 */

suspend fun CircleRepository.circleRules(circleId: String): List<CircleRule> = client.circleRules(circleId)

suspend fun CircleRepository.setCircleRules(circleId: String, rules: List<CircleRule>) =
    client.setCircleRules(circleId, rules)

suspend fun CircleRepository.flaggedPosts(circleId: String): List<CircleMessage> = client.flaggedPosts(circleId)

suspend fun CircleRepository.dismissFlag(circleId: String, messageId: String) = client.dismissFlag(circleId, messageId)

/** The sorts of rule the form offers, in the order it shows them. */
enum class RuleForm { PHRASES, LINKS, NEW_MEMBER_LINKS, RATE }

/**
 * The add-a-rule form: which sort, its one field, hold or flag, and why. [rule] turns it
 * into a rule or says what to fix; the core checks the bounds again.
 */
data class RuleDraft(
    val form: RuleForm = RuleForm.PHRASES,
    /** Phrases or domains (comma-separated), hours, or "posts/minutes" as typed. */
    val value: String = "",
    val hold: Boolean = true,
    val why: String = "",
) {
    /** The rule, or the problem to show (null rule). */
    fun rule(): Pair<CircleRule?, String?> {
        if (why.isBlank()) return null to RulesText.NEEDS_WHY
        val check = when (form) {
            RuleForm.PHRASES -> list(value).takeIf { it.isNotEmpty() }?.let { RuleCheck.Phrases(it) }
            RuleForm.LINKS -> RuleCheck.Links(list(value))
            RuleForm.NEW_MEMBER_LINKS -> value.trim().toUIntOrNull()?.takeIf { it > 0u }?.let { RuleCheck.NewMemberLinks(it) }
            RuleForm.RATE -> value.split('/').map { it.trim().toUIntOrNull() }.let { parts ->
                val posts = parts.getOrNull(0)
                val minutes = parts.getOrNull(1)
                if (parts.size == 2 && posts != null && minutes != null) RuleCheck.Rate(posts, minutes) else null
            }
        } ?: return null to RulesText.hint(form)
        return CircleRule(check, if (hold) RuleAction.HOLD else RuleAction.FLAG, why.trim()) to null
    }

    private fun list(text: String) = text.split(',').map { it.trim() }.filter { it.isNotEmpty() }
}

/** The words of a circle's rules. */
object RulesText {
    const val RULES = "Rules"
    const val TITLE = "This circle's rules"
    const val NONE = "This circle has no rules of its own. Its guidelines still apply."
    const val ABOUT =
        "Every phone checks members' posts against these rules; facilitators and co-facilitators are not bound by them."
    const val ADD = "Add a rule"
    const val REMOVE = "Remove"
    const val HOLD = "Hold the post on the sender's phone"
    const val FLAG = "Send it, and flag it for facilitators"
    const val WHY = "Why (the sender or facilitators see this)"
    const val NEEDS_WHY = "Say why, in a sentence: people see it when the rule acts."
    const val SAVED = "Saved. Every phone will use the new rules."
    const val FLAGGED = "Flagged posts"
    const val NOTHING_FLAGGED = "Nothing is waiting for a look."
    const val LOOKED = "Looks fine"
    const val SHOW = "Show it"

    fun formLabel(form: RuleForm) = when (form) {
        RuleForm.PHRASES -> "Words"
        RuleForm.LINKS -> "Links"
        RuleForm.NEW_MEMBER_LINKS -> "New members' links"
        RuleForm.RATE -> "Posting rate"
    }

    fun fieldLabel(form: RuleForm) = when (form) {
        RuleForm.PHRASES -> "Words or phrases, separated by commas"
        RuleForm.LINKS -> "Sites links may go to (comma-separated; empty for none)"
        RuleForm.NEW_MEMBER_LINKS -> "Hours in the circle before posting links"
        RuleForm.RATE -> "Posts / minutes, like 5/60"
    }

    fun hint(form: RuleForm) = when (form) {
        RuleForm.PHRASES -> "List at least one word or phrase."
        RuleForm.LINKS -> "List the sites links may go to, or leave it empty."
        RuleForm.NEW_MEMBER_LINKS -> "Give the hours as a whole number, like 24."
        RuleForm.RATE -> "Write the rate as posts/minutes, like 5/60."
    }

    /** One rule in a line: what it looks for and what it does. */
    fun describe(rule: CircleRule): String {
        val what = when (val c = rule.check) {
            is RuleCheck.Phrases -> "posts saying ${c.phrases.joinToString(", ")}"
            is RuleCheck.Links -> if (c.allowedDomains.isEmpty()) "links" else "links, except to ${c.allowedDomains.joinToString(", ")}"
            is RuleCheck.NewMemberLinks -> "links from members here less than ${c.hours} hours"
            is RuleCheck.Rate -> "more than ${c.posts} posts in ${c.minutes} minutes"
        }
        return when (rule.action) {
            RuleAction.HOLD -> "Holds $what"
            RuleAction.FLAG -> "Flags $what"
        }
    }

    /** Why a post of ours was not sent; [untilMs] for a posting rate. */
    fun held(explanation: String, untilMs: Long?, nowMs: Long): String {
        val base = "Not sent: this circle's rules hold it back. “$explanation” Your words are still here to change."
        if (untilMs == null) return base
        val minutes = maxOf(1L, (untilMs - nowMs + 59_999) / 60_000)
        return "$base You can post again in $minutes minute${if (minutes == 1L) "" else "s"}."
    }

    /** What a post that should have been held shows instead of its words. */
    fun collapsed(explanation: String) = "Held back by this circle's rules: “$explanation”"

    /** The line under a flagged post (facilitators and its sender). */
    fun flagged(explanation: String) = "Flagged for facilitators: “$explanation”"

    /** The rules button, with what waits for a facilitator's look. */
    fun button(flagged: Int) = if (flagged > 0) "$RULES ($flagged flagged)" else RULES
}
