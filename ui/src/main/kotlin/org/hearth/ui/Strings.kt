package org.hearth.ui

/**
 * Every user-visible string of the shared UI, in English: a translation is one more file like
 * this one. (Screens still in `android/app` move their strings here as they move.)
 */
object Strings {
    const val BACK_TO_CIRCLES = "‹ Circles"
    const val GUIDELINES = "Guidelines"
    const val ACCEPT_INVITATION = "Accept and join"
    const val DECLINE_INVITATION = "Decline"

    fun invitationTitle(circle: String) = "Invitation to $circle"

    fun members(count: Int) = if (count == 1) "1 member" else "$count members"

    /** A crisis line's button: its name and how to reach it. */
    fun crisisLine(name: String, details: String) = "$name: $details"
}
