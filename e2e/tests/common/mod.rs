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
