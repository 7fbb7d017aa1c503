//! One error type for the HTTP layer. Handlers return `Result<Response,
//! HttpError>` and use `?`; the error becomes Auth0's answer shape, or
//! OAuth's for the token endpoint. Codes and names come from
//! `auth_core::wire`, the list the widget reads.

use auth_core::wire::{code, name};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

#[derive(Debug)]
pub enum HttpError {
    /// `{name, code, description, statusCode}` and any extra members
    /// (a password-strength error also carries `message` and `policy`).
    Auth0 {
        status: StatusCode,
        name: &'static str,
        code: String,
        description: Value,
        extra: Vec<(&'static str, Value)>,
    },
    /// `{error, error_description}`.
    OAuth {
        status: StatusCode,
        error: &'static str,
        description: &'static str,
    },
}

impl HttpError {
    /// 400 `BadRequestError` with `code` and a sentence.
    pub fn bad_request(code: &str, description: &str) -> HttpError {
        HttpError::Auth0 {
            status: StatusCode::BAD_REQUEST,
            name: name::BAD_REQUEST,
            code: code.to_owned(),
            description: json!(description),
            extra: Vec::new(),
        }
    }

    /// 400 `invalid_password` (or `password_leaked`) named `name`, with a
    /// sentence or the rules as description.
    pub fn password(name: &'static str, code: &str, description: Value) -> HttpError {
        HttpError::Auth0 {
            status: StatusCode::BAD_REQUEST,
            name,
            code: code.to_owned(),
            description,
            extra: Vec::new(),
        }
    }

    /// The same error with one more member in its body.
    pub fn with(mut self, key: &'static str, value: Value) -> HttpError {
        if let HttpError::Auth0 { extra, .. } = &mut self {
            extra.push((key, value));
        }
        self
    }

    pub fn unauthorized_client() -> HttpError {
        HttpError::Auth0 {
            status: StatusCode::UNAUTHORIZED,
            name: name::UNAUTHORIZED,
            code: "unauthorized_client".into(),
            description: json!("Unknown client"),
            extra: Vec::new(),
        }
    }

    pub fn forbidden_origin() -> HttpError {
        HttpError::Auth0 {
            status: StatusCode::FORBIDDEN,
            name: name::FORBIDDEN,
            code: "unauthorized_origin".into(),
            description: json!("This origin is not allowed for the client"),
            extra: Vec::new(),
        }
    }

    pub fn too_many_requests() -> HttpError {
        HttpError::Auth0 {
            status: StatusCode::TOO_MANY_REQUESTS,
            name: name::TOO_MANY_REQUESTS,
            code: code::TOO_MANY_REQUESTS.into(),
            description: json!("Too many requests. Please try again later."),
            extra: Vec::new(),
        }
    }

    pub fn too_large() -> HttpError {
        HttpError::Auth0 {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            name: name::PAYLOAD_TOO_LARGE,
            code: "request_too_large".into(),
            description: json!("The request body is too large"),
            extra: Vec::new(),
        }
    }

    pub fn internal() -> HttpError {
        HttpError::Auth0 {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            name: name::INTERNAL,
            code: "internal_error".into(),
            description: json!("Something went wrong on the tenant"),
            extra: Vec::new(),
        }
    }

    /// An OAuth error (the token endpoint).
    pub fn oauth(status: StatusCode, error: &'static str, description: &'static str) -> HttpError {
        HttpError::OAuth {
            status,
            error,
            description,
        }
    }
}

impl IntoResponse for HttpError {
    fn into_response(self) -> Response {
        match self {
            HttpError::Auth0 {
                status,
                name,
                code,
                description,
                extra,
            } => {
                let mut body = json!({
                    "name": name,
                    "code": code,
                    "description": description,
                    "statusCode": status.as_u16(),
                });
                for (key, value) in extra {
                    body[key] = value;
                }
                crate::json_response(status, &body)
            }
            HttpError::OAuth {
                status,
                error,
                description,
            } => crate::json_response(
                status,
                &json!({"error": error, "error_description": description}),
            ),
        }
    }
}

/// A database failure is a 500 (logged), never a "not found".
impl From<rusqlite::Error> for HttpError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "database error");
        HttpError::internal()
    }
}

/// An error of the Management API (`/api/v2/...`), in its shape:
/// `{statusCode, error, message, errorCode}`.
#[derive(Debug)]
pub struct ManagementError {
    pub status: StatusCode,
    pub message: String,
    pub code: &'static str,
}

impl ManagementError {
    pub fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        ManagementError {
            status,
            message: message.into(),
            code,
        }
    }

    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, message)
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, code, message)
    }
}

impl From<rusqlite::Error> for ManagementError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "database error");
        ManagementError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            "Something went wrong on the tenant",
        )
    }
}

impl IntoResponse for ManagementError {
    fn into_response(self) -> Response {
        crate::json_response(
            self.status,
            &json!({
                "statusCode": self.status.as_u16(),
                "error": self.status.canonical_reason().unwrap_or("Error"),
                "message": self.message,
                "errorCode": self.code,
            }),
        )
    }
}
