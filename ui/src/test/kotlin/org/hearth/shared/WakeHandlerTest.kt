package org.hearth.shared

import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.openProfileWithKey
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import java.io.File

/**
 * What a wake does on Ash's phone, over real profiles and the real relay: with the app closed
 * it opens the profile through the gate, syncs once and tells the core's notice; the same news
 * is not told twice; a key store that will not unwrap the key gives the locked notice.
 */
class WakeHandlerTest : TwoPhonesOnARelay() {
    @Test
    fun `a wake syncs a closed profile and tells only new news once`() = runBlocking<Unit> {
        val facilitator = CircleRepository(fern)
        val member = CircleRepository(ash)
        facilitator.connect(relay.url)
        val circle = facilitator.createCircle("Tuesday evening circle", "", "Be kind.")
        facilitator.addMember(circle.circleId, member.connect(relay.url))
        withTimeout(20_000) {
            while (ash.circles().none { it.circleId == circle.circleId }) { member.syncNow(); delay(200) }
        }
        member.acceptInvitation(circle.circleId)
        member.stopSync()
        facilitator.syncNow()
        ash.closeProfile()

        // While Ash's app is closed, Fern writes twice.
        facilitator.send(circle.circleId, "Are you coming on Tuesday?")
        facilitator.send(circle.circleId, "No pressure either way.")
        facilitator.syncNow()

        val vault = FakeVault().apply { key = ByteArray(32) { 2 } }
        val gate = ProfileGate(File(tmp, "ash").path, vault)
        val woken = WakeHandler.handle(gate, open = null)
        val notice = (woken as WakeOutcome.Notify).notice
        assertEquals("New messages in Hearth", notice.text)
        assertEquals(listOf(circle.circleId), notice.circleIds)
        assertEquals(2u, notice.messages)
        assertEquals(WakeOutcome.Nothing, WakeHandler.handle(gate, open = null), "told once")

        vault.unwrapFails = true
        assertEquals(WakeOutcome.Locked, WakeHandler.handle(gate, open = null))

        // The handler closed what it opened: the app opens the profile again.
        ash = openProfileWithKey(File(tmp, "ash").path, ByteArray(32) { 2 })
        assertEquals(2u, ash.circle(circle.circleId).unread)
    }
}
