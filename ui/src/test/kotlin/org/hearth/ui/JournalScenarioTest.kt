package org.hearth.ui

import org.hearth.shared.GoalText
import org.hearth.shared.Strings
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onAllNodesWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextReplacement
import kotlinx.coroutines.runBlocking
import org.hearth.ffi.createProfileWithPassphrase
import org.junit.Assert.assertArrayEquals
import org.junit.Assert.assertEquals
import org.junit.Assert.assertTrue
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder
import java.io.File

/** The journal as a person uses it, on the real screens and the real library. */
class JournalScenarioTest {
    @get:Rule
    val rule = createComposeRule()

    @get:Rule
    val tmp = TemporaryFolder()

    @Test
    fun a_check_in_shows_in_the_journal_search_and_insights() {
        TestApp(rule, File(tmp.root, "profile")).use { app ->
            app.show()
            app.onboard("Sam", "a long enough passphrase")
            rule.assertEveryClickableIsLabelled()

            app.click("Good")
            app.click("calm")
            app.type("Add a tag", "walk")
            app.click("Add")
            app.type("A private note", "A slow walk by the river helped.")
            rule.onAllNodesWithText("Save check-in")[0].performScrollTo().performClick()
            app.await("Saved. Thank you for checking in.")

            app.click(Strings.TAB_JOURNAL)
            app.await("Mood: Good", substring = true)
            app.await("calm · walk")
            rule.assertEveryClickableIsLabelled()
            app.type("Search your journal", "river")
            app.await("river") // the matched word, shown in the snippet
            app.click(Strings.TAB_INSIGHTS)
            rule.waitUntil(15_000) {
                rule.onAllNodes(hasContentDescription("Mood chart: 1 check-ins", substring = true)).fetchSemanticsNodes().isNotEmpty()
            }
            app.await("1 check-ins · average mood", substring = true)
            rule.assertEveryClickableIsLabelled()
        }
    }

    @Test
    fun a_reminder_time_is_read_by_the_core_and_a_bad_one_says_what_is_wanted() {
        TestApp(rule, File(tmp.root, "profile")).use { app ->
            app.show()
            app.onboard("Sam", "a long enough passphrase")
            app.click(Strings.TAB_SETTINGS)
            val time = hasText("Time (HH:MM)").and(hasSetTextAction())
            app.await("Remind me")
            rule.onNode(time).performTextReplacement("8pm")
            app.click("Remind me")
            app.await("expected HH:MM", substring = true)
            rule.onNode(time).performTextReplacement("8:30")
            app.click("Remind me")
            app.await("Reminder set for 8:30.")
            rule.waitUntil(15_000) { app.platform.reminderSchedules > 1 }
            rule.assertEveryClickableIsLabelled()
        }
    }

    @Test
    fun a_wrong_passphrase_shows_why_and_changes_no_file() {
        val dir = File(tmp.root, "profile")
        runBlocking { createProfileWithPassphrase(dir.path, "the right passphrase", "Sam").closeProfile() }
        val before = dir.listFiles()!!.associate { it.name to it.readBytes() }
        TestApp(rule, dir).use { app ->
            app.show()
            app.await(Strings.LOCKED)
            app.type(Strings.PASSPHRASE, "the wrong passphrase")
            app.click(Strings.UNLOCK)
            app.await("That passphrase does not open this journal", substring = true).assertIsDisplayed()
            rule.assertEveryClickableIsLabelled()
            // Crisis lines are one step away even when the journal will not open.
            app.click(Strings.GET_HELP_NOW)
            app.await("988", substring = true)
        }
        val after = dir.listFiles()!!.associate { it.name to it.readBytes() }
        assertEquals(before.keys, after.keys)
        before.forEach { (name, bytes) -> assertArrayEquals("$name changed", bytes, after.getValue(name)) }
    }

    @Test
    fun a_positive_phq9_item_9_goes_to_the_crisis_lines_of_the_region() {
        TestApp(rule, File(tmp.root, "profile"), RecordingPlatform(region = "US")).use { app ->
            app.show()
            app.onboard("Sam", "a long enough passphrase")
            app.click(Strings.TAB_SURVEYS)
            app.click("PHQ-9")
            val none = rule.onAllNodesWithText("Not at all")
            val nodes = none.fetchSemanticsNodes().size
            assertEquals(9, nodes)
            for (item in 0 until 8) none[item].performScrollTo().performClick()
            rule.onAllNodesWithText("Several days")[8].performScrollTo().performClick()
            rule.onAllNodesWithText("See my result")[0].performScrollTo().performClick()
            app.await("You're not alone")
            app.await("988", substring = true)
            rule.onAllNodes(hasText("988", substring = true).and(hasClickAction()))[0].performClick()
            assertTrue("the line was reached through the platform", app.platform.reached.any { "988" in it.address })
            rule.assertEveryClickableIsLabelled()
        }
    }

