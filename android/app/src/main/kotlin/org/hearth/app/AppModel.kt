package org.hearth.app

import androidx.lifecycle.ViewModel
import androidx.lifecycle.ViewModelProvider
import androidx.lifecycle.viewModelScope
import org.hearth.ui.AppModel

/**
 * Keeps the shared [AppModel] across configuration changes: the ViewModel's scope is the
 * model's, so it lives until the activity finishes for good.
 */
class AppViewModel(app: HearthApp) : ViewModel() {
    val model = AppModel(app.gate, app.lock, app.platform, viewModelScope).also { it.start() }

    companion object {
        fun factory(app: HearthApp) = object : ViewModelProvider.Factory {
            @Suppress("UNCHECKED_CAST")
            override fun <T : ViewModel> create(modelClass: Class<T>): T = AppViewModel(app) as T
        }
    }
}
