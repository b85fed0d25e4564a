package org.hearth.desktop

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.remember
import androidx.compose.ui.input.key.Key
import androidx.compose.ui.input.key.KeyEventType
import androidx.compose.ui.input.key.isCtrlPressed
import androidx.compose.ui.input.key.key
import androidx.compose.ui.input.key.type
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.DpSize
import androidx.compose.ui.unit.dp
import androidx.compose.material.icons.Icons
import androidx.compose.material.icons.filled.Favorite
import androidx.compose.ui.graphics.vector.rememberVectorPainter
import androidx.compose.ui.window.Notification
import androidx.compose.ui.window.Tray
import androidx.compose.ui.window.isTraySupported
import androidx.compose.ui.window.Window
import androidx.compose.ui.window.WindowPosition
import androidx.compose.ui.window.application
import androidx.compose.ui.window.rememberTrayState
import androidx.compose.ui.window.rememberWindowState
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.swing.Swing
import org.hearth.shared.AppLockPolicy
import org.hearth.ui.AppModel
import org.hearth.ui.HearthApp

/**
 * The desktop app: one window over the shared UI. The profile opens with a passphrase, or
 * with a key from the system's keyring (`--keyring`, see [chooseOpener]); it locks after
 * [Options.idleLockMs] without input (a passphrase profile closes). The window's title and
 * notifications never carry content. Ctrl+L locks at once, Ctrl+Q quits; Ctrl+= and Ctrl+- make text larger or
 * smaller (Ctrl+0 resets), remembered for next time.
 */
fun main(args: Array<String>) {
    val options = Options.parse(args) ?: return
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Swing)
    application {
        val tray = rememberTrayState()
        val windowState = rememberWindowState(size = DpSize(1024.dp, 720.dp), position = WindowPosition.PlatformDefault)
        var frame: java.awt.Frame? = null
        val platform = remember {
            DesktopPlatform(scope, window = { frame }, notify = { title, text -> tray.sendNotification(Notification(title, text)) })
        }
        val textSize = remember { TextSize() }
        val model = remember {
            val opener = chooseOpener(options.profileDir, OsKeyring::open, options.keyring)
            AppModel(opener, AppLockPolicy(options.idleLockMs), platform, scope).also { m ->
                options.joinLink?.let { m.joinLink.value = it }
                m.start()
            }
        }
        Window(
            onCloseRequest = ::exitApplication,
            state = windowState,
            title = "Hearth", // never anything the person wrote, nor a circle's name
            onKeyEvent = { e ->
                when {
                    e.type != KeyEventType.KeyDown || !e.isCtrlPressed -> false
                    e.key == Key.L -> { model.lockNow(); true }
                    e.key == Key.Q -> { exitApplication(); true }
                    e.key == Key.Equals || e.key == Key.Plus || e.key == Key.NumPadAdd -> { textSize.larger(); true }
                    e.key == Key.Minus || e.key == Key.NumPadSubtract -> { textSize.smaller(); true }
                    e.key == Key.Zero || e.key == Key.NumPad0 -> { textSize.reset(); true }
                    else -> false
                }
            },
        ) {
            frame = window
            if (options.reportStartup) StartupReport(model)
            LaunchedEffect(Unit) { IdleLock(window, options.idleLockMs, onIdle = model::lockNow).run() }
            val density = LocalDensity.current
            CompositionLocalProvider(LocalDensity provides Density(density.density, density.fontScale * textSize.scale)) {
                HearthApp(
                    model = model,
                    platform = platform,
                    dark = options.dark ?: isSystemInDarkTheme(),
                    // A passphrase profile closes when locked and asks again, so this screen only
                    // shows for a keyring profile: the key is in the keyring, which the
                    // system's own login guards, and unlocking shows the content again.
                    onUnlock = model::unlocked,
                    onQuickExit = {
                        model.lockNow()
                        windowState.isMinimized = true
                    },
                )
            }
        }
        // Reminders show as the system's notifications, where the desktop has a tray.
        if (isTraySupported) Tray(icon = rememberVectorPainter(Icons.Filled.Favorite), state = tray, tooltip = "Hearth")
    }
}
