package org.hearth.desktop

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableFloatStateOf
import androidx.compose.runtime.setValue
import java.util.prefs.Preferences

/**
 * The text size the person chose with the keyboard, on top of the system's, kept in the
 * user's preferences (a number, nothing about them or their journal).
 */
class TextSize(private val preferences: Preferences = Preferences.userRoot().node("org/hearth/desktop")) {
    /** The multiplier on the system's font scale. */
    var scale by mutableFloatStateOf(preferences.getFloat(KEY, 1f).coerceIn(MIN, MAX))
        private set

    fun larger() = set(scale + STEP)

    fun smaller() = set(scale - STEP)

    fun reset() = set(1f)

    private fun set(value: Float) {
        scale = (Math.round(value.coerceIn(MIN, MAX) * 10) / 10f)
        preferences.putFloat(KEY, scale)
    }

    private companion object {
        const val KEY = "text-scale"
        const val MIN = 0.8f
        const val MAX = 2.0f
        const val STEP = 0.1f
    }
}
