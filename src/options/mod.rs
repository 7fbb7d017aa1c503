//! The widget's options, with the defaults a Lock user expects.

pub mod lock;

use auth_core::{wire, PasswordPolicy};
use std::fmt;
use std::sync::Arc;

/// A screen of the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Screen {
    /// Sign-up.
    #[default]
    SignUp,
    /// Forgot password.
    ForgotPassword,
}

/// What the widget shows and how it behaves (Lock's options, in Rust).
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// The database connection (Lock's `connection`/`allowedConnections`).
    pub connection: String,
    /// The screen shown first (`initialScreen`).
    pub initial_screen: Screen,
    /// Offer the sign-up screen (`allowSignUp`).
    pub allow_sign_up: bool,
    /// Offer the forgot-password screen (`allowForgotPassword`).
    pub allow_forgot_password: bool,
    /// The connection's password policy, checked before submitting.
    pub password_policy: PasswordPolicy,
    /// Ask for a username (the connection requires one).
    pub requires_username: bool,
    /// The shortest username allowed.
    pub username_min: usize,
    /// The longest username allowed.
    pub username_max: usize,
    /// Offer a button that shows the password as text (`allowShowPassword`).
    pub allow_show_password: bool,
    /// Values the fields start with (`prefill`).
    pub prefill_email: String,
    /// A username to start with.
    pub prefill_username: String,
    /// How long a request may take, in milliseconds (`requestTimeout`).
    pub request_timeout_ms: u32,
    /// The tenant's base URL when it is served under a path (a reverse proxy
    /// at `https://example.com/auth`); overrides the domain. Used unchecked.
    pub base_url: Option<String>,
    /// Ask for the password twice (`confirmPassword`).
    pub confirm_password: bool,
    /// A terms checkbox that must be ticked (`mustAcceptTerms`).
    pub must_accept_terms: bool,
    /// An image shown above the title (`theme.logo`), decorative: https:,
    /// http:, relative or data:image/ (others are not shown).
    pub logo_url: Option<String>,
    /// Extra sign-up fields (`additionalSignUpFields`).
    pub additional_fields: Vec<SignUpField>,
}

/// The kind of an extra sign-up field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A text input.
    Text,
    /// A choice among (value, label) pairs.
    Select(Vec<(String, String)>),
    /// Sent as "true" or "false".
    Checkbox,
    /// Not shown; sends its fixed value.
    Hidden,
}

/// Checks an extra field's value: `Err(hint)` refuses it, with an optional
/// message to show.
#[derive(Clone)]
pub struct FieldValidator(pub Arc<dyn Fn(&str) -> Result<(), Option<String>> + Send + Sync>);

impl fmt::Debug for FieldValidator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FieldValidator")
    }
}

impl PartialEq for FieldValidator {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

/// An extra sign-up field, as Lock's `additionalSignUpFields` describes one.
#[derive(Clone, Debug, PartialEq)]
pub struct SignUpField {
    /// The key it is sent under (`^[a-zA-Z0-9_]+$`).
    pub name: String,
    /// What kind of control it is.
    pub kind: FieldKind,
    /// The visible label (Lock's `placeholder`).
    pub label: String,
    /// The accessible name, when it should differ from the label.
    pub aria_label: Option<String>,
    /// The initial value (`prefill`; for hidden fields, `value`).
    pub initial: String,
    /// Sent at the top level of the body instead of in `user_metadata`.
    pub storage_root: bool,
    /// A check of the page's own (`validator`), run before sending.
    pub validator: Option<FieldValidator>,
}

/// Why an extra field's value is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    /// It must be filled in.
    Required,
    /// Over the 500-character `user_metadata` limit.
    TooLong,
    /// The validator refused it, perhaps with a hint.
    Invalid(Option<String>),
}

impl SignUpField {
    /// Checks `value`: a validator decides when there is one; otherwise text
    /// and select fields must not be empty.
    pub fn check(&self, value: &str) -> Result<(), FieldProblem> {
        if value.chars().count() > wire::METADATA_MAX_VALUE_CHARS {
            return Err(FieldProblem::TooLong);
        }
        if let Some(validator) = &self.validator {
            return (validator.0)(value).map_err(FieldProblem::Invalid);
        }
        match self.kind {
            FieldKind::Text | FieldKind::Select(_) if value.trim().is_empty() => {
                Err(FieldProblem::Required)
            }
            _ => Ok(()),
        }
    }
}

