package org.hearth.ffi

import kotlinx.coroutines.runBlocking
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows
import java.io.File

/**
 * Two people in a circle through the generated Kotlin, the host library and the real relay
 * binary on 127.0.0.1: what the Android app's circle screens do, run on the JVM.
 */
class CircleScenarioTest : RelayScenario() {
    private suspend fun texts(client: HearthClient, circleId: String) =
        client.circleMessages(circleId, 0u, 500u).filter { it.kind == CircleMessageKind.TEXT }

    @Test
    fun `a circle through the bindings and the relay`() = runBlocking<Unit> {
        val fern = createProfileWithKey(File(tmp, "fern").path, key(), "Fern")
        val ash = createProfileWithKey(File(tmp, "ash").path, key(), "Ash")
        val heard = Recorder()
        val subscription = ash.subscribe(heard)

        val noRelay = assertThrows<HearthException.InvalidInput> { ash.relaySync() }
        assertEquals("relay", noRelay.field)
        fern.setRelay(relay.url)
        ash.setRelay(relay.url)
        val fernSync = fern.relaySync()
        val ashSync = ash.relaySync()
        val deviceId = ashSync.register()
        assertEquals(32, deviceId.length)
        assertEquals(deviceId, ash.relayAccount()?.deviceId)
        ashSync.syncOnce()

        val circle = fern.createCircle("Tuesday evening circle", "A quiet place", "Be kind.")
        val id = circle.circleId
        assertEquals(Role.FACILITATOR, circle.role)
        assertEquals(1u, circle.memberCount)
        fern.addMember(id, deviceId)
        fernSync.syncOnce()
        ashSync.syncOnce()
        // Added by device id: an invitation Ash answers before anything is sent.
        heard.waitFor { it is HearthEvent.CircleInvited && it.circleId == id }
        val invitation = ash.circle(id)
        assertEquals(CircleState.INVITED, invitation.state)
        assertEquals(Role.FACILITATOR, invitation.addedBy)
        ash.acceptInvitation(id)
        heard.waitFor { it is HearthEvent.CircleJoined && it.circleId == id }
        val joined = ash.circle(id)
        assertEquals("Tuesday evening circle", joined.name)
        assertEquals(Role.MEMBER, joined.role)
        assertEquals(2u, joined.memberCount)

        val welcomeId = fern.sendText(id, "Welcome, Ash. Glad you are here.", null)
        fernSync.syncOnce()
        ashSync.syncOnce()
        val got = texts(ash, id)
        assertEquals(listOf("Welcome, Ash. Glad you are here."), got.map { it.body })
        assertEquals("Fern", got[0].senderName)
        assertEquals(welcomeId, got[0].id)
        assertEquals(1u, ash.circle(id).unread)
        ash.markRead(id, got[0].relaySeq!!)
        assertEquals(0u, ash.circle(id).unread)

        // Posting waits until Ash has read and accepted the guidelines.
        val refused = assertThrows<HearthException.GuidelinesNotAccepted> {
            ash.sendText(id, "Thank you, it helps.", welcomeId)
        }
        assertEquals(joined.guidelinesVersion, refused.version)
        ash.acceptGuidelines(id, joined.guidelinesVersion)
        val replyId = ash.sendText(id, "Thank you, it helps.", welcomeId)
        ashSync.syncOnce()
        fernSync.syncOnce()
        val reply = texts(fern, id).single { it.id == replyId }
        assertEquals(welcomeId, reply.replyTo)
        assertEquals("Ash", reply.senderName)

        val fernKey = ash.circleMembers(id).single { !it.isMe }.key
        assertThrows<HearthException.NotPermitted> { ash.removeMember(id, fernKey) }
        assertThrows<HearthException.NotPermitted> { fern.leaveCircle(id) }
        // Ash's first send proposed a key update, which Fern's last pass committed.
        ashSync.syncOnce()
        assertEquals(fern.circle(id).epoch, ash.circle(id).epoch)
        assertTrue(fern.epochAuthenticator(id).contentEquals(ash.epochAuthenticator(id)))

        // Live push in the background.
        fernSync.start()
        ashSync.start()
        heard.waitFor { it is HearthEvent.SyncStateChanged && it.state == SyncState.Online }
        val liveId = fern.sendText(id, "Same time next week?", null)
        heard.waitFor { it is HearthEvent.CircleMessage && it.messageId == liveId }
        assertTrue(texts(ash, id).any { it.id == liveId })
        fernSync.stop()
        ashSync.stop()
        assertFalse(ashSync.isRunning())

        // Unreachable relay: Network, which sync retries by itself.
        val lost = createProfileWithKey(File(tmp, "lost").path, key(), "Lost")
        lost.setRelay("http://127.0.0.1:9")
        assertThrows<HearthException.Network> { lost.relaySync().syncOnce() }

        // Leaving.
        ash.leaveCircle(id)
        ashSync.syncOnce()
        fernSync.syncOnce()
        ashSync.syncOnce()
        heard.waitFor { it is HearthEvent.CircleLeft && it.circleId == id }
        assertEquals(CircleState.LEFT, ash.circle(id).state)
        assertEquals(1u, fern.circle(id).memberCount)
        assertThrows<HearthException.NotAMember> { ash.sendText(id, "still here?", null) }

        subscription.cancel()
        listOf(fern, ash, lost).forEach { it.closeProfile() }
    }
}
