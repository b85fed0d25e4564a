package org.hearth.shared

import org.hearth.ffi.CircleMember
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleMessageKind
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.MemberAction
import org.hearth.ffi.MessageAction
import org.hearth.ffi.Role
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.hearth.ui.aCircle
import org.hearth.ui.aMessage

class ModerationMenuTest {
    private fun circle(role: Role, accepted: UInt = 1u, pausedUntil: Long? = null, state: CircleState = CircleState.ACTIVE) =
        aCircle(role, state, accepted = accepted, pausedUntilMs = pausedUntil)

    private fun member(role: Role, me: Boolean = false, muted: Boolean = false, paused: Long? = null) =
        CircleMember(
            key = "k-$role", displayName = "Someone", role = role, isMe = me, muted = muted,
            guidelinesAccepted = null, pausedUntilMs = paused,
        )

    private fun message(fromMe: Boolean = false, pinned: Boolean = false, deleted: Boolean = false) =
        aMessage(fromMe = fromMe, pinned = pinned, deleted = deleted)

    @Test
    fun `moderators get the tools, members only reply and mute`() {
        val byMember = ModerationMenu.forMessage(circle(Role.MEMBER), message(), member(Role.MEMBER))
        assertEquals(listOf(MessageAction.REPLY, MessageAction.REPORT, MessageAction.MUTE_SENDER), byMember)
        val byCo = ModerationMenu.forMessage(circle(Role.CO_FACILITATOR), message(pinned = true), member(Role.MEMBER))
        assertEquals(
            listOf(MessageAction.REPLY, MessageAction.REMOVE_FOR_EVERYONE, MessageAction.UNPIN, MessageAction.REPORT, MessageAction.MUTE_SENDER),
            byCo,
        )
        // A co-facilitator does not remove a facilitator's message; a facilitator does.
        assertFalse(MessageAction.REMOVE_FOR_EVERYONE in ModerationMenu.forMessage(circle(Role.CO_FACILITATOR), message(), member(Role.FACILITATOR)))
        assertTrue(MessageAction.REMOVE_FOR_EVERYONE in ModerationMenu.forMessage(circle(Role.FACILITATOR), message(), member(Role.FACILITATOR)))
        // Nothing on a removed message or in a closed circle; no muting oneself.
        assertTrue(ModerationMenu.forMessage(circle(Role.FACILITATOR), message(deleted = true), null).isEmpty())
        assertTrue(ModerationMenu.forMessage(circle(Role.FACILITATOR, state = CircleState.CLOSED), message(), null).isEmpty())
        assertFalse(MessageAction.MUTE_SENDER in ModerationMenu.forMessage(circle(Role.MEMBER), message(fromMe = true), null))
    }

    @Test
    fun `member rows follow the role table`() {
        // Facilitators and co-facilitators may always ask anyone for a private talk.
        assertEquals(
            listOf(
                MemberAction.ASK_TO_TALK, MemberAction.PAUSE_HOUR, MemberAction.REMOVE,
                MemberAction.MAKE_CO_FACILITATOR, MemberAction.HAND_OVER, MemberAction.MUTE,
            ),
            ModerationMenu.forMember(circle(Role.FACILITATOR), member(Role.MEMBER)),
        )
        assertEquals(
            listOf(MemberAction.ASK_TO_TALK, MemberAction.MUTE),
            ModerationMenu.forMember(circle(Role.CO_FACILITATOR), member(Role.FACILITATOR)),
        )
        assertEquals(
            listOf(MemberAction.ASK_TO_TALK, MemberAction.END_PAUSE, MemberAction.REMOVE, MemberAction.UNMUTE),
            ModerationMenu.forMember(circle(Role.CO_FACILITATOR), member(Role.MEMBER, muted = true, paused = Long.MAX_VALUE)),
        )
        assertTrue(ModerationMenu.forMember(circle(Role.FACILITATOR), member(Role.MEMBER, me = true)).isEmpty())
        // A member asks a facilitator, but another member only once the circle allows it.
        assertEquals(listOf(MemberAction.ASK_TO_TALK, MemberAction.MUTE), ModerationMenu.forMember(circle(Role.MEMBER), member(Role.FACILITATOR)))
        assertEquals(listOf(MemberAction.MUTE), ModerationMenu.forMember(circle(Role.MEMBER), member(Role.MEMBER)))
        assertEquals(
            listOf(MemberAction.ASK_TO_TALK, MemberAction.MUTE),
            ModerationMenu.forMember(circle(Role.MEMBER).copy(membersMayTalk = true), member(Role.MEMBER)),
        )
    }

    @Test
    fun `guidelines and pauses are explained`() {
        assertTrue(ModerationMenu.needsAcceptance(circle(Role.MEMBER, accepted = 0u)))
        assertFalse(ModerationMenu.needsAcceptance(circle(Role.MEMBER, accepted = 1u)))
        assertNull(ModerationMenu.pausedNotice(circle(Role.MEMBER), 1_000L))
        assertNull(ModerationMenu.pausedNotice(circle(Role.MEMBER, pausedUntil = 500L), 1_000L))
        assertEquals(
            "A facilitator paused your posting for 2 more minutes. “Cool off” You can still read.",
            ModerationMenu.pausedNotice(circle(Role.MEMBER, pausedUntil = 1_000L + 90_000L), 1_000L),
        )
        assertEquals("Removed by a facilitator", ModerationMenu.shownBody(message(deleted = true)))
    }
}
