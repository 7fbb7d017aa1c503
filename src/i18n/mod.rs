//! Every string the widget shows, and the mapping from errors to messages.
//! Components take their words from here, never from literals.

use crate::api::ApiError;
use auth_core::policy::{CharClass, RuleCode};
use auth_core::wire::ErrorCode;

// The API's error shapes, bent, each still a message (here, above both).
#[cfg(test)]
mod hostile_shapes;
// The checks every language file passes (here, where they are read).
#[cfg(test)]
mod files;
mod language;
pub mod plural;

pub use language::{best_language, shipped, ALIASES, SHIPPED};
use plural::forms;

/// Declares the dictionary once: the `Strings` struct, the built-in English
/// `EN`, the list of keys, and setting a key by name (for translations and
/// `languageDictionary` overrides).
macro_rules! dictionary {
    ($($(#[doc = $doc:expr])* $key:ident = $english:expr;)*) => {
        /// The strings of one language, by name. `Strings` (of `&'static
        /// str`) is the built-in English; a widget shows a [`Dictionary`],
        /// whose loaded or overridden texts are reference-counted and owned
        /// by the widgets that use them, so they are freed when the last one
        /// goes. `repr(C)` with every field of one type: laid out exactly as
        /// `[T; KEYS.len()]`, which [`Dictionary`] relies on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(C)]
        pub struct Strings<T = &'static str> {
            $(#[doc = concat!("The text of `", stringify!($key), "`.")] $(#[doc = $doc])* pub $key: T,)*
        }

        /// English, built in.
        pub static EN: Strings = Strings { $($key: $english,)* };

        /// Every key, as dictionaries name them.
        pub const KEYS: &[&str] = &[$(stringify!($key)),*];

        impl Strings {
            /// Every key, as dictionaries name them.
            pub const KEYS: &'static [&'static str] = KEYS;

            /// The value of `key`.
            pub fn get(&self, key: &str) -> Option<&'static str> {
                let index = KEYS.iter().position(|k| *k == key)?;
                Some(self.as_array()[index])
            }
        }
    };
}

/// The number of keys.
const N: usize = KEYS.len();

// Bytes over idiom: `Dictionary` is an array, so that it is built, cloned,
// changed and dropped by loops, and read by name through the two `unsafe`
// casts below (here and in its `Deref`). A plain struct of `Text` fields,
// with no `unsafe`, costs the embed bundle 2,420 B more gzipped (+5,426 B
// of wasm), measured on the size-first release build through wasm-bindgen
// and wasm-opt -Oz (+2,279 B gzipped on the raw release wasm, before
// wasm-opt): far over the 1 KB a cast must save to stay.
//
// The layout `Strings<T>` shares with `[T; N]` (see its doc).
const _: () = assert!(std::mem::size_of::<Strings<Text>>() == std::mem::size_of::<[Text; N]>());
const _: () = assert!(std::mem::align_of::<Strings<Text>>() == std::mem::align_of::<[Text; N]>());
const _: () = assert!(std::mem::size_of::<Strings>() == std::mem::size_of::<[&str; N]>());

impl<T> Strings<T> {
    /// The fields in key order.
    fn as_array(&self) -> &[T; N] {
        // SAFETY: repr(C) with N fields of type T and nothing else is laid
        // out as [T; N] (checked above for the types used here).
        unsafe { &*(self as *const Self as *const [T; N]) }
    }
}

impl Strings {
    /// These strings as a dictionary to show (borrowing, no copies).
    pub fn to_dictionary(&self) -> Dictionary {
        Dictionary(self.as_array().map(Text::Borrowed))
    }
}

/// The strings a widget shows: a list in key order (built, cloned, changed
/// and dropped by loops, not field by field), read by name through
/// [`Strings`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dictionary([Text; N]);

impl std::ops::Deref for Dictionary {
    type Target = Strings<Text>;

    fn deref(&self) -> &Strings<Text> {
        // SAFETY: the same layout, as for `Strings::as_array`.
        unsafe { &*(self.0.as_ptr() as *const Strings<Text>) }
    }
}

impl Dictionary {
    /// Sets `key` to `value`; false when there is no such key.
    pub fn set(&mut self, key: &str, value: Text) -> bool {
        match KEYS.iter().position(|k| *k == key) {
            Some(index) => {
                self.0[index] = value;
                true
            }
            None => false,
        }
    }
}

