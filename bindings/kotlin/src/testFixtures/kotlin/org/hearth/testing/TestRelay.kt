package org.hearth.testing

import java.io.File

/** The real relay binary (`hearth.relay`) on 127.0.0.1 with a fresh database, for tests that sync. */
class TestRelay(dir: File) : TestServer(
    "hearth.relay",
    listOf(
        "--listen", "127.0.0.1:0", "--db", File(dir, "relay.db").path,
        // Every test client shares 127.0.0.1: lift the per-address rate limit.
        "--rate", "100000", "--burst", "100000",
    ),
)
