package org.hearth.shared

import kotlinx.coroutines.flow.Flow
import org.hearth.ffi.Goal
import org.hearth.ffi.GoalDraft
import org.hearth.ffi.GoalOutcome
import org.hearth.ffi.GoalPlan
import org.hearth.ffi.GoalProgress
import org.hearth.ffi.GoalReminder
import org.hearth.ffi.GoalShareChoice
import org.hearth.ffi.HearthClient
import org.hearth.ffi.HearthEvent
import org.hearth.ffi.LocalDate
import org.hearth.ffi.Weekday
import org.hearth.ffi.parseTimeOfDay

/**
 * Goals as the screens see them: how each is going (reloaded when the core says a goal or the
 * whole journal changed) and suspend calls for what the person does. The arithmetic (week,
 * streak, completion) is the core's.
 */
class GoalsRepository(val client: HearthClient) {
    /** Every running goal as of [today]. */
    fun goals(today: LocalDate): Flow<List<GoalProgress>> =
        client.reloadOn({ it is HearthEvent.GoalChanged || it is HearthEvent.JournalReplaced || it is HearthEvent.Missed }) {
            client.goals(today, false)
        }

    /** Saves a new goal starting [today]. */
    suspend fun add(draft: GoalDraft, today: LocalDate): Goal = client.addGoal(draft, today)

    /** Says how [day] went; choosing what it already says takes it back. */
    suspend fun log(progress: GoalProgress, day: LocalDate, outcome: GoalOutcome) {
        if (progress.today == outcome) client.clearGoalLog(progress.goal.id, day)
        else client.logGoal(progress.goal.id, day, outcome, null)
    }

    /** Ends a goal on [day]; it is kept with its log. */
    suspend fun end(goalId: String, day: LocalDate) { client.endGoal(goalId, day) }

    /** Shares this week of a goal to a circle. */
    suspend fun share(circleId: String, goalId: String, today: LocalDate, choice: GoalShareChoice): String =
        client.shareGoal(circleId, goalId, today, choice)
}

/** The new-goal form's fields; the core checks them when saved (its refusal is shown as is). */
data class GoalFormState(
    val title: String = "",
    val why: String = "",
    /** On chosen weekdays (else a number of times a week). */
    val byWeekdays: Boolean = true,
    val days: Set<Weekday> = setOf(Weekday.MONDAY, Weekday.WEDNESDAY, Weekday.FRIDAY),
    val timesPerWeek: Int = 3,
    val remind: Boolean = false,
    /** HH:MM. */
    val reminderTime: String = "18:00",
    val problem: String? = null,
) {
    val canSave: Boolean get() = title.isNotBlank() && (!byWeekdays || days.isNotEmpty())

    /** The draft for the core, with the reminder in [timeZone] (the device's). */
    suspend fun toDraft(timeZone: String): GoalDraft = GoalDraft(
        title = title,
        why = why.ifBlank { null },
        plan = if (byWeekdays) GoalPlan.Weekdays(Weekday.entries.filter { it in days })
        else GoalPlan.TimesPerWeek(timesPerWeek.toUByte()),
        reminder = if (remind) GoalReminder(parseTimeOfDay(reminderTime), timeZone) else null,
        startsOn = null,
    )
}

/** How goals are put in words, the same on every screen. */
object GoalText {
    const val GOALS = "Your goals"
    const val NO_GOALS = "A goal is something small you want to do on some days: a walk, a call, an early night."
    const val NEW_GOAL = "New goal…"
    const val GOAL_TITLE = "What (a few words)"
    const val GOAL_WHY = "Why it matters to you (private)"
    const val ON_THESE_DAYS = "On these days"
    const val TIMES_A_WEEK = "A number of times a week"
    const val REMIND_ME = "Remind me on days still to do"
    const val REMINDER_TIME = "At (HH:MM)"
    const val SAVE_GOAL = "Save goal"
    const val DONE = "Done"
    const val PARTLY = "Partly"
    const val NOT_TODAY = "Not today"
    const val END_GOAL = "End"
    const val END_GOAL_SAYS = "It leaves Today; its log is kept for insights and exports."

