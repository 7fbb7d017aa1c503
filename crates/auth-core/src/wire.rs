//! Names of the dbconnections wire format, defined once for the widget and
//! the emulator: paths, limits and the error codes a client distinguishes.

pub const SIGNUP_PATH: &str = "/dbconnections/signup";
pub const CHANGE_PASSWORD_PATH: &str = "/dbconnections/change_password";

/// The fields of a change-password request: exactly these, never a password.
pub const CHANGE_PASSWORD_FIELDS: [&str; 3] = ["client_id", "email", "connection"];

/// Optional root profile fields a sign-up may carry.
pub const SIGNUP_ROOT_FIELDS: [&str; 5] =
    ["given_name", "family_name", "name", "nickname", "picture"];

/// `user_metadata` limits on sign-up.
pub const METADATA_MAX_KEYS: usize = 10;
pub const METADATA_MAX_KEY_CHARS: usize = 100;
pub const METADATA_MAX_VALUE_CHARS: usize = 500;

/// Default database connection name.
pub const DEFAULT_CONNECTION: &str = "Username-Password-Authentication";

/// The error codes a sign-up or forgot-password form tells apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorCode {
    /// `invalid_password` with name `PasswordStrengthError`.
    PasswordStrength,
    /// `invalid_password` with name `PasswordDictionaryError`.
    PasswordDictionary,
    /// `invalid_password` with name `PasswordNoUserInfoError`.
    PasswordNoUserInfo,
    /// `invalid_password` with any other name (history, length, ...).
    InvalidPassword,
    PasswordLeaked,
    UserExists,
    UsernameExists,
    InvalidSignup,
    HookError,
    TooManyRequests,
    EnterpriseEmail,
    /// `bad.request`-style and other client errors; anything unmapped.
    Other,
}

impl ErrorCode {
    /// Classifies a response's `code` and `name`.
    pub fn classify(code: &str, name: Option<&str>) -> ErrorCode {
        match code {
            "invalid_password" => match name {
                Some("PasswordStrengthError") => ErrorCode::PasswordStrength,
                Some("PasswordDictionaryError") => ErrorCode::PasswordDictionary,
                Some("PasswordNoUserInfoError") => ErrorCode::PasswordNoUserInfo,
                _ => ErrorCode::InvalidPassword,
            },
            "password_leaked" => ErrorCode::PasswordLeaked,
            "user_exists" => ErrorCode::UserExists,
            "username_exists" => ErrorCode::UsernameExists,
            "invalid_signup" => ErrorCode::InvalidSignup,
            "hook_error" => ErrorCode::HookError,
            "too_many_requests" => ErrorCode::TooManyRequests,
            "enterprise_email" => ErrorCode::EnterpriseEmail,
            _ => ErrorCode::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_password_is_keyed_by_name() {
        assert_eq!(
            ErrorCode::classify("invalid_password", Some("PasswordStrengthError")),
            ErrorCode::PasswordStrength
        );
        assert_eq!(
            ErrorCode::classify("invalid_password", Some("PasswordDictionaryError")),
            ErrorCode::PasswordDictionary
        );
        assert_eq!(
            ErrorCode::classify("invalid_password", Some("PasswordNoUserInfoError")),
            ErrorCode::PasswordNoUserInfo
        );
        assert_eq!(
            ErrorCode::classify("invalid_password", Some("PasswordHistoryError")),
            ErrorCode::InvalidPassword
        );
        assert_eq!(
            ErrorCode::classify("invalid_password", None),
            ErrorCode::InvalidPassword
        );
    }

    #[test]
    fn other_codes() {
        assert_eq!(
            ErrorCode::classify("user_exists", None),
            ErrorCode::UserExists
        );
        assert_eq!(
            ErrorCode::classify("username_exists", None),
            ErrorCode::UsernameExists
        );
        assert_eq!(
            ErrorCode::classify("password_leaked", None),
            ErrorCode::PasswordLeaked
        );
        assert_eq!(
            ErrorCode::classify("too_many_requests", None),
            ErrorCode::TooManyRequests
        );
        assert_eq!(
            ErrorCode::classify("enterprise_email", None),
            ErrorCode::EnterpriseEmail
        );
        assert_eq!(
            ErrorCode::classify("hook_error", None),
            ErrorCode::HookError
        );
        assert_eq!(
            ErrorCode::classify("invalid_signup", None),
            ErrorCode::InvalidSignup
        );
        assert_eq!(ErrorCode::classify("something_new", None), ErrorCode::Other);
    }
}
