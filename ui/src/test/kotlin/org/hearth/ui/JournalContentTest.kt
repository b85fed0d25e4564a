package org.hearth.ui

import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import kotlinx.coroutines.runBlocking
import org.hearth.ffi.Checkin
import org.hearth.ffi.CheckinDraft
import org.hearth.ffi.Entry
import org.hearth.ffi.EntryDraft
import org.hearth.ffi.createProfileWithKey
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test
import org.junit.rules.TemporaryFolder

/** The journal list as a function of its state, with records the library really made. */
class JournalContentTest {
    @get:Rule
    val rule = createComposeRule()

    @get:Rule
    val tmp = TemporaryFolder()

    private class Recorded : JournalActions {
        val calls = mutableListOf<String>()
        override fun search(text: String) { calls += "search $text" }
        override fun write() { calls += "write" }
        override fun edit(entry: Entry) { calls += "edit ${entry.body}" }
        override fun deleteCheckin(checkin: Checkin) { calls += "delete ${checkin.note}" }
    }

    @Test
    fun a_found_entry_opens_and_a_check_in_is_deleted_only_after_asking() {
        val client = runBlocking { createProfileWithKey(tmp.root.path, ByteArray(32) { 7 }, "Sam") }
        val (checkin, entry, hits) = runBlocking {
            val c = client.addCheckin(CheckinDraft(mood = 2u, note = "A heavy day."))
            val e = client.addEntry(EntryDraft(body = "Walked by the river after work."))
            Triple(c, e, client.search("river", 10u))
        }
        val actions = Recorded()
        rule.setContent {
            HearthTheme(false) { JournalContent(JournalState(listOf(checkin), listOf(entry), "river", hits), actions) }
        }
        rule.onNodeWithText("Walked by the river after work.").performClick()
        assertEquals(listOf("edit Walked by the river after work."), actions.calls)
        rule.assertEveryClickableIsLabelled()

        actions.calls.clear()
        rule.setContent {
            HearthTheme(false) { JournalContent(JournalState(listOf(checkin), listOf(entry), "", emptyList()), actions) }
        }
        rule.onNodeWithText("Delete check-in").performClick()
        assertEquals(emptyList<String>(), actions.calls) // it asks first
        rule.onNodeWithText("Keep").performClick()
        rule.onNodeWithText("Delete check-in").performClick()
        rule.onNodeWithText("Delete").performClick()
        assertEquals(listOf("delete A heavy day."), actions.calls)
        runBlocking { client.closeProfile() }
    }
}
