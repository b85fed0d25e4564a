package org.hearth.testing

import java.io.File

/**
 * The real relay binary on 127.0.0.1 with a fresh database, for tests that sync. Its path
 * comes from the `hearth.relay` system property (the root pom.xml sets it for every module).
 */
class TestRelay(dir: File) : AutoCloseable {
    private val process: Process
    val url: String

    init {
        val binary = File(System.getProperty("hearth.relay") ?: error("hearth.relay is not set"))
        check(binary.canExecute()) { "$binary is missing: run `cargo build -p hearth-relay`" }
        process = ProcessBuilder(
            binary.path, "--listen", "127.0.0.1:0", "--db", File(dir, "relay.db").path,
            // Every test client shares 127.0.0.1: lift the per-address rate limit.
            "--rate", "100000", "--burst", "100000",
        ).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        val line = process.inputStream.bufferedReader().readLine() ?: error("the relay did not start")
        check("listening on http://" in line) { line }
        url = line.trim().substringAfterLast(' ')
    }

    override fun close() {
        process.destroy()
        process.waitFor()
    }
}
