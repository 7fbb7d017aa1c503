//! A local Auth0-compatible tenant for developing and testing the widget:
//! the dbconnections API, `/oauth/token` (password-realm), the client
//! configuration Lock loads, a reset page and a mail outbox, on SQLite.
//!
//! It binds to 127.0.0.1 by default and is meant for development, but it
//! keeps the real thing's guarantees: password hashes are argon2id, reset
//! tickets are random and stored hashed, logs carry no secrets.

pub mod api;
pub mod config;
mod limits;
pub mod pages;
pub mod policy;
pub mod store;
pub mod testing;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};
use store::Store;

/// Largest request body accepted; larger ones get 413.
pub const MAX_BODY_BYTES: usize = 16 * 1024;

/// Bodies are read up to this size before being judged, so that a client
/// still sending a too-large body gets the 413 instead of a broken pipe.
const READ_LIMIT_BYTES: usize = 1024 * 1024;

/// Counters the end-to-end tests read to prove what reached the server.
#[derive(Default)]
pub struct Stats {
    pub signup_requests: AtomicU64,
    pub change_password_requests: AtomicU64,
    /// change_password bodies that carried a `password` key (must stay 0
    /// for the widget).
    pub change_password_with_password: AtomicU64,
    /// Requests to the `/test/...` failure routes.
    pub test_requests: AtomicU64,
}

pub struct AppState {
    pub config: Config,
    pub store: Store,
    pub stats: Stats,
    limits: limits::Limits,
    /// Seconds added to the wall clock (tests move time forward).
    clock_offset: AtomicU64,
    /// Enables `/test/...` routes that produce transport failures.
    pub test_routes: bool,
}

impl AppState {
    pub fn new(config: Config, store: Store) -> AppState {
        AppState {
            config,
            store,
            stats: Stats::default(),
            limits: limits::Limits::default(),
            clock_offset: AtomicU64::new(0),
            test_routes: false,
        }
    }

    /// Seconds since the Unix epoch, plus any test offset.
    pub fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            + self.clock_offset.load(Ordering::Relaxed)
    }

    /// Moves the emulator's clock forward (only reachable through test routes).
    pub fn advance_clock(&self, seconds: u64) {
        self.clock_offset.fetch_add(seconds, Ordering::Relaxed);
    }
}

/// Builds the HTTP application.
pub fn app(state: Arc<AppState>, static_dir: Option<PathBuf>) -> Router {
    let mut router = Router::new()
        .route("/dbconnections/signup", post(api::signup))
        .route("/dbconnections/change_password", post(api::change_password))
        .route("/oauth/token", post(api::token))
        .route("/client/{file}", get(api::client_config))
        .route(
            "/lo/reset",
            get(pages::reset_form).post(pages::reset_submit),
        )
        .route("/outbox", get(pages::outbox_page))
        .route("/outbox.json", get(pages::outbox_json))
        .route("/emulator/stats.json", get(api::stats));
    if state.test_routes {
        router = router.merge(testing::routes());
    }
    if let Some(dir) = static_dir {
        router = router.fallback_service(tower_http::services::ServeDir::new(dir));
    }
    router
        .layer(DefaultBodyLimit::max(READ_LIMIT_BYTES))
        .layer(middleware::from_fn_with_state(state.clone(), cors))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Serves the app on `listener` until the process ends.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    static_dir: Option<PathBuf>,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app(state, static_dir).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .await
}

/// One log line per request: method, path (never the query, which may hold
/// a reset ticket), status and time. Bodies are never logged.
async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let started = Instant::now();
    let response = next.run(request).await;
    tracing::info!(%method, %path, status = response.status().as_u16(), ms = started.elapsed().as_millis() as u64, "request");
    response
}

/// CORS: only origins listed for a client get CORS headers. A preflight
/// (which carries no client ID) is answered for origins any client lists;
/// the endpoints then check the origin against the client named in the body.
async fn cors(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    let origin = request
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let allowed = origin
        .as_deref()
        .filter(|o| state.config.origin_known(o))
        .map(str::to_owned);
    if request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
    {
        let Some(origin) = allowed else {
            return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
        };
        let mut response = StatusCode::NO_CONTENT.into_response();
        let headers = response.headers_mut();
        add_cors_headers(headers, &origin);
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("GET, POST, OPTIONS"),
        );
        headers.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("content-type, auth0-client"),
        );
        headers.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        return response;
    }
    let mut response = next.run(request).await;
    if let Some(origin) = allowed {
        add_cors_headers(response.headers_mut(), &origin);
    }
    response
}

fn add_cors_headers(headers: &mut HeaderMap, origin: &str) {
    if let Ok(value) = HeaderValue::from_str(origin) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset"),
        );
    }
}

/// A JSON error in Auth0's shape: `{name, code, description, statusCode}`.
pub fn error_response(
    status: StatusCode,
    name: &str,
    code: &str,
    description: serde_json::Value,
) -> Response {
    let body = serde_json::json!({
        "name": name,
        "code": code,
        "description": description,
        "statusCode": status.as_u16(),
    });
    json_response(status, &body)
}

pub fn json_response(status: StatusCode, body: &serde_json::Value) -> Response {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "application/json; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(body.to_string()))
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

/// Random bytes as lower-case hex.
pub fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    hex(&buf)
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of a ticket, as stored (a leaked database does not leak links).
pub fn ticket_hash(ticket: &str) -> String {
    use sha2::Digest;
    hex(&sha2::Sha256::digest(ticket.as_bytes()))
}

/// Escapes text for HTML.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}
