package org.hearth.ui

import org.hearth.shared.Strings
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.BoxWithConstraints
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.widthIn
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.DateRange
import androidx.compose.material.icons.filled.Edit
import androidx.compose.material.icons.filled.Face
import androidx.compose.material.icons.filled.Info
import androidx.compose.material.icons.filled.List
import androidx.compose.material.icons.filled.Settings
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.NavigationRail
import androidx.compose.material3.NavigationRailItem
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Surface
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.collectAsState
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.vector.ImageVector
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp

/** The app's sections, in the order the navigation shows them. */
enum class Tab(val label: String, val icon: ImageVector) {
    Today(Strings.TAB_TODAY, Icons.Filled.Edit),
    Journal(Strings.TAB_JOURNAL, Icons.Filled.List),
    Circles(Strings.TAB_CIRCLES, Icons.Filled.Face),
    Insights(Strings.TAB_INSIGHTS, Icons.Filled.DateRange),
    Surveys(Strings.TAB_SURVEYS, Icons.Filled.Info),
    Settings(Strings.TAB_SETTINGS, Icons.Filled.Settings),
}

/**
 * The whole app, as both platforms show it: the gate (onboarding, passphrase, why it cannot
 * open), the lock, and the sections. [onUnlock] asks the platform's own lock (biometrics);
 * [onQuickExit] leaves at once and locks.
 */
@Composable
fun HearthApp(
    model: AppModel,
    platform: Platform,
    dark: Boolean,
    onUnlock: () -> Unit,
    onQuickExit: () -> Unit,
    startTab: Tab = Tab.Today,
) {
    CompositionLocalProvider(LocalPlatform provides platform) {
        // The surface paints the theme's background behind every screen (the gate and the lock
        // have no scaffold to do it; a dark theme on a window's white would be unreadable).
        HearthTheme(dark) { Surface(Modifier.fillMaxSize()) {
            val state by model.current.collectAsState()
            val error by model.error.collectAsState()
            when (val s = state) {
                AppState.Starting -> Centered { Text(Strings.OPENING) }
                is AppState.Gate -> GateScreen(
                    s.launch,
                    error,
                    onOnboard = model::onboard,
                    onPassphrase = model::unlockWith,
                    onRetry = { model.retryOpen() },
                    onStartOver = { model.startOver() },
                    asksPassphrase = model.asksPassphrase,
                )
                AppState.Locked -> Centered {
                    Text(Strings.LOCKED, style = MaterialTheme.typography.headlineSmall)
                    Button(onClick = onUnlock) { Text(Strings.UNLOCK) }
                    OutlinedButton(onClick = onQuickExit) { Text(Strings.QUICK_EXIT) }
                    HelpNowButton()
                }
                is AppState.Open -> {
                    val joinLink by model.joinLink.collectAsState()
                    Sections(s, joinLink, onJoinLinkUsed = { model.joinLink.value = null }, onQuickExit, startTab, model::deleteEverything)
                }
            }
        } }
    }
}

/**
 * The sections with their navigation: a bar at the bottom on a phone, a rail at the side in a
 * wide window. Crisis support and the quick exit sit in the top bar of every section.
 */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
private fun Sections(
    open: AppState.Open,
    joinLink: String?,
    onJoinLinkUsed: () -> Unit,
    onQuickExit: () -> Unit,
    startTab: Tab,
    onDeleteEverything: suspend (deviceOnly: Boolean) -> String?,
) {
    var tab by rememberSaveable { mutableStateOf(startTab) }
    var crisis by remember { mutableStateOf(false) }
    LaunchedEffect(joinLink) { if (joinLink != null) tab = Tab.Circles }
    BoxWithConstraints {
        val wide = maxWidth >= 720.dp
        Scaffold(
            topBar = {
                TopAppBar(
                    title = { Text(tab.label) },
                    actions = {
                        // One step from every screen, whatever the person is doing.
                        TextButton(onClick = { crisis = true }) { Text(Strings.GET_HELP_NOW) }
                        TextButton(onClick = onQuickExit, modifier = Modifier.semantics { contentDescription = Strings.QUICK_EXIT_LABEL }) {
                            Text(Strings.EXIT)
                        }
                    },
                )
            },
            bottomBar = {
                if (!wide) {
                    NavigationBar {
                        Tab.entries.forEach { t ->
                            NavigationBarItem(
                                selected = t == tab,
                                onClick = { tab = t },
                                icon = { Icon(t.icon, contentDescription = null) },
                                label = { Text(t.label) },
                            )
                        }
                    }
                }
            },
        ) { padding ->
            Row(Modifier.padding(padding).fillMaxSize()) {
                if (wide) {
                    NavigationRail {
                        Tab.entries.forEach { t ->
                            NavigationRailItem(
                                selected = t == tab,
                                onClick = { tab = t },
                                icon = { Icon(t.icon, contentDescription = null) },
                                label = { Text(t.label) },
                            )
                        }
                    }
                }
                Column(Modifier.fillMaxSize()) {
                    when (tab) {
                        Tab.Today -> TodayScreen(open.journal)
                        Tab.Journal -> JournalScreen(open.journal)
                        Tab.Circles -> CirclesScreen(open.circles, joinLink, onJoinLinkUsed)
                        Tab.Insights -> InsightsScreen(open.journal)
                        Tab.Surveys -> SurveysScreen(open.journal)
                        Tab.Settings -> SettingsScreen(open.journal, onDeleteEverything)
                    }
                }
            }
        }
    }
    if (crisis) CrisisDialog(open.journal.client, intro = Strings.CRISIS_INTRO, primary = null, onDismiss = { crisis = false }, offerCircles = true)
}

@Composable
internal fun Centered(content: @Composable () -> Unit) {
    Column(
        Modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) {
        Column(
            Modifier.widthIn(max = 520.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) { content() }
    }
}
