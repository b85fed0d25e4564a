package org.hearth.ui

import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow
import kotlinx.coroutines.launch
import org.hearth.ffi.HearthEvent
import org.hearth.shared.AppLockPolicy
import org.hearth.shared.CircleRepository
import org.hearth.shared.ErrorText
import org.hearth.shared.JournalRepository
import org.hearth.shared.Launch
import org.hearth.shared.ProfileOpener

/** What the root of the UI shows. */
sealed interface AppState {
    /** The profile is being opened. */
    data object Starting : AppState

    /** It is not open: onboarding, a passphrase, or why it cannot be opened. */
    data class Gate(val launch: Launch) : AppState

    /** Open, behind the lock. */
    data object Locked : AppState

    /** Open and shown. */
    data class Open(val journal: JournalRepository, val circles: CircleRepository) : AppState
}

/**
 * The app-wide state holder both apps share: opening the profile, the lock, background sync
 * while unlocked, and rescheduling reminders when their settings or the meetings change. The
 * platform's lifecycle (Android's ViewModel, the desktop's window) owns [scope].
 */
class AppModel(
    private val gate: ProfileOpener,
    val lock: AppLockPolicy,
    private val platform: Platform,
    private val scope: CoroutineScope,
) {
    private val state = MutableStateFlow<AppState>(AppState.Starting)
    val current: StateFlow<AppState> = state.asStateFlow()
    private var journal: JournalRepository? = null
    private var circles: CircleRepository? = null
    private var watching: Job? = null

    /** Why the last onboarding or unlock failed, worded for the person. */
    val error = MutableStateFlow<String?>(null)

    /** An invite link the app was opened with, until the circles tab takes it. */
    val joinLink = MutableStateFlow<String?>(null)

    /** Whether onboarding and unlocking ask for a passphrase (the desktop) or not (the phone). */
    val asksPassphrase: Boolean get() = gate.asksPassphrase

    /** Decides what to show first. */
    fun start() {
        scope.launch { show(gate.launch()) }
    }

    private fun show(launch: Launch) {
        show(launch, personPresent = false)
    }

    /**
     * [personPresent]: the person just proved they are here (onboarding, their passphrase), so
     * the lock opens; a profile the key store opened at launch stays behind the platform's lock.
     */
    private fun show(launch: Launch, personPresent: Boolean) {
        if (launch is Launch.Ready) ready(JournalRepository(launch.client), personPresent) else state.value = AppState.Gate(launch)
    }

    private fun ready(repo: JournalRepository, personPresent: Boolean) {
        journal = repo
        circles = CircleRepository(repo.client)
        error.value = null
        if (personPresent) lock.unlock()
        refreshLock()
        watching = scope.launch {
            runCatching { platform.scheduleReminders(repo.client) }
            repo.events.collect {
                // A meeting scheduled or cancelled arrives as a circle change.
                if (it is HearthEvent.RemindersChanged || it is HearthEvent.CircleChanged) {
                    runCatching { platform.scheduleReminders(repo.client) }
                }
            }
        }
    }

    /** Onboarding: a name, and a passphrase where the platform asks for one. */
    fun onboard(name: String, passphrase: String? = null) = scope.launch {
        try {
            ready(JournalRepository(gate.onboard(name, passphrase)), personPresent = true)
        } catch (e: Exception) {
            error.value = ErrorText.of(e)
        }
    }

    /** Opens the profile with the passphrase the person typed. */
    fun unlockWith(passphrase: String) = scope.launch {
        val launch = gate.unlock(passphrase)
        if (launch is Launch.NeedsPassphrase && launch.wrong) error.value = ErrorText.WRONG_PASSPHRASE
        show(launch, personPresent = true)
    }

    /** Tries opening again (after the key store failed). */
    fun retryOpen() = scope.launch { show(gate.launch()) }

    /** Only from the confirmed "start over" on the can't-open screen. */
    fun startOver() = scope.launch {
        gate.startOver(confirmed = true)
        show(gate.launch())
    }

    /** Shows the lock or the app; circles sync in the background only while unlocked. */
    fun refreshLock() {
        val repo = journal ?: return
        val circles = circles ?: return
        if (lock.isLocked) {
            circles.stopSync()
            if (gate.closesWhenLocked) {
                // The key leaves memory: unlocking means the passphrase again.
                closeProfile()
                state.value = AppState.Gate(Launch.NeedsPassphrase(wrong = false))
            } else {
                state.value = AppState.Locked
            }
        } else {
            state.value = AppState.Open(repo, circles)
            scope.launch { runCatching { circles.startSync() } }
        }
    }

    /**
     * "Delete everything": the profile, its files and its key go, and onboarding shows. Returns
     * why it could not (worded for the person; nothing was deleted then), or null.
     */
    suspend fun deleteEverything(deviceOnly: Boolean): String? {
        val circles = circles ?: return null
        return try {
            circles.deleteEverything(deviceOnly)
            watching?.cancel()
            journal = null
            this.circles = null
            gate.startOver(confirmed = true) // the key store's key too; the files are gone
            state.value = AppState.Gate(Launch.NeedsOnboarding)
            null
        } catch (e: Exception) {
            scope.launch { runCatching { circles.startSync() } }
            ErrorText.of(e)
        }
    }

    /** Biometrics or the device PIN passed (the phone's lock). */
    fun unlocked() {
        lock.unlock()
        refreshLock()
    }

    /** Quick exit, "lock now", or the idle timeout. */
    fun lockNow() {
        lock.lockNow()
        refreshLock()
    }

    private fun closeProfile() {
        val repo = journal ?: return
        journal = null
        circles = null
        watching?.cancel()
        scope.launch { runCatching { repo.client.closeProfile() } }
    }
}
