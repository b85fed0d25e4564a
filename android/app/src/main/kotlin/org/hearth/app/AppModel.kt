package org.hearth.app

import android.content.Context
import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider
import androidx.lifecycle.viewModelScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import org.hearth.ffi.HearthEvent
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.JournalRepository
import org.hearth.shared.Launch

/** What the root of the UI shows. */
sealed interface AppState {
    data object Starting : AppState
    data class Gate(val launch: Launch) : AppState
    data object Locked : AppState
    data class Open(val repository: JournalRepository, val circles: CircleRepository) : AppState
}

/** App-wide state: opening the profile, the lock, and reminder scheduling on changes. */
class AppModel(private val app: HearthApp) : ViewModel() {
    private val state = MutableStateFlow<AppState>(AppState.Starting)
    val current: StateFlow<AppState> = state.asStateFlow()
    private var repository: JournalRepository? = null
    private var circles: CircleRepository? = null
    val error = MutableStateFlow<String?>(null)

    /** An invite link the app was opened with, until the circles tab takes it. */
    val joinLink = MutableStateFlow<String?>(null)

    init {
        viewModelScope.launch { open() }
    }

    private suspend fun open() {
        when (val launch = app.gate.launch()) {
            is Launch.Ready -> ready(launch.client.let(::JournalRepository))
            else -> state.value = AppState.Gate(launch)
        }
    }

    private fun ready(repo: JournalRepository) {
        repository = repo
        circles = CircleRepository(repo.client)
        refreshLock()
        viewModelScope.launch {
            ReminderScheduler.reschedule(app as Context, repo.client)
            runCatching { ReminderScheduler.rescheduleSessions(app, repo.client) }
            repo.events.collect {
                if (it is HearthEvent.RemindersChanged) ReminderScheduler.reschedule(app, repo.client)
                // A meeting scheduled or cancelled arrives as a circle change.
                if (it is HearthEvent.CircleChanged) runCatching { ReminderScheduler.rescheduleSessions(app, repo.client) }
            }
        }
    }

    /** Onboarding: a name, no passphrase; the key goes to the Keystore. */
    fun onboard(name: String) = viewModelScope.launch {
        try {
            app.lock.unlock() // the person is here, creating their journal
            ready(JournalRepository(app.gate.onboard(name)))
        } catch (e: Exception) {
            error.value = ErrorText.of(e)
        }
    }

    fun retryOpen() = viewModelScope.launch { open() }

    /** Only from the confirmed "start over" on the can't-open screen. */
    fun startOver() = viewModelScope.launch {
        app.gate.startOver(confirmed = true)
        open()
    }

    /** Shows the lock or the app; circles sync in the background only while unlocked. */
    fun refreshLock() {
        val repo = repository ?: return
        val circles = circles ?: return
        if (app.lock.isLocked) {
            circles.stopSync()
            state.value = AppState.Locked
        } else {
            state.value = AppState.Open(repo, circles)
            viewModelScope.launch { runCatching { circles.startSync() } }
        }
    }

    fun unlocked() {
        app.lock.unlock()
        refreshLock()
    }

    fun lockNow() {
        app.lock.lockNow()
        refreshLock()
    }

    companion object {
        fun factory(app: HearthApp) = object : ViewModelProvider.Factory {
            @Suppress("UNCHECKED_CAST")
            override fun <T : ViewModel> create(modelClass: Class<T>): T = AppModel(app) as T
        }
    }
}
