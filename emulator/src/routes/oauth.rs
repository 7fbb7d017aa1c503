//! `POST /oauth/token` (the password-realm grant).

use super::*;

/// An OpenID id_token for `user`, **unsigned** (`alg: none`): the emulator
/// has no keys, and nothing may trust it. Its payload carries what an app
/// reads: `sub`, `aud`, `email`, `email_verified`, `iat`, `exp`.
fn id_token(state: &AppState, client_id: &str, user: &crate::store::User) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let now = state.now();
    let header = json!({"alg": "none", "typ": "JWT"});
    let payload = json!({
        "iss": format!("{}/", state.public_origin()),
        "sub": format!("auth0|{}", user.id),
        "aud": client_id,
        "email": user.email,
        "email_verified": state.store.email_verified(&user.id),
        "iat": now,
        "exp": now.saturating_add(86_400),
    });
    format!(
        "{}.{}.",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(payload.to_string())
    )
}
/// The password-realm grant type.
pub const PASSWORD_REALM: &str = "http://auth0.com/oauth/grant-type/password-realm";

/// `POST /oauth/token` (password-realm grant only). Accepts JSON or a form.
pub async fn token(
    State(state): State<Arc<AppState>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let is_form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let object = if is_form {
        match &body {
            Ok(bytes) => serde_urlencoded_object(bytes),
            Err(_) => None,
        }
    } else {
        parse_object(body).ok()
    };
    let oauth_error = HttpError::oauth;
    let Some(object) = object else {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request body could not be read",
        ));
    };
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    if text("grant_type") == "client_credentials" {
        return crate::management::client_credentials(&state, &text);
    }
    if text("grant_type") != PASSWORD_REALM {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only the password-realm and client-credentials grants are supported",
        ));
    }
    let (client_id, realm, username, password) = (
        text("client_id"),
        text("realm"),
        text("username"),
        text("password"),
    );
    let Some(client) = state.config.client(&client_id) else {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "access_denied",
            "Unauthorized",
        ));
    };
    // The same per-client origin allow-list as dbconnections: any other
    // page could lock an account by posting guesses.
    if !origin_allowed(&state, &headers, client) {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "unauthorized_origin",
            "This origin is not allowed for the client",
        ));
    }
    if !client.connections.contains(&realm) {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The realm is not enabled for this client",
        ));
    }
    let too_many = || {
        HttpError::oauth(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "Your account has been blocked after multiple consecutive login attempts.",
        )
    };
    // The per-IP limit of the dbconnections endpoints applies here too.
    if ip_quota(&state, &ip).exceeded {
        return Err(too_many());
    }
    // An email in its canonical form (as stored); a username lower-cased.
    let lowered = crate::identity::canonical_email(&username)
        .ok()
        .filter(|_| username.contains('@'))
        .unwrap_or_else(|| username.trim().to_lowercase());
    let user = state
        .store
        .user_by_email(&realm, &lowered)
        .or_else(|| state.store.user_by_username(&realm, &lowered));
    // One count per user (email and username share it), taken before the
    // password is checked: concurrent guesses cannot all slip in while the
    // first ones are still hashing. A success clears it.
    let limits = &state.config.rate_limits;
    let who = user
        .as_ref()
        .map_or_else(|| lowered.clone(), |user| user.id.clone());
    let throttle_key = format!("login:{realm}:{who}");
    let attempt = state.limits.hit(
        &throttle_key,
        limits.login_failures,
        limits.window_secs,
        state.now(),
    );
    if attempt.exceeded {
        return Err(too_many());
    }
    // Unknown users cost the same effort as known ones.
    let stored = user.as_ref().map_or_else(
        || state.hasher_dummy().to_owned(),
        |user| user.password_hash.clone(),
    );
    let Some(verified) = state.hasher.verify_any(password, vec![stored]).await else {
        return Err(too_many());
    };
    match user {
        // Blocked is told only to who knows the password, as Auth0 does.
        Some(user) if verified && user.blocked => Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "user is blocked",
        )),
        Some(user) if verified => {
            state.limits.clear(&throttle_key);
            Ok(json_response(
                StatusCode::OK,
                &json!({
                    "access_token": random_hex(32),
                    "id_token": id_token(&state, &client_id, &user),
                    "token_type": "Bearer",
                    "expires_in": 86400,
                    "scope": "openid",
                    "sub": format!("auth0|{}", user.id),
                }),
            ))
        }
        _ => Err(oauth_error(
            StatusCode::FORBIDDEN,
            "invalid_grant",
            "Wrong email or password.",
        )),
    }
}

/// Parses `application/x-www-form-urlencoded` into a JSON object of strings.
fn serde_urlencoded_object(bytes: &[u8]) -> Option<Object> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).ok()?;
    Some(
        pairs
            .into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect(),
    )
}
