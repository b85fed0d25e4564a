package org.hearth.shared

import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test

class AppLockPolicyTest {
    @Test
    fun `locked at launch, open after unlock, locked again after the timeout in background`() {
        val lock = AppLockPolicy(timeoutMs = 30_000)
        assertTrue(lock.isLocked)
        lock.unlock()
        lock.onBackground(1_000)
        assertFalse(lock.onForeground(20_000)) // a quick glance at another app
        lock.onBackground(50_000)
        assertTrue(lock.onForeground(80_001)) // just over 30 s away
    }

    @Test
    fun `a clock that went backwards locks, and quick exit locks at once`() {
        val lock = AppLockPolicy(timeoutMs = 30_000)
        lock.unlock()
        lock.onBackground(10_000)
        assertTrue(lock.onForeground(5_000))
        lock.unlock()
        lock.lockNow()
        assertTrue(lock.isLocked)
        assertTrue(lock.onForeground(6_000))
    }
}
