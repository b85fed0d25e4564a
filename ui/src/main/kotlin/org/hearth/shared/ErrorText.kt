package org.hearth.shared

import org.hearth.ffi.HearthException

/** What to tell the person when a call fails. Never includes their data. */
object ErrorText {
    private const val GENERIC = "Something went wrong in Hearth. Nothing you wrote was shared."

    /** The passphrase typed did not open the journal. */
    const val WRONG_PASSPHRASE = "That passphrase does not open this journal. Nothing was changed."

    /** A short, kind message for [error]. */
    fun of(error: Throwable): String = if (error is HearthException) of(error) else GENERIC

    /** Every variant by name, so a new one fails to compile here until it has its words. */
    fun of(error: HearthException): String = when (error) {
        is HearthException.InvalidInput -> "Please check ${humanField(error.field)}: ${error.reason}."
        is HearthException.NotFound -> "This was deleted. The list has been refreshed."
        is HearthException.Busy -> "Hearth is busy for a moment. Please try again."
        is HearthException.StorageFull -> "Your phone is out of storage. Nothing was lost; free some space and try again."
        is HearthException.BackupWrongPassphrase -> "That passphrase does not open this backup."
        is HearthException.BackupDamaged -> "This backup file is damaged or incomplete. Nothing was imported."
        is HearthException.BackupUnsupportedVersion -> "This backup was made by a newer Hearth. Please update the app."
        is HearthException.UpdateRequired -> "Your journal was saved by a newer Hearth. Please update the app."
        is HearthException.Corrupt -> "Part of your journal is damaged. You can restore it from a backup."
        is HearthException.Closed -> "Your journal is locked. Unlock it to continue."
        is HearthException.WrongKey -> "Hearth could not unlock your journal."
        is HearthException.NotPermitted -> "Your role in this circle doesn't allow that."
        is HearthException.NotAMember -> "You're no longer in this circle. Its history stays on this device."
        is HearthException.RoleViolation -> "A change to this circle broke its rules and was not applied."
        is HearthException.MessageRejected -> "A message in this circle could not be read."
        is HearthException.GuidelinesNotAccepted -> "Please read and accept this circle's guidelines before posting."
        is HearthException.TimedOut -> "A facilitator paused your posting for a while. You can still read."
        is HearthException.CircleClosed -> "This circle was closed by its facilitator. Its history stays on this device."
        is HearthException.Network -> "Can't reach the relay right now. Nothing is lost; Hearth will keep trying."
        is HearthException.RelayBusy -> "The relay is busy. Hearth tries again in ${error.retryAfterS} s; nothing is lost."
        is HearthException.StaleEpoch -> "The circle changed while this was sending. Hearth is catching up and will send it."
        is HearthException.Conflict -> "The relay already has this."
        is HearthException.KeyPackageNotTheirs -> "That device could not be verified, so it was not added. Try adding it again later."
        is HearthException.RelayRefused -> "The relay refused this (${error.code})."
        is HearthException.AmbiguousId -> "More than one item matches. Please choose one."
        is HearthException.EncryptionUnavailable,
        is HearthException.ProfileNotFound,
        is HearthException.ProfileExists,
        is HearthException.Storage,
        is HearthException.File,
        is HearthException.Internal -> GENERIC
    }

    private fun humanField(field: String) = when (field) {
        "code" -> "the code"
        "expires" -> "how long the code lasts"
        "display name" -> "your name"
        else -> field.replace('_', ' ')
    }
}
