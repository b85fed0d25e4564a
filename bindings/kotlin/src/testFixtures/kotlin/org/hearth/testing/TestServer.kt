package org.hearth.testing

import java.io.File

/**
 * One of Hearth's server binaries on 127.0.0.1, started for a test and stopped at [close].
 * Its path comes from the system property [binaryProperty] (the root pom.xml sets them for
 * every module); it prints "… listening on http://ADDRESS" on its first line when ready.
 */
open class TestServer(binaryProperty: String, args: List<String>) : AutoCloseable {
    private val process: Process
    val url: String

    init {
        val binary = File(System.getProperty(binaryProperty) ?: error("$binaryProperty is not set"))
        check(binary.canExecute()) { "$binary is missing: run `cargo build --workspace --bins`" }
        process = ProcessBuilder(listOf(binary.path) + args).redirectError(ProcessBuilder.Redirect.INHERIT).start()
        val line = process.inputStream.bufferedReader().readLine() ?: error("${binary.name} did not start")
        check("listening on http://" in line) { line }
        url = line.trim().substringAfterLast(' ')
    }

    override fun close() {
        process.destroy()
        process.waitFor()
    }
}
