package org.hearth.app

import android.content.Intent
import android.os.Bundle
import android.view.WindowManager
import androidx.activity.compose.setContent
import androidx.biometric.BiometricManager.Authenticators.BIOMETRIC_WEAK
import androidx.biometric.BiometricManager.Authenticators.DEVICE_CREDENTIAL
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity
import androidx.lifecycle.ViewModelProvider
import androidx.compose.foundation.isSystemInDarkTheme
import org.hearth.ui.AppModel
import org.hearth.ui.HearthApp as HearthUi

/**
 * The one activity. It blanks itself in screenshots and the app switcher, asks for device
 * biometrics or the PIN when the app lock says so, offers a quick exit, and takes invite
 * links.
 */
class MainActivity : FragmentActivity() {
    private lateinit var model: AppModel

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        // No screenshots, no screen recording, a blank card in the app switcher.
        window.setFlags(WindowManager.LayoutParams.FLAG_SECURE, WindowManager.LayoutParams.FLAG_SECURE)
        setRecentsScreenshotEnabled(false)
        val app = application as HearthApp
        app.platform.attach(this)
        model = ViewModelProvider(this, AppViewModel.factory(app))[AppViewModel::class.java].model
        setContent {
            HearthUi(model, app.platform, dark = isSystemInDarkTheme(), onUnlock = ::askToUnlock, onQuickExit = ::quickExit)
        }
        if (savedInstanceState == null) openInviteLink(intent)
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        openInviteLink(intent)
    }

    /** A `hearth://join#CODE` link opens the join dialog with the code filled in. */
    private fun openInviteLink(intent: Intent?) {
        val link = intent?.data?.takeIf { it.scheme == "hearth" && it.host == "join" } ?: return
        model.joinLink.value = link.toString()
    }

    override fun onStart() {
        super.onStart()
        model.refreshLock()
    }

    private fun askToUnlock() {
        val prompt = BiometricPrompt(
            this,
            ContextCompat.getMainExecutor(this),
            object : BiometricPrompt.AuthenticationCallback() {
                override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = model.unlocked()
            },
        )
        prompt.authenticate(
            BiometricPrompt.PromptInfo.Builder()
                .setTitle(getString(R.string.unlock_title))
                .setAllowedAuthenticators(BIOMETRIC_WEAK or DEVICE_CREDENTIAL)
                .build(),
        )
    }

    /** Locks, leaves for the home screen, and drops the task from recents. */
    private fun quickExit() {
        model.lockNow()
        startActivity(Intent(Intent.ACTION_MAIN).addCategory(Intent.CATEGORY_HOME).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK))
        finishAndRemoveTask()
    }
}
