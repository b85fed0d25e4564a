package org.hearth.ffi

import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import org.hearth.shared.TestRelay
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.io.TempDir
import java.io.File
import java.security.SecureRandom
import java.util.concurrent.CopyOnWriteArrayList

/** What the scenarios against the real relay binary share: a temporary directory, the relay, and random keys. */
abstract class RelayScenario {
    @TempDir
    lateinit var tmp: File

    protected lateinit var relay: TestRelay

    @BeforeEach
    fun startRelay() {
        relay = TestRelay(tmp)
    }

    @AfterEach
    fun stopRelay() = relay.close()

    protected fun key() = ByteArray(32).also { SecureRandom().nextBytes(it) }
}

/** A listener that records the core's events; called on a Rust thread, it returns at once. */
class Recorder : HearthListener {
    val events = CopyOnWriteArrayList<HearthEvent>()

    override fun onEvent(event: HearthEvent) {
        events += event
    }

    /** Waits until an event matches [predicate]. */
    suspend fun waitFor(predicate: (HearthEvent) -> Boolean) = withTimeout(15_000) {
        while (events.none(predicate)) delay(20)
    }
}
