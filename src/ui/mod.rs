//! The view layer: Leptos components. Pure logic lives elsewhere.

use leptos::prelude::*;

/// The widget's root: a landmark region holding the current screen.
#[component]
pub fn AuthWidget() -> impl IntoView {
    view! {
        <section class="aw-root" lang="en" aria-labelledby="aw-title">
            <h1 id="aw-title" class="aw-title">"Sign up"</h1>
        </section>
    }
}
