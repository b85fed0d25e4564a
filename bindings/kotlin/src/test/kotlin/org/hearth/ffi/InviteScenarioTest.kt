package org.hearth.ffi

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

/**
 * Invite codes through the generated Kotlin, the host library and the real relay binary:
 * a code used while the facilitator is offline and admitted on its return, a wrong secret
 * that burns the code and alerts the facilitator, and the events each screen refreshes on.
 */
class InviteScenarioTest : RelayScenario() {
    /**
     * The code with a different secret and a matching check character: it passes the typo
     * check, so only the facilitator's phone can tell it is wrong.
     */
    private fun wrongSecret(code: String): String {
        val alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
        val changed = code.dropLast(2) + alphabet.first { it != code[code.length - 2] }
        return alphabet.map { changed + it }.first { runCatching { checkInviteCode(it) }.isSuccess }
    }

    @Test
    fun `codes through the bindings and the relay`() = runBlocking<Unit> {
        val fern = createProfileWithKey(File(tmp, "fern").path, key(), "Fern")
        val ash = createProfileWithKey(File(tmp, "ash").path, key(), "Ash")
        val birch = createProfileWithKey(File(tmp, "birch").path, key(), "Birch")
        val fernHeard = Recorder()
        val ashHeard = Recorder()
        val fernEvents = fern.subscribe(fernHeard)
        val ashEvents = ash.subscribe(ashHeard)
        val (fernSync, ashSync, birchSync) = listOf(fern, ash, birch).map {
            it.setRelay(relay.url)
            it.relaySync()
        }
        val id = fern.createCircle("Tuesday evening circle", "", "Be kind.").circleId
        fernSync.syncOnce()

        // Limits are typed errors naming the field; the defaults are the careful ones.
        val tooShort = assertThrows<HearthException.InvalidInput> {
            fern.createInvite(id, InviteOptions(lifetimeSeconds = 60uL))
        }
        assertEquals("expires", tooShort.field)
        assertThrows<HearthException.InvalidInput> { fern.createInvite("zz", InviteOptions()) }
        assertEquals(false, InviteOptions().autoAdmit)

        // A code used while Fern's phone is offline: admitted (auto) when it comes back.
        val open = fern.createInvite(id, InviteOptions(autoAdmit = true, label = "for Ash"))
        fernSync.syncOnce() // registers it, then Fern goes offline
        fernHeard.waitFor { it is HearthEvent.InviteChanged && it.nameplate == open.nameplate && it.circleId == id }
        val join = ash.joinWithCode(open.code!!.lowercase(), "Ash")
        assertEquals(JoinState.SENDING, join.state)
        ashSync.syncOnce()
        assertEquals(JoinState.WAITING_FOR_FACILITATOR, ash.inviteJoins().single().state)
        ashSync.syncOnce()
        assertTrue(ash.circles().isEmpty())
        fernSync.syncOnce() // back: finishes the exchange, admits, answers with the Welcome
        ashSync.syncOnce()
        ashHeard.waitFor { it is HearthEvent.CircleJoined && it.circleId == id }
        ashHeard.waitFor { it is HearthEvent.JoinChanged && it.nameplate == open.nameplate }
        val joined = ash.inviteJoins().single()
        val used = fern.invites(id).single()
        assertEquals(JoinState.JOINED to id, joined.state to joined.circleId)
        assertEquals(InviteState.USED to "Ash", used.state to used.inviteeName)
        assertEquals(4, joined.words!!.split(' ').size)
        assertEquals(used.words, joined.words)
        assertEquals(Role.MEMBER, ash.circle(id).role)

        // A wrong secret: no join, the code is burned, Fern is alerted, Birch is told.
        val guarded = fern.createInvite(id, InviteOptions())
        fernSync.syncOnce()
        val wrong = wrongSecret(guarded.code!!)
        assertNotEquals(guarded.code, wrong)
        birch.joinWithCode(wrong, "Birch")
        birchSync.syncOnce()
        fernSync.syncOnce()
        fernHeard.waitFor { it is HearthEvent.CircleProblem && it.circleId == id && !it.roleViolation }
        val burned = fern.invites(id).first { it.nameplate == guarded.nameplate }
        assertEquals(InviteState.FAILED, burned.state)
        assertNull(burned.code)
        birchSync.syncOnce()
        assertEquals(JoinState.CODE_DID_NOT_WORK, birch.inviteJoins().single().state)
        assertTrue(birch.circles().isEmpty())
        // The right code no longer works either.
        val late = createProfileWithKey(File(tmp, "late").path, key(), "Late")
        late.setRelay(relay.url)
        late.joinWithCode(guarded.code!!, "Late")
        late.relaySync().syncOnce()
        assertEquals(JoinState.UNAVAILABLE, late.inviteJoins().single().state)
        assertEquals(2u, fern.circle(id).memberCount)

        fernEvents.cancel()
        ashEvents.cancel()
        listOf(fern, ash, birch, late).forEach { it.closeProfile() }
    }
}
