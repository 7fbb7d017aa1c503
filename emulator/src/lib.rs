//! A local Auth0-compatible tenant for developing and testing the widget:
//! the dbconnections API, `/oauth/token` (password-realm), the client
//! configuration Lock loads, a reset page and a mail outbox, on SQLite.
//!
//! It binds to 127.0.0.1 by default and is meant for development, but it
//! keeps the real thing's guarantees: password hashes are argon2id, reset
//! tickets are random and stored hashed, logs carry no secrets.

pub mod config;
pub mod error;
/// The public names the tests and tools use, from the route modules.
pub mod api {
    pub use crate::hashing::{hash_password, verify_password};
    pub use crate::routes::dbconnections::{
        CHANGE_PASSWORD_KEYS, RESET_SENT, VERIFY_LINK_LIFETIME_SECS,
    };
    pub use crate::routes::oauth::PASSWORD_REALM;
}
pub mod dashboard;
pub mod hashing;
pub mod identity;
mod limits;
pub mod management;
pub mod policy;
pub mod routes;
pub mod store;
pub mod templates;
pub mod testing;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use config::Config;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use store::Store;
use tower_http::cors::{AllowOrigin, CorsLayer};

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
    /// The address the server listens on (set by [`serve`], or by whoever
    /// binds a listener for [`app`]): reset links and the Host check use it.
    address: OnceLock<SocketAddr>,
    /// How long a client may take to send a request's headers, and then its
    /// body, before the connection is closed.
    pub read_timeout: Duration,
    /// Writes queued by change_password and not done yet (see
    /// [`AppState::write_later`]).
    pending_writes: Arc<AtomicU64>,
    /// The queued writes' order: each takes the next ticket when queued and
    /// waits for its turn, so that the outbox holds a person's emails in the
    /// order their requests were answered.
    write_tickets: AtomicU64,
    write_turn: tokio::sync::watch::Sender<u64>,
    /// Password hashing, bounded (see [`hashing`]).
    pub hasher: hashing::Hasher,
    /// Made at start-up: the reset form's CSRF value is an HMAC of the
    /// ticket under it, so a client cannot choose its own cookie/field pair.
    csrf_key: [u8; 32],
    /// Management API tokens from the client-credentials grant, with their
    /// expiry (emulator clock).
    pub management_tokens: std::sync::Mutex<std::collections::HashMap<String, u64>>,
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
            address: OnceLock::new(),
            read_timeout: Duration::from_secs(10),
            hasher: hashing::Hasher::default(),
            pending_writes: Arc::new(AtomicU64::new(0)),
            write_tickets: AtomicU64::new(0),
            write_turn: tokio::sync::watch::Sender::new(0),
            management_tokens: Default::default(),
            csrf_key: {
                use rand::RngCore;
                let mut key = [0u8; 32];
                rand::rngs::OsRng.fill_bytes(&mut key);
                key
            },
        }
    }

    /// Runs `write` (a store write, with its fsync) after the answer has
    /// gone: change_password answers known and unknown emails alike, in the
    /// same time, and writes the ticket and email for a known one here.
    /// Writes run one after another in the order they were queued (spawned
    /// tasks start in any order); waiting for a turn holds no thread.
    pub fn write_later(self: &Arc<Self>, write: impl FnOnce(&AppState) + Send + 'static) {
        self.pending_writes.fetch_add(1, Ordering::SeqCst);
        let ticket = self.write_tickets.fetch_add(1, Ordering::SeqCst);
        let state = self.clone();
        tokio::spawn(async move {
            let done = state.clone();
            let mut turn = done.write_turn.subscribe();
            // The sender lives in `done`: the wait ends at the turn.
            let _ = turn.wait_for(|turn| *turn == ticket).await;
            // A write that panics still passes the turn on.
            let _ = tokio::task::spawn_blocking(move || write(&state)).await;
            done.write_turn.send_modify(|turn| *turn += 1);
            done.pending_writes.fetch_sub(1, Ordering::SeqCst);
        });
    }

    /// Runs `work` (SQLite, which blocks) on the blocking pool, not on the
    /// async workers.
    pub async fn blocking<T: Send + 'static>(
        self: &Arc<Self>,
        work: impl FnOnce(&AppState) -> rusqlite::Result<T> + Send + 'static,
    ) -> rusqlite::Result<T> {
        let state = self.clone();
        tokio::task::spawn_blocking(move || work(&state))
            .await
            .unwrap_or(Err(rusqlite::Error::InvalidQuery))
    }

    /// Waits (up to 5 s) until the queued writes are done: what reads the
    /// outbox or a ticket then sees every email already answered for.
    pub async fn flush_writes(&self) {
        for _ in 0..5000 {
            if self.pending_writes.load(Ordering::SeqCst) == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }

    /// A hash of a random password, verified against for unknown users so
    /// that they cost the same effort as known ones.
    pub fn hasher_dummy(&self) -> &str {
        static DUMMY: OnceLock<String> = OnceLock::new();
        DUMMY.get_or_init(|| hashing::hash_password(&random_hex(16)))
    }

    /// The email template in force: the default, then the config's, then
    /// the stored edit.
    pub fn template(&self, kind: templates::Kind) -> Result<templates::Template, rusqlite::Error> {
        let base = templates::Template::default_for(kind);
        let configured = match self.config.email_templates.get(kind) {
            Some(changes) => base.with(changes).unwrap_or(base),
            None => base,
        };
        let Some(stored) = self.store.template(kind.name())? else {
            return Ok(configured);
        };
        Ok(serde_json::from_str(&stored)
            .ok()
            .and_then(|changes| configured.with(&changes).ok())
            .unwrap_or(configured))
    }

    /// Checks and stores `changes` to a template; answers the result.
    pub fn save_template(
        &self,
        kind: templates::Kind,
        changes: &templates::TemplateConfig,
    ) -> Result<Result<templates::Template, templates::TemplateError>, rusqlite::Error> {
        let next = match self.template(kind)?.with(changes) {
            Ok(next) => next,
            Err(problem) => return Ok(Err(problem)),
        };
        let json = serde_json::to_string(&next.to_config()).unwrap_or_default();
        self.store.save_template(kind.name(), &json, self.now())?;
        Ok(Ok(next))
    }

    /// The CSRF value of the reset form for the ticket stored as `ticket_hash`.
    pub fn csrf_for(&self, ticket_hash: &str) -> String {
        use hmac::{Mac, SimpleHmac};
        let mut mac = <SimpleHmac<sha2::Sha256> as Mac>::new_from_slice(&self.csrf_key)
            .expect("HMAC takes any key length");
        mac.update(ticket_hash.as_bytes());
        hex(&mac.finalize().into_bytes())
    }

    /// An HMAC of `data` under the start-up key (the dashboard's CSRF value).
    pub fn mac(&self, data: &str) -> String {
        self.csrf_for(&format!("dashboard:{data}"))
    }

    /// Records the address the server is bound to (the first one counts).
    pub fn set_address(&self, address: SocketAddr) {
        let _ = self.address.set(address);
    }

    /// The origin links in emails point at: `public_url`, else the address
    /// the server is bound to. Never the request's Host header, which a
    /// client chooses.
    pub fn public_origin(&self) -> String {
        match (&self.config.public_url, self.address.get()) {
            (Some(url), _) => url.trim_end_matches('/').to_owned(),
            (None, Some(address)) => format!("http://{address}"),
            (None, None) => "http://127.0.0.1:8787".into(),
        }
    }

    /// `public_url`'s origin (`scheme://host[:port]`, without its path), if
    /// one is configured: pages there are the emulator's own.
    pub fn public_url_origin(&self) -> Option<String> {
        let (scheme, _) = self.config.public_url.as_deref()?.split_once("://")?;
        Some(format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            self.public_authority()?
        ))
    }

    /// `public_url`'s authority (`host[:port]`, lower case), if configured.
    fn public_authority(&self) -> Option<String> {
        let url = self.config.public_url.as_deref()?;
        let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
        let authority = rest.split('/').next().unwrap_or_default();
        (!authority.is_empty()).then(|| authority.to_ascii_lowercase())
    }

    /// True when a request may be answered, judged by the names it was sent
    /// to: its `Host`, and every `X-Forwarded-Host` value a proxy in front
    /// added. Anything else may come from a DNS-rebinding page, which
    /// reaches a loopback port under the attacker's *name*.
    ///
    /// - `host` must be `public_url`'s authority, or a loopback name or
    ///   address (or the bound address) on the bound port. With no port it
    ///   passes only when forwarded names come with it: trunk 0.21's proxy
    ///   (`make demo`) replaces Host with its backend's bare `127.0.0.1` and
    ///   puts the browser's Host in `X-Forwarded-Host`.
    /// - each forwarded name must be `public_url`'s authority, or a loopback
    ///   name on the bound port or `public_url`'s port. A page on a
    ///   rebinding name that reaches the demo's port is refused by the name
    ///   trunk forwards; a forwarded name the page adds itself does not
    ///   help it, since trunk appends its own and every one must pass.
    pub fn request_names_allowed(&self, host: &str, forwarded: &[&str]) -> bool {
        let public = self.public_authority();
        let public_port = public.as_deref().and_then(|authority| {
            let port = authority.rsplit_once(':').map(|(_, port)| port);
            match (port, self.config.public_url.as_deref()) {
                (Some(port), _) => port.parse::<u16>().ok(),
                (None, Some(url)) if url.starts_with("https:") => Some(443),
                (None, _) => Some(80),
            }
        });
        let bound_port = self.address.get().map(|bound| bound.port());
        let names = |name: &str, ports: &[Option<u16>], portless: bool| {
            let name = name.trim().to_ascii_lowercase();
            public.as_deref() == Some(name.as_str()) || self.names_loopback(&name, ports, portless)
        };
        names(host, &[bound_port], !forwarded.is_empty())
            && forwarded
                .iter()
                .all(|name| names(name, &[bound_port, public_port], false))
    }

    /// Whether `host` is a loopback name or address (or the bound address)
    /// with one of `ports` (`None` in it: any port), or with no port when
    /// `portless`.
    fn names_loopback(&self, host: &str, ports: &[Option<u16>], portless: bool) -> bool {
        let (name, port) = match host.rsplit_once(':') {
            Some((name, port))
                if !name.ends_with(':') && port.bytes().all(|b| b.is_ascii_digit()) =>
            {
                // "127.0.0.1:" or "127.0.0.1:99999" is not "no port".
                let Ok(port) = port.parse::<u16>() else {
                    return false;
                };
                (name, Some(port))
            }
            _ => (host, None),
        };
        let name = name.trim_start_matches('[').trim_end_matches(']');
        let ip = name.parse::<IpAddr>().ok();
        let bound = self.address.get();
        let loopback = name == "localhost"
            || ip.is_some_and(|ip| {
                ip.is_loopback() || bound.is_some_and(|b| b.ip() == ip && !ip.is_unspecified())
            });
        let port_ok = match port {
            Some(port) => ports.iter().any(|p| p.is_none_or(|p| p == port)),
            None => portless,
        };
        loopback && port_ok
    }

    /// Seconds since the Unix epoch, plus any test offset (saturating: a
    /// huge offset is the end of time, not an overflow).
    pub fn now(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
            .saturating_add(self.clock_offset.load(Ordering::Relaxed))
    }

    /// Moves the emulator's clock forward (only reachable through test routes).
    pub fn advance_clock(&self, seconds: u64) {
        let _ = self
            .clock_offset
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |offset| {
                Some(offset.saturating_add(seconds))
            });
    }
}