/// Why an extra field's definition is refused (checked when options are read).
pub fn field_name_problem(name: &str, storage_root: bool) -> Option<String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Some(format!("field name \"{name}\" must match ^[a-zA-Z0-9_]+$"));
    }
    if [
        "email",
        "username",
        "password",
        "connection",
        "client_id",
        "user_metadata",
    ]
    .contains(&name)
    {
        return Some(format!("field name \"{name}\" is reserved"));
    }
    if storage_root && !wire::SIGNUP_ROOT_FIELDS.contains(&name) {
        return Some(format!(
            "field \"{name}\" cannot use storage \"root\" (only {})",
            wire::SIGNUP_ROOT_FIELDS.join(", ")
        ));
    }
    None
}

/// Applies the client configuration Lock loads (`Auth0.setClient({...})`
/// from `{configurationBaseUrl}/client/{clientID}.js`) to `options`: the
/// connection's password policy, minimum length, username rules and which
/// screens it offers. The script is parsed as data, never run.
pub fn apply_client_config(
    options: &mut Options,
    client_id: &str,
    script: &str,
) -> Result<(), String> {
    use crate::json::{parse, Value};
    let json = script
        .trim()
        .strip_prefix("Auth0.setClient(")
        .and_then(|rest| {
            rest.trim_end()
                .strip_suffix(';')
                .unwrap_or(rest)
                .trim_end()
                .strip_suffix(')')
        })
        .ok_or("not an Auth0.setClient(...) script")?;
    let client = parse(json).ok_or("the client configuration is not valid JSON")?;
    if client.get("id").and_then(Value::as_str) != Some(client_id) {
        return Err(format!("the configuration is not for client {client_id:?}"));
    }
    let connection = client
        .get("strategies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|strategy| strategy.get("name").and_then(Value::as_str) == Some("auth0"))
        .flat_map(|strategy| {
            strategy
                .get("connections")
                .and_then(Value::as_array)
                .unwrap_or_default()
        })
        .find(|c| c.get("name").and_then(Value::as_str) == Some(options.connection.as_str()))
        .ok_or_else(|| {
            format!(
                "the client has no database connection {:?}",
                options.connection
            )
        })?;
    if let Some(level) = connection
        .get("passwordPolicy")
        .and_then(Value::as_str)
        .and_then(auth_core::PolicyLevel::parse)
    {
        options.password_policy.level = level;
    }
    let number = |value: Option<&Value>| value.and_then(Value::as_u64).map(|n| n as usize);
    if let Some(min) = number(
        connection
            .get("password_complexity_options")
            .and_then(|o| o.get("min_length")),
    ) {
        options.password_policy.min_length = Some(min.clamp(1, 72));
    }
    if let Some(requires) = connection.get("requires_username").and_then(Value::as_bool) {
        options.requires_username = requires;
    }
    let username = connection.get("validation").and_then(|v| v.get("username"));
    if let Some(min) = number(username.and_then(|u| u.get("min"))) {
        options.username_min = min.max(1);
    }
    if let Some(max) = number(username.and_then(|u| u.get("max"))) {
        options.username_max = max.max(options.username_min);
    }
    if connection.get("showSignup").and_then(Value::as_bool) == Some(false) {
        options.allow_sign_up = false;
    }
    if connection.get("showForgot").and_then(Value::as_bool) == Some(false) {
        options.allow_forgot_password = false;
    }
    Ok(())
}

/// Splits extra fields' values into root fields and `user_metadata`.
pub fn extra_payload(
    fields: &[SignUpField],
    values: &[String],
) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let mut root = Vec::new();
    let mut metadata = Vec::new();
    for (field, value) in fields.iter().zip(values) {
        let target = if field.storage_root {
            &mut root
        } else {
            &mut metadata
        };
        target.push((field.name.clone(), value.clone()));
    }
    (root, metadata)
}

