package org.hearth.ffi

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

/**
 * Guidelines and the facilitator's tools through the generated Kotlin and the real relay
 * binary: acceptance before posting, a member refused, removal for everyone, a pause judged by
 * the relay, hand-over and closing.
 */
class ModerationScenarioTest : RelayScenario() {
    @Test
    fun `guidelines and the facilitator's tools through the bindings`() = runBlocking<Unit> {
        val fern = phone("Fern")
        val ash = phone("Ash")
        val id = fern.client.createCircle("Evening circle", "", "Listen first.").circleId
        fern.client.addMember(id, ash.deviceId)
        settle(fern, ash)

        val refused = assertThrows<HearthException.GuidelinesNotAccepted> { ash.client.sendText(id, "hi", null) }
        assertEquals(1u, refused.version)
        ash.client.acceptGuidelines(id, 1u)
        val unkind = ash.client.sendText(id, "that is silly", null)
        settle(fern, ash)
        val keys = fern.client.circleMembers(id).associate { it.displayName to it.key }
        assertEquals(1u, fern.client.circleMembers(id).single { it.displayName == "Ash" }.guidelinesAccepted)
        assertThrows<HearthException.NotPermitted> { ash.client.closeCircle(id) }
        assertThrows<HearthException.NotPermitted> { ash.client.removeMessageForEveryone(id, unkind) }

        fern.client.removeMessageForEveryone(id, unkind)
        fern.client.timeOutMember(id, keys.getValue("Ash"), 600u, "A short pause")
        settle(fern, ash)
        val gone = ash.client.latestCircleMessages(id, 50u).single { it.id == unkind }
        assertTrue(gone.removedByFacilitator && gone.deleted && gone.body.isEmpty())
        val paused = ash.client.circle(id)
        assertNotNull(paused.pausedUntilMs)
        assertEquals("A short pause", paused.pausedReason)
        assertThrows<HearthException.TimedOut> { ash.client.sendText(id, "but", null) }

        // The last facilitator hands over before leaving; then Ash closes the circle.
        assertThrows<HearthException.NotPermitted> { fern.client.leaveCircle(id) }
        fern.client.handOverCircle(id, keys.getValue("Ash"), Role.CO_FACILITATOR)
        settle(fern, ash)
        assertEquals(Role.FACILITATOR, ash.client.circle(id).role)
        assertEquals(Role.CO_FACILITATOR, fern.client.circle(id).role)
        ash.client.closeCircle(id)
        settle(fern, ash)
        assertEquals(CircleState.CLOSED, fern.client.circle(id).state)
        assertThrows<HearthException.CircleClosed> { fern.client.sendText(id, "anyone?", null) }
    }

    @Test
    fun `risk language is found on the phone and crisis lines come from the directory`() = runBlocking<Unit> {
        val text = "Honestly I want to kill myself."
        val found = assessRisk(text)
        assertTrue(found.risk)
        assertEquals(RiskCategory.SUICIDE, found.findings.first().category)
        assertTrue(!assessRisk("This workout is killing me").risk)
        val me = createProfileWithKey(File(tmp, "me").path, key(), "Me")
        val nz = me.crisisResources("nz")
        assertEquals("NZ", nz.region)
        assertTrue(nz.lines.any { it.contact == "1737" && it.kind == CrisisLineKind.CALL_OR_TEXT })
        assertTrue(nz.lines.any { it.kind == CrisisLineKind.EMERGENCY && it.contact == "111" })
        assertTrue(me.crisisResources("ZZ").lines.isEmpty())
    }
}
