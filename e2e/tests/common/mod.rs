//! What the end-to-end tests that serve pages share: a tenant (the emulator's
//! app over an in-memory store) with the test's own pages nested in it.

use emulator::config::Config;
use emulator::store::Store;
use emulator::AppState;
use std::sync::Arc;

/// A tenant with `config` and an empty in-memory store.
pub fn tenant(config: Config) -> Arc<AppState> {
    Arc::new(AppState::new(config, Store::open(":memory:").unwrap()))
}

/// Serves `app` (the tenant's routes and the pages a test nests in them) on
/// a free local port, as the emulator serves itself (bound address, read
/// timeouts); returns its origin.
pub async fn serve(state: Arc<AppState>, app: axum::Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(emulator::serve_app(listener, state, app));
    base
}

/// The policy the example pages are served under: no inline script or
/// style, the wasm compiled from the page's own origin.
#[allow(dead_code)] // not every test that shares this module serves the examples
pub const STRICT_CSP: &str =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'";

/// `app` with the example pages (examples/, under [`STRICT_CSP`]) at
/// /examples and `dist` (the embed bundle's router) at /dist.
#[allow(dead_code)]
pub fn with_examples(app: axum::Router, dist: axum::Router) -> axum::Router {
    use axum::http::{header, HeaderValue};
    let csp = tower_http::set_header::SetResponseHeaderLayer::overriding(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(STRICT_CSP),
    );
    app.nest_service("/dist", dist).nest_service(
        "/examples",
        tower::ServiceBuilder::new()
            .layer(csp)
            .service(tower_http::services::ServeDir::new(e2e::repo("examples"))),
    )
}
