//! The trunk demo: it only mounts the widget on the page.
fn main() {
    auth_widget::mount_demo();
}
