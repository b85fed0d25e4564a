package org.hearth.ui

import androidx.compose.runtime.Composable
import androidx.compose.ui.ImageComposeScene
import androidx.compose.ui.unit.Density
import androidx.compose.material3.Surface
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.ui.Modifier
import java.io.File

/**
 * Renders a screen to PNG, phone-sized and desktop-sized, light and dark, into the folder the
 * `hearth.render` system property names (nothing when it is unset): how screens are looked at
 * on a machine without a display.
 */
fun renderScreen(name: String, content: @Composable () -> Unit) {
    val folder = System.getProperty("hearth.render")?.takeIf { it.isNotBlank() } ?: return
    File(folder).mkdirs()
    for ((size, width, height) in listOf(Triple("phone", 411, 891), Triple("desktop", 1024, 720))) {
        for (dark in listOf(false, true)) {
            val scene = ImageComposeScene(width, height, Density(1f)) {
                HearthTheme(dark) { Surface(Modifier.fillMaxSize()) { content() } }
            }
            try {
                val image = scene.render()
                val png = try { image.encodeToData()?.bytes } finally { image.close() } ?: error("the render could not be encoded")
                File(folder, "$name-$size-${if (dark) "dark" else "light"}.png").writeBytes(png)
            } finally {
                scene.close()
            }
        }
    }
}
