plugins {
    alias(libs.plugins.android.application) apply false
    alias(libs.plugins.android.library) apply false
    alias(shared.plugins.kotlin.multiplatform) apply false
    alias(shared.plugins.kotlin.android) apply false
    alias(shared.plugins.kotlin.compose) apply false
    alias(shared.plugins.compose.multiplatform) apply false
}
