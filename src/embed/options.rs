//! Lock-style options from a JavaScript object. Unknown or ill-typed options
//! are reported, one message each naming the option, and replaced by their
//! defaults: a mistake costs a console error, not a blank widget.

use crate::options::{Options, Screen};
use auth_core::{PasswordPolicy, PolicyLevel};
use js_sys::{Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Options that concern the embedding rather than the screens.
#[derive(Clone, Debug, Default)]
pub struct EmbedOptions {
    /// Where to render inline (an element, or a shadow root); none: a modal.
    pub container: Option<web_sys::Node>,
    /// The modal can be closed (Escape, close button). Lock's default: true.
    pub closable: bool,
    /// Focus the first field when shown.
    pub autofocus: bool,
    /// `theme.primaryColor`, a CSS colour.
    pub primary_color: Option<String>,
    /// `theme.mode`: light, dark or auto.
    pub theme_mode: Option<String>,
    /// `language`: one of [`crate::i18n::SHIPPED`] (loaded beside the bundle), or English.
    pub language: Option<String>,
    /// `languageDictionary`: (key, text) overrides, keys checked.
    pub dictionary: Vec<(String, String)>,
}

/// The options Lock users may pass that this widget knows.
pub const KNOWN_OPTIONS: [&str; 19] = [
    "language",
    "languageDictionary",
    "connection",
    "initialScreen",
    "allowSignUp",
    "allowForgotPassword",
    "allowLogin",
    "allowShowPassword",
    "prefill",
    "passwordPolicy",
    "minLength",
    "requiresUsername",
    "usernameMin",
    "usernameMax",
    "container",
    "closable",
    "autofocus",
    "requestTimeout",
    "theme",
];

pub struct Parsed {
    pub options: Options,
    pub embed: EmbedOptions,
    /// One message per problem, each naming the option.
    pub problems: Vec<String>,
}

struct Reader {
    object: JsValue,
    problems: Vec<String>,
}

impl Reader {
    fn get(&self, key: &str) -> Option<JsValue> {
        Reflect::get(&self.object, &key.into())
            .ok()
            .filter(|v| !v.is_undefined())
    }

    fn problem(&mut self, key: &str, expected: &str, value: &JsValue) {
        let got = value.js_typeof().as_string().unwrap_or_default();
        self.problems.push(format!(
            "option \"{key}\" must be {expected} (got {got}); using the default"
        ));
    }

    fn bool(&mut self, key: &str, target: &mut bool) {
        if let Some(value) = self.get(key) {
            match value.as_bool() {
                Some(b) => *target = b,
                None => self.problem(key, "true or false", &value),
            }
        }
    }

    fn string(&mut self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        match value.as_string() {
            Some(s) => Some(s),
            None => {
                self.problem(key, "a string", &value);
                None
            }
        }
    }

    /// A whole number within bounds. (Integers only: formatting floats
    /// would pull core's float printing into the bundle.)
    fn number(&mut self, key: &str, min: u32, max: u32) -> Option<u32> {
        let value = self.get(key)?;
        match value.as_f64() {
            Some(n) if n.fract() == 0.0 && n >= min as f64 && n <= max as f64 => Some(n as u32),
            _ => {
                self.problem(key, &format!("a whole number from {min} to {max}"), &value);
                None
            }
        }
    }
}

/// Reads `value` (undefined, null or an object).
pub fn parse(value: &JsValue) -> Parsed {
    let mut options = Options::default();
    let mut embed = EmbedOptions {
        closable: true,
        ..EmbedOptions::default()
    };
    if value.is_undefined() || value.is_null() {
        return Parsed {
            options,
            embed,
            problems: Vec::new(),
        };
    }
    if !value.is_object() {
        return Parsed {
            options,
            embed,
            problems: vec!["options must be an object; using the defaults".into()],
        };
    }
    let mut r = Reader {
        object: value.clone(),
        problems: Vec::new(),
    };
    let object: &Object = value.unchecked_ref();
    for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !KNOWN_OPTIONS.contains(&key.as_str()) {
            r.problems
                .push(format!("unknown option \"{key}\" (ignored)"));
        }
    }
    if let Some(connection) = r.string("connection") {
        options.connection = connection;
    }
    if let Some(screen) = r.string("initialScreen") {
        match screen.as_str() {
            "signUp" => options.initial_screen = Screen::SignUp,
            "forgotPassword" => options.initial_screen = Screen::ForgotPassword,
            other => r.problems.push(format!(
                "option \"initialScreen\" must be \"signUp\" or \"forgotPassword\" (got \"{other}\"); using \"signUp\""
            )),
        }
    }
    r.bool("allowSignUp", &mut options.allow_sign_up);
    r.bool("allowForgotPassword", &mut options.allow_forgot_password);
    // Lock's login screen does not exist here; the flag is accepted as-is.
    let mut allow_login = true;
    r.bool("allowLogin", &mut allow_login);
    r.bool("allowShowPassword", &mut options.allow_show_password);
    r.bool("requiresUsername", &mut options.requires_username);
    r.bool("closable", &mut embed.closable);
    r.bool("autofocus", &mut embed.autofocus);
    if let Some(prefill) = r.get("prefill") {
        if prefill.is_object() {
            let mut inner = Reader {
                object: prefill,
                problems: Vec::new(),
            };
            options.prefill_email = inner.string("email").unwrap_or_default();
            options.prefill_username = inner.string("username").unwrap_or_default();
            r.problems.extend(
                inner
                    .problems
                    .into_iter()
                    .map(|p| p.replacen("option \"", "option \"prefill.", 1)),
            );
        } else {
            r.problem("prefill", "an object like {email, username}", &prefill);
        }
    }
    if let Some(policy) = r.string("passwordPolicy") {
        match PolicyLevel::parse(&policy) {
            Some(level) => options.password_policy = PasswordPolicy { level, ..options.password_policy },
            None => r.problems.push(format!(
                "option \"passwordPolicy\" must be none, low, fair, good or excellent (got \"{policy}\"); using \"good\""
            )),
        }
    }
    if let Some(min) = r.number("minLength", 1, 72) {
        options.password_policy.min_length = Some(min as usize);
    }
    if let Some(min) = r.number("usernameMin", 1, 128) {
        options.username_min = min as usize;
    }
    if let Some(max) = r.number("usernameMax", 1, 128) {
        options.username_max = max as usize;
    }
    if let Some(timeout) = r.number("requestTimeout", 1, 600_000) {
        options.request_timeout_ms = timeout;
    }
    if let Some(container) = r.get("container") {
        if let Some(id) = container.as_string() {
            match web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id(&id))
            {
                Some(element) => embed.container = Some(element.into()),
                None => r.problems.push(format!(
                    "option \"container\": no element with id \"{id}\"; opening as a modal"
                )),
            }
        } else if let Ok(node) = container.clone().dyn_into::<web_sys::Node>() {
            embed.container = Some(node);
        } else {
            r.problem("container", "an element id or an element", &container);
        }
    }
    if let Some(theme) = r.get("theme") {
        if theme.is_object() {
            let mut inner = Reader {
                object: theme,
                problems: Vec::new(),
            };
            embed.primary_color = inner.string("primaryColor");
            if let Some(mode) = inner.string("mode") {
                if ["light", "dark", "auto"].contains(&mode.as_str()) {
                    embed.theme_mode = Some(mode);
                } else {
                    inner.problems.push(format!(
                        "option \"mode\" must be light, dark or auto (got \"{mode}\")"
                    ));
                }
            }
            r.problems.extend(
                inner
                    .problems
                    .into_iter()
                    .map(|p| p.replacen("option \"", "option \"theme.", 1)),
            );
        } else {
            r.problem("theme", "an object like {primaryColor, mode}", &theme);
        }
    }
    if let Some(language) = r.string("language") {
        if language == "en" {
        } else if crate::i18n::SHIPPED.contains(&language.as_str()) {
            embed.language = Some(language);
        } else {
            r.problems.push(format!(
                "option \"language\": no dictionary for \"{language}\" (built in: en, {}); using English",
                crate::i18n::SHIPPED.join(", ")
            ));
        }
    }
    if let Some(dictionary) = r.get("languageDictionary") {
        if dictionary.is_object() {
            let object: &Object = dictionary.unchecked_ref();
            for key in Object::keys(object).iter().filter_map(|k| k.as_string()) {
                let value =
                    Reflect::get(&dictionary, &key.as_str().into()).unwrap_or(JsValue::UNDEFINED);
                match value.as_string() {
                    Some(text) if crate::i18n::Strings::KEYS.contains(&key.as_str()) => {
                        embed.dictionary.push((key, text))
                    }
                    Some(_) => r.problems.push(format!(
                        "option \"languageDictionary\": unknown key \"{key}\" (ignored)"
                    )),
                    None => r.problem(&format!("languageDictionary.{key}"), "a string", &value),
                }
            }
        } else {
            r.problem("languageDictionary", "an object of strings", &dictionary);
        }
    }
    if embed.container.is_some() {
        // Lock: an inline widget cannot be closed.
        embed.closable = false;
    }
    Parsed {
        options,
        embed,
        problems: r.problems,
    }
}
