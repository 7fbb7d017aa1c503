//! auth-widget: an embeddable sign-up and forgot-password widget for
//! Auth0-compatible tenants, written with Leptos and compiled to WebAssembly.

pub mod ui;

pub use ui::AuthWidget;

/// Mounts the widget on `<body>`: the entry of the trunk demo page.
pub fn mount_demo() {
    leptos::mount::mount_to_body(|| leptos::view! { <AuthWidget /> });
}
