//! One error type for everything a request can end in, and the
//! normalisation of the tenant's varying error shapes into it.

use crate::json::{self, Value};
use auth_core::wire::ErrorCode;

/// How many seconds the tenant asked a refused client to wait: its
/// `Retry-After` when it sent one (no clock needed), else its
/// `X-RateLimit-Reset` (a Unix time) less `now`, the browser's clock.
pub fn retry_wait(retry_after: Option<u64>, reset: Option<u64>, now: u64) -> Option<u64> {
    retry_after.or_else(|| reset?.checked_sub(now))
}

/// One rule of a password-strength error, as the tenant reported it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleOutcome {
    /// The rule's code, e.g. `lengthAtLeast`.
    pub code: String,
    /// The tenant's message with its `format` arguments filled in.
    pub message: String,
    /// Whether the password met it.
    pub verified: bool,
    /// Sub-rules (the character classes of `containsAtLeast`).
    pub items: Vec<RuleOutcome>,
}

/// An error's `description`: a sentence, or (password strength) the rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Description {
    /// None given.
    None,
    /// A sentence.
    Text(String),
    /// The password rules and how the password fared.
    Rules(Vec<RuleOutcome>),
}

/// A JSON error answer from the tenant, normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerError {
    /// The HTTP status.
    pub status: u16,
    /// First of `code`, `error`, `error_code`, `status`.
    pub code: String,
    /// The error's `name` (e.g. `PasswordStrengthError`), when given.
    pub name: Option<String>,
    /// First of `error_description`, `description`, `error`, `details`.
    pub description: Description,
    /// The connection's policy in words, when given.
    pub policy: Option<String>,
    /// Seconds to wait before trying again, when the tenant said (a 429's
    /// `Retry-After` or `X-RateLimit-Reset`; see [`retry_wait`]).
    pub retry_after: Option<u64>,
}

/// How a request ended, when not well.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The tenant answered with an error of its own.
    #[error("the tenant refused the request: {} ({})", .0.code, .0.status)]
    Server(ServerError),
    /// The tenant answered with a body that is not the expected JSON (an
    /// HTML error page, nothing).
    #[error("the tenant answered {status} with a body that is not the expected JSON")]
    UnexpectedResponse {
        /// The HTTP status.
        status: u16,
    },
    /// The request never reached the tenant.
    #[error("the tenant could not be reached")]
    Network,
    /// No answer within this many milliseconds.
    #[error("the tenant did not answer within {0} ms")]
    Timeout(u32),
}

impl ApiError {
    /// What a form should tell the person.
    pub fn kind(&self) -> ErrorCode {
        match self {
            ApiError::Server(error) => ErrorCode::classify(&error.code, error.name.as_deref()),
            _ => ErrorCode::Other,
        }
    }

    /// The tenant's own description, when it is a sentence.
    pub fn description_text(&self) -> Option<&str> {
        match self {
            ApiError::Server(ServerError {
                description: Description::Text(text),
                ..
            }) => Some(text),
            _ => None,
        }
    }

    /// The rules of a password-strength error.
    pub fn rules(&self) -> &[RuleOutcome] {
        match self {
            ApiError::Server(ServerError {
                description: Description::Rules(rules),
                ..
            }) => rules,
            _ => &[],
        }
    }

    /// Seconds to wait before trying again, when the tenant said.
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            ApiError::Server(error) => error.retry_after,
            _ => None,
        }
    }
}

fn first_string<'a>(value: &'a Value, keys: &[&str]) -> Option<&'a str> {
    keys.iter()
        .filter_map(|key| value.get(key).and_then(Value::as_str))
        .find(|text| !text.is_empty())
}

/// Fills `%d`/`%s` placeholders with the rule's `format` arguments.
fn fill_format(message: &str, format: Option<&Value>) -> String {
    let mut out = message.to_owned();
    for arg in format.and_then(Value::as_array).unwrap_or_default() {
        let (placeholder, text) = match arg {
            Value::String(s) => ("%s", s.clone()),
            Value::Number(n) => ("%d", n.clone()),
            _ => continue,
        };
        out = out.replacen(placeholder, &text, 1);
    }
    out
}

