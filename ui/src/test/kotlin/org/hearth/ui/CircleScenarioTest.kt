package org.hearth.ui

import org.hearth.shared.Strings
import org.hearth.shared.TalkText
import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.semantics.getOrNull
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.longClick
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.performTouchInput
import org.hearth.testing.TestRelay
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import java.io.File

/**
 * A facilitator and a member, each in their own app instance with their own profile, on the
 * real relay binary: everything between them goes through the screens, the library and the
 * relay, as it does for people.
 */
class CircleScenarioTest {
    @get:Rule
    val fernRule = createComposeRule()

    @get:Rule
    val ashRule = createComposeRule()

    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun a_facilitator_invites_a_member_who_joins_talks_is_reported_removed_paused_and_asks_for_a_private_talk() {
        TestRelay(tmp.newFolder("relay")).use { relay ->
            TestApp(fernRule, File(tmp.root, "fern")).use { fern ->
                TestApp(ashRule, File(tmp.root, "ash")).use { ash ->
                    fern.show()
                    ash.show()
                    fern.onboard("Fern", "fern's long passphrase")
                    ash.onboard("Ash", "ash's long passphrase")
                    fern.connect(relay.url)
                    ash.connect(relay.url)

                    // Fern creates a circle and makes a code; its QR code shows with it.
                    fern.click("New circle")
                    fern.type("Name", "Evening circle")
                    fern.click("Create")
                    fern.click("Invite")
                    fern.click("New code")
                    fern.click("Make code")
                    fern.rule.waitUntil(15_000) { fern.texts().any(CODE::matches) }
                    val code = fern.texts().first(CODE::matches)
                    fern.rule.onNode(hasContentDescription("QR code of the invite link")).assertExists()
                    fernRule.assertEveryClickableIsLabelled()
                    fern.click("Done")

                    // Ash joins with it; Fern lets them in after both compare the same words.
                    ash.click("Join with a code")
                    ash.type("Code", code)
                    ash.type("Your name in this circle", "Ash")
                    ash.click("Join")
                    fern.await("Let Ash in", timeoutMs = 60_000)
                    val fernWords = fern.await("Compare these words", substring = true, timeoutMs = 30_000).text()
                    val ashWords = ash.await("Compare these words", substring = true, timeoutMs = 60_000).text()
                    assertEquals("both phones show the same four words", fernWords, ashWords)
                    fern.click("Let Ash in")

                    // Ash opens the circle, accepts its guidelines and writes.
                    ash.click("Check now")
                    ash.click("Evening circle", timeoutMs = 60_000)
                    ash.click("I've read them and agree", timeoutMs = 30_000)
                    ash.type("Message", "Hello from Ash")
                    ash.click("Send")
                    ashRule.assertEveryClickableIsLabelled()

                    // Fern reads it, replies to it and reacts to it.
                    fern.click("‹ Evening circle")
                    fern.awaitDescribed("Ash: Hello from Ash", timeoutMs = 60_000)
                    // A system event, worded by the UI from the core's record.
                    fern.await("Ash joined. They can't read what was sent before.")
                    fern.longPress("Ash: Hello from Ash")
                    fern.click("Reply")
                    fern.type("Message", "Welcome, Ash")
                    fern.click("Send")
                    fern.longPress("Ash: Hello from Ash")
                    fern.click("💛")
                    ash.await("↪ Hello from Ash", timeoutMs = 60_000)
                    ash.await("💛 1", timeoutMs = 60_000)

                    // Ash reports Fern's reply; the report reaches Fern.
                    ash.longPress("Fern: Welcome, Ash")
                    ash.click("Report to the facilitators")
                    ash.click(org.hearth.ffi.reportReasonLabel(org.hearth.ffi.reportReasons().first()))
                    ash.click("Send report")
                    ash.await("Report sent")
                    ash.click("Close")
                    fern.click("Reports")
                    fern.await("Welcome, Ash", substring = true, timeoutMs = 60_000)
                    fernRule.assertEveryClickableIsLabelled()
                    fern.click("Close")

                    // Fern removes Ash's message for everyone.
                    fern.longPress("Ash: Hello from Ash")
                    fern.click("Remove for everyone")
                    ash.await("Removed by a facilitator", timeoutMs = 60_000)

                    // Fern pauses Ash, whose next post is refused with the reason.
                    fern.click("2 members")
                    fern.click("Ash · guidelines v1", substring = true)
                    fern.click("Pause posting for 1 hour")
                    fern.click("Done")
                    ash.await("paused", substring = true, timeoutMs = 60_000)
                    ash.type("Message", "Can I still post?")
                    ash.click("Send")
                    ash.await(org.hearth.shared.ErrorText.of(org.hearth.ffi.HearthException.TimedOut(0L)), timeoutMs = 30_000)

                    // Ash asks Fern for a private talk from the member list; only Fern is asked.
                    ash.click("2 members")
                    ash.click("Fern · facilitator")
                    ash.click("Ask for a private talk")
                    ash.await(TalkText.ASKED)
                    ash.click("Done")
                    ash.await("You asked Fern for a private talk. Waiting for their answer.")
                    fern.await("Ash would like to talk with you privately.", timeoutMs = 60_000)
                    fernRule.assertEveryClickableIsLabelled()

                    // Fern accepts: the talk opens on her phone, and on Ash's once it arrives.
                    fern.click(TalkText.ACCEPT)
                    fern.await("Private talk with Ash", timeoutMs = 30_000)
                    fern.await(TalkText.PRIVATE)
                    ash.await("Your private talk with Fern is open.", timeoutMs = 60_000)
                    ash.click(TalkText.OPEN)
                    ash.await("Private talk with Fern")
                    ash.type("Message", "Thank you for making time")
                    ash.click("Send")
                    fern.awaitDescribed("Ash: Thank you for making time", timeoutMs = 60_000)

                    // Either can end it, after one more question; both see who did.
                    fern.click(TalkText.END)
                    fern.click(TalkText.CONFIRM_END)
                    fern.await("You ended this talk.", timeoutMs = 30_000)
                    ash.await("Fern ended this talk.", timeoutMs = 60_000)
                    ash.await(TalkText.ENDED)
                    ashRule.assertEveryClickableIsLabelled()
                }
            }
        }
    }

