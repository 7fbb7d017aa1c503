#![cfg(target_arch = "wasm32")]
//! The widget mounts into a real page and renders its shell.

use auth_widget::AuthWidget;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn shell_mounts_with_a_labelled_region() {
    let document = document();
    let parent = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&parent).unwrap();
    leptos::mount::mount_to(parent.clone().unchecked_into(), || view! { <AuthWidget /> }).forget();
    leptos::task::tick().await;

    let root = parent.query_selector(".aw-root").unwrap().expect("widget root rendered");
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    let title_id = root.get_attribute("aria-labelledby").unwrap();
    let title = document.get_element_by_id(&title_id).expect("title the region points at");
    assert_eq!(title.text_content().unwrap(), "Sign up");
}
