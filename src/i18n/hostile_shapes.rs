//! Every error shape of the reference (../shared/reference/dbconnections.md),
//! bent: extra members of any type, members of the wrong type, members
//! missing, bodies cut short, any status. Each answer must become an
//! `ApiError` with a message to show, and never a panic (which in the
//! release build aborts the whole widget).

use super::{error_message, EN};
use crate::api::{normalize_error, ApiError};
use crate::json::{self, Value};
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