impl Default for Options {
    fn default() -> Self {
        Options {
            connection: wire::DEFAULT_CONNECTION.to_owned(),
            initial_screen: Screen::SignUp,
            allow_sign_up: true,
            allow_forgot_password: true,
            password_policy: PasswordPolicy::default(),
            requires_username: false,
            username_min: auth_core::username::DEFAULT_MIN,
            username_max: auth_core::username::DEFAULT_MAX,
            allow_show_password: true,
            prefill_email: String::new(),
            prefill_username: String::new(),
            request_timeout_ms: crate::api::DEFAULT_TIMEOUT_MS,
            base_url: None,
            confirm_password: false,
            must_accept_terms: false,
            logo_url: None,
            additional_fields: Vec::new(),
        }
    }
}

impl Options {
    /// The screen to open with: `initial_screen` when it is allowed, else
    /// the other one. Sign-up is the fallback when both are disallowed.
    /// Options that contradict each other: the widget shows its
    /// configuration message instead of a screen, as for a bad domain.
    pub fn check(&self) -> Result<(), crate::api::ConfigError> {
        if self.allow_sign_up || self.allow_forgot_password {
            Ok(())
        } else {
            Err(crate::api::ConfigError::NoScreen)
        }
    }

    /// The screen to show first: `initial_screen`, unless that one is not allowed.
    pub fn first_screen(&self) -> Screen {
        match self.initial_screen {
            Screen::SignUp if !self.allow_sign_up && self.allow_forgot_password => {
                Screen::ForgotPassword
            }
            Screen::ForgotPassword if !self.allow_forgot_password => Screen::SignUp,
            screen => screen,
        }
    }
}