    fun endGoal(title: String) = "End \u201c$title\u201d?"
    const val SHARE_A_GOAL = "Share a goal"
    const val SHARE_WHY = "Why it matters"
    const val SHARE_STREAK = "The streak"
    const val SHARE_GOAL_SAYS = "The circle sees the goal's title and this week's progress; nothing else unless ticked. Notes stay on this device."
    const val NO_GOALS_TO_SHARE = "No goals yet: add one on the Today screen."
    const val GOALS_AND_MOOD = "Goals and mood"

    /** A goal reminder's notification: names no goal. */
    const val REMINDER_TEXT = "A small step for today?"

    private val SHORT_DAYS = listOf("M", "T", "W", "T", "F", "S", "S")

    fun timesAWeek(n: Int) = if (n == 1) "once a week" else "$n times a week"

    fun dayLetter(day: Weekday) = SHORT_DAYS[day.ordinal]

    fun dayName(day: Weekday) = day.name.lowercase().replaceFirstChar { it.uppercase() }

    /** "2 of 3 done this week, 1 partly". */
    fun week(p: GoalProgress): String {
        val partly = if (p.weekPartly > 0u) ", ${p.weekPartly} partly" else ""
        return "${p.weekDone} of ${p.weekTarget} done this week$partly"
    }

    /** "Streak: 4 days · 75% of the last 4 weeks". */
    fun streakAndRate(p: GoalProgress): String {
        val unit = when (p.streakUnit) {
            org.hearth.ffi.StreakUnit.DAYS -> if (p.streak == 1u) "day" else "days"
            org.hearth.ffi.StreakUnit.WEEKS -> if (p.streak == 1u) "week" else "weeks"
        }
        val rate = p.completionRate?.let { " · ${Math.round(it * 100)}% of the last 4 weeks" } ?: ""
        return "Streak: ${p.streak} $unit$rate"
    }

    /** One mark per day of the week: done, partly, not today, to do, or nothing asked. */
    fun marks(p: GoalProgress): String = p.week.joinToString(" ") { d ->
        when (d.outcome) {
            GoalOutcome.DONE -> "●"
            GoalOutcome.PARTLY -> "◐"
            GoalOutcome.NOT_TODAY -> "–"
            null -> if (d.planned) "○" else "·"
        }
    }

    /** What a screen reader says for the week. */
    fun marksDescription(p: GoalProgress): String = p.week.joinToString("; ") { d ->
        val name = d.day.toJava().dayOfWeek.name.lowercase().replaceFirstChar { it.uppercase() }
        val what = when (d.outcome) {
            GoalOutcome.DONE -> "done"
            GoalOutcome.PARTLY -> "partly"
            GoalOutcome.NOT_TODAY -> "not today"
            null -> if (d.planned) "to do" else "not planned"
        }
        "$name $what"
    }

    fun outcomeLabel(o: GoalOutcome) = when (o) {
        GoalOutcome.DONE -> DONE
        GoalOutcome.PARTLY -> PARTLY
        GoalOutcome.NOT_TODAY -> NOT_TODAY
    }

    /** "Walk: mood 4.3 on days done, 2.5 on the others (3 and 2 check-ins) · not enough data". */
    fun effect(title: String, m: org.hearth.ffi.MoodComparison): String =
        "$title: mood ${Formatting.mean(m.meanWith)} on days done, ${Formatting.mean(m.meanWithout)} on the others " +
            "(${m.countWith} and ${m.countWithout} check-ins) · ${Formatting.confidence(m.confidence)}"

    /** The lines of a goal card in a circle. */
    fun card(c: org.hearth.ffi.GoalCard): List<String> = buildList {
        add("Goal: ${c.title}")
        val partly = if (c.partly > 0u) ", ${c.partly} partly" else ""
        add("Week of ${c.weekOf}: ${c.done} of ${c.target} done$partly")
        c.streak?.let { s ->
            val unit = if (c.streakUnit == org.hearth.ffi.StreakUnit.WEEKS) "weeks" else "days"
            add("Streak: $s $unit")
        }
        c.why?.let { add(it) }
    }
}
