package org.hearth.shared

import java.nio.file.Files
import kotlinx.coroutines.runBlocking
import org.hearth.ffi.HearthException
import org.hearth.ffi.createProfileWithKey
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class ErrorTextTest {
    @Test
    fun a_relay_in_the_clear_is_refused_in_words_that_say_what_to_change() = runBlocking {
        val dir = Files.createTempDirectory("hearth-errortext").toFile().also { it.deleteOnExit() }
        val client = createProfileWithKey(dir.path, ByteArray(32) { 3 }, "Robin")
        try {
            val refused = assertThrows<HearthException.InvalidInput> { client.setRelay("http://relay.example.org") }
            assertEquals(
                "Please check the relay's address: must use https:// (plain http:// only reaches a relay on this computer).",
                ErrorText.of(refused),
            )
            client.setRelay("https://relay.example.org")
        } finally {
            client.closeProfile()
        }
    }
}
