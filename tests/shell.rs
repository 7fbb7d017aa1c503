#![cfg(target_arch = "wasm32")]
//! The widget mounts into a real page as a labelled region, and refuses a
//! broken configuration with a visible message instead of a blank space.

use auth_widget::i18n::EN;
use auth_widget::{AuthWidget, Options};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

async fn mount_with_domain(domain: &'static str) -> web_sys::Element {
    mount_with(domain, Options::default()).await
}

async fn mount_with(domain: &'static str, options: Options) -> web_sys::Element {
    let document = document();
    let parent = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&parent).unwrap();
    leptos::mount::mount_to(parent.clone().unchecked_into(), move || {
        view! { <AuthWidget domain=domain client_id="demo-client" options=options /> }
    })
    .forget();
    leptos::task::tick().await;
    parent
}

#[wasm_bindgen_test]
async fn widget_mounts_as_a_labelled_region() {
    let parent = mount_with_domain("tenant.example.com").await;
    let root = parent
        .query_selector(".aw-root")
        .unwrap()
        .expect("widget root rendered");
    assert_eq!(root.get_attribute("lang").as_deref(), Some("en"));
    let title_id = root.get_attribute("aria-labelledby").unwrap();
    let title = document()
        .get_element_by_id(&title_id)
        .expect("the title the region points at");
    assert_eq!(title.text_content().unwrap(), EN.sign_up_title);
}

#[wasm_bindgen_test]
async fn a_bad_domain_shows_a_configuration_error() {
    let parent = mount_with_domain("ftp://nope").await;
    let alert = parent
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert");
    assert_eq!(alert.text_content().unwrap(), EN.err_config);
    assert!(parent.query_selector("form").unwrap().is_none());
}

#[wasm_bindgen_test]
async fn no_screen_allowed_shows_the_configuration_error_too() {
    let parent = mount_with(
        "tenant.example.com",
        Options {
            allow_sign_up: false,
            allow_forgot_password: false,
            ..Options::default()
        },
    )
    .await;
    let alert = parent
        .query_selector("[role=alert]")
        .unwrap()
        .expect("an alert, not a sign-up screen nobody asked for");
    assert_eq!(alert.text_content().unwrap(), EN.err_config);
    assert!(parent.query_selector("form").unwrap().is_none());
}
