package org.hearth.ffi

import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout
import org.hearth.testing.TestRelay
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

    /** One person's phone: a profile on the relay, registered, with its sync. */
    protected class Phone(val client: HearthClient, val sync: RelaySync, val deviceId: String)

    protected suspend fun phone(name: String): Phone {
        val client = createProfileWithKey(File(tmp, name).path, key(), name)
        client.setRelay(relay.url)
        val sync = client.relaySync()
        val deviceId = sync.register()
        sync.syncOnce()
        return Phone(client, sync, deviceId)
    }

    /**
     * A few sync rounds for every phone, enough for posts and commits to reach everyone. The
     * people in these scenarios say yes to the circles they are added to (CircleScenarioTest
     * shows the invitation itself).
     */
    protected suspend fun settle(vararg phones: Phone) = repeat(4) {
        phones.forEach { phone ->
            phone.sync.syncOnce()
            phone.client.circles()
                .filter { it.state == CircleState.INVITED }
                .forEach { phone.client.acceptInvitation(it.circleId) }
        }
    }
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
