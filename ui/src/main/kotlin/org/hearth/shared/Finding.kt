package org.hearth.shared

import kotlinx.coroutines.flow.Flow
import org.hearth.ffi.DirectorySource
import org.hearth.ffi.FoundCircle
import org.hearth.ffi.HearthEvent
import org.hearth.ffi.ReceivedRequest
import org.hearth.ffi.ReceivedRequestState
import org.hearth.ffi.SentRequest
import org.hearth.ffi.SentRequestState
import org.hearth.ffi.TopicCount

/*
 * Finding a circle as the screens see it: the trusted directories, their circles and topics,
 * the requests sent and (for facilitators) received, as Flows that reload when the core says
 * requests changed; and suspend calls for what the person does. Checking signatures, sealing
 * and answering are the core's.
 */

private fun requestsChanged(e: HearthEvent) =
    e is HearthEvent.RequestsChanged || e is HearthEvent.CircleJoined || e is HearthEvent.Missed

/** What the trusted directories hold, reloaded together. */
data class Listings(
    val directories: List<DirectorySource> = emptyList(),
    val topics: List<TopicCount> = emptyList(),
    val circles: List<FoundCircle> = emptyList(),
)

/** The trusted directories, their topics, and the circles with [topic] (all with null). */
fun CircleRepository.listings(topic: String?): Flow<Listings> =
    client.reloadOn(::requestsChanged) {
        Listings(client.directories(), client.directoryTopics(), client.findCircles(topic, null))
    }

/** The join requests this phone sent, newest first. */
fun CircleRepository.sentRequests(): Flow<List<SentRequest>> =
    client.reloadOn(::requestsChanged) { client.sentRequests() }

/** The join requests that arrived for [circleId], waiting ones first. */
fun CircleRepository.joinRequests(circleId: String): Flow<List<ReceivedRequest>> =
    client.reloadOn(::requestsChanged) { client.joinRequests(circleId) }

suspend fun CircleRepository.addDirectory(url: String, orgKey: String) =
    client.addDirectory(url.trim(), orgKey.trim())

suspend fun CircleRepository.askToJoin(circle: FoundCircle, name: String, note: String): SentRequest =
    client.askToJoin(circle.orgKey, circle.circleId, name, note).also { syncNow() }

suspend fun CircleRepository.joinFromRequest(request: SentRequest, name: String) {
    client.joinFromRequest(request.id, name)
    syncNow()
}

suspend fun CircleRepository.forgetRequest(request: SentRequest) = client.forgetRequest(request.id)

/** The circle's directory entry if this phone opened it to requests (null otherwise). */
suspend fun CircleRepository.requestEntry(circleId: String): String? =
    runCatching { client.requestInbox(circleId)?.listingEntry }.getOrNull()

suspend fun CircleRepository.openToRequests(circleId: String): String =
    client.openToRequests(circleId).listingEntry

suspend fun CircleRepository.inviteRequester(request: ReceivedRequest, message: String) {
    client.inviteRequester(request.id, message)
    syncNow()
}

suspend fun CircleRepository.declineRequest(request: ReceivedRequest, message: String) {
    client.declineRequest(request.id, message)
    syncNow()
}

/** The words of finding a circle. */
object FindingText {
    const val TITLE = "Find a circle"
    const val INTRO =
        "Organisations list circles open to new people. Add one's directory with the address and key they give you; Hearth checks every listing is really theirs."
    const val ADD_DIRECTORY = "Add a directory"
    const val ADDRESS = "Directory address"
    const val ORG_KEY = "Organisation's key"
    const val ALL_TOPICS = "All"
    const val NO_CIRCLES = "No circles listed yet."
    const val ASK = "Ask to join"
    const val ASK_NOTE =
        "Only the circle's facilitators can read this. Say as much or as little as you like."
    const val NOTE = "A note for the facilitators (optional)"
    const val SEND = "Send request"
    const val YOUR_REQUESTS = "Your requests"
    const val JOIN = "Join"
    const val FORGET = "Forget"
    const val BACK = "Back"
    const val REQUESTS = "Requests to join"
    const val NO_REQUESTS = "No requests yet."
    const val OPEN_TO_REQUESTS = "Open to requests"
    const val ENTRY_INTRO =
        "Give this to the organisation for its directory. Requests are sealed so only this phone can read them."
    const val INVITE = "Send a code"
    const val DECLINE = "Not this time"
    const val MESSAGE = "A word for them (optional)"

    fun meets(circle: FoundCircle): String = buildList {
        if (circle.schedule.isNotBlank()) add(circle.schedule)
        if (circle.languages.isNotEmpty()) add(circle.languages.joinToString(", "))
        add(circle.organisation)
    }.joinToString(" · ")

    fun directory(source: DirectorySource): String =
        if (source.organisation.isEmpty()) source.url
        else "${source.organisation} · ${source.circles} circle${if (source.circles == 1u) "" else "s"}"

    /** Where a request sent stands, kindly. */
    fun state(request: SentRequest): String = when (request.state) {
        SentRequestState.SENDING -> "Waiting to be sent."
        SentRequestState.WAITING -> "Sent. The facilitators will answer here."
        SentRequestState.INVITED -> "You're welcome to join."
        SentRequestState.DECLINED ->
            "Not this time. That's okay: another circle may have room, and you can always ask again later."
        SentRequestState.UNDELIVERABLE -> "This circle isn't taking requests any more."
        SentRequestState.JOINED -> "You joined with the code they sent."
    }

    fun received(request: ReceivedRequest): String = when (request.state) {
        ReceivedRequestState.WAITING -> "${request.name} would like to join."
        ReceivedRequestState.INVITED -> "${request.answeredBy ?: "You"} sent ${request.name} a code."
        ReceivedRequestState.DECLINED -> "${request.answeredBy ?: "You"} told ${request.name} not this time."
    }
}
