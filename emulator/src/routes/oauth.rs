//! `POST /oauth/token` (the password-realm grant).

use super::*;
use crate::store::User;
use serde::Deserialize;

/// An OpenID id_token for `user`, **unsigned** (`alg: none`): the emulator
/// has no keys, and nothing may trust it. Its payload carries what an app
/// reads: `sub`, `aud`, `email`, `email_verified`, `iat`, `exp`.
fn id_token(state: &AppState, client_id: &str, user: &User, email_verified: bool) -> String {
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use base64::Engine;
    let now = state.now();
    let header = json!({"alg": "none", "typ": "JWT"});
    let payload = json!({
        "iss": format!("{}/", state.public_origin()),
        "sub": format!("auth0|{}", user.id),
        "aud": client_id,
        "email": user.email,
        "email_verified": email_verified,
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

/// A token request's fields. Each is text: a missing one, or one that is
/// not a string, reads as empty (and fails the checks below), as a form
/// field would.
#[derive(Deserialize)]
pub(crate) struct TokenRequest {
    #[serde(default, deserialize_with = "text")]
    pub grant_type: String,
    #[serde(default, deserialize_with = "text")]
    pub client_id: String,
    #[serde(default, deserialize_with = "text")]
    pub client_secret: String,
    #[serde(default, deserialize_with = "text")]
    pub audience: String,
    #[serde(default, deserialize_with = "text")]
    realm: String,
    #[serde(default, deserialize_with = "text")]
    username: String,
    #[serde(default, deserialize_with = "text")]
    password: String,
}

/// A string, or empty for any other JSON value.
fn text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    let value = Value::deserialize(deserializer)?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

fn oauth_error(status: StatusCode, error: &'static str, description: &'static str) -> HttpError {
    HttpError::oauth(status, error, description)
}

fn too_many_attempts() -> HttpError {
    oauth_error(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
        "Your account has been blocked after multiple consecutive login attempts.",
    )
}

/// The body, JSON or a form, as a [`TokenRequest`].
fn token_request(
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<TokenRequest, HttpError> {
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
    object
        .and_then(|object| serde_json::from_value(Value::Object(object)).ok())
        .ok_or_else(|| {
            oauth_error(
                StatusCode::BAD_REQUEST,
                "invalid_request",
                "The request body could not be read",
            )
        })
}

/// `POST /oauth/token` (password-realm grant only). Accepts JSON or a form.
pub async fn token(
    State(state): State<Arc<AppState>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, HttpError> {
    let request = token_request(&headers, body)?;
    if request.grant_type == "client_credentials" {
        return crate::management::client_credentials(&state, &request);
    }
    if request.grant_type != PASSWORD_REALM {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only the password-realm and client-credentials grants are supported",
        ));
    }
    check_client(&state, &headers, &request)?;
    // The per-IP limit of the dbconnections endpoints applies here too.
    if ip_quota(&state, &ip).exceeded {
        return Err(too_many_attempts());
    }
    password_realm(&state, request).await
}

/// The client exists, the request's origin is on its list and the realm is
/// enabled for it.
fn check_client(
    state: &AppState,
    headers: &HeaderMap,
    request: &TokenRequest,
) -> Result<(), HttpError> {
    let Some(client) = state.config.client(&request.client_id) else {
        return Err(oauth_error(
            StatusCode::UNAUTHORIZED,
            "access_denied",
            "Unauthorized",
        ));
    };
    // The same per-client origin allow-list as dbconnections: any other
    // page could lock an account by posting guesses.
    if !origin_allowed(state, headers, client) {
        return Err(oauth_error(
            StatusCode::FORBIDDEN,
            "unauthorized_origin",
            "This origin is not allowed for the client",
        ));
    }
    if !client.connections.contains(&request.realm) {
        return Err(oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The realm is not enabled for this client",
        ));
    }
    Ok(())
}

/// The user `login` names in `realm`: by email in its canonical form (as
/// stored), else by username, lower-cased.
async fn find_login(
    state: &Arc<AppState>,
    realm: &str,
    login: &str,
) -> Result<(String, Option<User>), HttpError> {
    let lowered = crate::identity::canonical_email(login)
        .ok()
        .filter(|_| login.contains('@'))
        .unwrap_or_else(|| login.trim().to_lowercase());
    let (realm, name) = (realm.to_owned(), lowered.clone());
    let user = state
        .blocking(move |s| match s.store.user_by_email(&realm, &name)? {
            Some(user) => Ok(Some(user)),
            None => s.store.user_by_username(&realm, &name),
        })
        .await?;
    Ok((lowered, user))
}

/// The password-realm grant, once the client is checked.
async fn password_realm(
    state: &Arc<AppState>,
    request: TokenRequest,
) -> Result<Response, HttpError> {
    let realm = &request.realm;
    let (lowered, user) = find_login(state, realm, &request.username).await?;
    // One count per user (email and username share it), taken before the
    // password is checked: concurrent guesses cannot all slip in while the
    // first ones are still hashing. A success clears it.
    let limits = &state.config.rate_limits;
    let who = user.as_ref().map_or(lowered, |user| user.id.clone());
    let throttle_key = format!("login:{realm}:{who}");
    let attempt = state.limits.hit(
        &throttle_key,
        limits.login_failures,
        limits.window_secs,
        state.now(),
    );
    if attempt.exceeded {
        return Err(too_many_attempts());
    }
    // Unknown users cost the same effort as known ones.
    let stored = user.as_ref().map_or_else(
        || state.hasher_dummy().to_owned(),
        |user| user.password_hash.clone(),
    );
    let Some(verified) = state
        .hasher
        .verify_any(request.password, vec![stored])
        .await
    else {
        return Err(too_many_attempts());
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
            tokens(state, &request.client_id, user).await
        }
        _ => Err(oauth_error(
            StatusCode::FORBIDDEN,
            "invalid_grant",
            "Wrong email or password.",
        )),
    }
}

/// The answer to a successful login.
async fn tokens(state: &Arc<AppState>, client_id: &str, user: User) -> Result<Response, HttpError> {
    let id = user.id.clone();
    let email_verified = state.blocking(move |s| s.store.email_verified(&id)).await?;
    Ok(json_response(
        StatusCode::OK,
        &json!({
            "access_token": random_hex(32),
            "id_token": id_token(state, client_id, &user, email_verified),
            "token_type": "Bearer",
            "expires_in": 86400,
            "scope": "openid",
            "sub": format!("auth0|{}", user.id),
        }),
    ))
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
