//! The trunk demo (index.html turns `csr` on): mounts the widget on the
//! page's `<body>` (the code is auth_widget::demo).

fn main() {
    #[cfg(target_arch = "wasm32")]
    auth_widget::demo::mount();
}
