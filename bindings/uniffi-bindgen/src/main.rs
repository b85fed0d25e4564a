//! `uniffi-bindgen`: generates Kotlin, Swift and Python from the built hearth-ffi library.
//! A crate of its own so the generator (large, slow to build) never enters the app's graph.

fn main() {
    uniffi::uniffi_bindgen_main()
}
