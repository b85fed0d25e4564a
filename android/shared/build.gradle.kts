// The platform-free Kotlin: the generated bindings, the repository over them, state holders
// and formatting. Nothing here may use Android APIs: bindings/kotlin/pom.xml compiles and
// tests these same sources on a plain JVM.
plugins {
    alias(libs.plugins.android.library)
    alias(libs.plugins.kotlin.android)
}

android {
    namespace = "org.hearth.shared"
    compileSdk = 36
    defaultConfig {
        minSdk = 28
        consumerProguardFiles("consumer-rules.pro")
    }
    sourceSets["main"].apply {
        // Written by bindings/generate.sh (run by scripts/build-android.sh).
        kotlin.srcDir("../../bindings/generated/kotlin")
        // Written by scripts/build-android.sh with cargo-ndk.
        jniLibs.srcDir("src/main/jniLibs")
    }
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
    testOptions.unitTests.all { it.useJUnitPlatform() }
}

kotlin { jvmToolchain(17) }

dependencies {
    api("${libs.jna.get()}@aar")
    api(libs.coroutines.android)
    // QR codes for invite links, drawn on the phone.
    implementation(libs.zxing.core)
    testImplementation(libs.junit.jupiter)
}
