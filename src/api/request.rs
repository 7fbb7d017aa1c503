//! Requests and their bodies. The change-password request has no password
//! field at all: a password cannot be sent on change_password by
//! construction.

use crate::json::{self, Value};
use std::fmt;

/// The body of `POST /dbconnections/signup` (without `client_id`, which the
/// client adds).
#[derive(Clone, Default, PartialEq)]
pub struct SignupRequest {
    /// The address, as typed (trimmed when sent).
    pub email: String,
    /// The new password, as typed.
    pub password: String,
    /// The database connection.
    pub connection: String,
    /// Only for connections that require a username.
    pub username: Option<String>,
    /// Root profile fields (`given_name`, `family_name`, `name`, `nickname`, `picture`).
    pub root_fields: Vec<(String, String)>,
    /// Sent as `user_metadata` when not empty.
    pub user_metadata: Vec<(String, String)>,
}

// The password must never reach logs or the console, not even in a Debug dump.
impl fmt::Debug for SignupRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SignupRequest")
            .field("email", &self.email)
            .field("password", &"<redacted>")
            .field("connection", &self.connection)
            .field("username", &self.username)
            .field("root_fields", &self.root_fields)
            .field("user_metadata", &self.user_metadata)
            .finish()
    }
}

impl SignupRequest {
    /// The JSON body for `client_id`.
    pub fn to_json(&self, client_id: &str) -> String {
        let mut members = vec![
            ("client_id".to_owned(), json::string(client_id)),
            ("email".to_owned(), json::string(self.email.trim())),
            ("password".to_owned(), json::string(&self.password)),
            ("connection".to_owned(), json::string(&self.connection)),
        ];
        if let Some(username) = &self.username {
            members.push(("username".to_owned(), json::string(username.trim())));
        }
        for (key, value) in &self.root_fields {
            members.push((key.clone(), json::string(value)));
        }
        if !self.user_metadata.is_empty() {
            let metadata = self
                .user_metadata
                .iter()
                .map(|(k, v)| (k.clone(), json::string(v)));
            members.push(("user_metadata".to_owned(), json::object(metadata)));
        }
        Value::Object(members).to_json()
    }
}

/// The body of `POST /dbconnections/change_password`: exactly `client_id`,
/// `email` and `connection`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangePasswordRequest {
    /// The address to send the reset email to.
    pub email: String,
    /// The database connection.
    pub connection: String,
}

impl ChangePasswordRequest {
    /// The JSON body for `client_id`: `client_id`, `email` and `connection`, nothing else.
    pub fn to_json(&self, client_id: &str) -> String {
        json::object([
            ("client_id", json::string(client_id)),
            ("email", json::string(self.email.trim())),
            ("connection", json::string(&self.connection)),
        ])
        .to_json()
    }
}

/// A request to the tenant: what a valid form becomes. The change-password
/// request has no password field: none can be sent on change_password.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// `POST /dbconnections/signup`.
    Signup(SignupRequest),
    /// `POST /dbconnections/change_password` (it has no password to send).
    ChangePassword(ChangePasswordRequest),
}

/// A sign-up's success answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignupSuccess {
    /// The new user's id (`_id`).
    pub id: String,
    /// The address the account has.
    pub email: String,
    /// Whether the address is verified (not yet, after a sign-up).
    pub email_verified: bool,
    /// The username, when the connection has them.
    pub username: Option<String>,
}

impl SignupSuccess {
    /// Reads a sign-up answer; `None` when it is not one.
    pub fn parse(body: &str) -> Option<SignupSuccess> {
        let value = json::parse(body)?;
        Some(SignupSuccess {
            id: value.get("_id").and_then(Value::as_str)?.to_owned(),
            email: value
                .get("email")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_owned(),
            email_verified: value
                .get("email_verified")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            username: value
                .get("username")
                .and_then(Value::as_str)
                .map(str::to_owned),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use auth_core::wire::CHANGE_PASSWORD_FIELDS;

    #[test]
    fn change_password_body_has_exactly_three_fields() {
        let request = ChangePasswordRequest {
            email: " jane@example.com ".into(),
            connection: "db".into(),
        };
        let body = json::parse(&request.to_json("client-1")).unwrap();
        let Value::Object(members) = body else {
            panic!("an object")
        };
        let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, CHANGE_PASSWORD_FIELDS);
        assert_eq!(members[0].1, json::string("client-1"));
        assert_eq!(members[1].1, json::string("jane@example.com"));
        assert_eq!(members[2].1, json::string("db"));
    }

    #[test]
    fn signup_body_carries_required_and_optional_fields() {
        let request = SignupRequest {
            email: "jane@example.com".into(),
            password: "p\"ss\\word".into(),
            connection: "db".into(),
            username: Some("jane".into()),
            root_fields: vec![("given_name".into(), "Jane".into())],
            user_metadata: vec![("plan".into(), "pro".into())],
        };
        let body = json::parse(&request.to_json("c")).unwrap();
        assert_eq!(body.get("client_id").and_then(Value::as_str), Some("c"));
        assert_eq!(
            body.get("password").and_then(Value::as_str),
            Some("p\"ss\\word")
        );
        assert_eq!(body.get("username").and_then(Value::as_str), Some("jane"));
        assert_eq!(body.get("given_name").and_then(Value::as_str), Some("Jane"));
        assert_eq!(
            body.get("user_metadata")
                .and_then(|m| m.get("plan"))
                .and_then(Value::as_str),
            Some("pro")
        );
        let minimal = SignupRequest {
            email: "a@b.co".into(),
            password: "x".into(),
            connection: "db".into(),
            ..Default::default()
        };
        let body = json::parse(&minimal.to_json("c")).unwrap();
        assert!(body.get("username").is_none() && body.get("user_metadata").is_none());
    }

    #[test]
    fn debug_output_never_shows_the_password() {
        let request = SignupRequest {
            password: "hunter2-secret".into(),
            ..Default::default()
        };
        assert!(!format!("{request:?}").contains("hunter2-secret"));
    }

    #[test]
    fn signup_success_is_parsed() {
        let ok = SignupSuccess::parse(
            r#"{"_id":"abc","email":"a@b.co","email_verified":false,"username":"jo"}"#,
        )
        .unwrap();
        assert_eq!(
            (
                ok.id.as_str(),
                ok.email.as_str(),
                ok.email_verified,
                ok.username.as_deref()
            ),
            ("abc", "a@b.co", false, Some("jo"))
        );
        assert_eq!(SignupSuccess::parse("<html>"), None);
        assert_eq!(
            SignupSuccess::parse(r#"{"email":"a@b.co"}"#),
            None,
            "an id is required"
        );
    }
}
