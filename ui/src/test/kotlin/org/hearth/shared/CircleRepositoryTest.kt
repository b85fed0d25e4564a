package org.hearth.shared

import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.CircleMessageKind
import org.hearth.ffi.CircleState
import org.hearth.ffi.Role
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

/** The circle screens' state holders over real profiles, syncing through the real relay. */
class CircleRepositoryTest : TwoPhonesOnARelay() {
    @Test
    fun `a facilitator invites by device id and the chat flows update live`() = runBlocking<Unit> {
        val facilitator = CircleRepository(fern)
        val member = CircleRepository(ash)
        facilitator.connect(relay.url)
        val ashDevice = member.connect(relay.url)
        assertEquals(ashDevice, member.account()?.deviceId)

        val circle = facilitator.createCircle("  Tuesday evening circle ", "A quiet place", "Be kind.")
        assertEquals("Tuesday evening circle", circle.name)
        facilitator.addMember(circle.circleId, ashDevice.uppercase())
        // The member's list shows the circle once the Welcome arrives. The inbox has no live
        // push, so "check now" asks for it (background sync would in half a minute).
        val joined = coroutineScope {
            val list = async { withTimeout(20_000) { member.circles().first { l -> l.any { it.circleId == circle.circleId } } } }
            while (!list.isCompleted) {
                member.syncNow()
                delay(200)
            }
            list.await()
        }
        assertEquals("Be kind.", joined.single().guidelines)
        // Added by device id, the member is asked first; accepting starts the membership.
        assertEquals(CircleState.INVITED, joined.single().state)
        assertEquals(Role.FACILITATOR, joined.single().addedBy)
        member.acceptInvitation(circle.circleId)
        assertEquals(CircleState.ACTIVE, ash.circle(circle.circleId).state)

        // The composer refuses a blank draft, sends, and clears.
        val composer = ChatComposer(facilitator, circle.circleId)
        assertFalse(composer.send())
        composer.edit("Welcome, Ash.")
        assertTrue(composer.send())
        assertEquals("", composer.current.value.text)

        val seen = withTimeout(20_000) {
            member.messages(circle.circleId).first { list -> list.any { it.body == "Welcome, Ash." } }
        }
        val welcome = seen.single { it.kind == CircleMessageKind.TEXT }
        assertEquals("Fern", welcome.senderName)
        assertEquals(1u, ash.circle(circle.circleId).unread)
        member.markRead(circle.circleId, seen)
        assertEquals(0u, ash.circle(circle.circleId).unread)

        // A reply from the member reaches the facilitator's chat flow, once the member has
        // read and accepted the guidelines: until then the draft stays, with a kind error.
        val reply = ChatComposer(member, circle.circleId)
        reply.replyTo(welcome)
        reply.edit("Thank you.")
        assertFalse(reply.send())
        assertEquals("Please read and accept this circle's guidelines before posting.", reply.current.value.error)
        assertEquals("Thank you.", reply.current.value.text)
        member.acceptGuidelines(circle.circleId, ash.circle(circle.circleId).guidelinesVersion)
        assertTrue(reply.send())

        // Risk language in a draft brings up crisis support before anything is sent; the
        // person may change the text or send it anyway.
        val worried = ChatComposer(member, circle.circleId)
        worried.edit("Some nights I want to die.")
        assertFalse(worried.send())
        assertTrue(worried.current.value.crisis)
        val lines = member.crisisResources("GB").lines.map { it.contact }
        assertTrue("116 123" in lines, lines.toString())
        worried.dismissCrisis()
        assertEquals("Some nights I want to die.", worried.current.value.text)
        assertTrue(worried.sendAnyway())
        assertNull(reply.current.value.replyTo)
        val back = withTimeout(20_000) {
            facilitator.messages(circle.circleId).first { list -> list.any { it.body == "Thank you." && it.relaySeq != null } }
        }
        assertEquals(welcome.id, back.single { it.body == "Thank you." }.replyTo)

        // A member cannot remove the facilitator: the composer-style error text says why.
        val fernKey = ash.circleMembers(circle.circleId).single { !it.isMe }.key
        val refused = runCatching { member.removeMember(circle.circleId, fernKey) }.exceptionOrNull()
        assertEquals("Your role in this circle doesn't allow that.", ErrorText.of(checkNotNull(refused)))

        facilitator.stopSync()
        member.stopSync()
    }
}
