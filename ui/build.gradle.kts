// The shared UI for the Android Gradle build (android/settings.gradle.kts includes it as :ui).
// Kotlin Multiplatform with an Android and a desktop target over the same sources Maven builds
// here (ui/pom.xml): src/main/kotlin, plus the generated bindings. The bindings call the native
// library through JNA, so the code is JVM code on both targets, shared in a "jvmShared" source
// set. Not verified on these machines (no Android SDK); the desktop target is what Maven tests.
plugins {
    alias(libs.plugins.android.library)
    alias(shared.plugins.kotlin.multiplatform)
    alias(shared.plugins.kotlin.compose)
    alias(shared.plugins.compose.multiplatform)
}

kotlin {
    androidTarget()
    jvm("desktop")
    jvmToolchain(17)

    sourceSets {
        val jvmShared by creating {
            dependsOn(commonMain.get())
            kotlin.srcDir("src/main/kotlin")
            // Written by bindings/generate.sh (run by scripts/build-android.sh).
            kotlin.srcDir("../bindings/generated/kotlin")
            dependencies {
                api(compose.runtime)
                api(compose.foundation)
                api(compose.material3)
                api(compose.ui)
                api(shared.coroutines.core)
                implementation(shared.zxing.core)
            }
        }
        androidMain {
            dependsOn(jvmShared)
            dependencies {
                api("${shared.jna.get()}@aar")
                api(shared.coroutines.android)
            }
        }
        val desktopMain by getting {
            dependsOn(jvmShared)
            dependencies {
                api(shared.jna)
                implementation(compose.desktop.currentOs)
            }
        }
    }
}

android {
    namespace = "org.hearth.ui"
    compileSdk = 36
    defaultConfig {
        minSdk = 28
        consumerProguardFiles("consumer-rules.pro")
    }
    // The sources live in src/main/kotlin for Maven and reach Android through "jvmShared"
    // above; Android's own main source set must not compile them a second time.
    sourceSets["main"].java.setSrcDirs(emptyList<String>())
    sourceSets["main"].kotlin.setSrcDirs(emptyList<String>())
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}
