//! The trunk demo: it only mounts the widget on the page.
fn main() {
    #[cfg(target_arch = "wasm32")]
    auth_widget::mount_demo();
}
