package org.hearth.desktop

import java.io.File
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.system.exitProcess
import kotlinx.coroutines.runBlocking
import org.hearth.shared.KeyProblem
import org.hearth.shared.KeyUnavailableException
import org.hearth.shared.Launch
import org.hearth.shared.PassphraseGate
import org.hearth.shared.ProfileGate
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertInstanceOf
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

/** A keyring in memory. */
class MemoryKeyring : SecretStore {
    val entries = mutableMapOf<String, String>()
    override fun read(account: String) = entries[account]
    override fun write(account: String, secret: String) { entries[account] = secret }
    override fun delete(account: String) { entries.remove(account) }
}

class KeyringTest {
    private fun tempDir(): File = Files.createTempDirectory("hearth-keyring").toFile().also { it.deleteOnExit() }

    @Test
    fun the_vault_keeps_a_random_key_and_marks_the_profile() {
        val dir = File(tempDir(), "profile")
        val keyring = MemoryKeyring()
        val vault = KeyringVault(keyring, dir)
        assertFalse(vault.hasKey())
        val key = vault.createKey()
        assertEquals(32, key.size)
        assertTrue(vault.hasKey())
        assertTrue(KeyringVault.keptIn(dir), "no marker")
        assertFalse(File(dir, KeyringVault.MARKER).readText().contains(keyring.entries.values.single()), "the key left the keyring")
        // Another vault over the same keyring and directory (the next start) reads it.
        assertArrayEquals(key, KeyringVault(keyring, File(dir.parentFile, "./profile")).loadKey())
        assertFalse(key.contentEquals(KeyringVault(MemoryKeyring(), dir).createKey()), "keys repeat")

        keyring.entries.replaceAll { _, _ -> "not a key" }
        assertThrows<KeyUnavailableException> { vault.loadKey() }
        vault.deleteKey()
        assertFalse(vault.hasKey())
        assertFalse(KeyringVault.keptIn(dir))
        assertThrows<KeyUnavailableException> { vault.loadKey() }
    }

    @Test
    fun the_desktop_chooses_the_keyring_only_for_profiles_made_with_it() {
        val keyring = MemoryKeyring()
        val fresh = File(tempDir(), "new")
        assertInstanceOf(PassphraseGate::class.java, chooseOpener(fresh, { keyring }, wantKeyring = false))
        assertInstanceOf(PassphraseGate::class.java, chooseOpener(fresh, { null }, wantKeyring = true), "no keyring on this system")
        assertInstanceOf(ProfileGate::class.java, chooseOpener(fresh, { keyring }, wantKeyring = true))

        // A passphrase profile stays one, whatever the flag says.
        val withPassphrase = tempDir().also { File(it, "profile.db").writeText("") }
        assertInstanceOf(PassphraseGate::class.java, chooseOpener(withPassphrase, { keyring }, wantKeyring = true))
        assertInstanceOf(PassphraseGate::class.java, chooseOpener(withPassphrase, { error("the keyring was reached") }, wantKeyring = false))

        // A keyring profile is opened from the keyring without the flag; with the keyring
        // gone, it says the key is unavailable instead of asking for a passphrase.
        val withKeyring = tempDir().also { File(it, "profile.db").writeText("") }
        KeyringVault(keyring, withKeyring).createKey()
        assertInstanceOf(ProfileGate::class.java, chooseOpener(withKeyring, { keyring }, wantKeyring = false))
        val orphan = chooseOpener(withKeyring, { null }, wantKeyring = false)
        assertEquals(Launch.KeyUnavailable(KeyProblem.KeyMissing), runBlocking { orphan.launch() })
    }

    @Test
    fun a_profile_made_with_the_keyring_opens_from_it_and_not_with_another_key() = runBlocking {
        val dir = File(tempDir(), "profile")
        val keyring = MemoryKeyring()
        val gate = chooseOpener(dir, { keyring }, wantKeyring = true)
        gate.onboard("Robin", passphrase = null).closeProfile()
        assertTrue(KeyringVault.keptIn(dir))

        val again = chooseOpener(dir, { keyring }, wantKeyring = false).launch()
        assertInstanceOf(Launch.Ready::class.java, again)
        (again as Launch.Ready).client.closeProfile()

        keyring.entries.replaceAll { _, _ -> "00".repeat(32) }
        assertEquals(Launch.KeyUnavailable(KeyProblem.KeyRejected), chooseOpener(dir, { keyring }, wantKeyring = false).launch())
    }

    /**
     * The real keyring: a private D-Bus session with GNOME Keyring's Secret Service, started
     * for this test, and [KeyringProbe] in a JVM of its own inside it.
     */
    @Test
    fun the_system_keyring_keeps_the_profile_key() {
        val home = tempDir()
        val java = File(System.getProperty("java.home"), "bin/java").path
        val probe = listOf(
            java, "-cp", System.getProperty("java.class.path"),
            "-Djna.library.path=" + System.getProperty("jna.library.path", ""),
            KeyringProbe::class.java.name, File(home, "profile").path,
        ).joinToString(" ") { "'" + it.replace("'", "'\\''") + "'" }
        val script = "printf test | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec $probe"
        val log = File(home, "probe.log")
        val process = ProcessBuilder("dbus-run-session", "--", "sh", "-c", script)
            .redirectErrorStream(true)
            .redirectOutput(log)
            .also { it.environment()["HOME"] = home.path; it.environment()["XDG_DATA_HOME"] = File(home, "data").path }
            .start()
        val finished = process.waitFor(120, TimeUnit.SECONDS)
        if (!finished) process.destroyForcibly()
        val output = log.readText()
        assertTrue(finished, "the probe did not finish:\n$output")
        assertEquals(0, process.exitValue(), output)
        assertTrue(output.lines().contains(KeyringProbe.DONE), output)
    }
}

/** Run by [KeyringTest] inside a session with a Secret Service: the keyring, end to end. */
object KeyringProbe {
    const val DONE = "keyring: a profile was made, closed and opened again from the system keyring"

    @JvmStatic
    fun main(args: Array<String>): Unit = runBlocking {
        val dir = File(args[0])
        val keyring = OsKeyring.open() ?: error("no keyring found in this session")
        keyring.write("probe", "a secret")
        check(keyring.read("probe") == "a secret") { "the keyring did not keep a secret" }
        keyring.delete("probe")
        check(keyring.read("probe") == null) { "the keyring kept a deleted secret" }

        chooseOpener(dir, { keyring }, wantKeyring = true).onboard("Robin", passphrase = null).closeProfile()
        val reopened = chooseOpener(dir, { OsKeyring.open() }, wantKeyring = false).launch()
        check(reopened is Launch.Ready) { "the profile did not open from the keyring: $reopened" }
        reopened.client.closeProfile()
        check(KeyringVault(keyring, dir).hasKey())
        chooseOpener(dir, { keyring }, wantKeyring = false).startOver(confirmed = true)
        check(!KeyringVault(keyring, dir).hasKey()) { "starting over left the key in the keyring" }
        println(DONE)
        System.out.flush()
        // The D-Bus connection's threads would keep this JVM alive.
        exitProcess(0)
    }
}
