package org.hearth.shared

import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate
import org.hearth.ffi.CircleMember
import org.hearth.ffi.CircleMessage
import org.hearth.ffi.CircleReport
import org.hearth.ffi.CircleSession
import org.hearth.ffi.CircleSummary
import org.hearth.ffi.HearthClient
import org.hearth.ffi.HearthEvent
import org.hearth.ffi.HearthException
import org.hearth.ffi.HearthListener
import org.hearth.ffi.RelaySync
import org.hearth.ffi.Repeat
import org.hearth.ffi.ReportReason
import org.hearth.ffi.SessionOccurrence
import org.hearth.ffi.ShareChoice
import org.hearth.ffi.Role
import org.hearth.ffi.SyncState
import org.hearth.ffi.assessRisk

/**
 * Circles as the screens see them: the circle list and each chat as [Flow]s that reload when
 * the core says that circle changed, suspend calls for actions, and the background sync's
 * lifecycle. No Android APIs, so the JVM tests run it against a real relay.
 */
class CircleRepository(val client: HearthClient) {
    private var sync: RelaySync? = null

    /** Sync's connection to the relay, as the core reports it ("offline, retrying…"). */
    val connection: Flow<SyncState> = callbackFlow {
        val subscription = client.subscribe(object : HearthListener {
            override fun onEvent(event: HearthEvent) {
                if (event is HearthEvent.SyncStateChanged) trySend(event.state)
            }
        })
        awaitClose { subscription.cancel() }
    }.conflate()

    /** Every circle on this device, reloaded when any circle changes. */
    fun circles(): Flow<List<CircleSummary>> =
        client.reloadOn({ touchesCircles(it) }) { client.circles() }

    /** One circle's newest messages (oldest first), reloaded when that circle changes. */
    fun messages(circleId: String, limit: UInt = 200u): Flow<List<CircleMessage>> =
        client.reloadOn({ touches(it, circleId) }) { client.latestCircleMessages(circleId, limit) }

    /** One circle's members, reloaded when that circle changes. */
    fun members(circleId: String): Flow<List<CircleMember>> =
        client.reloadOn({ touches(it, circleId) }) { client.circleMembers(circleId) }

    /** One circle's summary, reloaded when it changes. */
    fun circle(circleId: String): Flow<CircleSummary> =
        client.reloadOn({ touches(it, circleId) }) { client.circle(circleId) }

    /** The relay's address and this phone's id there (what a facilitator adds it by). */
    suspend fun account() = client.relayAccount()

    /**
     * Connects to a relay: remembers it, registers this phone, and starts syncing in the
     * background. Returns this phone's device id.
     */
    suspend fun connect(relayUrl: String): String {
        client.setRelay(relayUrl)
        sync?.stop()
        val fresh = client.relaySync()
        sync = fresh
        val deviceId = fresh.register()
        fresh.start()
        return deviceId
    }

    /** Starts the background sync if a relay is set (the app calls this when it opens). */
    suspend fun startSync() {
        if (client.relayAccount() == null) return
        val current = sync ?: client.relaySync().also { sync = it }
        current.start()
    }

    /**
     * One sync pass now ("check for new circles"): background sync checks the Welcome inbox
     * only every half minute, as the inbox has no live push.
     */
    suspend fun syncNow() {
        val current = sync ?: client.relaySync().also { sync = it }
        current.syncOnce()
    }

    /** Stops the background sync (when the app is locked or goes to the background). */
    fun stopSync() {
        sync?.stop()
    }

    /**
     * Deletes the profile and every file it owns. With a relay (and not [deviceOnly]) it first
     * leaves every circle and deletes this device's records there; when the relay cannot be
     * reached nothing is deleted (`Network`), and the person may choose [deviceOnly].
     */
    suspend fun deleteEverything(deviceOnly: Boolean) {
        stopSync()
        if (!deviceOnly && client.relayAccount() != null) {
            (sync ?: client.relaySync()).deleteEverything()
        } else {
            client.deleteEverything()
        }
    }

    suspend fun createCircle(name: String, description: String, guidelines: String): CircleSummary =
        client.createCircle(name, description, guidelines)

    suspend fun send(circleId: String, text: String, replyTo: String? = null): String =
        client.sendText(circleId, text, replyTo)

    suspend fun react(circleId: String, messageId: String, emoji: String, mine: Boolean) =
        client.react(circleId, messageId, emoji, remove = mine)

    suspend fun addMember(circleId: String, deviceId: String) =
        client.addMember(circleId, deviceId)

    suspend fun removeMember(circleId: String, memberKey: String) = client.removeMember(circleId, memberKey)

    suspend fun leave(circleId: String) = client.leaveCircle(circleId)

    /** Joins a circle someone added this phone to: the introduction goes at the next sync. */
    suspend fun acceptInvitation(circleId: String) = client.acceptInvitation(circleId)

    /** Removes an invitation from this phone; nobody is told. */
    suspend fun declineInvitation(circleId: String) = client.declineInvitation(circleId)

    /** Accepts the guidelines at the version the person read; posting waits for it. */
    suspend fun acceptGuidelines(circleId: String, version: UInt) = client.acceptGuidelines(circleId, version)

    // The facilitator's tools; the core checks the role, and every member's phone again.
    suspend fun removeForEveryone(circleId: String, messageId: String) =
        client.removeMessageForEveryone(circleId, messageId)

    suspend fun pin(circleId: String, messageId: String, pinned: Boolean) = client.pinMessage(circleId, messageId, pinned)

    suspend fun pinned(circleId: String): List<CircleMessage> = client.pinnedMessages(circleId)

    suspend fun pause(circleId: String, memberKey: String, seconds: ULong, reason: String) =
        client.timeOutMember(circleId, memberKey, seconds, reason)

