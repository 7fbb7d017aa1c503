//! The widget's CSS. In the browser alone (`csr`) it is adopted once per
//! document or shadow root as a constructed stylesheet: no `<style>`
//! element, so a strict `style-src 'self'` policy does not block it. Where
//! a server writes the widget's HTML (`ssr`, and `hydrate`, which adopts
//! that HTML), a constructed stylesheet cannot travel: the CSS is a
//! `<style>` element inside the widget, carrying the page's CSP nonce when
//! the app provides one (Leptos's `provide_nonce`).

/// style/auth-widget.css, minified by build.rs. With `external-css` the
/// wasm carries none: the embed bundle's entry module holds it and makes
/// the stylesheet, which its early form needs before the wasm arrives.
#[cfg(not(feature = "external-css"))]
pub const CSS: &str = include_str!(concat!(env!("OUT_DIR"), "/auth-widget.min.css"));
/// See the other definition.
#[cfg(feature = "external-css")]
pub const CSS: &str = "";

/// The `<style>` element of server-written HTML. Its text is the CSS as it
/// is (`inner_html`: text children would be HTML-escaped, which would break
/// its `>` selectors); hydration keeps the server's element.
#[cfg(server_html)]
pub(crate) fn server_style() -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! { <style nonce=use_nonce() inner_html=CSS></style> }
}

/// Client-side rendering: nothing here (see [`adopt_styles`]).
#[cfg(not(server_html))]
pub(crate) fn server_style() {}

#[cfg(not(server_html))]
pub use adopt::adopt_styles;

#[cfg(not(server_html))]
mod adopt {
    use super::CSS;
    use wasm_bindgen::prelude::*;

    // DOM plumbing, a few lines of JS: as wasm imports (a reflected get, a
    // construct and a call each) it cost more bytes than it does here.
    #[wasm_bindgen(inline_js = r#"
let sheet;
export function adopt(root, css) {
  try {
    // The embed bundle's entry module makes it (feature external-css).
    sheet ??= globalThis[Symbol.for("auth-widget.stylesheet")];
    if (!sheet && css) {
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

    /// Adds the widget's stylesheet (made on first use, then shared) to
    /// `root`, a Document or a ShadowRoot, unless it is there already.
    pub fn adopt_styles(root: &web_sys::Node) {
        if !adopt(root, CSS) {
            leptos::logging::error!(
                "auth-widget: this browser cannot adopt stylesheets; the widget is unstyled"
            );
        }
    }
}
