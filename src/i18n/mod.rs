//! Every string the widget shows, and the mapping from errors to messages.
//! Components take their words from here, never from literals.

use crate::api::ApiError;
use auth_core::policy::{CharClass, RuleCode};
use auth_core::wire::ErrorCode;

/// The strings of one language.
pub struct Strings {
    pub lang: &'static str,
    pub sign_up_title: &'static str,
    pub forgot_title: &'static str,
    pub forgot_intro: &'static str,
    pub email_label: &'static str,
    pub username_label: &'static str,
    pub password_label: &'static str,
    pub show_password: &'static str,
    pub hide_password: &'static str,
    pub show: &'static str,
    pub hide: &'static str,
    pub rules_heading: &'static str,
    pub rule_met: &'static str,
    pub rule_unmet: &'static str,
    pub sign_up_submit: &'static str,
    pub sign_up_pending: &'static str,
    pub forgot_submit: &'static str,
    pub forgot_pending: &'static str,
    pub to_forgot: &'static str,
    pub to_sign_up: &'static str,
    pub sign_up_success: &'static str,
    pub forgot_success: &'static str,
    pub email_required: &'static str,
    pub email_invalid: &'static str,
    pub username_required: &'static str,
    /// `{n}`: the minimum.
    pub username_too_short: &'static str,
    /// `{n}`: the maximum.
    pub username_too_long: &'static str,
    pub username_invalid: &'static str,
    pub password_required: &'static str,
    pub password_policy_unmet: &'static str,
    /// `{n}`: characters.
    pub rule_length_at_least: &'static str,
    /// `{n}`: bytes.
    pub rule_length_at_most: &'static str,
    pub rule_should_contain: &'static str,
    /// `{n}` of the four kinds.
    pub rule_contains_at_least: &'static str,
    /// `{n}` identical characters.
    pub rule_identical_chars: &'static str,
    pub class_lower: &'static str,
    pub class_upper: &'static str,
    pub class_numbers: &'static str,
    pub class_special: &'static str,
    pub err_password_strength: &'static str,
    pub err_password_dictionary: &'static str,
    pub err_password_no_user_info: &'static str,
    pub err_invalid_password: &'static str,
    pub err_password_leaked: &'static str,
    pub err_user_exists: &'static str,
    pub err_username_exists: &'static str,
    pub err_invalid_signup: &'static str,
    pub err_hook_fallback: &'static str,
    pub err_too_many_requests: &'static str,
    pub err_enterprise_email: &'static str,
    pub err_network: &'static str,
    pub err_timeout: &'static str,
    pub err_generic: &'static str,
    pub err_config: &'static str,
    pub close: &'static str,
}

pub const EN: Strings = Strings {
    lang: "en",
    sign_up_title: "Sign up",
    forgot_title: "Reset your password",
    forgot_intro: "Enter your email address and we will send you a link to choose a new password.",
    email_label: "Email",
    username_label: "Username",
    password_label: "Password",
    show_password: "Show password",
    hide_password: "Hide password",
    show: "Show",
    hide: "Hide",
    rules_heading: "Your password must have:",
    rule_met: "(done)",
    rule_unmet: "(not yet)",
    sign_up_submit: "Sign up",
    sign_up_pending: "Signing up…",
    forgot_submit: "Send email",
    forgot_pending: "Sending…",
    to_forgot: "Forgot your password?",
    to_sign_up: "Back to sign up",
    sign_up_success: "Your account was created. Check your inbox to verify your email address.",
    forgot_success: "If an account exists for this email address, we have sent it a link to reset the password. Check your inbox.",
    email_required: "Enter your email address.",
    email_invalid: "Enter a valid email address, like name@example.com.",
    username_required: "Choose a username.",
    username_too_short: "The username needs at least {n} characters.",
    username_too_long: "The username can have at most {n} characters.",
    username_invalid: "Use only letters, numbers and _ + - . ! # $ ^ ` ~ @ ' in the username.",
    password_required: "Choose a password.",
    password_policy_unmet: "The password does not meet every rule below yet.",
    rule_length_at_least: "At least {n} characters",
    rule_length_at_most: "No more than {n} bytes (fewer if you use accented letters or emoji)",
    rule_should_contain: "All of these:",
    rule_contains_at_least: "At least {n} of these:",
    rule_identical_chars: "No more than {n} identical characters in a row",
    class_lower: "lower case letters (a–z)",
    class_upper: "upper case letters (A–Z)",
    class_numbers: "numbers (0–9)",
    class_special: "special characters (like ! @ # $ %)",
    err_password_strength: "This password is too weak. Check the rules below.",
    err_password_dictionary: "This password is too common. Choose one that is harder to guess.",
    err_password_no_user_info: "The password must not contain your name, username or email address.",
    err_invalid_password: "This password cannot be used. Choose another one.",
    err_password_leaked: "This password has appeared in a data breach elsewhere. Choose another one.",
    err_user_exists: "An account with this email address already exists. Did you forget your password?",
    err_username_exists: "This username is taken. Choose another one.",
    err_invalid_signup: "We could not create the account. Check your details and try again.",
    err_hook_fallback: "The sign-up was refused.",
    err_too_many_requests: "Too many attempts. Wait a little and try again.",
    err_enterprise_email: "This email address belongs to your organisation's sign-in. Reset the password there.",
    err_network: "We could not reach the server. Check your connection and try again.",
    err_timeout: "The server took too long to answer. Try again.",
    err_generic: "Something went wrong on our side. Try again in a moment.",
    err_config: "This sign-up form is not set up correctly.",
    close: "Close",
};

