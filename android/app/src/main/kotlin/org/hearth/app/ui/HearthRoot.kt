package org.hearth.app.ui

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.Button
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.Icon
import androidx.compose.material3.IconButton
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.res.painterResource
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import org.hearth.app.AppModel
import org.hearth.app.AppState
import org.hearth.shared.KeyProblem
import org.hearth.shared.Launch

/** Light and dark follow the system; text sizes follow the system font scale (sp everywhere). */
@Composable
fun HearthTheme(content: @Composable () -> Unit) {
    MaterialTheme(colorScheme = if (isSystemInDarkTheme()) darkColorScheme() else lightColorScheme(), content = content)
}

private enum class Tab(val label: String, val icon: Int) {
    Today("Today", android.R.drawable.ic_menu_edit),
    Journal("Journal", android.R.drawable.ic_menu_agenda),
    Circles("Circles", android.R.drawable.ic_menu_share),
    Insights("Insights", android.R.drawable.ic_menu_sort_by_size),
    Surveys("Check yourself", android.R.drawable.ic_menu_help),
    Settings("Settings", android.R.drawable.ic_menu_preferences),
}

@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun HearthRoot(model: AppModel, onUnlock: () -> Unit, onQuickExit: () -> Unit) {
    HearthTheme {
        val state by model.current.collectAsStateWithLifecycle()
        val error by model.error.collectAsStateWithLifecycle()
        when (val s = state) {
            AppState.Starting -> Centered { Text("Opening your journal…") }
            is AppState.Gate -> GateScreen(s.launch, error, model)
            AppState.Locked -> Centered {
                Text("Hearth is locked", style = MaterialTheme.typography.headlineSmall)
                Button(onClick = onUnlock) { Text("Unlock") }
                OutlinedButton(onClick = onQuickExit) { Text("Quick exit") }
            }
            is AppState.Open -> {
                var tab by rememberSaveable { mutableStateOf(Tab.Today) }
                val joinLink by model.joinLink.collectAsStateWithLifecycle()
                LaunchedEffect(joinLink) { if (joinLink != null) tab = Tab.Circles }
                Scaffold(
                    topBar = {
                        TopAppBar(
                            title = { Text(tab.label) },
                            actions = {
                                // Always one tap away: leaves at once and locks.
                                TextButton(onClick = onQuickExit, modifier = Modifier.semantics { contentDescription = "Quick exit: leave and lock Hearth" }) {
                                    Text("Exit")
                                }
                            },
                        )
                    },
                    bottomBar = {
                        NavigationBar {
                            Tab.entries.forEach { t ->
                                NavigationBarItem(
                                    selected = t == tab,
                                    onClick = { tab = t },
                                    icon = { Icon(painterResource(t.icon), contentDescription = null) },
                                    label = { Text(t.label) },
                                )
                            }
                        }
                    },
                ) { padding ->
                    Column(Modifier.padding(padding).fillMaxSize()) {
                        when (tab) {
                            Tab.Today -> TodayScreen(s.repository)
                            Tab.Journal -> JournalScreen(s.repository)
                            Tab.Circles -> CirclesScreen(s.circles, joinLink, onJoinLinkUsed = { model.joinLink.value = null })
                            Tab.Insights -> InsightsScreen(s.repository)
                            Tab.Surveys -> SurveysScreen(s.repository)
                            Tab.Settings -> SettingsScreen(s.repository)
                        }
                    }
                }
            }
        }
    }
}

@Composable
internal fun Centered(content: @Composable () -> Unit) {
    Column(
        Modifier.fillMaxSize().padding(24.dp),
        verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
        horizontalAlignment = Alignment.CenterHorizontally,
    ) { content() }
}

@Composable
private fun GateScreen(launch: Launch, error: String?, model: AppModel) {
    when (launch) {
        Launch.NeedsOnboarding -> {
            var name by remember { mutableStateOf("") }
            Centered {
                Text("Welcome to Hearth", style = MaterialTheme.typography.headlineMedium)
                Text("Your journal stays on this phone, encrypted. No account, no passphrase to remember.")
                OutlinedTextField(value = name, onValueChange = { name = it }, label = { Text("What should we call you?") }, singleLine = true)
                Button(onClick = { model.onboard(name) }, enabled = name.isNotBlank()) { Text("Start") }
                error?.let { Text(it, color = MaterialTheme.colorScheme.error) }
            }
        }
        is Launch.KeyUnavailable -> {
            var confirm by remember { mutableStateOf(false) }
            Centered {
                Text("Hearth can't open your journal", style = MaterialTheme.typography.headlineSmall)
                Text(
                    when (launch.problem) {
                        KeyProblem.CannotUnwrap -> "This phone's secure key store can no longer unlock it. This can happen after the screen lock was reset."
                        KeyProblem.KeyMissing -> "The key that unlocks it is missing on this phone."
                        KeyProblem.KeyRejected -> "The key on this phone does not match this journal."
                    } + " Your journal has not been changed or replaced.",
                )
                Button(onClick = { model.retryOpen() }) { Text("Try again") }
                OutlinedButton(onClick = { confirm = true }) { Text("Start over with an empty journal") }
            }
            if (confirm) {
                AlertDialog(
                    onDismissRequest = { confirm = false },
                    title = { Text("Delete the journal on this phone?") },
                    text = { Text("Everything in it will be deleted. You can import an encrypted backup afterwards if you have one.") },
                    confirmButton = { TextButton(onClick = { confirm = false; model.startOver() }) { Text("Delete and start over") } },
                    dismissButton = { TextButton(onClick = { confirm = false }) { Text("Cancel") } },
                )
            }
        }
        Launch.UpdateRequired -> Centered { Text("Please update Hearth: your journal was saved by a newer version.") }
        Launch.Damaged -> Centered { Text("Part of your journal is damaged. You can restore it from an encrypted backup.") }
        is Launch.Ready -> Unit
    }
}
