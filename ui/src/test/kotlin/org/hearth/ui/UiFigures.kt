package org.hearth.ui

import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollToNode
import androidx.compose.ui.test.hasText
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.runComposeUiTest
import kotlinx.coroutines.delay
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.hearth.ffi.createProfileWithKey
import org.hearth.shared.CircleRepository
import org.hearth.testing.TestRelay
import java.io.File
import java.nio.file.Files

/**
 * The shared UI's figures (a bench program, not a test): the first frame of a chat with 1,000
 * messages, and the heap in use with 20 circles open. Run by scripts/ui-figures.sh.
 */
@OptIn(ExperimentalTestApi::class)
fun main(args: Array<String>) {
    val count = args.firstOrNull()?.toIntOrNull() ?: 1000
    val dir = Files.createTempDirectory("hearth-figures").toFile()
    TestRelay(File(dir, "relay").also { it.mkdirs() }).use { relay ->
        val client = runBlocking { createProfileWithKey(File(dir, "fern").path, ByteArray(32) { 1 }, "Fern") }
        val circles = CircleRepository(client)
        val chat = runBlocking {
            circles.connect(relay.url)
            val circle = circles.createCircle("A thousand messages", "", "")
            val started = System.nanoTime()
            for (i in 1..count) circles.send(circle.circleId, "Message $i of a long evening")
            // Until the relay has placed them all.
            withTimeout(300_000) {
                while (client.circle(circle.circleId).waiting > 0u) { circles.syncNow(); delay(50) }
            }
            println("setup: $count messages sent and placed in ${(System.nanoTime() - started) / 1_000_000} ms")
            circle.circleId
        }
        val platform = RecordingPlatform()
        repeat(3) { round ->
            runComposeUiTest {
                // Frames advance by hand: the chat's scroll animation never lets the test
                // clock go idle on its own.
                mainClock.autoAdvance = false
                val start = System.nanoTime()
                setContent {
                    CompositionLocalProvider(LocalPlatform provides platform) {
                        HearthTheme(false) { CircleChatScreen(circles, chat, onBack = {}) }
                    }
                }
                frameUntil { onAllNodes(hasContentDescription("Message $count of a long evening", substring = true)).fetchSemanticsNodes().isNotEmpty() }
                println("chat with $count messages, round ${round + 1}: first frame showing the newest in ${(System.nanoTime() - start) / 1_000_000} ms")
            }
        }

        // 20 circles, each one's chat opened once; then the heap in use after a full GC.
        val ids = runBlocking { (1..20).map { circles.createCircle("Circle $it", "A circle", "Be kind.").circleId } }
        runBlocking { ids.forEach { circles.send(it, "Hello, circle") } }
        heap("before opening the 20 circles")
        // The same reads the chat makes, without drawing: what the core holds per circle.
        runBlocking { ids.forEach { client.latestCircleMessages(it, 200u); client.circleMembers(it); client.circle(it) } }
        heap("after the core read all 20 circles (no drawing)")
        // One window-sized scene; each circle's chat is opened in turn (its flows collected,
        // its messages drawn) and stays in the profile's caches.
        val open = androidx.compose.runtime.mutableStateOf(ids.first())
        val scene = androidx.compose.ui.ImageComposeScene(1024, 720) {
            CompositionLocalProvider(LocalPlatform provides platform) {
                HearthTheme(false) { CircleChatScreen(circles, open.value, onBack = {}) }
            }
        }
        var frame = 0L
        for (id in ids) {
            androidx.compose.runtime.snapshots.Snapshot.withMutableSnapshot { open.value = id }
            repeat(20) {
                scene.render(frame++ * 16_000_000L).close() // each frame is a native image
                Thread.sleep(25)
            }
            if (id == ids.first()) heap("with the first circle's chat drawn")
        }
        heap("with 20 circles, each chat opened in turn")
        scene.close()
        runBlocking { client.closeProfile() }
    }
    dir.deleteRecursively()
}

/** Draws frames until [done], in real time, for at most a minute. */
@OptIn(ExperimentalTestApi::class)
private fun androidx.compose.ui.test.ComposeUiTest.frameUntil(done: () -> Boolean) {
    val deadline = System.nanoTime() + 60_000_000_000L
    while (!done()) {
        check(System.nanoTime() < deadline) {
            val shown = onAllNodes(androidx.compose.ui.test.hasContentDescription("", substring = true)).fetchSemanticsNodes()
                .mapNotNull { it.config.getOrNull(androidx.compose.ui.semantics.SemanticsProperties.ContentDescription)?.firstOrNull() }
            "the screen did not show it within a minute; it shows ${shown.take(3)} … ${shown.takeLast(3)}"
        }
        mainClock.advanceTimeByFrame()
        Thread.sleep(5)
    }
}

private fun heap(label: String) {
    repeat(3) { System.gc(); Thread.sleep(200) }
    val rt = Runtime.getRuntime()
    val used = (rt.totalMemory() - rt.freeMemory()) / (1024 * 1024)
    // The whole process too: the Rust core's memory is outside the Java heap.
    val rss = File("/proc/self/status").takeIf { it.exists() }?.readLines()
        ?.firstOrNull { it.startsWith("VmRSS:") }?.filter { it.isDigit() }?.toLongOrNull()?.let { "; process resident ${it / 1024} MiB" }.orEmpty()
    println("heap in use $label: $used MiB$rss")
}