/// `template` with `{n}` replaced.
pub fn with_n(template: &str, n: usize) -> String {
    template.replace("{n}", &n.to_string())
}

/// The text of a policy rule.
pub fn rule_text(s: &Strings, code: RuleCode) -> String {
    match code {
        RuleCode::LengthAtLeast(n) => with_n(s.rule_length_at_least, n),
        RuleCode::LengthAtMost(n) => with_n(s.rule_length_at_most, n),
        RuleCode::ShouldContain => s.rule_should_contain.to_owned(),
        RuleCode::ContainsAtLeast(n) => with_n(s.rule_contains_at_least, n),
        RuleCode::IdenticalChars(n) => with_n(s.rule_identical_chars, n),
    }
}

pub fn class_text(s: &Strings, class: CharClass) -> &'static str {
    match class {
        CharClass::LowerCase => s.class_lower,
        CharClass::UpperCase => s.class_upper,
        CharClass::Numbers => s.class_numbers,
        CharClass::SpecialCharacters => s.class_special,
    }
}

/// The message for a failed request. The tenant's own words are shown only
/// for `hook_error`, whose description is written for people.
pub fn error_message(s: &Strings, error: &ApiError) -> String {
    let text = match error.kind() {
        ErrorCode::PasswordStrength => s.err_password_strength,
        ErrorCode::PasswordDictionary => s.err_password_dictionary,
        ErrorCode::PasswordNoUserInfo => s.err_password_no_user_info,
        ErrorCode::InvalidPassword => s.err_invalid_password,
        ErrorCode::PasswordLeaked => s.err_password_leaked,
        ErrorCode::UserExists => s.err_user_exists,
        ErrorCode::UsernameExists => s.err_username_exists,
        ErrorCode::InvalidSignup => s.err_invalid_signup,
        ErrorCode::HookError => {
            return error
                .description_text()
                .unwrap_or(s.err_hook_fallback)
                .to_owned()
        }
        ErrorCode::TooManyRequests => s.err_too_many_requests,
        ErrorCode::EnterpriseEmail => s.err_enterprise_email,
        ErrorCode::Other => match error {
            ApiError::Network => s.err_network,
            ApiError::Timeout(_) => s.err_timeout,
            _ => s.err_generic,
        },
    };
    text.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::normalize_error;

    #[test]
    fn every_code_gets_its_own_message() {
        let message =
            |status: u16, body: &str| error_message(&EN, &normalize_error(status, body, None));
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
        assert_eq!(error_message(&EN, &ApiError::Network), EN.err_network);
        assert_eq!(
            error_message(&EN, &ApiError::Timeout(15000)),
            EN.err_timeout
        );
    }

    #[test]
    fn rule_texts_fill_numbers() {
        assert_eq!(
            rule_text(&EN, RuleCode::LengthAtLeast(10)),
            "At least 10 characters"
        );
        assert_eq!(
            rule_text(&EN, RuleCode::ContainsAtLeast(3)),
            "At least 3 of these:"
        );
    }
}
