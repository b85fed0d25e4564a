package org.hearth.ui

import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleMessageKind
import org.hearth.ffi.CircleState
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.Role

/** A circle as the core lists it, for screens drawn from state; change what a test needs. */
fun aCircle(
    role: Role = Role.MEMBER,
    state: CircleState = CircleState.ACTIVE,
    id: String = "c1",
    name: String = "Tuesday evening",
    accepted: UInt = 1u,
    unread: UInt = 0u,
    waiting: UInt = 0u,
    pausedUntilMs: Long? = null,
) = CircleSummary(
    circleId = id, name = name, description = "", guidelines = "Be kind.", guidelinesVersion = 1u,
    role = role, epoch = 3uL, memberCount = 4u, unread = unread, waiting = waiting, state = state,
    guidelinesAccepted = accepted, pausedUntilMs = pausedUntilMs, pausedReason = "Cool off", disappearAfterS = null, addedBy = null, talkWith = null, membersMayTalk = false, flagged = 0u,
)

/** A text message as the core returns it. */
fun aMessage(
    id: String = "m1",
    body: String = "hello",
    sender: String? = "Ash",
    fromMe: Boolean = false,
    seq: ULong? = 4uL,
    replyTo: String? = null,
    risk: Boolean = false,
    pinned: Boolean = false,
    deleted: Boolean = false,
) = CircleMessage(
    id = id, kind = CircleMessageKind.TEXT, body = body, event = null, senderName = sender, senderKey = "k-$sender",
    fromMe = fromMe, replyTo = replyTo, relaySeq = seq, sentAtMs = 0L, editedAtMs = null, deleted = deleted,
    removedByFacilitator = deleted, pinned = pinned, muted = false, risk = risk, checkin = null, goal = null, reactions = emptyList(), breach = null,
)
