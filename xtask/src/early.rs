//! The early form: the component's own markup, rendered at build time
//! through the crate's `ssr` feature for each screen and shipped language,
//! so that the entry module can put a form on the page before the wasm has
//! arrived (issue #19). The wasm then takes it over (src/embed/js/early.js).
//!
//! - English ships inside the bundle (the entry imports `early-en.js`,
//!   written into the build beside it, with the message the early form
//!   shows when the wasm cannot be loaded);
//! - every other language's markup rides in its language file, under
//!   [`MARKUP_KEY`], which the widget's reader ignores.

use anyhow::{Context, Result};
use auth_widget::i18n::{apply_json, Dictionary, EN};
use auth_widget::{AuthWidget, Options, Screen};
use leptos::prelude::*;
use std::sync::Arc;

/// The member of a shipped language file that holds its early markup.
pub const MARKUP_KEY: &str = "markup";

/// The screens, as the JS API names them.
const SCREENS: [(&str, Screen); 2] = [
    ("signUp", Screen::SignUp),
    ("forgotPassword", Screen::ForgotPassword),
];

/// The widget's markup for `screen` in `strings`, default options, without
/// its `<style>` element (the entry module adopts the CSS).
fn render(screen: Screen, strings: &Dictionary) -> String {
    let options = Options {
        initial_screen: screen,
        ..Options::default()
    };
    let strings = Arc::new(strings.clone());
    let owner = Owner::new_root(None);
    let html = owner.with(|| {
        view! { <AuthWidget domain="tenant.invalid" client_id="early" options=options strings=strings /> }.to_html()
    });
    owner.unset();
    without_style(&html)
}

/// `html` without its `<style …>…</style>` element and without the empty
/// comments (`<!>`) that mark places for hydration: the early form is
/// taken over, not hydrated.
fn without_style(html: &str) -> String {
    let html = match (html.find("<style"), html.find("</style>")) {
        (Some(start), Some(end)) => {
            format!("{}{}", &html[..start], &html[end + "</style>".len()..])
        }
        _ => html.to_owned(),
    };
    html.replace("<!>", "")
}

/// `{"signUp": markup, "forgotPassword": markup}` for `strings`.
pub fn markup(strings: &Dictionary) -> serde_json::Value {
    SCREENS
        .iter()
        .map(|(name, screen)| (name.to_string(), render(*screen, strings).into()))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// The English early form, as the module the entry imports.
pub fn english_module() -> String {
    format!(
        "// The widget's CSS and its early form in English (cargo xtask dist, from the component).\n\
         export const css = {};\nexport const networkError = {};\nexport default {};\n",
        serde_json::Value::from(auth_widget::ui::style::CSS),
        serde_json::Value::from(EN.err_network),
        markup(&EN.to_dictionary())
    )
}

/// A language file as shipped: the file's JSON with its early markup.
pub fn with_markup(language_file: &str) -> Result<String> {
    let (strings, _) = apply_json(EN.to_dictionary(), language_file)
        .map_err(|why| anyhow::anyhow!("a language file the widget cannot read: {why}"))?;
    let mut json: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(language_file).context("a language file")?;
    json.insert(MARKUP_KEY.into(), markup(&strings));
    Ok(serde_json::to_string(&json)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_early_form_is_the_components_markup_without_its_style() {
        let english = markup(&EN.to_dictionary());
        let sign_up = english["signUp"].as_str().unwrap();
        assert!(
            sign_up.contains(r#"autocomplete="new-password""#),
            "{sign_up}"
        );
        assert!(sign_up.contains(EN.sign_up_title), "{sign_up}");
        assert!(!sign_up.contains("<style"), "{sign_up}");
        let forgot = english["forgotPassword"].as_str().unwrap();
        assert!(
            forgot.contains(EN.forgot_title) && !forgot.contains("type=\"password\""),
            "{forgot}"
        );
    }
}
