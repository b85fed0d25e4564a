package org.hearth.desktop

import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.remember
import androidx.compose.runtime.withFrameNanos
import org.hearth.ui.AppModel
import org.hearth.ui.AppState
import java.lang.management.ManagementFactory

/**
 * The startup figures (`--report-startup`): from the process's start to the first frame of the
 * first screen, and from the profile opening to the first frame of the today screen. Printed
 * to standard output; they carry no content.
 */
@Composable
fun StartupReport(model: AppModel) {
    val state by model.current.collectAsState()
    val started = remember { ManagementFactory.getRuntimeMXBean().startTime }
    val marks = remember { mutableMapOf<String, Long>() }
    LaunchedEffect(state::class) {
        withFrameNanos { }
        val now = System.currentTimeMillis()
        when (state) {
            is AppState.Gate -> if (marks.putIfAbsent("gate", now) == null) {
                println("hearth-desktop: first frame (${gateName(state)}) ${now - started} ms after the process started")
            }
            is AppState.Open -> if (marks.putIfAbsent("today", now) == null) {
                val since = marks["gate"]?.let { " (${now - it} ms after the first frame)" }.orEmpty()
                println("hearth-desktop: today screen shown ${now - started} ms after the process started$since")
            }
            else -> Unit
        }
        System.out.flush()
    }
}

private fun gateName(state: AppState): String = (state as? AppState.Gate)?.launch?.let { it::class.simpleName } ?: "?"
