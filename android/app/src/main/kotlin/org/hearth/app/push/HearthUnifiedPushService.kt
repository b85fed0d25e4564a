package org.hearth.app.push

import org.unifiedpush.android.connector.FailedReason
import org.unifiedpush.android.connector.PushService
import org.unifiedpush.android.connector.data.PushEndpoint
import org.unifiedpush.android.connector.data.PushMessage

/**
 * What a UnifiedPush distributor tells Hearth: a new endpoint (handed to a waiting
 * registration, or renewed at the gateway), a wake (its body, decrypted by the connector,
 * is the constant wake body and is not read), or that the registration ended.
 */
class HearthUnifiedPushService : PushService() {
    override fun onNewEndpoint(endpoint: PushEndpoint, instance: String) {
        val waiting = AndroidPushSource.pending
        if (waiting != null && !waiting.isCompleted) {
            waiting.complete(endpoint)
        } else {
            AndroidPushSource.targetOf(endpoint)?.let { WakeWorker.renew(this, it) }
        }
    }

    override fun onMessage(message: PushMessage, instance: String) = WakeWorker.enqueue(this)

    override fun onRegistrationFailed(reason: FailedReason, instance: String) {
        AndroidPushSource.pending?.completeExceptionally(IllegalStateException(reason.name))
    }

    override fun onUnregistered(instance: String) = Unit
}
