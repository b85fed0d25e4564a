package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.ui.test.assertIsEnabled
import androidx.compose.ui.test.assertIsNotEnabled
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.test.assertIsOff
import androidx.compose.ui.test.assertIsOn
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

    private class RecordedImports : ForeignImportActions {
        val calls = mutableListOf<String>()
        override fun choose(app: org.hearth.ffi.ForeignApp) { calls += "choose $app" }
        override fun timeZone(text: String) { calls += "zone $text" }
        override fun mood(label: String, mood: Int) { calls += "mood $label=$mood" }
        override fun import() { calls += "import" }
        override fun cancel() { calls += "cancel" }
    }

    private class RecordedWakes : WakesActions {
        val calls = mutableListOf<String>()
        override fun gatewayInput(text: String) { calls += "gateway $text" }
        override fun turnOn() { calls += "on" }
        override fun turnOff() { calls += "off" }
        override fun nameCircles(on: Boolean) { calls += "name $on" }
        override fun quietHours(on: Boolean) { calls += "quiet $on" }
        override fun quietFrom(text: String) { calls += "from $text" }
        override fun quietUntil(text: String) { calls += "until $text" }
    }

    @Test
    fun a_backup_needs_a_passphrase_of_eight_characters() {
        val actions = Recorded()
        var state by mutableStateOf(SettingsState(backupPassphrase = "short"))
        rule.setContent { HearthTheme(false) { SettingsContent(state, actions, RecordedWakes(), RecordedImports()) } }
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
        rule.setContent { HearthTheme(false) { SettingsContent(state, actions, RecordedWakes(), RecordedImports()) } }
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

    @Test
    fun the_desktop_needs_no_wake_ups_and_a_phone_turns_them_on_with_a_gateway() {
        val wakes = RecordedWakes()
        var state by mutableStateOf(SettingsState())
        rule.setContent { HearthTheme(false) { SettingsContent(state, Recorded(), wakes, RecordedImports()) } }
        rule.onNodeWithText(Strings.WAKES_NOT_NEEDED).performScrollTo().assertExists()
        rule.onNodeWithText(Strings.TURN_ON_WAKES).assertDoesNotExist()

        state = SettingsState(wakes = WakesState(via = "ntfy"))
        rule.onNodeWithText(Strings.WAKES_NOT_NEEDED).assertDoesNotExist()
        rule.onNodeWithText(Strings.TURN_ON_WAKES).performScrollTo().assertIsNotEnabled()
        rule.onNodeWithText(Strings.PUSH_GATEWAY).performTextInput("https://push.example")
        state = state.copy(wakes = state.wakes!!.copy(gatewayInput = "https://push.example"))
        rule.onNodeWithText(Strings.TURN_ON_WAKES).performScrollTo().assertIsEnabled().performClick()
        rule.onNodeWithText(Strings.NAME_CIRCLES).performScrollTo().assertIsOff().performClick()
        rule.onNodeWithText(Strings.QUIET_HOURS).performScrollTo().performClick()
        assertEquals(listOf("gateway https://push.example", "on", "name true", "quiet true"), wakes.calls)

        state = state.copy(wakes = state.wakes!!.copy(gateway = "https://push.example", message = Strings.WAKES_TURNED_ON, nameCircles = true))
        rule.onNodeWithText(Strings.wakesOn("https://push.example", "ntfy")).performScrollTo().assertExists()
        rule.onNodeWithText(Strings.WAKES_TURNED_ON).assertExists()
        rule.onNodeWithText(Strings.NAME_CIRCLES).assertIsOn()
        rule.onNodeWithText(Strings.TURN_OFF_WAKES).performScrollTo().performClick()
        assertEquals("off", wakes.calls.last())
        rule.assertEveryClickableIsLabelled()
    }
}
