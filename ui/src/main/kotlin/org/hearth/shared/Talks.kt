package org.hearth.shared

import kotlinx.coroutines.flow.Flow
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.HearthEvent
import org.hearth.ffi.Talk
import org.hearth.ffi.TalkState

/*
 * One-to-one talks as the screens see them: a circle's requests and talks as a Flow that
 * reloads when the core says talks changed, and suspend calls for what the person does. Who
 * may ask whom, sealing and blocking are the core's.
 */

/** The talks asked for in [circleId] (every talk with null), newest first. */
fun CircleRepository.talks(circleId: String?): Flow<List<Talk>> =
    client.reloadOn({
        it is HearthEvent.TalksChanged || it is HearthEvent.CircleChanged || it is HearthEvent.CircleLeft ||
            it is HearthEvent.CircleJoined || it is HearthEvent.Missed
    }) { client.talks(circleId) }

suspend fun CircleRepository.askToTalk(circleId: String, memberKey: String, note: String = "") =
    client.askToTalk(circleId, memberKey, note)

suspend fun CircleRepository.acceptTalk(talk: Talk): String = client.acceptTalk(talk.id)

suspend fun CircleRepository.declineTalk(talk: Talk) = client.declineTalk(talk.id)

suspend fun CircleRepository.withdrawTalk(talk: Talk) = client.withdrawTalkRequest(talk.id)

suspend fun CircleRepository.blockTalker(talk: Talk) = client.blockTalker(talk.id)

suspend fun CircleRepository.endTalk(circleId: String) = client.endTalk(circleId)

suspend fun CircleRepository.setMembersMayTalk(circleId: String, allowed: Boolean) =
    client.setMembersMayTalk(circleId, allowed)

/** The words of one-to-one talks, and which talks a circle's chat shows. */
object TalkText {
    const val ASKED = "Asked. Only they can see your request."
    const val ACCEPT = "Talk now"
    const val DECLINE = "Not now"
    const val WITHDRAW = "Take it back"
    const val OPEN = "Open the talk"
    const val BLOCK = "Block"
    const val END = "End the talk"
    const val END_CONFIRM = "End this talk for both of you? What was said stays on your phones."
    const val BLOCK_CONFIRM =
        "Block them? The talk ends, and they can't ask you for a talk again from any circle you share. They are not told."
    const val CONFIRM_END = "End it"
    const val CONFIRM_BLOCK = "Block them"
    const val PRIVATE =
        "Only the two of you are here. A report from this talk goes to the other facilitators of the circle where it began."
    const val MEMBERS_MAY_TALK = "Members can ask each other for a private talk"
    const val MEMBERS_MAY_TALK_DETAIL = "Facilitators can always be asked."
    const val ENDED = "This talk has ended."

    /** How long a "can't talk now" stays in the chat of the circle it was asked in. */
    private const val DECLINE_SHOWN_MS = 3L * 24 * 3600 * 1000

    fun title(circle: CircleSummary): String = circle.talkWith?.let(::title) ?: circle.name
    fun title(withName: String) = "Private talk with $withName"

    /** The line a request or talk shows in the chat of the circle it was asked in. */
    fun line(talk: Talk): String = when (talk.state) {
        TalkState.ASKED -> if (talk.askedByMe) {
            "You asked ${talk.withName} for a private talk. Waiting for their answer."
        } else {
            "${talk.withName} would like to talk with you privately."
        }
        TalkState.OPEN -> "Your private talk with ${talk.withName} is open."
        TalkState.DECLINED -> if (talk.askedByMe) {
            "${talk.withName} can't talk privately right now. That's okay: you could ask another facilitator, or try another time."
        } else {
            "You said you can't talk now."
        }
        TalkState.WITHDRAWN -> "The request was taken back."
        TalkState.ENDED -> "Your private talk with ${talk.withName} has ended."
    }

    /** What a circle's chat shows: requests waiting, talks open, and a recent "not now". */
    fun shownInChat(talks: List<Talk>, nowMs: Long): List<Talk> = talks.filter { t ->
        when (t.state) {
            TalkState.ASKED, TalkState.OPEN -> true
            TalkState.DECLINED -> t.askedByMe && nowMs - (t.answeredAtMs ?: t.askedAtMs) < DECLINE_SHOWN_MS
            TalkState.WITHDRAWN, TalkState.ENDED -> false
        }
    }
}