fn rule_outcomes(rules: &[Value]) -> Vec<RuleOutcome> {
    rules
        .iter()
        .map(|rule| RuleOutcome {
            code: rule
                .get("code")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            message: fill_format(
                rule.get("message")
                    .and_then(Value::as_str)
                    .unwrap_or_default(),
                rule.get("format"),
            ),
            verified: rule
                .get("verified")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            items: rule
                .get("items")
                .and_then(Value::as_array)
                .map(rule_outcomes)
                .unwrap_or_default(),
        })
        .collect()
}

/// Turns a non-2xx answer into an [`ApiError`], whatever its shape: JSON
/// with any of the known field names, a rules object as description, an
/// HTML error page, or nothing at all.
pub fn normalize_error(status: u16, body: &str, retry_after: Option<u64>) -> ApiError {
    let parsed = json::parse(body).filter(|v| matches!(v, Value::Object(_)));
    let Some(value) = parsed else {
        return if status == 429 {
            ApiError::Server(ServerError {
                status,
                code: "too_many_requests".into(),
                name: None,
                description: Description::None,
                policy: None,
                retry_after,
            })
        } else {
            ApiError::UnexpectedResponse { status }
        };
    };
    let code = first_string(&value, &["code", "error", "error_code", "status"])
        .map(str::to_owned)
        .unwrap_or_else(|| {
            if status == 429 {
                "too_many_requests".into()
            } else {
                "unknown".into()
            }
        });
    let description_value = ["error_description", "description", "error", "details"]
        .iter()
        .filter_map(|key| value.get(key))
        // `error` holds the code when `code` is absent: not a description then.
        .find(|v| v.as_str() != Some(code.as_str()) || v.get("rules").is_some());
    let description = match description_value {
        Some(Value::String(text)) if !text.is_empty() => Description::Text(text.clone()),
        Some(object @ Value::Object(_)) => match object.get("rules").and_then(Value::as_array) {
            Some(rules) => Description::Rules(rule_outcomes(rules)),
            None => Description::None,
        },
        _ => Description::None,
    };
    ApiError::Server(ServerError {
        status,
        code,
        name: first_string(&value, &["name"]).map(str::to_owned),
        description,
        policy: first_string(&value, &["policy"]).map(str::to_owned),
        retry_after,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(error: ApiError) -> ServerError {
        match error {
            ApiError::Server(e) => e,
            other => panic!("expected a server error, got {other:?}"),
        }
    }

    #[test]
    fn auth0_shape_is_read() {
        let e = server(normalize_error(
            400,
            r#"{"name":"BadRequestError","code":"user_exists","description":"The user already exists.","statusCode":400}"#,
            None,
        ));
        assert_eq!(
            (e.code.as_str(), e.name.as_deref()),
            ("user_exists", Some("BadRequestError"))
        );
        assert_eq!(
            e.description,
            Description::Text("The user already exists.".into())
        );
    }

    #[test]
    fn fallback_field_names_are_read() {
        let e = server(normalize_error(
            409,
            r#"{"error":"user_exists","error_description":"exists"}"#,
            None,
        ));
        assert_eq!((e.status, e.code.as_str()), (409, "user_exists"));
        assert_eq!(e.description, Description::Text("exists".into()));
        let e = server(normalize_error(
            400,
            r#"{"error_code":"invalid_signup","details":"Invalid sign up"}"#,
            None,
        ));
        assert_eq!(e.code, "invalid_signup");
        assert_eq!(e.description, Description::Text("Invalid sign up".into()));
        let e = server(normalize_error(
            400,
            r#"{"status":"hook_error","details":"Denied by a rule"}"#,
            None,
        ));
        assert_eq!(e.code, "hook_error");
        assert_eq!(e.description, Description::Text("Denied by a rule".into()));
        let e = server(normalize_error(400, r#"{"error":"access_denied"}"#, None));
        assert_eq!(
            (e.code.as_str(), &e.description),
            ("access_denied", &Description::None)
        );
    }

    #[test]
    fn password_rules_description_is_read_with_formats_filled() {
        let body = r#"{"name":"PasswordStrengthError","code":"invalid_password","description":{"rules":[
            {"code":"lengthAtLeast","message":"At least %d characters in length","format":[8],"verified":false},
            {"code":"containsAtLeast","message":"Contain at least %d of the following %d types of characters:","format":[3,4],"verified":true,
             "items":[{"code":"lowerCase","message":"lower case letters (a-z)","verified":true}]},
            {"code":"identicalChars","message":"No more than %d identical characters in a row (e.g., \"%s\" not allowed)","format":[2,"aaa"],"verified":true}
        ]},"policy":"* At least 8 characters","statusCode":400}"#;
        let error = normalize_error(400, body, None);
        assert_eq!(error.kind(), ErrorCode::PasswordStrength);
        let rules = error.rules();
        assert_eq!(rules[0].message, "At least 8 characters in length");
        assert!(!rules[0].verified);
        assert_eq!(
            rules[1].message,
            "Contain at least 3 of the following 4 types of characters:"
        );
        assert_eq!(rules[1].items[0].code, "lowerCase");
        assert_eq!(
            rules[2].message,
            "No more than 2 identical characters in a row (e.g., \"aaa\" not allowed)"
        );
        assert_eq!(
            server(error).policy.as_deref(),
            Some("* At least 8 characters")
        );
    }

    #[test]
    fn the_wait_comes_from_retry_after_else_the_reset_time() {
        let now = 1_800_000_000;
        assert_eq!(retry_wait(Some(120), Some(now + 3600), now), Some(120));
        assert_eq!(retry_wait(None, Some(now + 600), now), Some(600));
        assert_eq!(
            retry_wait(None, Some(now - 5), now),
            None,
            "a reset in the past says nothing"
        );
        assert_eq!(retry_wait(None, None, now), None);
    }

    #[test]
    fn rate_limits_and_non_json_answers() {
        let error = normalize_error(
            429,
            r#"{"code":"too_many_requests","description":"slow down"}"#,
            Some(600),
        );
        assert_eq!(error.kind(), ErrorCode::TooManyRequests);
        assert_eq!(error.retry_after(), Some(600));
        let error = normalize_error(429, "Too Many Requests", Some(600));
        assert_eq!(
            error.kind(),
            ErrorCode::TooManyRequests,
            "a 429 without JSON is still a rate limit"
        );
        assert_eq!(
            normalize_error(502, "<html><h1>502 Bad Gateway</h1></html>", None),
            ApiError::UnexpectedResponse { status: 502 }
        );
        assert_eq!(
            normalize_error(500, "", None),
            ApiError::UnexpectedResponse { status: 500 }
        );
        assert_eq!(
            normalize_error(500, "[1]", None),
            ApiError::UnexpectedResponse { status: 500 }
        );
        let e = normalize_error(503, r#"{"message":"down"}"#, None);
        assert_eq!(
            (e.kind(), server(e).code),
            (ErrorCode::Other, "unknown".to_owned())
        );
    }

    #[test]
    fn kinds_follow_code_and_name() {
        let kind = |body: &str| normalize_error(400, body, None).kind();
        assert_eq!(
            kind(r#"{"code":"invalid_password","name":"PasswordDictionaryError"}"#),
            ErrorCode::PasswordDictionary
        );
        assert_eq!(
            kind(r#"{"code":"invalid_password","name":"PasswordNoUserInfoError"}"#),
            ErrorCode::PasswordNoUserInfo
        );
        assert_eq!(
            kind(r#"{"code":"invalid_password","name":"PasswordHistoryError"}"#),
            ErrorCode::InvalidPassword
        );
        assert_eq!(
            kind(r#"{"code":"password_leaked"}"#),
            ErrorCode::PasswordLeaked
        );
        assert_eq!(
            kind(r#"{"code":"username_exists"}"#),
            ErrorCode::UsernameExists
        );
        assert_eq!(ApiError::Network.kind(), ErrorCode::Other);
        assert_eq!(
            ApiError::Timeout(15000).to_string(),
            "the tenant did not answer within 15000 ms"
        );
    }
}
