//! Lock-style options from a JavaScript object. Unknown or ill-typed options
//! are reported, one message each naming the option, and replaced by their
//! defaults: a mistake costs a console error, not a blank widget.

use crate::options::{FieldKind, FieldValidator, Options, Screen, SignUpField};
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
    /// `configurationBaseUrl`: load the connection's settings from
    /// `{url}/client/{clientID}.js`, as Lock does.
    pub configuration_base_url: Option<String>,
}

/// The options Lock users may pass that this widget knows.
pub const KNOWN_OPTIONS: [&str; 24] = [
    "usernameStyle",
    "configurationBaseUrl",
    "confirmPassword",
    "mustAcceptTerms",
    "additionalSignUpFields",
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
    r.bool("confirmPassword", &mut options.confirm_password);
    // Lock's usernameStyle shapes its login field; there is no login screen
    // here, so a valid value is accepted and changes nothing.
    if let Some(style) = r.string("usernameStyle") {
        if !["any", "email", "username"].contains(&style.as_str()) {
            r.problems.push(format!(
                "option \"usernameStyle\" must be any, email or username (got \"{style}\")"
            ));
        }
    }
    embed.configuration_base_url = r.string("configurationBaseUrl");
    r.bool("mustAcceptTerms", &mut options.must_accept_terms);
    if let Some(fields) = r.get("additionalSignUpFields") {
        match fields.dyn_into::<js_sys::Array>() {
            Ok(list) => {
                for (i, item) in list.iter().enumerate() {
                    match signup_field(&item) {
                        Ok(field) => options.additional_fields.push(field),
                        Err(problem) => r.problems.push(format!(
                            "option \"additionalSignUpFields\"[{i}]: {problem} (field ignored)"
                        )),
                    }
                }
            }
            Err(value) => r.problem("additionalSignUpFields", "an array of fields", &value),
        }
        let metadata = options
            .additional_fields
            .iter()
            .filter(|f| !f.storage_root)
            .count();
        if metadata > auth_core::wire::METADATA_MAX_KEYS {
            r.problems.push(format!(
                "option \"additionalSignUpFields\": {metadata} fields go to user_metadata, which takes at most {}; the rest are ignored",
                auth_core::wire::METADATA_MAX_KEYS
            ));
            let mut kept = 0;
            options.additional_fields.retain(|f| {
                kept += usize::from(!f.storage_root);
                f.storage_root || kept <= auth_core::wire::METADATA_MAX_KEYS
            });
        }
    }
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
            options.logo_url = inner.string("logo");
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

fn text_member(object: &JsValue, key: &str) -> Result<Option<String>, String> {
    match Reflect::get(object, &key.into()) {
        Ok(value) if value.is_undefined() || value.is_null() => Ok(None),
        Ok(value) => value
            .as_string()
            .map(Some)
            .ok_or_else(|| format!("\"{key}\" must be a string")),
        Err(_) => Ok(None),
    }
}

/// One of Lock's `additionalSignUpFields`.
fn signup_field(item: &JsValue) -> Result<SignUpField, String> {
    if !item.is_object() {
        return Err("must be an object".into());
    }
    let name = text_member(item, "name")?.ok_or("\"name\" is required")?;
    let storage_root = match text_member(item, "storage")?.as_deref() {
        None => false,
        Some("root") => true,
        Some(other) => return Err(format!("\"storage\" must be \"root\" (got \"{other}\")")),
    };
    if let Some(problem) = crate::options::field_name_problem(&name, storage_root) {
        return Err(problem);
    }
    let kind = match text_member(item, "type")?.as_deref().unwrap_or("text") {
        "text" => FieldKind::Text,
        "checkbox" => FieldKind::Checkbox,
        "hidden" => FieldKind::Hidden,
        "select" => {
            let options = Reflect::get(item, &"options".into())
                .ok()
                .and_then(|o| o.dyn_into::<js_sys::Array>().ok());
            let options = options.ok_or("a select needs \"options\": [{value, label}]")?;
            let mut choices = Vec::new();
            for option in options.iter() {
                let value =
                    text_member(&option, "value")?.ok_or("each option needs a \"value\"")?;
                let label = text_member(&option, "label")?.unwrap_or_else(|| value.clone());
                choices.push((value, label));
            }
            FieldKind::Select(choices)
        }
        other => {
            return Err(format!(
                "\"type\" must be text, select, checkbox or hidden (got \"{other}\")"
            ))
        }
    };
    let initial = if kind == FieldKind::Hidden {
        text_member(item, "value")?.ok_or("a hidden field needs a \"value\"")?
    } else {
        match Reflect::get(item, &"prefill".into()) {
            Ok(v) if v.as_bool().is_some() => v.as_bool().unwrap_or(false).to_string(),
            _ => text_member(item, "prefill")?.unwrap_or_default(),
        }
    };
    let validator = match Reflect::get(item, &"validator".into()) {
        Ok(v) if v.is_function() => Some(js_validator(v.unchecked_into())),
        Ok(v) if v.is_undefined() || v.is_null() => None,
        _ => return Err("\"validator\" must be a function".into()),
    };
    Ok(SignUpField {
        label: text_member(item, "placeholder")?.unwrap_or_else(|| name.clone()),
        aria_label: text_member(item, "ariaLabel")?,
        name,
        kind,
        initial,
        storage_root,
        validator,
    })
}

/// Wraps a JS `validator(value)` returning a boolean or `{valid, hint}`.
fn js_validator(function: js_sys::Function) -> FieldValidator {
    let function = send_wrapper::SendWrapper::new(function);
    FieldValidator(std::sync::Arc::new(move |value: &str| {
        let result = match function.call1(&JsValue::NULL, &value.into()) {
            Ok(result) => result,
            Err(error) => {
                web_sys::console::error_2(&"auth-widget: a field validator threw".into(), &error);
                return Err(None);
            }
        };
        if let Some(valid) = result.as_bool() {
            return if valid { Ok(()) } else { Err(None) };
        }
        let valid = Reflect::get(&result, &"valid".into())
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false);
        let hint = Reflect::get(&result, &"hint".into())
            .ok()
            .and_then(|h| h.as_string());
        if valid {
            Ok(())
        } else {
            Err(hint)
        }
    }))
}
