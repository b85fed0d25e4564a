package org.hearth.ui

import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.material3.Surface
import androidx.compose.runtime.Composable
import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.Density
import org.jetbrains.skia.Bitmap
import org.jetbrains.skia.Image
import org.junit.Assert.assertTrue
import java.io.File

/**
 * Renders a screen to PNG, phone-sized and desktop-sized, light and dark, into the folder the
 * `hearth.render` system property names (nothing when it is unset): how screens are looked at
 * on a machine without a display.
 */
fun renderScreen(name: String, content: @Composable () -> Unit) {
    val folder = System.getProperty("hearth.render")?.takeIf { it.isNotBlank() } ?: return
    renderSizes(File(folder), name) { dark -> HearthTheme(dark) { Surface(Modifier.fillMaxSize()) { content() } } }
}

/**
 * Renders [content] into [folder] as `NAME-{phone,desktop}-{light,dark}.png` and checks each
 * image shows something. Screens load from the core asynchronously, so frames are drawn until
 * the picture stops changing (for at most four seconds).
 */
fun renderSizes(folder: File, name: String, content: @Composable (dark: Boolean) -> Unit) {
    folder.mkdirs()
    for ((size, width, height) in listOf(Triple("phone", 411, 891), Triple("desktop", 1024, 720))) {
        for (dark in listOf(false, true)) {
            val scene = ImageComposeScene(width, height, Density(1f)) { content(dark) }
            try {
                var previous: ByteArray? = null
                var png = ByteArray(0)
                for (frame in 0 until 40) {
                    val image = scene.render(frame * 100_000_000L)
                    png = try { image.encodeToData()?.bytes } finally { image.close() } ?: error("the render could not be encoded")
                    if (frame > 3 && previous.contentEquals(png)) break
                    previous = png
                    Thread.sleep(100)
                }
                File(folder, "$name-$size-${if (dark) "dark" else "light"}.png").writeBytes(png)
                assertTrue("$name ($size) is blank", colours(png) > 8)
            } finally {
                scene.close()
            }
        }
    }
}

/** How many different colours an image has (a blank screen has one or two). */
private fun colours(png: ByteArray): Int {
    val bitmap = Bitmap.makeFromImage(Image.makeFromEncoded(png))
    val seen = HashSet<Int>()
    for (y in 0 until bitmap.height step 3) for (x in 0 until bitmap.width step 3) seen += bitmap.getColor(x, y)
    return seen.size
}
