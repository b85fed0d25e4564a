package org.hearth.shared

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import org.junit.jupiter.api.io.TempDir
import java.io.File

class ProfileGateTest {
    @TempDir
    lateinit var tmp: File

    @Test
    fun `first run onboards, and the next launch opens the same journal`() = runBlocking<Unit> {
        val vault = FakeVault()
        val gate = ProfileGate(File(tmp, "profile").path, vault)
        assertEquals(Launch.NeedsOnboarding, gate.launch())
        val client = gate.onboard("Sam")
        assertEquals("Sam", client.identity().displayName)
        client.closeProfile()

        val ready = gate.launch() as Launch.Ready
        assertEquals("Sam", ready.client.identity().displayName)
        ready.client.closeProfile()
    }

    @Test
    fun `a key that cannot be unwrapped shows the problem and never a new profile`() = runBlocking<Unit> {
        val vault = FakeVault()
        val dir = File(tmp, "profile")
        val gate = ProfileGate(dir.path, vault)
        gate.onboard("Sam").closeProfile()
        val before = dir.listFiles()!!.associate { it.name to it.readBytes().contentHashCode() }

        vault.unwrapFails = true
        assertEquals(Launch.KeyUnavailable(KeyProblem.CannotUnwrap), gate.launch())
        vault.unwrapFails = false
        vault.key = ByteArray(32) { 7 }
        assertEquals(Launch.KeyUnavailable(KeyProblem.KeyRejected), gate.launch())
        vault.deleteKey()
        assertEquals(Launch.KeyUnavailable(KeyProblem.KeyMissing), gate.launch())
        assertThrows<org.hearth.ffi.HearthException.ProfileExists> { gate.onboard("Someone new") }

        // Every file is exactly as it was.
        assertEquals(before, dir.listFiles()!!.associate { it.name to it.readBytes().contentHashCode() })

        // Only the explicit, confirmed start-over clears the way.
        assertThrows<IllegalArgumentException> { gate.startOver(confirmed = false) }
        gate.startOver(confirmed = true)
        assertFalse(gate.profileExists())
        assertEquals(Launch.NeedsOnboarding, gate.launch())
        val fresh = gate.onboard("Sam")
        assertTrue(fresh.checkins(org.hearth.ffi.JournalQuery()).isEmpty())
        fresh.closeProfile()
    }
}