/// One shown text: borrowed from the built-in English, or shared
/// (reference-counted) when it came from a file or an override.
pub type Text = leptos::oco::Oco<'static, str>;

/// `text` as a shared [`Text`] (cheap to clone into views).
pub fn shared(text: &str) -> Text {
    Text::Counted(std::sync::Arc::from(text))
}

dictionary! {
    lang = "en";
    /// Text direction: "ltr" or "rtl".
    dir = "ltr";
    sign_up_title = "Sign up";
    forgot_title = "Reset your password";
    forgot_intro = "Enter your email address and we will send you a link to choose a new password.";
    email_label = "Email";
    username_label = "Username";
    password_label = "Password";
    show_password = "Show password";
    hide_password = "Hide password";
    show = "Show";
    hide = "Hide";
    rules_heading = "Your password must have:";
    rule_met = "(done)";
    rule_unmet = "(not yet)";
    sign_up_submit = "Sign up";
    sign_up_pending = "Signing up…";
    forgot_submit = "Send email";
    forgot_pending = "Sending…";
    to_forgot = "Forgot your password?";
    to_sign_up = "Back to sign up";
    sign_up_success = "Your account was created. Check your inbox to verify your email address.";
    forgot_success = "If an account exists for this email address, we have sent it a link to reset the password. Check your inbox.";
    email_required = "Enter your email address.";
    email_invalid = "Enter a valid email address, like name@example.com.";
    username_required = "Choose a username.";
    /// `{n}`: the minimum.
    username_too_short = forms!(
        "one": "The username needs at least {n} character.",
        "other": "The username needs at least {n} characters.",
    );
    /// `{n}`: the maximum.
    username_too_long = forms!(
        "one": "The username can have at most {n} character.",
        "other": "The username can have at most {n} characters.",
    );
    username_invalid = "Use only letters, numbers and _ + - . ! # $ ^ ` ~ @ ' in the username.";
    password_required = "Choose a password.";
    password_policy_unmet = "The password does not meet every rule below yet.";
    /// `{n}`: characters.
    rule_length_at_least = forms!(
        "one": "At least {n} character",
        "other": "At least {n} characters",
    );
    /// `{n}`: bytes.
    rule_length_at_most = forms!(
        "one": "No more than {n} byte (fewer if you use accented letters or emoji)",
        "other": "No more than {n} bytes (fewer if you use accented letters or emoji)",
    );
    rule_should_contain = "All of these:";
    /// `{n}` of the four kinds.
    rule_contains_at_least = forms!(
        "one": "At least {n} of these:",
        "other": "At least {n} of these:",
    );
    /// `{n}` identical characters.
    rule_identical_chars = forms!(
        "one": "No more than {n} identical character in a row",
        "other": "No more than {n} identical characters in a row",
    );
    class_lower = "lower case letters (a–z)";
    class_upper = "upper case letters (A–Z)";
    class_numbers = "numbers (0–9)";
    class_special = "special characters (like ! @ # $ %)";
    err_password_strength = "This password is too weak. Check the rules below.";
    err_password_dictionary = "This password is too common. Choose one that is harder to guess.";
    err_password_no_user_info = "The password must not contain your name, username or email address.";
    err_invalid_password = "This password cannot be used. Choose another one.";
    err_password_leaked = "This password has appeared in a data breach elsewhere. Choose another one.";
    err_user_exists = "An account with this email address already exists. Did you forget your password?";
    err_username_exists = "This username is taken. Choose another one.";
    err_invalid_signup = "We could not create the account. Check your details and try again.";
    err_hook_fallback = "The sign-up was refused.";
    err_too_many_requests = "Too many attempts. Wait a little and try again.";
    /// `{n}`: minutes, 2 or more (when the tenant said how long).
    err_too_many_requests_wait = forms!(
        "one": "Too many attempts. Try again in about {n} minute.",
        "other": "Too many attempts. Try again in about {n} minutes.",
    );
    err_enterprise_email = "This email address belongs to your organisation's sign-in. Reset the password there.";
    err_network = "We could not reach the server. Check your connection and try again.";
    err_timeout = "The server took too long to answer. Try again.";
    err_generic = "Something went wrong on our side. Try again in a moment.";
    err_config = "This sign-up form is not set up correctly.";
    close = "Close";
    confirm_password_label = "Confirm password";
    password_mismatch = "The two passwords are not the same.";
    terms_label = "I agree to the terms of service and the privacy policy.";
    terms_required = "Accept the terms to sign up.";
    field_required = "Fill in this field.";
    field_invalid = "Check this field.";
}

