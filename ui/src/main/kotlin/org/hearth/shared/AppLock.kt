package org.hearth.shared

/**
 * When the app must ask for biometrics or the PIN: at launch, and on return after more than
 * [timeoutMs] in the background. Time comes from the caller (a monotonic clock on the phone),
 * so a changed wall clock cannot skip the lock.
 */
class AppLockPolicy(private val timeoutMs: Long = 30_000) {
    private var locked = true
    private var backgroundedAt: Long? = null

    /** Whether the journal is hidden behind the lock screen now. */
    val isLocked: Boolean get() = locked

    /** The app went to the background at [nowMs]. */
    fun onBackground(nowMs: Long) {
        if (!locked) backgroundedAt = nowMs
    }

    /** The app came back at [nowMs]; returns whether the lock screen must show. */
    fun onForeground(nowMs: Long): Boolean {
        val since = backgroundedAt
        backgroundedAt = null
        if (since != null && (nowMs - since > timeoutMs || nowMs < since)) locked = true
        return locked
    }

    /** The person passed biometrics or the PIN. */
    fun unlock() {
        locked = false
    }

    /** Quick exit or an explicit "lock now". */
    fun lockNow() {
        locked = true
        backgroundedAt = null
    }
}
