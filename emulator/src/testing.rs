//! Routes for tests only (enabled with `--test-routes`): they let a client's
//! tests meet the failures a real tenant or the network in front of it
//! produces, and move the clock forward.
//!
//! `/test/{behaviour}/dbconnections/{endpoint}` answers as follows:
//! `html502` an HTML 502 page (a proxy error), `empty500` a 500 with no body,
//! `slow` nothing for 60 s (client timeouts), `conflict` the documented 409
//! `user_exists` using `error`/`error_description` field names, `legacy` a
//! 400 using `error_code`/`details` names, `history` an `invalid_password`
//! named `PasswordHistoryError`. Each such request is counted in
//! `/emulator/stats.json` as `test_requests`. `GET /test/profile` shows what
//! a sign-up stored besides the password.

use crate::{json_response, AppState};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/test/{behaviour}/dbconnections/{endpoint}",
            post(misbehave),
        )
        .route("/test/advance-clock", post(advance_clock))
        .route("/test/profile", axum::routing::get(profile))
}

async fn misbehave(
    State(state): State<Arc<AppState>>,
    Path((behaviour, _endpoint)): Path<(String, String)>,
) -> Response {
    state
        .stats
        .test_requests
        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    match behaviour.as_str() {
        "html502" => Response::builder()
            .status(StatusCode::BAD_GATEWAY)
            .header(header::CONTENT_TYPE, "text/html")
            .body(Body::from(
                "<html><body><h1>502 Bad Gateway</h1></body></html>",
            ))
            .unwrap_or_default(),
        "empty500" => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
        "slow" => {
            tokio::time::sleep(std::time::Duration::from_secs(60)).await;
            StatusCode::GATEWAY_TIMEOUT.into_response()
        }
        "conflict" => json_response(
            StatusCode::CONFLICT,
            &json!({"error": "user_exists", "error_description": "The user already exists."}),
        ),
        "legacy" => json_response(
            StatusCode::BAD_REQUEST,
            &json!({"error_code": "invalid_signup", "details": "Invalid sign up"}),
        ),
        "history" => json_response(
            StatusCode::BAD_REQUEST,
            &json!({"name": "PasswordHistoryError", "code": "invalid_password", "description": "Password has previously been used"}),
        ),
        _ => StatusCode::NOT_FOUND.into_response(),
    }
}

#[derive(Deserialize)]
struct Who {
    connection: String,
    email: String,
}

/// `GET /test/profile?connection=…&email=…`: what a sign-up stored besides
/// the password (root fields and `user_metadata`), so tests can check it.
async fn profile(State(state): State<Arc<AppState>>, Query(who): Query<Who>) -> Response {
    let profile = state
        .blocking(move |s| s.store.profile(&who.connection, &who.email))
        .await;
    match profile {
        Ok(Some(profile)) => Response::builder()
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(profile))
            .unwrap_or_default(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(error) => crate::error::HttpError::from(error).into_response(),
    }
}

#[derive(Deserialize)]
struct Seconds {
    seconds: u64,
}

async fn advance_clock(State(state): State<Arc<AppState>>, Query(q): Query<Seconds>) -> Response {
    state.advance_clock(q.seconds);
    json_response(StatusCode::OK, &json!({"now": state.now()}))
}