/// `base` with `overrides` (key, text) applied; keys must be known.
pub fn with_overrides(mut base: Dictionary, overrides: &[(String, String)]) -> Dictionary {
    for (key, text) in overrides {
        base.set(key, shared(text));
    }
    base
}

/// Why a file the widget loads (a language file, a client configuration)
/// could not be used: the words after its URL in the one console error that
/// says so.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LoadError {
    /// The server answered with this HTTP status.
    #[error("HTTP {0}")]
    Status(u16),
    /// No answer: offline, a refused connection, or blocked (CORS, a
    /// Content-Security-Policy's `connect-src`).
    #[error("no answer (offline, or blocked by CORS or CSP)")]
    Unreachable,
    /// An answer that is not JSON: typically a bundler that turned the
    /// language file into a JavaScript module, or a server's HTML page.
    #[error("not JSON: a bundler may have transformed it — see the README's bundler notes")]
    NotJson,
    /// JSON, but not an object of `key: "text"` pairs.
    #[error("not a JSON object")]
    NotObject,
}

impl LoadError {
    /// A failed fetch: refused with an HTTP status, or (`None`) unanswered.
    pub fn fetch(status: Option<u16>) -> LoadError {
        status.map_or(LoadError::Unreachable, LoadError::Status)
    }
}

/// A language file as fetched (its text, or the HTTP status it was refused
/// with, `None` when nothing answered) applied over `base`; else why not.
pub fn read_language_file(
    base: Dictionary,
    fetched: Result<&str, Option<u16>>,
) -> Result<Dictionary, LoadError> {
    let text = fetched.map_err(LoadError::fetch)?;
    apply_json(base, text).map(|(strings, _)| strings)
}

/// Applies a JSON object of `key: "text"` pairs over `base` (a text with a
/// number may instead be an object of its plural forms, `{"one": "…",
/// "other": "…"}`). Returns the new
/// dictionary and the keys it did not know (each worth a console error).
pub fn apply_json(
    mut base: Dictionary,
    json: &str,
) -> Result<(Dictionary, Vec<String>), LoadError> {
    use crate::json::{parse, Value};
    let members = match parse(json) {
        Some(Value::Object(members)) => members,
        Some(_) => return Err(LoadError::NotObject),
        None => return Err(LoadError::NotJson),
    };
    let mut unknown = Vec::new();
    for (key, value) in members {
        match value {
            value if KEYS.contains(&key.as_str()) => match text_of(&value) {
                Some(text) => {
                    base.set(&key, shared(&text));
                }
                None => unknown.push(key),
            },
            _ => unknown.push(key),
        }
    }
    Ok((base, unknown))
}

/// A dictionary value as a text: a string, or an object of plural forms
/// (stored as [`plural::encode`] does); `None` for anything else.
pub fn text_of(value: &crate::json::Value) -> Option<String> {
    use crate::json::Value;
    match value {
        Value::String(text) => Some(text.clone()),
        // A form that is not a string becomes a separator, which `encode`
        // refuses (cheaper than collecting the forms first).
        Value::Object(members) => plural::encode(
            members
                .iter()
                .map(|(category, text)| (category.as_str(), text.as_str().unwrap_or("\u{1e}"))),
        ),
        _ => None,
    }
}

/// `template`'s form for the count `n` in the dictionary's language, with
/// `{n}` replaced.
pub fn counted(s: &Dictionary, template: &str, n: usize) -> String {
    plural::form(template, plural::category(&s.lang, n)).replace("{n}", &n.to_string())
}

/// The text of a policy rule.
pub fn rule_text(s: &Dictionary, code: RuleCode) -> String {
    match code {
        RuleCode::LengthAtLeast(n) => counted(s, &s.rule_length_at_least, n),
        RuleCode::LengthAtMost(n) => counted(s, &s.rule_length_at_most, n),
        RuleCode::ShouldContain => s.rule_should_contain.to_string(),
        RuleCode::ContainsAtLeast(n) => counted(s, &s.rule_contains_at_least, n),
        RuleCode::IdenticalChars(n) => counted(s, &s.rule_identical_chars, n),
    }
}

