//! The widget's options, with the defaults a Lock user expects.

mod client_config;
pub mod lock;
mod safe;

pub use client_config::{apply_client_config, ClientConfigError};
pub use safe::{css_color, safe_url};

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

/// Options that leave the widget nothing to show.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum OptionsError {
    /// No screen is allowed (`allowSignUp` and `allowForgotPassword` both false).
    #[error("allowSignUp and allowForgotPassword are both false: there is no screen to show")]
    NoScreen,
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
    /// Options that contradict each other: the widget shows its
    /// configuration message instead of a screen, as for a bad domain.
    pub fn check(&self) -> Result<(), OptionsError> {
        if self.allow_sign_up || self.allow_forgot_password {
            Ok(())
        } else {
            Err(OptionsError::NoScreen)
        }
    }

    /// The screen to open with: `initial_screen` when it is allowed, else
    /// the other one. Sign-up is the fallback when both are disallowed.
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(both_off.check(), Err(OptionsError::NoScreen));
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
