package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.ui.test.SemanticsNodeInteraction
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.ComposeContentTestRule
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import org.hearth.ffi.HearthClient
import org.hearth.shared.AppLockPolicy
import org.hearth.shared.PassphraseGate
import java.io.File

/** A platform that records what the screens asked of it, for the assertions. */
class RecordingPlatform(override val region: String = "US") : Platform {
    val reached = mutableListOf<CrisisLineState>()
    val shared = mutableListOf<String>()
    val saved = mutableMapOf<String, ByteArray>()
    var toOpen: ByteArray? = null
    var reminderSchedules = 0

    override val crisisContact = CrisisContact { reached += it }

    override fun share(text: String): String? {
        shared += text
        return Strings.COPIED
    }

    override suspend fun saveFile(suggestedName: String, mimeType: String, bytes: () -> ByteArray): Boolean {
        saved[suggestedName] = bytes()
        return true
    }

    override suspend fun openFile(): ByteArray? = toOpen

    override suspend fun scheduleReminders(client: HearthClient) {
        reminderSchedules++
    }
}

/**
 * One app instance as a person runs it: the real screens over the real library, with a
 * passphrase profile in [dir] (the desktop's way), driven through the semantics tree.
 */
class TestApp(val rule: ComposeContentTestRule, val dir: File, val platform: RecordingPlatform = RecordingPlatform()) : AutoCloseable {
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    val model = AppModel(PassphraseGate(dir.path), AppLockPolicy(), platform, scope)

    /** Shows the app, as the desktop window does. */
    fun show(startTab: Tab = Tab.Today) {
        model.start()
        rule.setContent { HearthApp(model, platform, dark = false, onUnlock = {}, onQuickExit = model::lockNow, startTab = startTab) }
    }

    /** Waits (the core works off the UI thread) until [text] shows. */
    fun await(text: String, substring: Boolean = false, timeoutMs: Long = 15_000): SemanticsNodeInteraction {
        rule.waitUntil(timeoutMs) { rule.onAllNodesWithText(text, substring = substring).fetchSemanticsNodes().isNotEmpty() }
        return rule.onAllNodesWithText(text, substring = substring)[0]
    }

    /** Types into the text field labelled [label], once it shows (screens load from the core). */
    fun type(label: String, text: String, timeoutMs: Long = 15_000) {
        val field = hasText(label).and(androidx.compose.ui.test.hasSetTextAction())
        rule.waitUntil(timeoutMs) { rule.onAllNodes(field).fetchSemanticsNodes().isNotEmpty() }
        rule.onAllNodes(field)[0].performTextInput(text)
    }

    /** Clicks the first clickable node showing [text] (a tab's label is also the screen's title). */
    fun click(text: String, substring: Boolean = false, timeoutMs: Long = 15_000) {
        val clickable = hasText(text, substring = substring).and(hasClickAction())
        rule.waitUntil(timeoutMs) { rule.onAllNodes(clickable).fetchSemanticsNodes().isNotEmpty() }
        val node = rule.onAllNodes(clickable)[0]
        // A click lands where the node is drawn: one below a long screen's fold is scrolled to
        // first, as a person would (a node outside any scrolling container stays put).
        runCatching { node.performScrollTo() }
        node.performClick()
    }

    /** Clicks the node described as [description]. */
    fun clickDescribed(description: String) {
        rule.onNode(hasContentDescription(description)).performClick()
    }

    /** Onboards through the screens: a name and a passphrase. */
    fun onboard(name: String, passphrase: String) {
        await(Strings.WELCOME)
        type(Strings.YOUR_NAME, name)
        type(Strings.PASSPHRASE, passphrase)
        type(Strings.PASSPHRASE_AGAIN, passphrase)
        click(Strings.START)
        await("How are you feeling?")
    }

    override fun close() {
        scope.cancel()
    }
}