/// The words for a character class of the password rules.
pub fn class_text(s: &Dictionary, class: CharClass) -> Text {
    match class {
        CharClass::LowerCase => s.class_lower.clone(),
        CharClass::UpperCase => s.class_upper.clone(),
        CharClass::Numbers => s.class_numbers.clone(),
        CharClass::SpecialCharacters => s.class_special.clone(),
    }
}

/// Minutes to tell a refused person to wait, rounded up: none for a wait
/// of 90 seconds or less ("wait a little" says it) or none given.
pub fn wait_minutes(seconds: Option<u64>) -> Option<usize> {
    seconds
        .filter(|s| *s > 90)
        .map(|s| s.div_ceil(60).min(24 * 60) as usize)
}

/// What to tell the person about a failed request, in the dictionary's
/// language. The tenant's own words are shown only for `hook_error`, whose
/// description is written for people.
pub fn error_message(s: &Dictionary, error: &ApiError) -> String {
    let text = match error.kind() {
        ErrorCode::PasswordStrength => &s.err_password_strength,
        ErrorCode::PasswordDictionary => &s.err_password_dictionary,
        ErrorCode::PasswordNoUserInfo => &s.err_password_no_user_info,
        ErrorCode::InvalidPassword => &s.err_invalid_password,
        ErrorCode::PasswordLeaked => &s.err_password_leaked,
        ErrorCode::UserExists => &s.err_user_exists,
        ErrorCode::UsernameExists => &s.err_username_exists,
        ErrorCode::InvalidSignup => &s.err_invalid_signup,
        ErrorCode::HookError => {
            return error
                .description_text()
                .unwrap_or(&s.err_hook_fallback)
                .to_owned()
        }
        ErrorCode::TooManyRequests => match wait_minutes(error.retry_after()) {
            Some(minutes) => return counted(s, &s.err_too_many_requests_wait, minutes),
            None => &s.err_too_many_requests,
        },
        ErrorCode::EnterpriseEmail => &s.err_enterprise_email,
        ErrorCode::Other => match error {
            ApiError::Network => &s.err_network,
            ApiError::Timeout(_) => &s.err_timeout,
            _ => &s.err_generic,
        },
    };
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::normalize_error;

    fn en() -> Dictionary {
        EN.to_dictionary()
    }

    #[test]
    fn a_refusal_that_says_how_long_says_when_to_try_again() {
        let strings = EN.to_dictionary();
        let refused = |wait| normalize_error(429, r#"{"code":"too_many_requests"}"#, wait);
        assert_eq!(
            error_message(&strings, &refused(Some(600))),
            "Too many attempts. Try again in about 10 minutes."
        );
        assert_eq!(
            error_message(&strings, &refused(Some(3599))),
            "Too many attempts. Try again in about 60 minutes."
        );
        assert_eq!(
            error_message(&strings, &refused(Some(91))),
            "Too many attempts. Try again in about 2 minutes."
        );
        for short_or_unknown in [Some(90), Some(0), None] {
            assert_eq!(
                error_message(&strings, &refused(short_or_unknown)),
                EN.err_too_many_requests
            );
        }
        assert_eq!(wait_minutes(Some(u64::MAX)), Some(24 * 60), "a day at most");
    }

    #[test]
    fn every_code_gets_its_own_message() {
        let message =
            |status: u16, body: &str| error_message(&en(), &normalize_error(status, body, None));
        let cases = [
            (
                r#"{"code":"invalid_password","name":"PasswordStrengthError"}"#,
                EN.err_password_strength,
            ),
            (
                r#"{"code":"invalid_password","name":"PasswordDictionaryError"}"#,
                EN.err_password_dictionary,
            ),
            (
                r#"{"code":"invalid_password","name":"PasswordNoUserInfoError"}"#,
                EN.err_password_no_user_info,
            ),
            (
                r#"{"code":"invalid_password","name":"PasswordHistoryError"}"#,
                EN.err_invalid_password,
            ),
            (r#"{"code":"password_leaked"}"#, EN.err_password_leaked),
            (r#"{"code":"user_exists"}"#, EN.err_user_exists),
            (r#"{"code":"username_exists"}"#, EN.err_username_exists),
            (
                r#"{"code":"invalid_signup","description":"Invalid sign up"}"#,
                EN.err_invalid_signup,
            ),
            (r#"{"code":"too_many_requests"}"#, EN.err_too_many_requests),
            (r#"{"code":"enterprise_email"}"#, EN.err_enterprise_email),
            (
                r#"{"code":"something_new","description":"internal detail"}"#,
                EN.err_generic,
            ),
            (r#"{"code":"hook_error"}"#, EN.err_hook_fallback),
        ];
        for (body, expected) in cases {
            assert_eq!(message(400, body), expected, "{body}");
        }
        assert_eq!(
            message(
                400,
                r#"{"code":"hook_error","description":"Not from this domain"}"#
            ),
            "Not from this domain"
        );
        assert_eq!(message(502, "<html>"), EN.err_generic);
        assert_eq!(error_message(&en(), &ApiError::Network), EN.err_network);
        assert_eq!(
            error_message(&en(), &ApiError::Timeout(15000)),
            EN.err_timeout
        );
    }

    #[test]
    fn dictionary_overrides_apply_and_report_unknown_keys() {
        let (strings, unknown) = apply_json(
            en(),
            r#"{"sign_up_title": "Join us", "signUpTitle": "x", "email_label": 5}"#,
        )
        .unwrap();
        assert_eq!(&*strings.sign_up_title, "Join us");
        assert_eq!(&*strings.email_label, EN.email_label);
        assert_eq!(unknown, ["signUpTitle", "email_label"]);
        assert_eq!(apply_json(en(), "[1]"), Err(LoadError::NotObject));
        // English is borrowed, never copied; a loaded text is owned by the
        // dictionary (and its clones), and freed with the last of them.
        assert!(matches!(strings.email_label, Text::Borrowed(_)));
        let Text::Counted(title) = &strings.sign_up_title else {
            panic!("a loaded text is shared");
        };
        let weak = std::sync::Arc::downgrade(title);
        let shown = strings.clone();
        drop(strings);
        assert!(weak.upgrade().is_some(), "alive while a clone uses it");
        drop(shown);
        assert!(weak.upgrade().is_none(), "freed with the last user");
    }

    #[test]
    fn a_language_file_that_cannot_be_used_says_why() {
        let fr = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/i18n/languages/fr.json"
        ))
        .unwrap();
        let french = read_language_file(en(), Ok(&fr)).unwrap();
        assert_eq!(&*french.lang, "fr");
        let why = |fetched| read_language_file(en(), fetched).unwrap_err();
        assert_eq!(why(Err(Some(404))), LoadError::Status(404));
        assert_eq!(why(Err(None)), LoadError::Unreachable);
        // What Parcel makes of a `.json` named by `new URL(…)`: a JavaScript
        // module; a dev server's fallback page; an empty answer.
        let parcel = r#"var r=globalThis,e={},t={},n=r.parcelRequire94c2;module.exports=JSON.parse('{"lang":"fr"}');"#;
        for text in [
            parcel,
            "<!doctype html><title>App</title>",
            "",
            "{\"lang\": \"fr\"",
        ] {
            assert_eq!(why(Ok(text)), LoadError::NotJson, "{text}");
        }
        for text in ["[]", "\"fr\"", "null", "42"] {
            assert_eq!(why(Ok(text)), LoadError::NotObject, "{text}");
        }
        assert_eq!(LoadError::Status(404).to_string(), "HTTP 404");
        assert!(LoadError::NotJson
            .to_string()
            .contains("a bundler may have transformed it — see the README's bundler notes"));
        assert!(LoadError::Unreachable.to_string().starts_with("no answer"));
        assert_eq!(LoadError::NotObject.to_string(), "not a JSON object");
    }

    #[test]
    fn rule_texts_fill_numbers() {
        assert_eq!(
            rule_text(&en(), RuleCode::LengthAtLeast(10)),
            "At least 10 characters"
        );
        assert_eq!(
            rule_text(&en(), RuleCode::ContainsAtLeast(3)),
            "At least 3 of these:"
        );
    }
}