    suspend fun mute(circleId: String, memberKey: String, muted: Boolean) = client.muteMember(circleId, memberKey, muted)

    suspend fun handOver(circleId: String, memberKey: String, stay: Role) = client.handOverCircle(circleId, memberKey, stay)

    suspend fun close(circleId: String) = client.closeCircle(circleId)

    /** Sets the disappearing-messages timer (facilitators), or turns it off with null. */
    suspend fun setDisappearing(circleId: String, seconds: ULong?) = client.setDisappearing(circleId, seconds)

    /** The crisis lines for a region (ISO code, e.g. from the phone's locale). */
    suspend fun crisisResources(region: String) = client.crisisResources(region)

    /** Reports someone else's message to the circle's facilitators; returns the report's id. */
    suspend fun report(circleId: String, messageId: String, reason: ReportReason, comment: String) =
        client.reportMessage(circleId, messageId, reason, comment)

    /** "Let my facilitator know": asks the facilitators privately for support. */
    suspend fun askForSupport(circleId: String, note: String = "") = client.askFacilitatorsForSupport(circleId, note)

    /** The reports this phone opened (facilitators), reloaded when one arrives or is handled. */
    fun reports(circleId: String, includeHandled: Boolean = false): Flow<List<CircleReport>> =
        client.reloadOn({ it is HearthEvent.Missed || (it is HearthEvent.CircleReports && it.circleId == circleId) }) {
            client.circleReports(circleId, includeHandled)
        }

    /** Marks a report handled on this phone, or open again. */
    suspend fun setHandled(circleId: String, reportId: String, handled: Boolean) =
        client.setReportHandled(circleId, reportId, handled)

    /** Shares a check-in to the circle as a card (the note only when [ShareChoice.note]). */
    suspend fun share(circleId: String, checkinId: String, choice: ShareChoice) =
        client.shareCheckin(circleId, checkinId, choice)

    /** The circle's scheduled meetings, reloaded when the circle changes. */
    fun sessions(circleId: String): Flow<List<CircleSession>> =
        client.reloadOn({ touches(it, circleId) }) { client.circleSessions(circleId) }

    /** Schedules a meeting (facilitators). */
    suspend fun addSession(circleId: String, title: String, starts: String, timeZone: String, minutes: UInt, repeat: Repeat) =
        client.addSession(circleId, title, starts, timeZone, minutes, repeat)

    /** Cancels a meeting (facilitators). */
    suspend fun cancelSession(circleId: String, sessionId: String) = client.cancelSession(circleId, sessionId)

    /** Every circle's coming meetings with their reminder times: what the app schedules notifications at. */
    suspend fun upcomingSessions(count: UInt = 20u): List<SessionOccurrence> = client.upcomingSessions(null, count)

    /** Marks the chat read up to its newest delivered message. */
    suspend fun markRead(circleId: String, messages: List<CircleMessage>) {
        val newest = messages.mapNotNull { it.relaySeq }.maxOrNull() ?: return
        try { client.markRead(circleId, newest) } catch (_: HearthException) { /* shown next time */ }
    }

    private companion object {
        fun touchesCircles(e: HearthEvent) = e is HearthEvent.CircleJoined || e is HearthEvent.CircleInvited ||
            e is HearthEvent.CircleChanged ||
            e is HearthEvent.CircleLeft || e is HearthEvent.CircleMessage || e is HearthEvent.Missed

        fun touches(e: HearthEvent, circleId: String) = when (e) {
            is HearthEvent.CircleMessage -> e.circleId == circleId
            is HearthEvent.CircleChanged -> e.circleId == circleId
            is HearthEvent.CircleJoined -> e.circleId == circleId
            is HearthEvent.CircleLeft -> e.circleId == circleId
            is HearthEvent.Missed -> true
            else -> false
        }
    }
}

/** A chat's composer: the draft, what it replies to, and a kind error that keeps the draft. */
class ChatComposer(private val repository: CircleRepository, private val circleId: String) {
    private val state = MutableStateFlow(Draft())
    val current: StateFlow<Draft> = state.asStateFlow()

    /**
     * The draft. [crisis] is set when the phone found risk language in it as the person
     * pressed send: the screen offers crisis support first, and sending waits until they
     * choose ([sendAnyway]) or change the text.
     */
    data class Draft(
        val text: String = "",
        val replyTo: CircleMessage? = null,
        val error: String? = null,
        val crisis: Boolean = false,
        val crisisSeen: Boolean = false,
    ) {
        val canSend get() = text.isNotBlank()
    }

    fun edit(text: String) {
        val changed = text != state.value.text
        state.value = state.value.copy(text = text, error = null, crisisSeen = state.value.crisisSeen && !changed)
    }
    fun replyTo(message: CircleMessage?) { state.value = state.value.copy(replyTo = message) }

    /** Closes the crisis prompt without sending (the draft stays). */
    fun dismissCrisis() { state.value = state.value.copy(crisis = false) }

    /** The person saw the crisis prompt and chose to send this text as it is. */
    suspend fun sendAnyway(): Boolean {
        state.value = state.value.copy(crisis = false, crisisSeen = true)
        return send()
    }

    /** Sends the draft; on a refusal the draft stays and [Draft.error] says why. */
    suspend fun send(): Boolean {
        val draft = state.value
        if (!draft.canSend) return false
        if (!draft.crisisSeen && assessRisk(draft.text).risk) {
            state.value = draft.copy(crisis = true)
            return false
        }
        return try {
            repository.send(circleId, draft.text, draft.replyTo?.id)
            state.value = Draft()
            true
        } catch (e: HearthException) {
            state.value = draft.copy(error = ErrorText.of(e))
            false
        }
    }
}