/// `url` if it is one the widget may load or link to: `https:` or `http:`,
/// relative, or (`images`) a `data:image/` URL; never `javascript:`,
/// `data:text/html` and the like. Read as a browser reads it: tabs and
/// newlines inside are dropped, and spaces and control characters around
/// it, so that `" java\tscript:..."` is seen for what it is.
pub fn safe_url(url: &str, images: bool) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A scheme is what comes before the first ':' if no '/', '?' or '#' does.
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| !scheme.contains(['/', '?', '#']));
    let allowed = match scheme {
        None => !url.is_empty(),
        Some(scheme) => {
            scheme.eq_ignore_ascii_case("https")
                || scheme.eq_ignore_ascii_case("http")
                || (images
                    && scheme.eq_ignore_ascii_case("data")
                    && url[5..].to_ascii_lowercase().starts_with("image/"))
        }
    };
    allowed.then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_relative_urls_pass() {
        for good in [
            "https://cdn.example/logo.png",
            "HTTP://cdn.example/logo.png",
            "/logo.png",
            "./img/logo.svg",
            "logo.png",
            "//cdn.example/logo.png",
            "/path/with:colon",
            "?v=1",
        ] {
            assert!(safe_url(good, false).is_some(), "{good}");
        }
        assert_eq!(
            safe_url("data:image/png;base64,iVBORw0KGgo=", true).as_deref(),
            Some("data:image/png;base64,iVBORw0KGgo=")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/png;base64,x",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "",
            "   ",
        ] {
            let image_ok = bad.starts_with("data:image/");
            assert_eq!(safe_url(bad, false), None, "{bad:?}");
            assert_eq!(safe_url(bad, true).is_some(), image_ok, "{bad:?}");
        }
        assert_eq!(
            safe_url(" https://a.example/x ", false).as_deref(),
            Some("https://a.example/x"),
            "read as the browser reads it"
        );
    }

    fn field(name: &str, kind: FieldKind) -> SignUpField {
        SignUpField {
            name: name.into(),
            kind,
            label: name.into(),
            aria_label: None,
            initial: String::new(),
            storage_root: false,
            validator: None,
        }
    }

    #[test]
    fn client_configuration_sets_policy_and_username_rules() {
        let script = r#"Auth0.setClient({"id":"app","strategies":[{"name":"auth0","connections":[
            {"name":"other","passwordPolicy":"none"},
            {"name":"Username-Password-Authentication","passwordPolicy":"excellent",
             "password_complexity_options":{"min_length":14},"requires_username":true,
             "validation":{"username":{"min":3,"max":20}},"showSignup":true,"showForgot":false}]}]});"#;
        let mut options = Options::default();
        apply_client_config(&mut options, "app", script).unwrap();
        assert_eq!(
            options.password_policy.level,
            auth_core::PolicyLevel::Excellent
        );
        assert_eq!(options.password_policy.min_length, Some(14));
        assert!(options.requires_username);
        assert_eq!((options.username_min, options.username_max), (3, 20));
        assert!(options.allow_sign_up && !options.allow_forgot_password);
        let mut options = Options::default();
        assert!(apply_client_config(&mut options, "other-app", script)
            .unwrap_err()
            .contains("not for client"));
        assert!(apply_client_config(&mut options, "app", "alert(1)").is_err());
        options.connection = "missing".into();
        assert!(apply_client_config(&mut options, "app", script)
            .unwrap_err()
            .contains("no database connection"));
    }

    #[test]
    fn extra_fields_check_values() {
        let text = field("plan", FieldKind::Text);
        assert_eq!(text.check(" "), Err(FieldProblem::Required));
        assert_eq!(text.check("pro"), Ok(()));
        assert_eq!(text.check(&"x".repeat(501)), Err(FieldProblem::TooLong));
        assert_eq!(field("news", FieldKind::Checkbox).check("false"), Ok(()));
        let validated = SignUpField {
            validator: Some(FieldValidator(Arc::new(|v| {
                if v.starts_with('+') {
                    Ok(())
                } else {
                    Err(Some("start with +".into()))
                }
            }))),
            ..field("phone", FieldKind::Text)
        };
        assert_eq!(
            validated.check("123"),
            Err(FieldProblem::Invalid(Some("start with +".into())))
        );
        assert_eq!(validated.check("+123"), Ok(()));
    }

    #[test]
    fn extra_field_names_are_checked() {
        assert_eq!(field_name_problem("plan_2", false), None);
        assert!(field_name_problem("first name", false)
            .unwrap()
            .contains("^[a-zA-Z0-9_]+$"));
        assert!(field_name_problem("email", false)
            .unwrap()
            .contains("reserved"));
        assert!(field_name_problem("plan", true).unwrap().contains("root"));
        assert_eq!(field_name_problem("given_name", true), None);
    }

    #[test]
    fn extra_values_go_to_metadata_or_root() {
        let fields = [
            field("plan", FieldKind::Text),
            SignUpField {
                storage_root: true,
                ..field("given_name", FieldKind::Text)
            },
        ];
        let (root, metadata) = extra_payload(&fields, &["pro".into(), "Jane".into()]);
        assert_eq!(root, [("given_name".to_owned(), "Jane".to_owned())]);
        assert_eq!(metadata, [("plan".to_owned(), "pro".to_owned())]);
    }

    #[test]
    fn first_screen_honours_what_is_allowed() {
        let mut options = Options::default();
        assert_eq!(options.first_screen(), Screen::SignUp);
        options.initial_screen = Screen::ForgotPassword;
        assert_eq!(options.first_screen(), Screen::ForgotPassword);
        options.allow_forgot_password = false;
        assert_eq!(options.first_screen(), Screen::SignUp);
        let options = Options {
            allow_sign_up: false,
            ..Options::default()
        };
        assert_eq!(options.first_screen(), Screen::ForgotPassword);
    }

    #[test]
    fn no_screen_at_all_is_a_configuration_error() {
        let both_off = Options {
            allow_sign_up: false,
            allow_forgot_password: false,
            ..Options::default()
        };
        assert_eq!(both_off.check(), Err(crate::api::ConfigError::NoScreen));
        for (sign_up, forgot) in [(true, true), (true, false), (false, true)] {
            let options = Options {
                allow_sign_up: sign_up,
                allow_forgot_password: forgot,
                ..Options::default()
            };
            assert_eq!(options.check(), Ok(()));
        }
    }
}
