package org.hearth.shared

import org.hearth.ffi.HearthClient
import org.hearth.ffi.HearthException
import org.hearth.ffi.createProfileWithKey
import org.hearth.ffi.openProfileWithKey
import java.io.File

/**
 * Where the shell keeps the database key. On Android: 32 random bytes wrapped by an Android
 * Keystore AES-GCM key, in app-private storage. On iOS: the Keychain.
 */
interface KeyVault {
    /** Whether a wrapped key has been stored. */
    fun hasKey(): Boolean

    /** The unwrapped key. Throws [KeyUnavailableException] when it cannot be unwrapped. */
    fun loadKey(): ByteArray

    /** Makes, stores and returns a new random 32-byte key. */
    fun createKey(): ByteArray

    /** Forgets the key (only when the person chose to start over). */
    fun deleteKey()
}

/** The vault holds a key it cannot unwrap (a reset lock screen, a restored backup, a new phone). */
class KeyUnavailableException(message: String, cause: Throwable? = null) : Exception(message, cause)

/** Why the profile cannot be opened, in the terms the "can't open your journal" screen uses. */
enum class KeyProblem {
    /** The phone's key store could not unwrap the key. */
    CannotUnwrap,

    /** A profile exists but no key is stored for it. */
    KeyMissing,

    /** The key was unwrapped but does not open the profile. */
    KeyRejected,
}

/** What the app shows at launch. */
sealed interface Launch {
    /** No profile yet: onboarding. */
    data object NeedsOnboarding : Launch

    /** The journal is open. */
    data class Ready(val client: HearthClient) : Launch

    /**
     * The journal exists but cannot be opened. Never replaced silently: the screen explains,
     * offers to retry, and only on explicit request starts over.
     */
    data class KeyUnavailable(val problem: KeyProblem) : Launch

    /**
     * The profile opens with a passphrase (the desktop): ask for it. [wrong] when the last one
     * did not open it.
     */
    data class NeedsPassphrase(val wrong: Boolean) : Launch

    /** The profile needs a newer app. */
    data object UpdateRequired : Launch

    /** The profile is damaged: offer to restore a backup. */
    data object Damaged : Launch
}

/**
 * Opens the person's profile at launch, or says exactly why it cannot. The rule that matters for
 * every implementation: a profile that exists is never replaced by a new one because its key
 * or passphrase did not open it.
 */
interface ProfileOpener {
    /**
     * Whether locking closes the profile (the key leaves memory and unlocking opens it again),
     * rather than hiding it behind the platform's own lock (biometrics, the PIN).
     */
    val closesWhenLocked: Boolean

    /** Whether onboarding and unlocking ask the person for a passphrase. */
    val asksPassphrase: Boolean

    /** Decides what to show at launch, opening the profile when it can. */
    suspend fun launch(): Launch

    /** Opens the profile with a passphrase; [Launch.NeedsPassphrase] when it is wrong. */
    suspend fun unlock(passphrase: String): Launch

    /**
     * Creates the profile for a person called [displayName], protected by [passphrase] where the
     * platform asks for one. Refuses (ProfileExists) rather than touching a profile already there.
     */
    suspend fun onboard(displayName: String, passphrase: String? = null): HearthClient

    /**
     * Deletes the unreadable profile and its key so the person can begin again. Only ever
     * called from the explicit "start over" confirmation.
     */
    fun startOver(confirmed: Boolean)
}

/**
 * What opening a profile led to: [Launch.Ready], or [wrong] when the key or passphrase does
 * not open it, or why it cannot be opened at all.
 */
internal inline fun opening(wrong: Launch, open: () -> HearthClient): Launch = try {
    Launch.Ready(open())
} catch (e: HearthException.WrongKey) {
    wrong
} catch (e: HearthException.ProfileNotFound) {
    Launch.NeedsOnboarding
} catch (e: HearthException.UpdateRequired) {
    Launch.UpdateRequired
} catch (e: HearthException.Corrupt) {
    Launch.Damaged
}

/** The phone's way: a random key kept by the platform's key store ([KeyVault]). */
class ProfileGate(private val profileDir: String, private val vault: KeyVault) : ProfileOpener {
    override val closesWhenLocked = false
    override val asksPassphrase = false

    /** Whether a profile's database exists on disk. */
    fun profileExists(): Boolean = File(profileDir, "profile.db").exists()

    override suspend fun launch(): Launch {
        val exists = profileExists()
        if (!vault.hasKey()) {
            return if (exists) Launch.KeyUnavailable(KeyProblem.KeyMissing) else Launch.NeedsOnboarding
        }
        val key = try {
            vault.loadKey()
        } catch (e: KeyUnavailableException) {
            return Launch.KeyUnavailable(KeyProblem.CannotUnwrap)
        }
        return try {
            opening(wrong = Launch.KeyUnavailable(KeyProblem.KeyRejected)) { openProfileWithKey(profileDir, key) }
        } finally {
            key.fill(0)
        }
    }

    /** No passphrase on the phone: the key store holds the key. */
    override suspend fun unlock(passphrase: String): Launch = launch()

    /** [passphrase] is ignored: the key store holds a random key. */
    override suspend fun onboard(displayName: String, passphrase: String?): HearthClient {
        if (profileExists()) throw HearthException.ProfileExists()
        val key = if (vault.hasKey()) vault.loadKey() else vault.createKey()
        try {
            return createProfileWithKey(profileDir, key, displayName)
        } finally {
            key.fill(0)
        }
    }

    override fun startOver(confirmed: Boolean) {
        require(confirmed) { "starting over deletes the journal and needs the person's confirmation" }
        File(profileDir).listFiles()?.forEach { it.delete() }
        vault.deleteKey()
    }
}
