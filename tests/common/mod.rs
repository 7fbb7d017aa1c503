//! Helpers the browser tests share (`mod common;` in each). Each test file
//! uses a part of them.
#![allow(dead_code)]

use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;

/// The emulator the browser tests talk to (`cargo xtask wasm-test` starts it).
pub fn tenant() -> &'static str {
    option_env!("AUTH_WIDGET_TEST_TENANT").expect(
        "AUTH_WIDGET_TEST_TENANT: run the browser tests with `make test` (it starts the emulator)",
    )
}

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A JS object with these members, as a page would write it.
pub fn obj(members: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in members {
        Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

/// Lets `ms` milliseconds pass (a timer task, so other tasks run meanwhile).
pub async fn sleep(ms: u32) {
    let promise = Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}
