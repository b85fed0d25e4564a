package org.hearth.testing

import java.io.File

/**
 * The real push gateway binary (`hearth.push`) on 127.0.0.1 with a fresh folder, taking
 * UnifiedPush endpoints on this computer (which a real gateway refuses).
 */
class TestGateway(dir: File) : TestServer(
    "hearth.push",
    listOf(
        "--listen", "127.0.0.1:0", "--dir", File(dir, "push-gateway").path,
        "--relay-token", "a relay token", "--allow", "127.0.0.0/8",
    ),
)