/// Builds the HTTP application.
pub fn app(state: Arc<AppState>, static_dir: Option<PathBuf>) -> Router {
    let mut router = Router::new()
        .route("/dbconnections/signup", post(routes::dbconnections::signup))
        .route(
            "/dbconnections/change_password",
            post(routes::dbconnections::change_password),
        )
        .route("/oauth/token", post(routes::oauth::token))
        .route("/client/{file}", get(routes::client::client_config))
        .route(
            "/lo/reset",
            get(routes::pages::reset_form).post(routes::pages::reset_submit),
        )
        .route("/lo/verify", get(routes::pages::verify))
        .route("/outbox", get(routes::pages::outbox_page))
        .route("/outbox.json", get(routes::pages::outbox_json))
        .route("/outbox/{file}", get(routes::pages::outbox_html))
        .route("/emulator/stats.json", get(routes::client::stats))
        .merge(management::routes())
        .merge(dashboard::routes());
    if state.test_routes {
        router = router.merge(testing::routes());
    }
    if let Some(dir) = static_dir {
        router = router.fallback_service(tower_http::services::ServeDir::new(dir));
    }
    router
        .layer(DefaultBodyLimit::max(READ_LIMIT_BYTES))
        .layer(tower_http::timeout::RequestBodyTimeoutLayer::new(
            state.read_timeout,
        ))
        .layer(cors_layer(state.clone()))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            refuse_unlisted_preflight,
        ))
        .layer(middleware::from_fn_with_state(state.clone(), host_check))
        .layer(middleware::from_fn(log_request))
        .with_state(state)
}

