plugins {
    alias(libs.plugins.android.application)
    alias(shared.plugins.kotlin.android)
    alias(shared.plugins.kotlin.compose)
}

android {
    namespace = "org.hearth.app"
    compileSdk = 36
    defaultConfig {
        applicationId = "org.hearth.app"
        minSdk = 28
        targetSdk = 36
        versionCode = 1
        versionName = "0.1.0"
        ndk { abiFilters += listOf("arm64-v8a", "armeabi-v7a", "x86_64") }
    }
    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"))
        }
    }
    buildFeatures { compose = true }
    // Written by scripts/build-android.sh with cargo-ndk.
    sourceSets["main"].jniLibs.srcDir("src/main/jniLibs")
    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin { jvmToolchain(17) }

// The app is the Android shell only: the Activity, the Keystore vault, biometrics, alarms,
// notifications and push registration. Screens, state holders and the bindings come from the shared UI (:ui).
dependencies {
    implementation(project(":ui"))
    implementation(libs.activity.compose)
    implementation(libs.lifecycle.process)
    implementation(libs.lifecycle.viewmodel.compose)
    implementation(libs.biometric)
    // Wake-ups: a UnifiedPush distributor when the person has one, else FCM (push.WakeWorker).
    implementation(libs.unifiedpush.connector)
    implementation(libs.firebase.messaging)
    implementation(libs.work.runtime)
}
