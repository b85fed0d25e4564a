package org.hearth.app.push

import com.google.firebase.messaging.FirebaseMessagingService
import com.google.firebase.messaging.RemoteMessage
import org.hearth.ffi.PushTarget

/** What FCM tells Hearth: a content-free wake (a data message), or a new token. */
class HearthFcmService : FirebaseMessagingService() {
    override fun onMessageReceived(message: RemoteMessage) = WakeWorker.enqueue(this)

    override fun onNewToken(token: String) = WakeWorker.renew(this, PushTarget.Fcm(token))
}
