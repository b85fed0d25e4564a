package org.hearth.shared

import java.security.SecureRandom

/** An in-memory key vault that can be told to fail the way a reset Keystore does. */
class FakeVault : KeyVault {
    var key: ByteArray? = null
    var unwrapFails = false

    override fun hasKey() = key != null

    override fun loadKey(): ByteArray {
        if (unwrapFails) throw KeyUnavailableException("key permanently invalidated")
        return checkNotNull(key).copyOf()
    }

    override fun createKey(): ByteArray {
        val fresh = ByteArray(32).also { SecureRandom().nextBytes(it) }
        key = fresh.copyOf()
        return fresh
    }

    override fun deleteKey() {
        key = null
    }
}
