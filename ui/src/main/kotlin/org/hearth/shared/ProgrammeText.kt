package org.hearth.shared

import org.hearth.ffi.ProgrammeTopic

/** How a circle's programme is put in words. */
object ProgrammeText {
    const val ANSWER_IN_JOURNAL = "Answer in my journal"
    const val YOUR_ANSWER = "Your answer (private)"
    const val ANSWER_STAYS = "Saved in your journal on this device, with the week and the prompt. Nobody else sees it."
    const val SAVED_TO_JOURNAL = "Saved in your journal."
    const val PROGRAMME = "A programme"
    const val STOP_PROGRAMME = "Stop the programme"
    const val LESS = "Less"

    /** "The 2 prompts" (opens the card). */
    fun prompts(n: Int) = if (n == 1) "Read more and the prompt" else "Read more and the $n prompts"

    /** How far ahead a meeting's topic shows in the chat, in milliseconds (a week). */
    const val SHOW_AHEAD_MS = 7L * 24 * 60 * 60 * 1000

    /** "Week 2 of 6 · Noticing the early signs". */
    fun heading(t: ProgrammeTopic) = "Week ${t.week} of ${t.weeks} · ${t.content.topic}"

    fun answerFor(prompt: String) = "$ANSWER_IN_JOURNAL: $prompt"

    /** The prompt a journal answer keeps: the programme's week, its topic and the question. */
    fun journalPrompt(t: ProgrammeTopic, prompt: String) = "${t.programme}, week ${t.week}: ${t.content.topic}. $prompt"

    fun following(title: String) = "Meetings follow \u201c$title\u201d."

    fun follow(programme: String, meeting: String) = "Follow \u201c$programme\u201d at \u201c$meeting\u201d"
}
