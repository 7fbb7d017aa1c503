//! The widget's options, with the defaults a Lock user expects.

use auth_core::{wire, PasswordPolicy};

/// A screen of the widget.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Screen {
    #[default]
    SignUp,
    ForgotPassword,
}

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
    pub username_min: usize,
    pub username_max: usize,
    /// Offer a button that shows the password as text (`allowShowPassword`).
    pub allow_show_password: bool,
    /// Values the fields start with (`prefill`).
    pub prefill_email: String,
    pub prefill_username: String,
    /// How long a request may take, in milliseconds (`requestTimeout`).
    pub request_timeout_ms: u32,
    /// The tenant's base URL when it is served under a path (a reverse proxy
    /// at `https://example.com/auth`); overrides the domain. Used unchecked.
    pub base_url: Option<String>,
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
        }
    }
}

impl Options {
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
}
