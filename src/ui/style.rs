//! The widget's CSS, compiled into the wasm and adopted once per document or
//! shadow root (a constructed stylesheet: no `<style>` element, so a strict
//! `style-src 'self'` policy does not block it).

use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// style/auth-widget.css, minified by build.rs.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/auth-widget.min.css"));

thread_local! {
    static SHEET: RefCell<Option<JsValue>> = const { RefCell::new(None) };
}

fn call(target: &JsValue, method: &str, arg: &JsValue) -> Result<JsValue, JsValue> {
    let function: js_sys::Function = js_sys::Reflect::get(target, &method.into())?.dyn_into()?;
    function.call1(target, arg)
}

/// The one stylesheet object, made on first use.
fn sheet() -> Result<JsValue, JsValue> {
    SHEET.with(|cell| {
        if let Some(sheet) = cell.borrow().as_ref() {
            return Ok(sheet.clone());
        }
        let global = js_sys::global();
        let constructor: js_sys::Function =
            js_sys::Reflect::get(&global, &"CSSStyleSheet".into())?.dyn_into()?;
        let sheet = js_sys::Reflect::construct(&constructor, &js_sys::Array::new())?;
        call(&sheet, "replaceSync", &CSS.into())?;
        *cell.borrow_mut() = Some(sheet.clone());
        Ok(sheet)
    })
}

/// Adds the widget's stylesheet to `root` (a Document or a ShadowRoot)
/// unless it is there already.
pub fn adopt_styles(root: &JsValue) {
    let adopted = (|| -> Result<(), JsValue> {
        let sheet = sheet()?;
        let current: js_sys::Array =
            js_sys::Reflect::get(root, &"adoptedStyleSheets".into())?.dyn_into()?;
        if !current.includes(&sheet, 0) {
            let next = current.slice(0, current.length());
            next.push(&sheet);
            js_sys::Reflect::set(root, &"adoptedStyleSheets".into(), &next)?;
        }
        Ok(())
    })();
    if adopted.is_err() {
        leptos::logging::error!(
            "auth-widget: this browser cannot adopt stylesheets; the widget is unstyled"
        );
    }
}
