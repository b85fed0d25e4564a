package org.hearth.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.HearthClient
import org.hearth.ffi.PushTarget
import org.hearth.ffi.TimeOfDay
import org.hearth.ffi.createProfileWithKey
import org.hearth.shared.PushSource
import org.hearth.shared.PushUnavailableException
import org.hearth.shared.Strings
import org.hearth.shared.WakeRepository
import org.hearth.testing.TestGateway
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.KeyPairGenerator
import java.security.interfaces.ECPublicKey
import java.security.spec.ECGenParameterSpec

/** The wake-up settings' state holder over a real profile and the real push gateway binary. */
class WakesHolderTest {
    @TempDir
    lateinit var tmp: File
    private lateinit var gateway: TestGateway
    private lateinit var client: HearthClient

    @BeforeEach
    fun open() = runBlocking<Unit> {
        gateway = TestGateway(tmp)
        client = createProfileWithKey(File(tmp, "p").path, ByteArray(32) { 3 }, "Sam")
    }

    @AfterEach
    fun close() = runBlocking<Unit> {
        client.closeProfile()
        gateway.close()
    }

    /** A UnifiedPush distributor on this computer, with real RFC 8291 keys. */
    private class LoopbackDistributor(var endpoint: String = "http://127.0.0.1:9/up/phone") : PushSource {
        override val name = "ntfy"
        override suspend fun target(): PushTarget {
            val pair = KeyPairGenerator.getInstance("EC").apply { initialize(ECGenParameterSpec("secp256r1")) }.generateKeyPair()
            val w = (pair.public as ECPublicKey).w
            fun coordinate(v: java.math.BigInteger) = v.toByteArray().takeLast(32).toByteArray().let { ByteArray(32 - it.size) + it }
            return PushTarget.UnifiedPush(endpoint, byteArrayOf(4) + coordinate(w.affineX) + coordinate(w.affineY), ByteArray(16) { 7 })
        }
    }

    private object NoDistributor : PushSource {
        override val name = "UnifiedPush"
        override suspend fun target(): PushTarget = throw PushUnavailableException("Install a UnifiedPush distributor first.")
    }

    private suspend fun WakesHolder.settled(): WakesState {
        withTimeout(10_000) { while (state.working) delay(10) }
        return state
    }

    private fun CoroutineScope.holder(source: PushSource) = WakesHolder(WakeRepository(client), source, this, timeZone = "Europe/Dublin")

    @Test
    fun `wake-ups turn on at a real gateway, renew, and turn off`() = runBlocking<Unit> {
        val holder = holder(LoopbackDistributor())
        holder.load()
        assertNull(holder.state.gateway)
        assertEquals("ntfy", holder.state.via)

        holder.gatewayInput(gateway.url)
        holder.turnOn()
        val on = holder.settled()
        assertEquals(Strings.WAKES_TURNED_ON, on.message)
        assertEquals(gateway.url.trimEnd('/'), on.gateway?.trimEnd('/'))
        assertEquals(on.gateway, client.wakeGateway())

        // A new endpoint from the distributor keeps the registration.
        WakeRepository(client).renew(LoopbackDistributor("http://127.0.0.1:9/up/phone-2").target())
        assertEquals(on.gateway, client.wakeGateway())

        holder.turnOff()
        val off = holder.settled()
        assertEquals(Strings.WAKES_TURNED_OFF, off.message)
        assertNull(off.gateway)
        assertNull(client.wakeGateway())
    }

    @Test
    fun `a refused address or a missing distributor says why and changes nothing`() = runBlocking<Unit> {
        val plain = holder(LoopbackDistributor())
        plain.gatewayInput("http://push.example")
        plain.turnOn()
        assertTrue(plain.settled().message!!.startsWith("Please check"), plain.state.message)
        assertNull(client.wakeGateway())

        val none = holder(NoDistributor)
        none.gatewayInput(gateway.url)
        none.turnOn()
        assertEquals("Install a UnifiedPush distributor first.", none.settled().message)
        assertNull(client.wakeGateway())
    }

    @Test
    fun `quiet hours and naming circles are kept by the core and a bad time is refused`() = runBlocking<Unit> {
        val holder = holder(LoopbackDistributor())
        holder.load()
        assertFalse(holder.state.quiet)
        holder.nameCircles(true)
        assertTrue(holder.settled().nameCircles)

        holder.quietFrom("21:30")
        holder.quietUntil("6:45")
        holder.quietHours(true)
        val quiet = holder.settled()
        assertTrue(quiet.quiet)
        assertEquals("06:45", quiet.quietUntil)
        val kept = client.notificationSettings()
        assertTrue(kept.nameCircles)
        assertEquals(TimeOfDay(21u, 30u), kept.quietHours?.start)
        assertEquals("Europe/Dublin", kept.quietHours?.timeZone)

        holder.quietHours(false)
        holder.settled()
        holder.quietFrom("25:00")
        holder.quietHours(true)
        val refused = holder.settled()
        assertFalse(refused.quiet)
        assertTrue(refused.message!!.startsWith("Please check"), refused.message)
        assertNull(client.notificationSettings().quietHours)

        // What the core holds comes back in a fresh holder.
        val again = holder(LoopbackDistributor()).also { it.load() }
        assertTrue(again.state.nameCircles)
        assertFalse(again.state.quiet)
    }
}
