pluginManagement {
    repositories {
        google()
        mavenCentral()
        gradlePluginPortal()
    }
}

// (pluginManagement must come first in a settings script.)
//
// Versions shared with the Maven build live once, in the root pom.xml's <properties>: read them
// here so Gradle and Maven cannot drift apart. Android-only versions stay in
// gradle/libs.versions.toml.
val pomVersions: Map<String, String> = run {
    val pom = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(file("../pom.xml"))
    val properties = pom.getElementsByTagName("properties").item(0).childNodes
    (0 until properties.length).map(properties::item)
        .filter { it.nodeType == org.w3c.dom.Node.ELEMENT_NODE }
        .associate { it.nodeName to it.textContent.trim() }
}

dependencyResolutionManagement {
    repositoriesMode.set(RepositoriesMode.FAIL_ON_PROJECT_REPOS)
    repositories {
        google()
        mavenCentral()
    }
    versionCatalogs {
        create("shared") {
            listOf("kotlin", "coroutines", "jna", "zxing", "compose", "junit").forEach { name ->
                version(name, pomVersions.getValue("$name.version"))
            }
            library("jna", "net.java.dev.jna", "jna").versionRef("jna")
            library("zxing-core", "com.google.zxing", "core").versionRef("zxing")
            library("coroutines-core", "org.jetbrains.kotlinx", "kotlinx-coroutines-core").versionRef("coroutines")
            library("coroutines-android", "org.jetbrains.kotlinx", "kotlinx-coroutines-android").versionRef("coroutines")
            library("junit-jupiter", "org.junit.jupiter", "junit-jupiter").versionRef("junit")
            plugin("kotlin-multiplatform", "org.jetbrains.kotlin.multiplatform").versionRef("kotlin")
            plugin("kotlin-android", "org.jetbrains.kotlin.android").versionRef("kotlin")
            plugin("kotlin-compose", "org.jetbrains.kotlin.plugin.compose").versionRef("kotlin")
            plugin("compose-multiplatform", "org.jetbrains.compose").versionRef("compose")
        }
    }
}

rootProject.name = "Hearth"
include(":app", ":ui")
// The shared UI lives at the repository's top level, beside its Maven build.
project(":ui").projectDir = file("../ui")
