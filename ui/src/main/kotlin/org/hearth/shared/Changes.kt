package org.hearth.shared

import kotlinx.coroutines.channels.awaitClose
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.callbackFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.transform
import org.hearth.ffi.HearthClient
import org.hearth.ffi.HearthEvent
import org.hearth.ffi.HearthException
import org.hearth.ffi.HearthListener

// Screens reload from the core when it says something relevant changed: the one way both
// the journal and the circles repositories turn events into fresh data.

/**
 * [load] at once and after each relevant change. A refused load (say the profile was just
 * locked) is skipped rather than thrown into the screen: it keeps what it showed, and the
 * next change tries again.
 */
internal fun <T> HearthClient.reloadOn(relevant: (HearthEvent) -> Boolean, load: suspend () -> T): Flow<T> =
    changesOf(relevant).transform {
        val value = try { load() } catch (e: HearthException) { return@transform }
        emit(value)
    }

/**
 * One signal at once, then one after each relevant change. The subscription is in place
 * before the first signal, so no change between the first load and listening is missed;
 * signals are conflated because each one means "reload", however many arrive.
 */
internal fun HearthClient.changesOf(relevant: (HearthEvent) -> Boolean): Flow<Unit> = callbackFlow {
    val subscription = subscribe(object : HearthListener {
        override fun onEvent(event: HearthEvent) {
            if (relevant(event)) trySend(Unit)
        }
    })
    send(Unit)
    awaitClose { subscription.cancel() }
}.conflate()
