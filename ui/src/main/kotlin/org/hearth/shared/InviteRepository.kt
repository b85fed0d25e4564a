package org.hearth.shared

import kotlinx.coroutines.flow.Flow
import org.hearth.ffi.HearthClient
import org.hearth.ffi.HearthEvent
import org.hearth.ffi.Invite
import org.hearth.ffi.InviteJoin
import org.hearth.ffi.InviteOptions
import org.hearth.ffi.InviteState
import org.hearth.ffi.beforeJoiningNotice

/**
 * Invite codes as the screens see them: a circle's codes and this phone's joins as [Flow]s
 * that reload when the core says they moved on, and suspend calls for the actions. Every
 * step is stored at once and carried through the relay by sync. No Android APIs.
 */
class InviteRepository(val client: HearthClient) {
    /** A circle's codes, newest first, reloaded when one of them changes. */
    fun invites(circleId: String): Flow<List<Invite>> =
        client.reloadOn({ it is HearthEvent.InviteChanged && it.circleId == circleId || it is HearthEvent.Missed }) {
            client.invites(circleId)
        }

    /** The people waiting for the facilitator's answer in a circle. */
    fun waiting(invites: List<Invite>): List<Invite> = invites.filter { it.state == InviteState.WAITING_FOR_APPROVAL }

    /** The codes this phone used to join, newest first, reloaded as each moves on. */
    fun joins(): Flow<List<InviteJoin>> =
        client.reloadOn({ it is HearthEvent.JoinChanged || it is HearthEvent.CircleJoined || it is HearthEvent.Missed }) {
            client.inviteJoins()
        }

    /** What to show before a code is used: nothing about the circle can be checked yet. */
    val beforeJoining: String get() = beforeJoiningNotice()

    /** Makes a code from the create dialog's choices. */
    suspend fun create(circleId: String, draft: InviteDraft.Choice): Invite =
        client.createInvite(
            circleId,
            InviteOptions(lifetimeSeconds = draft.lifetimeSeconds, autoAdmit = draft.autoAdmit, label = draft.label),
        )

    suspend fun approve(nameplate: String) = client.approveInvite(nameplate)

    suspend fun decline(nameplate: String) = client.declineInvite(nameplate)

    suspend fun revoke(nameplate: String) = client.revokeInvite(nameplate)

    /** Starts joining with a typed or scanned code under the name wanted in that circle. */
    suspend fun join(code: String, displayName: String): InviteJoin = client.joinWithCode(code, displayName)
}
