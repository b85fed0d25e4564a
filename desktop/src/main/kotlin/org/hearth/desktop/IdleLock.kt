package org.hearth.desktop

import kotlinx.coroutines.delay
import java.awt.AWTEvent
import java.awt.Toolkit
import java.awt.Window
import java.awt.event.AWTEventListener

/**
 * Locks after [idleMs] without keyboard or mouse input in the app (a shared computer, a
 * laptop left open). Time is measured with the monotonic clock, so changing the wall clock
 * cannot skip it.
 */
class IdleLock(private val window: Window, private val idleMs: Long, private val onIdle: () -> Unit) {
    @Volatile
    private var lastInput = System.nanoTime()

    private val listener = AWTEventListener { lastInput = System.nanoTime() }

    /** Watches until cancelled (it runs in the window's composition). */
    suspend fun run() {
        val mask = AWTEvent.KEY_EVENT_MASK or AWTEvent.MOUSE_EVENT_MASK or AWTEvent.MOUSE_MOTION_EVENT_MASK or AWTEvent.MOUSE_WHEEL_EVENT_MASK
        Toolkit.getDefaultToolkit().addAWTEventListener(listener, mask)
        try {
            while (true) {
                delay(CHECK_EVERY_MS)
                if ((System.nanoTime() - lastInput) / 1_000_000 >= idleMs && window.isShowing) {
                    onIdle()
                    lastInput = System.nanoTime()
                }
            }
        } finally {
            Toolkit.getDefaultToolkit().removeAWTEventListener(listener)
        }
    }

    private companion object {
        const val CHECK_EVERY_MS = 5_000L
    }
}
