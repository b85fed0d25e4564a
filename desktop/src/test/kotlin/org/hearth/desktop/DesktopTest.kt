package org.hearth.desktop

import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNull
import org.junit.jupiter.api.Test
import java.io.File
import java.util.prefs.Preferences

class DesktopTest {
    @Test
    fun options_have_defaults_and_refuse_nothing_silently() {
        val o = Options.parse(arrayOf(), env = mapOf("XDG_DATA_HOME" to "/data"))!!
        if (!System.getProperty("os.name").lowercase().let { "mac" in it || "win" in it }) {
            assertEquals(File("/data/hearth/profile"), o.profileDir)
        }
        assertEquals(5 * 60_000L, o.idleLockMs)
        val chosen = Options.parse(
            arrayOf("--profile", "/p", "--idle-lock-minutes", "2", "--dark", "hearth://join#7KQ2M9-XD4F"),
            env = mapOf("HEARTH_PROFILE" to "/ignored"),
        )!!
        assertEquals(File("/p"), chosen.profileDir)
        assertEquals(120_000L, chosen.idleLockMs)
        assertEquals(true, chosen.dark)
        assertEquals("hearth://join#7KQ2M9-XD4F", chosen.joinLink)
        assertEquals(File("/from-env"), Options.parse(arrayOf(), env = mapOf("HEARTH_PROFILE" to "/from-env"))!!.profileDir)
        assertNull(Options.parse(arrayOf("--help")))
    }

    @Test
    fun text_size_steps_within_bounds_and_is_remembered() {
        val node = Preferences.userRoot().node("org/hearth/desktop-test-${System.nanoTime()}")
        try {
            val size = TextSize(node)
            assertEquals(1f, size.scale)
            repeat(20) { size.larger() }
            assertEquals(2f, size.scale)
            assertEquals(2f, TextSize(node).scale, "remembered")
            repeat(30) { size.smaller() }
            assertEquals(0.8f, size.scale)
            size.reset()
            assertEquals(1f, size.scale)
        } finally {
            node.removeNode()
        }
    }
}
