package org.hearth.ui

import org.hearth.shared.KeyProblem

/**
 * The user-visible strings of the shared UI's frame (navigation, the gate, the lock, crisis
 * support), in English: a translation is one more file like this one. Screens moved from
 * android/app still word some things in place; they move here screen by screen.
 */
object Strings {
    const val TAB_TODAY = "Today"
    const val TAB_JOURNAL = "Journal"
    const val TAB_CIRCLES = "Circles"
    const val TAB_INSIGHTS = "Insights"
    const val TAB_SURVEYS = "Check yourself"
    const val TAB_SETTINGS = "Settings"

    const val OPENING = "Opening your journal…"
    const val LOCKED = "Hearth is locked"
    const val UNLOCK = "Unlock"
    const val QUICK_EXIT = "Quick exit"
    const val QUICK_EXIT_LABEL = "Quick exit: leave and lock Hearth"
    const val EXIT = "Exit"
    const val GET_HELP_NOW = "Get help now"
    const val CRISIS_INTRO = "If things are hard right now, you don't have to wait. These lines are there any time."

    const val WELCOME = "Welcome to Hearth"
    const val WELCOME_PHONE = "Your journal stays on this phone, encrypted. No account, no passphrase to remember."
    const val WELCOME_PASSPHRASE =
        "Your journal stays on this computer, encrypted with a passphrase only you know. Nobody can recover it for you."
    const val YOUR_NAME = "What should we call you?"
    const val PASSPHRASE = "Passphrase"
    const val PASSPHRASE_AGAIN = "The same passphrase again"
    const val START = "Start"
    const val FORGOT_PASSPHRASE = "Forgot the passphrase?"
    const val CANT_OPEN = "Hearth can't open your journal"
    const val TRY_AGAIN = "Try again"
    const val START_OVER = "Start over with an empty journal"
    const val START_OVER_TITLE = "Delete the journal here?"
    const val START_OVER_TEXT = "Everything in it will be deleted. You can import an encrypted backup afterwards if you have one."
    const val START_OVER_CONFIRM = "Delete and start over"
    const val CANCEL = "Cancel"
    const val UPDATE_REQUIRED = "Please update Hearth: your journal was saved by a newer version."
    const val DAMAGED = "Part of your journal is damaged. You can restore it from an encrypted backup."

    /** Why the phone's key store could not open the journal, and that nothing was changed. */
    fun keyProblem(problem: KeyProblem) = when (problem) {
        KeyProblem.CannotUnwrap -> "This phone's secure key store can no longer unlock it. This can happen after the screen lock was reset."
        KeyProblem.KeyMissing -> "The key that unlocks it is missing on this phone."
        KeyProblem.KeyRejected -> "The key on this phone does not match this journal."
    } + " Your journal has not been changed or replaced."

    const val BACK_TO_CIRCLES = "‹ Circles"
    const val GUIDELINES = "Guidelines"
    const val ACCEPT_INVITATION = "Accept and join"
    const val DECLINE_INVITATION = "Decline"

    fun invitationTitle(circle: String) = "Invitation to $circle"

    fun members(count: Int) = if (count == 1) "1 member" else "$count members"

    /** A crisis line's button: its name and how to reach it. */
    fun crisisLine(name: String, details: String) = "$name: $details"

    const val SHARE = "Share"
    const val COPIED = "Copied. Paste it where you talk to them."
}
