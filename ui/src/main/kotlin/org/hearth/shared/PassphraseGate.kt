package org.hearth.shared

import org.hearth.ffi.HearthClient
import org.hearth.ffi.HearthException
import org.hearth.ffi.createProfileWithPassphrase
import org.hearth.ffi.openProfileWithPassphrase
import java.io.File

/**
 * The desktop's way, as the CLI's: the profile's key is derived from a passphrase (Argon2id, in
 * the core), so nothing on disk opens it alone. Locking closes the profile; unlocking asks for
 * the passphrase again.
 */
class PassphraseGate(private val profileDir: String) : ProfileOpener {
    override val closesWhenLocked = true
    override val asksPassphrase = true

    private fun profileExists(): Boolean = File(profileDir, "profile.db").exists()

    override suspend fun launch(): Launch =
        if (profileExists()) Launch.NeedsPassphrase(wrong = false) else Launch.NeedsOnboarding

    override suspend fun unlock(passphrase: String): Launch =
        opening(wrong = Launch.NeedsPassphrase(wrong = true)) { openProfileWithPassphrase(profileDir, passphrase) }

    override suspend fun onboard(displayName: String, passphrase: String?): HearthClient {
        if (profileExists()) throw HearthException.ProfileExists()
        val chosen = passphrase ?: throw HearthException.InvalidInput("passphrase", "a passphrase is needed")
        File(profileDir).mkdirs()
        return createProfileWithPassphrase(profileDir, chosen, displayName)
    }

    /** The passphrase is forgotten: only the profile's files go. */
    override fun startOver(confirmed: Boolean) {
        require(confirmed) { "starting over deletes the journal and needs the person's confirmation" }
        File(profileDir).listFiles()?.forEach { it.delete() }
    }
}