    @Test
    fun delete_everything_leaves_the_relay_then_the_device_and_offers_device_only_when_the_relay_is_gone() {
        val fernDir = File(tmp.root, "fern")
        TestRelay(tmp.newFolder("relay")).use { relay -> TestApp(fernRule, fernDir).use { fern ->
            fern.show()
            fern.onboard("Fern", "fern's long passphrase")
            fern.connect(relay.url)
            // The relay goes away: nothing is deleted, and this device only is offered.
            relay.close() // closing it again at the end is harmless
            fern.click(Strings.TAB_SETTINGS)
            fern.click("Delete everything…")
            fern.click("Delete everything")
            fern.await("The relay can't be reached")
            assertTrue("nothing was deleted", File(fernDir, "profile.db").exists())
            fern.click("Delete from this device only")
            fern.await(Strings.WELCOME, timeoutMs = 30_000)
            assertTrue("the profile is gone", !File(fernDir, "profile.db").exists())
        } }
        TestRelay(tmp.newFolder("relay2")).use { second ->
            val ashDir = File(tmp.root, "ash")
            TestApp(ashRule, ashDir).use { ash ->
                ash.show()
                ash.onboard("Ash", "ash's long passphrase")
                ash.connect(second.url)
                ash.click(Strings.TAB_SETTINGS)
                ash.await("relay at ${second.url}", substring = true)
                ash.click("Delete everything…")
                ash.click("Delete everything")
                ash.await(Strings.WELCOME, timeoutMs = 30_000)
                assertTrue("the profile is gone", !File(ashDir, "profile.db").exists())
            }
        }
    }

    @Test
    fun risk_language_in_a_draft_offers_support_before_sending() {
        TestApp(fernRule, File(tmp.root, "fern")).use { fern ->
            fern.show()
            fern.onboard("Fern", "fern's long passphrase")
            fern.click(Strings.TAB_CIRCLES)
            fern.click("New circle")
            fern.type("Name", "Evening circle")
            fern.click("Create")
            fern.type("Message", "I want to end my life")
            fern.click("Send")
            fern.await("You don't have to face this alone")
            fern.await("Send anyway")
            assertTrue("nothing was sent", fern.texts().none { it == "sending…" })
            fernRule.assertEveryClickableIsLabelled()
        }
    }

    private companion object {
        /** An invite code as the screen shows it. */
        val CODE = Regex("[0-9A-Z]{4,8}(-[0-9A-Z]{4}){2,}")
    }
}

private fun androidx.compose.ui.test.SemanticsNodeInteraction.text(): String =
    fetchSemanticsNode().config.getOrNull(SemanticsProperties.Text).orEmpty().joinToString { it.text }

/** Every text the app shows now (for reading a code off the screen). */
fun TestApp.texts(): List<String> = rule.onAllNodes(hasText("", substring = true)).fetchSemanticsNodes()
    .flatMap { it.config.getOrNull(SemanticsProperties.Text).orEmpty().map { t -> t.text } }

/** Connects to the relay from the circles tab. */
fun TestApp.connect(url: String) {
    click(Strings.TAB_CIRCLES)
    await("Circles need a relay")
    rule.onNode(hasText("Relay address").and(hasSetTextAction())).performTextReplacement(url)
    click("Connect")
    await("Your device id", substring = true, timeoutMs = 30_000)
}

/** Long-presses the node described as [description] (a message), for its actions. */
fun TestApp.longPress(description: String) {
    awaitDescribed(description)
    rule.onAllNodes(hasContentDescription(description).and(hasClickAction()))[0].performTouchInput { longClick() }
}

/** Waits until a node described as [description] shows. */
fun TestApp.awaitDescribed(description: String, timeoutMs: Long = 15_000) {
    rule.waitUntil(timeoutMs) { rule.onAllNodes(hasContentDescription(description)).fetchSemanticsNodes().isNotEmpty() }
}