/// Answers 421 to a request whose Host or forwarded names do not name this
/// server (see [`AppState::request_names_allowed`]): a page on a
/// DNS-rebinding domain reaches the loopback port with its own name as Host,
/// and must get nothing.
async fn host_check(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    const UNREADABLE: &str = "\u{fffd}";
    let headers = request.headers();
    let forwarded: Vec<&str> = headers
        .get_all("x-forwarded-host")
        .iter()
        .flat_map(|value| value.to_str().unwrap_or(UNREADABLE).split(','))
        .collect();
    let allowed = match headers.get(header::HOST) {
        Some(host) => state.request_names_allowed(host.to_str().unwrap_or(UNREADABLE), &forwarded),
        None => forwarded.is_empty(),
    };
    if allowed {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        "This is a local Auth0 tenant emulator: it answers requests for localhost, its loopback address and its public_url only.\n",
    )
        .into_response()
}

/// Serves the app on `listener` until the process ends. Each connection
/// must send a request's headers within `state.read_timeout` (and its body
/// within the same time again), or it is closed: a slow client cannot hold
/// connections open.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    static_dir: Option<PathBuf>,
) -> std::io::Result<()> {
    let router = app(state.clone(), static_dir);
    serve_app(listener, state, router).await
}

/// Serves `router` (the emulator's [`app`], perhaps with more routes, as the
/// end-to-end tests add the bundle and pages) the way [`serve`] does: the
/// bound address recorded in `state`, read timeouts on every connection.
pub async fn serve_app(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    router: Router,
) -> std::io::Result<()> {
    use axum::extract::ConnectInfo;
    use tower::ServiceExt;
    state.set_address(listener.local_addr()?);
    let read_timeout = state.read_timeout;
    let app = router;
    loop {
        let (stream, peer) = match listener.accept().await {
            Ok(accepted) => accepted,
            Err(error) => {
                // Out of file descriptors and the like: wait, do not spin.
                tracing::warn!(%error, "accept failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service =
            app.clone()
                .map_request(move |mut request: Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request.map(Body::new)
                });
        tokio::spawn(async move {
            let connection = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(read_timeout)
                .serve_connection(
                    hyper_util::rt::TokioIo::new(stream),
                    hyper_util::service::TowerToHyperService::new(service),
                );
            let _ = connection.await;
        });
    }
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

/// CORS, by tower-http's [`CorsLayer`]: only origins that some client
/// lists get CORS headers. A preflight carries no body, so no client ID: it
/// is answered for origins any client lists, and the endpoints then check
/// the origin against the client named in the body
/// ([`routes::origin_allowed`]: that client's list, the emulator's own
/// origin, `public_url`'s), refusing any other with 403.
fn cors_layer(state: Arc<AppState>) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::predicate(move |origin, _| {
            cors_origin_listed(&state, Some(origin))
        }))
        .allow_methods([Method::GET, Method::POST, Method::OPTIONS])
        .allow_headers([
            header::CONTENT_TYPE,
            HeaderName::from_static("auth0-client"),
        ])
        .max_age(Duration::from_secs(600))
        .expose_headers([
            HeaderName::from_static("x-ratelimit-limit"),
            HeaderName::from_static("x-ratelimit-remaining"),
            HeaderName::from_static("x-ratelimit-reset"),
            header::RETRY_AFTER,
        ])
}

/// True when some client lists `origin` (the CORS layer's rule).
fn cors_origin_listed(state: &AppState, origin: Option<&HeaderValue>) -> bool {
    origin
        .and_then(|o| o.to_str().ok())
        .is_some_and(|o| state.config.origin_known(o))
}

/// The one thing [`CorsLayer`] does not do: it answers a preflight from an
/// unlisted origin 200 without CORS headers. Refuse it outright (403), as a
/// request from that origin will be.
async fn refuse_unlisted_preflight(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    if request.method() == Method::OPTIONS
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD)
        && !cors_origin_listed(&state, headers.get(header::ORIGIN))
    {
        return (StatusCode::FORBIDDEN, "origin not allowed").into_response();
    }
    next.run(request).await
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

/// SHA-256 of a ticket, as the tickets table stores it. (The outbox keeps
/// each sent email whole, links included: it is the emulator's mailbox. A
/// leaked database therefore does leak unused links; they expire.)
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

/// Unix time as readable UTC: `2026-12-02 06:45:00 UTC`.
pub fn utc(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let rest = seconds % 86_400;
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn utc_reads_like_a_date() {
        assert_eq!(super::utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(super::utc(1_764_657_900), "2025-12-02 06:45:00 UTC");
        assert_eq!(super::utc(951_782_400), "2000-02-29 00:00:00 UTC");
    }
}
