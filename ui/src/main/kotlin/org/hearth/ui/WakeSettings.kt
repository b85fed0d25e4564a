package org.hearth.ui

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.width
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.launch
import org.hearth.ffi.NotificationSettings
import org.hearth.ffi.TimeOfDay
import org.hearth.shared.ErrorText
import org.hearth.shared.PushSource
import org.hearth.shared.Strings
import org.hearth.shared.WakeRepository
import java.time.ZoneId

/** What the wake-up settings show on a phone. */
data class WakesState(
    /** The push service the phone is reached through. */
    val via: String,
    /** The gateway this phone is registered with; null while wake-ups are off. */
    val gateway: String? = null,
    /** The gateway address as typed. */
    val gatewayInput: String = "",
    /** Whether notifications name the circle. */
    val nameCircles: Boolean = false,
    /** Whether quiet hours are on, and their times as typed (the core reads them). */
    val quiet: Boolean = false,
    val quietFrom: String = "22:00",
    val quietUntil: String = "07:00",
    /** Registering or unregistering is under way. */
    val working: Boolean = false,
    /** The outcome of the last action, worded for the person. */
    val message: String? = null,
)

/** What the wake-up settings can do. */
interface WakesActions {
    fun gatewayInput(text: String)
    fun turnOn()
    fun turnOff()
    fun nameCircles(on: Boolean)
    fun quietHours(on: Boolean)
    fun quietFrom(text: String)
    fun quietUntil(text: String)
}

/**
 * The wake-ups section of the settings, drawn from [state]: null where the app keeps its own
 * connection (the desktop), which needs none.
 */
@Composable
fun WakesSection(state: WakesState?, actions: WakesActions) {
    Text(Strings.WAKE_UPS, style = MaterialTheme.typography.titleMedium)
    if (state == null) {
        Text(Strings.WAKES_NOT_NEEDED)
        return
    }
    Column(verticalArrangement = Arrangement.spacedBy(8.dp)) {
        Text(Strings.WAKES_EXPLAINED)
        if (state.gateway == null) {
            OutlinedTextField(
                value = state.gatewayInput, onValueChange = actions::gatewayInput, label = { Text(Strings.PUSH_GATEWAY) },
                singleLine = true, modifier = Modifier.fillMaxWidth(),
            )
            Button(onClick = actions::turnOn, enabled = state.gatewayInput.isNotBlank() && !state.working) { Text(Strings.TURN_ON_WAKES) }
        } else {
            Text(Strings.wakesOn(state.gateway, state.via))
            OutlinedButton(onClick = actions::turnOff, enabled = !state.working) { Text(Strings.TURN_OFF_WAKES) }
        }
        state.message?.takeIf { it.isNotEmpty() }?.let { Text(it) }
        LabelledToggle(Strings.NAME_CIRCLES, state.nameCircles, actions::nameCircles, asSwitch = true, detail = Strings.NAME_CIRCLES_DETAIL)
        LabelledToggle(Strings.QUIET_HOURS, state.quiet, actions::quietHours, asSwitch = true, detail = Strings.QUIET_HOURS_DETAIL)
        Row(horizontalArrangement = Arrangement.spacedBy(8.dp)) {
            OutlinedTextField(
                value = state.quietFrom, onValueChange = actions::quietFrom, label = { Text(Strings.QUIET_FROM) },
                singleLine = true, modifier = Modifier.width(140.dp),
            )
            OutlinedTextField(
                value = state.quietUntil, onValueChange = actions::quietUntil, label = { Text(Strings.QUIET_UNTIL) },
                singleLine = true, modifier = Modifier.width(140.dp),
            )
        }
        Text(Strings.PER_CIRCLE_WAKES, style = MaterialTheme.typography.bodySmall)
    }
}

/**
 * Holds the wake-up settings for a phone with [push]: loads them from the core and sends each
 * change there. The quiet-hour times take effect when quiet hours are switched on (as the
 * reminder time does), so a half-typed time is never saved.
 */
class WakesHolder(
    private val repository: WakeRepository,
    private val push: PushSource,
    private val scope: CoroutineScope,
    private val timeZone: String = ZoneId.systemDefault().id,
) : WakesActions {
    var state by mutableStateOf(WakesState(via = push.name))
        private set

    /** Reads what the core holds. */
    suspend fun load() {
        val settings = repository.settings()
        state = shown(settings).copy(gateway = repository.gateway())
    }

    private fun shown(settings: NotificationSettings): WakesState {
        val quiet = settings.quietHours
        return state.copy(
            nameCircles = settings.nameCircles,
            quiet = quiet != null,
            quietFrom = quiet?.start?.let(::hhmm) ?: state.quietFrom,
            quietUntil = quiet?.end?.let(::hhmm) ?: state.quietUntil,
        )
    }

    private fun attempt(done: String?, work: suspend () -> Unit) {
        state = state.copy(working = true, message = null)
        scope.launch {
            val said = try { work(); done } catch (e: Exception) { ErrorText.of(e) }
            state = state.copy(working = false, message = said)
        }
    }

    override fun gatewayInput(text: String) { state = state.copy(gatewayInput = text) }

    override fun turnOn() = attempt(Strings.WAKES_TURNED_ON) {
        repository.turnOn(state.gatewayInput, push)
        state = state.copy(gateway = repository.gateway())
    }

    override fun turnOff() = attempt(Strings.WAKES_TURNED_OFF) {
        repository.turnOff()
        state = state.copy(gateway = null)
    }

    override fun nameCircles(on: Boolean) = attempt(null) { state = shown(repository.nameCircles(on)) }

    override fun quietHours(on: Boolean) = attempt(null) {
        state = shown(repository.quietHours(on, state.quietFrom, state.quietUntil, timeZone))
    }

    override fun quietFrom(text: String) { state = state.copy(quietFrom = text) }

    override fun quietUntil(text: String) { state = state.copy(quietUntil = text) }

    private fun hhmm(t: TimeOfDay) = "%02d:%02d".format(t.hour.toInt(), t.minute.toInt())
}
