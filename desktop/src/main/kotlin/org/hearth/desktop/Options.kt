package org.hearth.desktop

import java.io.File

/** The desktop app's command line: where the profile lives, the idle lock, a join link. */
data class Options(
    /** The profile's directory. */
    val profileDir: File,
    /** Closes the profile after this long without keyboard or mouse input. */
    val idleLockMs: Long,
    /** A `hearth://join#…` link the app was opened with (the system passes it as an argument). */
    val joinLink: String?,
    /** Forces the dark (true) or light (false) theme; null follows the system. */
    val dark: Boolean?,
    /** Prints how long the first frames took (the startup figures; no content). */
    val reportStartup: Boolean = false,
    /** A new profile keeps a random key in the system's keyring instead of a passphrase. */
    val keyring: Boolean = false,
) {
    companion object {
        const val USAGE = """usage: hearth-desktop [--profile DIR] [--idle-lock-minutes N] [--dark|--light] [--keyring] [hearth://join#CODE]

  --profile DIR            the profile's directory (default: HEARTH_PROFILE, or the system's
                           application-data directory)
  --idle-lock-minutes N    close the profile after N minutes without input (default 5)
  --dark, --light          force a theme (default: the system's)
  --keyring                a new profile keeps a random key in the system's keyring
                           (Secret Service, Keychain, Credential Manager) instead of
                           asking for a passphrase; the CLI cannot open such a profile
  --report-startup         print how long the first frames took"""

        /** The options, or null after printing the usage (asked for, or a mistake). */
        fun parse(args: Array<String>, env: Map<String, String> = System.getenv()): Options? {
            var profile: File? = env["HEARTH_PROFILE"]?.takeIf { it.isNotBlank() }?.let(::File)
            var idleMinutes = 5L
            var link: String? = null
            var dark: Boolean? = null
            var report = false
            var keyring = false
            val rest = args.iterator()
            while (rest.hasNext()) {
                when (val arg = rest.next()) {
                    "--profile" -> profile = File(rest.nextOrNull() ?: return usage("--profile needs a directory"))
                    "--idle-lock-minutes" -> idleMinutes = rest.nextOrNull()?.toLongOrNull()?.takeIf { it in 1..24 * 60 }
                        ?: return usage("--idle-lock-minutes needs a number of minutes from 1 to 1440")
                    "--dark" -> dark = true
                    "--light" -> dark = false
                    "--report-startup" -> report = true
                    "--keyring" -> keyring = true
                    "-h", "--help" -> return usage(null)
                    else -> if (arg.startsWith("hearth://join")) link = arg else return usage("unknown argument: $arg")
                }
            }
            return Options(profile ?: defaultProfileDir(env), idleMinutes * 60_000, link, dark, report, keyring)
        }

        private fun Iterator<String>.nextOrNull() = if (hasNext()) next() else null

        private fun usage(problem: String?): Options? {
            problem?.let { System.err.println("hearth-desktop: $it") }
            (if (problem == null) System.out else System.err).println(USAGE)
            if (problem != null) kotlin.system.exitProcess(2)
            return null
        }

        /**
         * Where each system keeps an application's data. On Linux the same directory as the
         * `hearth` CLI's, so both open one profile (with the same passphrase).
         */
        fun defaultProfileDir(env: Map<String, String>): File {
            val home = File(System.getProperty("user.home"))
            val os = System.getProperty("os.name").lowercase()
            return when {
                "mac" in os -> File(home, "Library/Application Support/Hearth/profile")
                "win" in os -> File(env["APPDATA"]?.let(::File) ?: File(home, "AppData/Roaming"), "Hearth/profile")
                else -> File(env["XDG_DATA_HOME"]?.takeIf { it.isNotBlank() }?.let(::File) ?: File(home, ".local/share"), "hearth/profile")
            }
        }
    }
}
