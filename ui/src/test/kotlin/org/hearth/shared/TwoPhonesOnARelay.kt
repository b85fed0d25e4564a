package org.hearth.shared

import kotlinx.coroutines.runBlocking
import org.hearth.ffi.HearthClient
import org.hearth.ffi.createProfileWithKey
import org.hearth.testing.TestRelay
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.io.TempDir
import java.io.File

/** Two real profiles, Fern (who facilitates) and Ash, and the real relay: what the circle and invite tests share. */
abstract class TwoPhonesOnARelay {
    @TempDir
    lateinit var tmp: File
    protected lateinit var relay: TestRelay
    protected lateinit var fern: HearthClient
    protected lateinit var ash: HearthClient

    @BeforeEach
    fun open() = runBlocking<Unit> {
        relay = TestRelay(tmp)
        fern = createProfileWithKey(File(tmp, "fern").path, ByteArray(32) { 1 }, "Fern")
        ash = createProfileWithKey(File(tmp, "ash").path, ByteArray(32) { 2 }, "Ash")
    }

    @AfterEach
    fun close() = runBlocking<Unit> {
        fern.closeProfile()
        ash.closeProfile()
        relay.close()
    }
}
