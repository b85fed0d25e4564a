package org.hearth.app.push

import android.content.Context
import android.util.Base64
import com.google.firebase.FirebaseApp
import com.google.firebase.FirebaseOptions
import com.google.firebase.messaging.FirebaseMessaging
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeout
import org.hearth.app.R
import org.hearth.ffi.PushTarget
import org.hearth.shared.PushSource
import org.hearth.shared.PushUnavailableException
import org.hearth.shared.Strings
import org.unifiedpush.android.connector.UnifiedPush
import org.unifiedpush.android.connector.data.PushEndpoint
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException

/**
 * How this phone is reached while Hearth is closed: a UnifiedPush distributor the person
 * installed (ntfy, NextPush…: no Google in the path) when there is one, else Firebase Cloud
 * Messaging when this build carries Firebase settings (`res/values/firebase.xml`). Each
 * wake is content-free; [WakeWorker] decides what it shows.
 */
class AndroidPushSource(private val context: Context) : PushSource {
    override val name: String
        get() = UnifiedPush.getAckDistributor(context)?.let(::distributorName)
            ?: if (UnifiedPush.getDistributors(context).isNotEmpty()) "UnifiedPush" else "Firebase Cloud Messaging"

    override suspend fun target(): PushTarget = when {
        UnifiedPush.getDistributors(context).isNotEmpty() -> unifiedPush()
        firebase() != null -> fcm()
        else -> throw PushUnavailableException(Strings.NO_PUSH_SERVICE)
    }

    private suspend fun unifiedPush(): PushTarget {
        val distributor = UnifiedPush.getAckDistributor(context) ?: UnifiedPush.getDistributors(context).first()
        UnifiedPush.saveDistributor(context, distributor)
        val endpoint = CompletableDeferred<PushEndpoint>()
        pending = endpoint
        UnifiedPush.register(context)
        val got = try {
            withTimeout(30_000) { endpoint.await() }
        } catch (e: Exception) {
            throw PushUnavailableException(Strings.PUSH_SERVICE_SILENT)
        }
        return targetOf(got) ?: throw PushUnavailableException(Strings.DISTRIBUTOR_TOO_OLD)
    }

    private suspend fun fcm(): PushTarget {
        val app = firebase() ?: throw PushUnavailableException(Strings.NO_PUSH_SERVICE)
        val token = suspendCancellableCoroutine { done ->
            app.get(FirebaseMessaging::class.java).token
                .addOnSuccessListener { done.resume(it) }
                .addOnFailureListener { done.resumeWithException(PushUnavailableException(Strings.PUSH_SERVICE_SILENT)) }
        }
        return PushTarget.Fcm(token)
    }

    /** Firebase from this build's settings, or null when it carries none (a de-Googled build). */
    private fun firebase(): FirebaseApp? {
        FirebaseApp.getApps(context).firstOrNull()?.let { return it }
        val appId = context.getString(R.string.firebase_app_id).ifBlank { return null }
        val options = FirebaseOptions.Builder()
            .setApplicationId(appId)
            .setProjectId(context.getString(R.string.firebase_project_id))
            .setApiKey(context.getString(R.string.firebase_api_key))
            .setGcmSenderId(context.getString(R.string.firebase_sender_id))
            .build()
        return runCatching { FirebaseApp.initializeApp(context, options) }.getOrNull()
    }

    private fun distributorName(packageName: String) = when (packageName) {
        "io.heckel.ntfy" -> "ntfy"
        else -> packageName.substringAfterLast('.')
    }

    companion object {
        /** The endpoint [HearthUnifiedPushService] is waiting to hand over, if any. */
        @Volatile
        internal var pending: CompletableDeferred<PushEndpoint>? = null

        /**
         * The target an endpoint names, with its RFC 8291 keys (the connector generated them
         * and decrypts each wake itself); null from a distributor too old to give keys.
         */
        internal fun targetOf(endpoint: PushEndpoint): PushTarget? {
            val keys = endpoint.pubKeySet ?: return null
            val flags = Base64.URL_SAFE or Base64.NO_WRAP or Base64.NO_PADDING
            return PushTarget.UnifiedPush(endpoint.url, Base64.decode(keys.pubKey, flags), Base64.decode(keys.auth, flags))
        }
    }
}
