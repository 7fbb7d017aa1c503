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

/// The `code`s of Auth0's error answers: the emulator writes them, the
/// widget reads them (one list for both directions).
pub mod code {
    pub const INVALID_PASSWORD: &str = "invalid_password";
    pub const PASSWORD_LEAKED: &str = "password_leaked";
    pub const USER_EXISTS: &str = "user_exists";
    pub const USERNAME_EXISTS: &str = "username_exists";
    pub const INVALID_SIGNUP: &str = "invalid_signup";
    pub const HOOK_ERROR: &str = "hook_error";
    pub const TOO_MANY_REQUESTS: &str = "too_many_requests";
    pub const ENTERPRISE_EMAIL: &str = "enterprise_email";
    pub const BAD_REQUEST: &str = "bad.request";
}

/// The `name`s of Auth0's error answers (which kind of `invalid_password`,
/// and the error classes).
pub mod name {
    pub const PASSWORD_STRENGTH: &str = "PasswordStrengthError";
    pub const PASSWORD_DICTIONARY: &str = "PasswordDictionaryError";
    pub const PASSWORD_NO_USER_INFO: &str = "PasswordNoUserInfoError";
    pub const PASSWORD_HISTORY: &str = "PasswordHistoryError";
    pub const PASSWORD_LEAKED: &str = "PasswordLeakedError";
    pub const BAD_REQUEST: &str = "BadRequestError";
    pub const UNAUTHORIZED: &str = "UnauthorizedError";
    pub const FORBIDDEN: &str = "ForbiddenError";
    pub const TOO_MANY_REQUESTS: &str = "TooManyRequestsError";
    pub const PAYLOAD_TOO_LARGE: &str = "PayloadTooLargeError";
    pub const INTERNAL: &str = "InternalServerError";
}

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
            code::INVALID_PASSWORD => match name {
                Some(name::PASSWORD_STRENGTH) => ErrorCode::PasswordStrength,
                Some(name::PASSWORD_DICTIONARY) => ErrorCode::PasswordDictionary,
                Some(name::PASSWORD_NO_USER_INFO) => ErrorCode::PasswordNoUserInfo,
                _ => ErrorCode::InvalidPassword,
            },
            code::PASSWORD_LEAKED => ErrorCode::PasswordLeaked,
            code::USER_EXISTS => ErrorCode::UserExists,
            code::USERNAME_EXISTS => ErrorCode::UsernameExists,
            code::INVALID_SIGNUP => ErrorCode::InvalidSignup,
            code::HOOK_ERROR => ErrorCode::HookError,
            code::TOO_MANY_REQUESTS => ErrorCode::TooManyRequests,
            code::ENTERPRISE_EMAIL => ErrorCode::EnterpriseEmail,
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
