//! Mounts the app (src/lib.rs) on the page.
fn main() {
    #[cfg(target_arch = "wasm32")]
    leptos::mount::mount_to_body(leptos_app_example::App);
}
