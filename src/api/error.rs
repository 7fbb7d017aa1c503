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

/// Every error shape of the reference (../shared/reference/dbconnections.md),
/// bent: extra members of any type, members of the wrong type, members
/// missing, bodies cut short, any status. Each answer must become an
/// `ApiError` with a message to show, and never a panic (which in the
/// release build aborts the whole widget).
#[cfg(test)]
mod hostile_shapes {
    use super::*;
    use crate::i18n::{error_message, EN};
    use crate::testing::Rng;

    const SHAPES: &[&str] = &[
        r#"{"name":"BadRequestError","code":"user_exists","description":"The user already exists.","statusCode":400}"#,
        r#"{"name":"BadRequestError","code":"user_exists","description":"The user already exists.","statusCode":409}"#,
        r#"{"name":"BadRequestError","code":"invalid_signup","description":"Invalid sign up","statusCode":400}"#,
        r#"{"name":"PasswordStrengthError","code":"invalid_password","description":{"rules":[{"code":"lengthAtLeast","message":"At least %d characters in length","format":[8],"verified":false},{"code":"containsAtLeast","message":"Contain at least %d of the following %d types of characters:","format":[3,4],"verified":false,"items":[{"code":"lowerCase","message":"lower case letters (a-z)","verified":true},{"code":"upperCase","message":"upper case letters (A-Z)","verified":false}]}]},"policy":"* At least 8 characters in length","statusCode":400}"#,
        r#"{"name":"PasswordDictionaryError","code":"invalid_password","description":"Password is too common","statusCode":400}"#,
        r#"{"name":"PasswordNoUserInfoError","code":"invalid_password","description":"Password is based on user information","statusCode":400}"#,
        r#"{"code":"invalid_password","description":"Password rejected","statusCode":400}"#,
        r#"{"name":"BadRequestError","code":"password_leaked","description":"This password has been leaked","statusCode":400}"#,
        r#"{"name":"BadRequestError","code":"username_exists","description":"The username already exists.","statusCode":400}"#,
        r#"{"name":"BadRequestError","code":"hook_error","description":"Sign-ups from this domain are closed.","statusCode":400}"#,
        r#"{"code":"too_many_requests","description":"Too many requests","statusCode":429}"#,
        r#"{"name":"BadRequestError","code":"enterprise_email","description":"Please use your company's sign-in","statusCode":400}"#,
        r#"{"error":"user_exists","error_description":"exists"}"#,
        r#"{"error_code":"invalid_signup","details":"Invalid sign up"}"#,
        r#"{"status":"hook_error","details":"Denied by a rule"}"#,
        r#"{"error":"access_denied"}"#,
    ];

    const STATUSES: &[u16] = &[
        0, 200, 400, 401, 403, 404, 409, 413, 429, 500, 502, 503, 999,
    ];

    /// A value of any type, sometimes nested, sometimes one the reader
    /// treats specially (a rules object, format placeholders).
    fn any_value(rng: &mut Rng, depth: usize) -> Value {
        match rng.below(if depth > 3 { 6 } else { 9 }) {
            0 => Value::Null,
            1 => Value::Bool(rng.chance(50)),
            2 => Value::Number(
                rng.pick(&["0", "-1", "1e400", "400", "3.5", "18446744073709551616"])
                    .to_string(),
            ),
            3 => json::string(*rng.pick(&[
                "",
                "%d%s%d",
                "x".repeat(300).as_str(),
                "<img src=x onerror=alert(1)>",
                "\u{202e}\u{0}",
            ])),
            4 => json::string(*rng.pick(&[
                "invalid_password",
                "hook_error",
                "too_many_requests",
                "user_exists",
            ])),
            5 => Value::Array(Vec::new()),
            6 => Value::Array(
                (0..rng.below(4))
                    .map(|_| any_value(rng, depth + 1))
                    .collect(),
            ),
            7 => json::object([(
                "rules",
                Value::Array(
                    (0..rng.below(4))
                        .map(|_| any_value(rng, depth + 1))
                        .collect(),
                ),
            )]),
            _ => Value::Object(
                (0..rng.below(4))
                    .map(|_| {
                        let key = *rng.pick(&[
                            "code", "message", "format", "verified", "items", "rules", "x",
                        ]);
                        (key.to_owned(), any_value(rng, depth + 1))
                    })
                    .collect(),
            ),
        }
    }

    /// One random edit somewhere in the tree.
    fn bend(rng: &mut Rng, value: &mut Value, depth: usize) {
        match value {
            Value::Object(members) if !members.is_empty() && rng.chance(70) => {
                let at = rng.below(members.len());
                match rng.below(4) {
                    0 => members[at].1 = any_value(rng, depth),
                    1 => {
                        members.remove(at);
                    }
                    2 => {
                        let key = *rng.pick(&[
                            "extra",
                            "code",
                            "error",
                            "description",
                            "name",
                            "rules",
                            "format",
                        ]);
                        members.push((key.to_owned(), any_value(rng, depth)));
                    }
                    _ => bend(rng, &mut members[at].1, depth + 1),
                }
            }
            Value::Array(items) if !items.is_empty() && rng.chance(70) => {
                let at = rng.below(items.len());
                if rng.chance(50) {
                    items[at] = any_value(rng, depth);
                } else {
                    bend(rng, &mut items[at], depth + 1);
                }
            }
            other => *other = any_value(rng, depth),
        }
    }

    #[test]
    fn every_shape_bent_any_way_is_an_error_with_a_message() {
        let strings = EN.to_dictionary();
        let mut rng = Rng(crate::testing::env_u64("AW_FUZZ_SEED").unwrap_or(0xe220));
        let (mut cases, mut unexpected, mut server) = (0, 0, 0);
        for _ in 0..20_000 {
            let shape = *rng.pick(SHAPES);
            let mut value = crate::json::parse(shape).unwrap();
            for _ in 0..rng.below(4) + 1 {
                bend(&mut rng, &mut value, 0);
            }
            let mut body = value.to_json();
            if rng.chance(30) {
                let mut cut = rng.below(body.len() + 1);
                while !body.is_char_boundary(cut) {
                    cut -= 1;
                }
                body.truncate(cut);
            }
            let status = *rng.pick(STATUSES);
            let retry_after = rng.chance(20).then_some(rng.below(7200) as u64);
            let error = normalize_error(status, &body, retry_after);
            cases += 1;
            assert!(!error_message(&strings, &error).is_empty(), "{body}");
            assert!(!error.to_string().is_empty());
            match (&error, crate::json::parse(&body)) {
                (ApiError::Server(e), Some(parsed)) => {
                    server += 1;
                    assert_eq!(e.status, status);
                    if let Some(code) = parsed
                        .get("code")
                        .and_then(Value::as_str)
                        .filter(|c| !c.is_empty())
                    {
                        assert_eq!(e.code, code, "{body}");
                    }
                }
                (ApiError::UnexpectedResponse { status: s }, parsed) => {
                    unexpected += 1;
                    assert_eq!(*s, status);
                    assert!(
                        !matches!(parsed, Some(Value::Object(_))),
                        "a JSON object is always read: {body}"
                    );
                }
                (ApiError::Server(e), None) => {
                    assert_eq!(
                        (status, e.code.as_str()),
                        (429, "too_many_requests"),
                        "{body}"
                    );
                }
                (other, _) => panic!("{other:?} from {body}"),
            }
        }
        println!(
            "error shapes: {cases} bent answers, {server} read as the tenant's error, {unexpected} as an unexpected answer, 0 panics"
        );
        assert!(
            server > 5_000 && unexpected > 1_000,
            "{server} {unexpected}"
        );
    }
}