    @Test
    fun a_daylio_export_is_previewed_its_own_mood_word_given_a_meaning_then_imported_once() {
        val daylio = File("../core/tests/fixtures/foreign/daylio.csv").readBytes()
        TestApp(rule, File(tmp.root, "profile")).use { app ->
            app.show()
            app.onboard("Sam", "a long enough passphrase")
            app.click(Strings.TAB_SETTINGS)
            app.platform.toOpen = daylio
            rule.onAllNodes(hasText(Strings.FROM_DAYLIO).and(hasClickAction()))[0].performScrollTo().performClick()
            app.await(Strings.importFrom("Daylio"))
            val zone = hasText(Strings.IMPORT_TIME_ZONE).and(hasSetTextAction())
            rule.onNode(zone).performTextReplacement("Mars/Olympus")
            app.await("not an IANA time zone", substring = true)
            rule.onNode(zone).performTextReplacement("Europe/Dublin")
            app.await(Strings.importHolds(4, 0, "2025-03-27", "2025-03-31", 0))
            app.await(Strings.moodWordIs("rad", 5))
            app.await(Strings.rowProblem(6, "date: not a date"))
            // "sad" is the person's own word: the import waits until they say what it means.
            app.await(Strings.moodWordNeeds("sad", 1))
            rule.onNode(hasText(Strings.IMPORT).and(hasClickAction())).assertIsNotEnabled()
            rule.assertEveryClickableIsLabelled()
            app.clickDescribed(Strings.moodWordChoice("sad", 2))
            app.await(Strings.importHolds(5, 0, "2025-03-27", "2025-03-31", 0))
            rule.onNode(hasText(Strings.IMPORT).and(hasClickAction())).assertIsEnabled().performClick()
            app.await(Strings.imported("Daylio", 5, 0, 0))

            // The same file again adds nothing, and says so.
            rule.onAllNodes(hasText(Strings.FROM_DAYLIO).and(hasClickAction()))[0].performScrollTo().performClick()
            app.await(Strings.importHolds(4, 0, "2025-03-27", "2025-03-31", 4))
            app.clickDescribed(Strings.moodWordChoice("sad", 2))
            app.await(Strings.importHolds(5, 0, "2025-03-27", "2025-03-31", 5))
            rule.onNode(hasText(Strings.IMPORT).and(hasClickAction())).performClick()
            app.await(Strings.imported("Daylio", 0, 0, 5))
            app.click(Strings.TAB_JOURNAL)
            app.await("Dinner with Sam", substring = true)
        }
    }

    @Test
    fun a_goal_is_set_logged_for_today_and_shows_its_week_and_in_insights() {
        TestApp(rule, File(tmp.root, "profile")).use { app ->
            app.show()
            app.onboard("Sam", "a long enough passphrase")
            app.await(GoalText.NO_GOALS)
            app.click(GoalText.NEW_GOAL)
            rule.onNode(hasText(GoalText.SAVE_GOAL).and(hasClickAction())).assertIsNotEnabled()
            app.type(GoalText.GOAL_TITLE, "Walk 20 minutes")
            // Any days, three times a week, with a reminder whose time is not a time.
            app.click(GoalText.ON_THESE_DAYS)
            app.clickDescribed(GoalText.timesAWeek(3))
            app.click(GoalText.REMIND_ME)
            app.type(GoalText.REMINDER_TIME, "6pm")
            rule.onNode(hasText(GoalText.SAVE_GOAL).and(hasClickAction())).assertIsEnabled().performClick()
            app.await("expected HH:MM, e.g. 08:30", substring = true)
            rule.assertEveryClickableIsLabelled()
            rule.onNode(hasText(GoalText.REMINDER_TIME).and(hasSetTextAction())).performTextReplacement("18:30")
            rule.onNode(hasText(GoalText.SAVE_GOAL).and(hasClickAction())).performClick()
            app.await("3 times a week", substring = true)
            // This week asks for three days, or as many as are left of it.
            val left = 8 - java.time.LocalDate.now().dayOfWeek.value
            val target = minOf(3, left)
            app.await("0 of $target done this week")
            rule.assertEveryClickableIsLabelled()

            app.clickDescribed("Walk 20 minutes: ${GoalText.PARTLY}")
            app.await("0 of $target done this week, 1 partly")
            app.clickDescribed("Walk 20 minutes: ${GoalText.DONE}")
            app.await("1 of $target done this week")
            // Choosing the same again takes it back.
            app.clickDescribed("Walk 20 minutes: ${GoalText.DONE}")
            app.await("0 of $target done this week")
            app.clickDescribed("Walk 20 minutes: ${GoalText.DONE}")
            app.await("1 of $target done this week")
            val client = app.model.current.value.let { it as AppState.Open }.journal.client
            val reminders = runBlocking { client.nextGoalReminders(null, 3u) }
            assertTrue(reminders.isNotEmpty())
            assertTrue(reminders.all { java.time.Instant.ofEpochMilli(it.at.unixMs).atZone(java.time.ZoneId.systemDefault()).let { t -> t.hour == 18 && t.minute == 30 } })

            app.click(Strings.TAB_INSIGHTS)
            app.await(GoalText.GOALS_AND_MOOD)
            app.await("Walk 20 minutes: mood", substring = true)

            // Ending asks first; the goal then leaves Today.
            app.click(Strings.TAB_TODAY)
            app.clickDescribed("${GoalText.END_GOAL} Walk 20 minutes")
            app.await(GoalText.endGoal("Walk 20 minutes"))
            rule.onNode(hasText(GoalText.END_GOAL).and(hasClickAction()).and(androidx.compose.ui.test.hasAnyAncestor(androidx.compose.ui.test.isDialog()))).performClick()
            app.await(GoalText.NO_GOALS)
        }
    }
}
