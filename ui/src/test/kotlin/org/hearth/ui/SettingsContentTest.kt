package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import org.junit.Assert.assertEquals
import org.junit.Rule
import org.junit.Test

/** The settings screen as a function of its state: backups, the relay, deleting everything. */
class SettingsContentTest {
    @get:Rule
    val rule = createComposeRule()

    private class Recorded : SettingsActions {
        val calls = mutableListOf<String>()
        override fun remind(on: Boolean) { calls += "remind $on" }
        override fun time(text: String) { calls += "time $text" }
        override fun backupPassphrase(text: String) { calls += "passphrase" }
        override fun saveBackup() { calls += "backup" }
        override fun restoreBackup() { calls += "restore" }
        override fun exportJson() { calls += "json" }
        override fun exportCsv() { calls += "csv" }
        override fun askToDelete() { calls += "ask" }
        override fun delete(deviceOnly: Boolean) { calls += "delete deviceOnly=$deviceOnly" }
        override fun keep() { calls += "keep" }
    }

    @Test
    fun a_backup_needs_a_passphrase_of_eight_characters() {
        val actions = Recorded()
        var state by mutableStateOf(SettingsState(backupPassphrase = "short"))
        rule.setContent { HearthTheme(false) { SettingsContent(state, actions) } }
        rule.onNodeWithText(Strings.SAVE_BACKUP).performScrollTo().assertIsNotEnabled()
        rule.onNodeWithText(Strings.RESTORE_BACKUP).assertIsEnabled()
        state = state.copy(backupPassphrase = "long enough")
        rule.onNodeWithText(Strings.SAVE_BACKUP).performScrollTo().assertIsEnabled().performClick()
        rule.onNodeWithText(Strings.EXPORT_CSV).performScrollTo().performClick()
        rule.onNodeWithText(Strings.relay(null)).performScrollTo().assertExists()
        assertEquals(listOf("backup", "csv"), actions.calls)
        rule.assertEveryClickableIsLabelled()
    }

    @Test
    fun deleting_everything_is_confirmed_and_offers_this_device_only_when_the_relay_is_away() {
        val actions = Recorded()
        var state by mutableStateOf(SettingsState(relay = "https://relay.example"))
        rule.setContent { HearthTheme(false) { SettingsContent(state, actions) } }
        rule.onNodeWithText(Strings.relay("https://relay.example")).performScrollTo().assertExists()
        rule.onNodeWithText(Strings.DELETE_EVERYTHING_ELLIPSIS).performScrollTo().performClick()
        assertEquals(listOf("ask"), actions.calls)

        state = state.copy(deleting = DeleteStep.Confirm)
        rule.onNodeWithText(Strings.DELETE_EVERYTHING_TEXT).assertExists()
        rule.onNodeWithText(Strings.DELETE_EVERYTHING).performClick()
        assertEquals("delete deviceOnly=false", actions.calls.last())

        state = state.copy(deleting = DeleteStep.OfferDeviceOnly, message = "The relay can't be reached.")
        rule.onNodeWithText(Strings.DELETE_DEVICE_ONLY_TEXT).assertExists()
        rule.onNodeWithText(Strings.DELETE_DEVICE_ONLY).performClick()
        assertEquals("delete deviceOnly=true", actions.calls.last())

        state = state.copy(deleting = DeleteStep.None)
        rule.onNodeWithText(Strings.DELETE_DEVICE_ONLY_TEXT).assertDoesNotExist()
    }
}
