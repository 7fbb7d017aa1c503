//! The widget's CSS, compiled into the wasm and adopted once per document or
//! shadow root (a constructed stylesheet: no `<style>` element, so a strict
//! `style-src 'self'` policy does not block it).

use wasm_bindgen::prelude::*;

/// style/auth-widget.css, minified by build.rs.
const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/auth-widget.min.css"));

// DOM plumbing, a few lines of JS: as wasm imports (a reflected get, a
// construct and a call each) it cost more bytes than it does here.
#[wasm_bindgen(inline_js = r#"
let sheet;
export function adopt(root, css) {
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(css);
    }
    const current = root.adoptedStyleSheets;
    if (!current.includes(sheet)) root.adoptedStyleSheets = [...current, sheet];
    return true;
  } catch {
    return false;
  }
}
"#)]
extern "C" {
    fn adopt(root: &web_sys::Node, css: &str) -> bool;
}

/// Adds the widget's stylesheet (made on first use, then shared) to `root`,
/// a Document or a ShadowRoot, unless it is there already.
pub fn adopt_styles(root: &web_sys::Node) {
    if !adopt(root, CSS) {
        leptos::logging::error!(
            "auth-widget: this browser cannot adopt stylesheets; the widget is unstyled"
        );
    }
}
