package org.hearth.app

import android.content.Context
import android.content.Intent
import android.net.Uri
import androidx.activity.ComponentActivity
import androidx.activity.result.ActivityResultLauncher
import androidx.activity.result.contract.ActivityResultContracts
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import org.hearth.app.push.AndroidPushSource
import org.hearth.ffi.HearthClient
import org.hearth.ui.CrisisContact
import org.hearth.ui.LineContact
import org.hearth.ui.Platform
import java.util.Locale

/**
 * Android's side of [Platform]: intents to dial, text, share and open chats, the system's
 * document picker for backups and exports, alarms for reminders, and UnifiedPush or FCM for
 * wake-ups. The activity registers
 * the pickers in onCreate ([attach]), as Android requires.
 */
class AndroidPlatform(private val context: Context) : Platform {
    private var create: ActivityResultLauncher<String>? = null
    private var open: ActivityResultLauncher<Array<String>>? = null
    private var pending: CompletableDeferred<Uri?>? = null

    /** Registers the document pickers with [activity]; call from its onCreate. */
    fun attach(activity: ComponentActivity) {
        create = activity.registerForActivityResult(ActivityResultContracts.CreateDocument("application/octet-stream")) { pending?.complete(it) }
        open = activity.registerForActivityResult(ActivityResultContracts.OpenDocument()) { pending?.complete(it) }
    }

    override val region: String get() = Locale.getDefault().country.ifBlank { "US" }

    override val crisisContact = CrisisContact { line ->
        val digits = line.address.filter { it.isDigit() }
        val intent = when (line.contact) {
            LineContact.CHAT -> Intent(Intent.ACTION_VIEW, Uri.parse(line.address))
            LineContact.TEXT -> Intent(Intent.ACTION_SENDTO, Uri.parse("smsto:$digits"))
            LineContact.CALL, LineContact.CALL_OR_TEXT -> Intent(Intent.ACTION_DIAL, Uri.parse("tel:$digits"))
        }
        runCatching { context.startActivity(intent.addFlags(Intent.FLAG_ACTIVITY_NEW_TASK)) }
    }

    override fun share(text: String): String? {
        val send = Intent(Intent.ACTION_SEND).setType("text/plain").putExtra(Intent.EXTRA_TEXT, text)
        context.startActivity(Intent.createChooser(send, null).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK))
        return null
    }

    override suspend fun saveFile(suggestedName: String, mimeType: String, bytes: () -> ByteArray): Boolean {
        val uri = pick { create?.launch(suggestedName) } ?: return false
        withContext(Dispatchers.IO) {
            context.contentResolver.openOutputStream(uri)?.use { it.write(bytes()) } ?: error("cannot write there")
        }
        return true
    }

    override suspend fun openFile(): ByteArray? {
        val uri = pick { open?.launch(arrayOf("*/*")) } ?: return null
        return withContext(Dispatchers.IO) { context.contentResolver.openInputStream(uri)?.use { it.readBytes() } }
    }

    private suspend fun pick(launch: () -> Unit): Uri? {
        val answer = CompletableDeferred<Uri?>()
        pending = answer
        launch()
        return answer.await()
    }

    override val push = AndroidPushSource(context)

    override suspend fun scheduleReminders(client: HearthClient) {
        ReminderScheduler.reschedule(context, client)
        runCatching { ReminderScheduler.rescheduleSessions(context, client) }
        runCatching { ReminderScheduler.rescheduleGoals(context, client) }
    }
}
