package org.hearth.desktop

import com.github.javakeyring.BackendNotSupportedException
import com.github.javakeyring.Keyring
import com.github.javakeyring.PasswordAccessException
import java.io.File
import java.security.SecureRandom
import org.hearth.shared.KeyUnavailableException
import org.hearth.shared.KeyVault
import org.hearth.shared.PassphraseGate
import org.hearth.shared.ProfileGate
import org.hearth.shared.ProfileOpener

/** Where a secret is kept by name: the system's keyring ([OsKeyring]), or memory in tests. */
interface SecretStore {
    /** The secret stored as [account], or null when there is none. */
    fun read(account: String): String?

    /** Stores [secret] as [account], replacing any. */
    fun write(account: String, secret: String)

    /** Forgets [account]'s secret (nothing happens when there is none). */
    fun delete(account: String)
}

/**
 * The system's keyring: the Secret Service (GNOME Keyring, KWallet) on Linux, the Keychain on
 * macOS, the Credential Manager on Windows, through java-keyring.
 */
class OsKeyring private constructor(private val keyring: Keyring) : SecretStore {
    override fun read(account: String): String? = try {
        keyring.getPassword(SERVICE, account)
    } catch (e: PasswordAccessException) {
        null
    }

    override fun write(account: String, secret: String) = keyring.setPassword(SERVICE, account, secret)

    override fun delete(account: String) {
        try {
            keyring.deletePassword(SERVICE, account)
        } catch (e: PasswordAccessException) {
            // Already gone.
        }
    }

    companion object {
        /** What the keyring lists the entry under. */
        const val SERVICE = "Hearth"

        /** The system's keyring, or null where there is none (no Secret Service running). */
        fun open(): OsKeyring? = try {
            OsKeyring(Keyring.create())
        } catch (e: BackendNotSupportedException) {
            null
        } catch (e: RuntimeException) {
            null // A backend that is there but cannot be reached (no session bus).
        }
    }
}

/**
 * A profile's random key kept in a [SecretStore], for [ProfileGate]. The profile's directory
 * holds a marker (never the key) saying the key lives in the keyring, so a keyring that is
 * locked or gone later shows "the key is unavailable" rather than asking for a passphrase
 * that never existed.
 */
class KeyringVault(private val store: SecretStore, profileDir: File) : KeyVault {
    private val account = "profile:" + profileDir.absoluteFile.normalize().path
    private val marker = File(profileDir, MARKER)

    override fun hasKey(): Boolean = store.read(account) != null

    override fun loadKey(): ByteArray {
        val hex = store.read(account) ?: throw KeyUnavailableException("the keyring holds no key for this profile")
        return decode(hex) ?: throw KeyUnavailableException("the keyring's entry for this profile is not a key")
    }

    override fun createKey(): ByteArray {
        val key = ByteArray(KEY_BYTES).also(SecureRandom()::nextBytes)
        store.write(account, key.joinToString("") { "%02x".format(it) })
        marker.parentFile?.mkdirs()
        marker.writeText("The key that opens this profile is in the system's keyring (service \"${OsKeyring.SERVICE}\").\n")
        return key
    }

    override fun deleteKey() {
        store.delete(account)
        marker.delete()
    }

    private fun decode(hex: String): ByteArray? {
        if (hex.length != KEY_BYTES * 2) return null
        return ByteArray(KEY_BYTES) { i -> hex.substring(2 * i, 2 * i + 2).toIntOrNull(16)?.toByte() ?: return null }
    }

    companion object {
        /** The marker's name in the profile's directory. */
        const val MARKER = "key-in-keyring"
        private const val KEY_BYTES = 32

        /** Whether the profile in [profileDir] was made with its key in the keyring. */
        fun keptIn(profileDir: File): Boolean = File(profileDir, MARKER).exists()
    }
}

/**
 * How the desktop opens a profile: with its key from the keyring when it was made that way
 * (or, for a new profile, when [wantKeyring] and there is a [keyring]), else with a passphrase
 * (Argon2id, as the CLI: the CLI can open the same profile).
 */
fun chooseOpener(profileDir: File, keyring: () -> SecretStore?, wantKeyring: Boolean): ProfileOpener {
    val newProfile = !File(profileDir, "profile.db").exists()
    // The keyring is only reached when it may be used: a passphrase profile starts without it.
    val store = if (KeyringVault.keptIn(profileDir) || (newProfile && wantKeyring)) keyring() else null
    val useKeyring = KeyringVault.keptIn(profileDir) || (newProfile && wantKeyring && store != null)
    if (!useKeyring) return PassphraseGate(profileDir.path)
    return ProfileGate(profileDir.path, KeyringVault(store ?: NoKeyring, profileDir))
}

/** What a profile made with the keyring meets when there is no keyring: no key. */
private object NoKeyring : SecretStore {
    override fun read(account: String): String? = null
    override fun write(account: String, secret: String) = throw KeyUnavailableException("there is no keyring on this system")
    override fun delete(account: String) {}
}
