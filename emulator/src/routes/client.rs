//! `GET /client/{client_id}.js` (the client configuration Lock loads) and
//! `GET /emulator/stats.json`.

use super::*;

/// `GET /client/{client_id}.js`: the configuration Lock loads, as JSONP.
pub async fn client_config(
    State(state): State<Arc<AppState>>,
    Path(file): Path<String>,
) -> Response {
    let Some(client) = file
        .strip_suffix(".js")
        .and_then(|id| state.config.client(id))
    else {
        return (StatusCode::NOT_FOUND, "unknown client").into_response();
    };
    let connections: Vec<Value> = client
        .connections
        .iter()
        .filter_map(|name| state.config.connection(name))
        .map(|c| {
            json!({
                "name": c.name,
                "display_name": c.name,
                "passwordPolicy": c.password_policy,
                "password_complexity_options": {"min_length": c.policy().min_length()},
                "showSignup": c.show_signup,
                "showForgot": c.show_forgot,
                "requires_username": c.requires_username,
                "validation": {"username": {"min": c.username_min, "max": c.username_max}},
            })
        })
        .collect();
    let object = json!({
        "id": client.client_id,
        "name": client.name,
        "tenant": "emulator",
        "subscription": "free",
        "callback": "",
        "strategies": [{"name": "auth0", "connections": connections}],
    });
    Response::builder()
        .status(StatusCode::OK)
        .header(
            header::CONTENT_TYPE,
            "application/javascript; charset=utf-8",
        )
        .header(header::CACHE_CONTROL, "no-store")
        .body(Body::from(format!("Auth0.setClient({object});")))
        .unwrap_or_else(|_| server_error().into_response())
}

/// `GET /emulator/stats.json`: request counters for end-to-end assertions.
pub async fn stats(State(state): State<Arc<AppState>>) -> Response {
    let stats = &state.stats;
    json_response(
        StatusCode::OK,
        &json!({
            "signup_requests": stats.signup_requests.load(Ordering::Relaxed),
            "change_password_requests": stats.change_password_requests.load(Ordering::Relaxed),
            "change_password_with_password": stats.change_password_with_password.load(Ordering::Relaxed),
            "test_requests": stats.test_requests.load(Ordering::Relaxed),
        }),
    )
}
