//! The JSON endpoints: sign-up, change-password, token, client configuration.

use crate::config::{Client, Connection};
use crate::limits::Quota;
use crate::policy::{self, PasswordProblem};
use crate::store::{Email, InsertError, NewUser};
use crate::{error_response, json_response, random_hex, ticket_hash, AppState};
use auth_core::wire;
use axum::body::{Body, Bytes};
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Map, Value};
use std::net::SocketAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;

type Object = Map<String, Value>;

fn bad_request(code: &str, description: &str) -> Response {
    error_response(
        StatusCode::BAD_REQUEST,
        "BadRequestError",
        code,
        json!(description),
    )
}

/// Reads a JSON object body, answering 413 for an oversized body and 400 for
/// anything that is not a JSON object.
fn parse_object(body: Result<Bytes, BytesRejection>) -> Result<Object, Response> {
    let too_large = || {
        error_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PayloadTooLargeError",
            "request_too_large",
            json!("The request body is too large"),
        )
    };
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            bad_request("bad.request", "The request body could not be read")
        }
    })?;
    if bytes.len() > crate::MAX_BODY_BYTES {
        return Err(too_large());
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(bad_request(
            "bad.request",
            "The request body must be a JSON object",
        )),
        Err(_) => Err(bad_request(
            "bad.request",
            "The request body is not valid JSON",
        )),
    }
}

/// A required string field, or a 400 naming it.
fn required<'a>(object: &'a Object, field: &str) -> Result<&'a str, Response> {
    match object.get(field) {
        Some(Value::String(s)) if !s.trim().is_empty() => Ok(s),
        Some(Value::String(_)) | None | Some(Value::Null) => Err(bad_request(
            "bad.request",
            &format!("Missing required field: {field}"),
        )),
        Some(_) => Err(bad_request(
            "bad.request",
            &format!("Field {field} must be a string"),
        )),
    }
}

/// The client and connection a request names, checked against each other and
/// the request's origin.
fn client_and_connection<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    client_id: &str,
    connection: &str,
) -> Result<(&'a Client, &'a Connection), Response> {
    let Some(client) = state.config.client(client_id) else {
        return Err(error_response(
            StatusCode::UNAUTHORIZED,
            "UnauthorizedError",
            "unauthorized_client",
            json!("Unknown client"),
        ));
    };
    if !origin_allowed(headers, client) {
        return Err(error_response(
            StatusCode::FORBIDDEN,
            "ForbiddenError",
            "unauthorized_origin",
            json!("This origin is not allowed for the client"),
        ));
    }
    match state.config.connection(connection) {
        Some(c) if client.connections.iter().any(|name| name == connection) => Ok((client, c)),
        _ => Err(bad_request(
            "bad.connection",
            "The connection does not exist or is not enabled for this client",
        )),
    }
}

/// No `Origin` (curl, a server) or a listed one, or the emulator's own origin.
fn origin_allowed(headers: &HeaderMap, client: &Client) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| origin == format!("http://{host}"));
    own || client.allows_origin(origin)
}

fn with_quota(mut response: Response, quota: Quota) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", quota.limit as u64),
        ("x-ratelimit-remaining", quota.remaining as u64),
        ("x-ratelimit-reset", quota.reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
    response
}

fn too_many_requests() -> Response {
    error_response(
        StatusCode::TOO_MANY_REQUESTS,
        "TooManyRequestsError",
        "too_many_requests",
        json!("Too many requests. Please try again later."),
    )
}

/// Counts a request from `ip` on the dbconnections endpoints.
fn ip_quota(state: &AppState, ip: &SocketAddr) -> Quota {
    let limits = &state.config.rate_limits;
    state.limits.hit(
        &format!("ip:{}", ip.ip()),
        limits.per_ip,
        limits.window_secs,
        state.now(),
    )
}

pub use crate::hashing::{hash_password, verify_password};

fn password_error(connection: &Connection, problem: PasswordProblem) -> Response {
    match problem {
        PasswordProblem::Strength(description) => {
            let body = json!({
                "name": "PasswordStrengthError",
                "code": "invalid_password",
                "message": "Password is too weak",
                "description": description,
                "policy": policy::policy_text(&connection.policy()),
                "statusCode": 400,
            });
            json_response(StatusCode::BAD_REQUEST, &body)
        }
        PasswordProblem::Dictionary => error_response(
            StatusCode::BAD_REQUEST,
            "PasswordDictionaryError",
            "invalid_password",
            json!("Password is too common"),
        ),
        PasswordProblem::PersonalData => error_response(
            StatusCode::BAD_REQUEST,
            "PasswordNoUserInfoError",
            "invalid_password",
            json!("Password contains user information"),
        ),
        PasswordProblem::Leaked => error_response(
            StatusCode::BAD_REQUEST,
            "PasswordLeakedError",
            "password_leaked",
            json!("This password has previously appeared in a data breach"),
        ),
    }
}

fn domain_of(email: &str) -> &str {
    email.rsplit_once('@').map_or("", |(_, domain)| domain)
}

/// `POST /dbconnections/signup`
pub async fn signup(
    State(state): State<Arc<AppState>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    state.stats.signup_requests.fetch_add(1, Ordering::Relaxed);
    let quota = ip_quota(&state, &ip);
    let response = if quota.exceeded {
        too_many_requests()
    } else {
        signup_inner(&state, &headers, body).await
    };
    with_quota(response, quota)
}

async fn signup_inner(
    state: &Arc<AppState>,
    headers: &HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let object = match parse_object(body) {
        Ok(object) => object,
        Err(response) => return response,
    };
    let fields = (|| {
        Ok::<_, Response>((
            required(&object, "client_id")?,
            required(&object, "email")?,
            required(&object, "password")?,
            required(&object, "connection")?,
        ))
    })();
    let (client_id, email, password, connection_name) = match fields {
        Ok(fields) => fields,
        Err(response) => return response,
    };
    let (_, connection) = match client_and_connection(state, headers, client_id, connection_name) {
        Ok(found) => found,
        Err(response) => return response,
    };
    // Canonical first (an internationalised domain becomes ASCII), then
    // the syntax check on what will be stored.
    let email = match crate::identity::canonical_email(email) {
        Ok(email) if auth_core::email::validate(&email).is_ok() => email,
        Err(problem @ crate::identity::IdentityError::InvisibleCharacters) => {
            return bad_request("invalid_signup", problem.message())
        }
        _ => return bad_request("bad.email", "The email address is not valid"),
    };

    let username = match object.get("username") {
        None | Some(Value::Null) if !connection.requires_username => None,
        None | Some(Value::Null) => {
            return bad_request("bad.username", "This connection requires a username")
        }
        Some(Value::String(name)) => {
            if let Err(problem) = auth_core::username::validate(
                name,
                connection.username_min,
                connection.username_max,
            ) {
                let text = match problem {
                    auth_core::username::UsernameError::TooShort(n) => {
                        format!("The username must have at least {n} characters")
                    }
                    auth_core::username::UsernameError::TooLong(n) => {
                        format!("The username must have at most {n} characters")
                    }
                    auth_core::username::UsernameError::InvalidCharacters => {
                        "The username may only contain letters, digits and _+-.!#$^`~@'".to_owned()
                    }
                };
                return bad_request("bad.username", &text);
            }
            Some(name.to_lowercase())
        }
        Some(_) => return bad_request("bad.username", "Field username must be a string"),
    };

    let mut profile = Object::new();
    let mut personal = vec![auth_core::email::local_part(&email).to_owned()];
    personal.extend(username.clone());
    for field in wire::SIGNUP_ROOT_FIELDS {
        match object.get(field) {
            None | Some(Value::Null) => {}
            Some(Value::String(value)) if value.chars().count() <= 300 => {
                if field != "picture" {
                    personal.push(value.clone());
                }
                profile.insert(field.to_owned(), Value::String(value.clone()));
            }
            Some(_) => {
                return bad_request(
                    "bad.request",
                    &format!("Field {field} must be a string of at most 300 characters"),
                )
            }
        }
    }
    match object.get("user_metadata") {
        None | Some(Value::Null) => {}
        Some(Value::Object(metadata)) => {
            if metadata.len() > wire::METADATA_MAX_KEYS {
                return bad_request(
                    "bad.user_metadata",
                    "user_metadata may have at most 10 properties",
                );
            }
            for (key, value) in metadata {
                if key.chars().count() > wire::METADATA_MAX_KEY_CHARS {
                    return bad_request(
                        "bad.user_metadata",
                        "user_metadata property names may have at most 100 characters",
                    );
                }
                match value {
                    Value::String(text)
                        if text.chars().count() <= wire::METADATA_MAX_VALUE_CHARS =>
                    {
                        if ["name", "first", "last", "first_name", "last_name"]
                            .contains(&key.as_str())
                        {
                            personal.push(text.clone());
                        }
                    }
                    _ => {
                        return bad_request(
                            "bad.user_metadata",
                            "user_metadata values must be strings of at most 500 characters",
                        )
                    }
                }
            }
            profile.insert("user_metadata".into(), Value::Object(metadata.clone()));
        }
        Some(_) => return bad_request("bad.user_metadata", "user_metadata must be an object"),
    }

    let domain = domain_of(&email);
    if connection
        .signup_denied_domains
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain))
    {
        return bad_request("invalid_signup", "Invalid sign up");
    }
    if connection
        .signup_hook_denied_domains
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain))
    {
        return bad_request("hook_error", &connection.signup_hook_message);
    }
    if let Err(problem) = policy::check(connection, password, &personal) {
        return password_error(connection, problem);
    }

    let Some(password_hash) = state.hasher.hash(password.to_owned()).await else {
        return too_many_requests();
    };
    let id = random_hex(12);
    let profile_json = Value::Object(profile).to_string();
    let new_user = NewUser {
        id: &id,
        connection: &connection.name,
        email: &email,
        username: username.as_deref(),
        password_hash: &password_hash,
        profile_json: &profile_json,
        personal: &personal,
        now: state.now(),
    };
    match state.store.insert_user(&new_user) {
        Ok(()) => {
            tracing::info!(user_id = %id, connection = %connection.name, "user signed up");
            // Auth0 sends a verification email on sign-up; so does this.
            let ticket = random_hex(32);
            let link = format!("{}/lo/verify?ticket={ticket}", state.public_origin());
            let expires_at = state.now().saturating_add(VERIFY_LINK_LIFETIME_SECS);
            let verify_email = Email {
                to: email.clone(),
                subject: "Verify your email".into(),
                text: format!(
                    "Welcome! To verify your email address, open this link:\n{link}\n\nIf you did not sign up, ignore this email."
                ),
                link,
                sent_at: state.now(),
            };
            let stored = state
                .store
                .insert_verify_ticket(&ticket_hash(&ticket), &id, expires_at)
                .and_then(|_| state.store.send_email(&verify_email));
            if let Err(error) = stored {
                tracing::error!(%error, "storing a verification email failed");
            }
            let mut body = json!({"_id": id, "email": email, "email_verified": false});
            if let Some(username) = username {
                body["username"] = json!(username);
            }
            json_response(StatusCode::OK, &body)
        }
        Err(InsertError::EmailTaken) => bad_request("user_exists", "The user already exists."),
        Err(InsertError::UsernameTaken) => bad_request(
            "username_exists",
            "The username provided is in use already.",
        ),
        Err(InsertError::Other(error)) => {
            tracing::error!(%error, "storing a user failed");
            server_error()
        }
    }
}

fn server_error() -> Response {
    error_response(
        StatusCode::INTERNAL_SERVER_ERROR,
        "InternalServerError",
        "internal_error",
        json!("Something went wrong on the tenant"),
    )
}

/// How long a verification link works: 5 days, as Auth0's default.
pub const VERIFY_LINK_LIFETIME_SECS: u64 = 432_000;

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

/// The sentence change_password answers with, whether or not the user exists.
pub const RESET_SENT: &str = "We've just sent you an email to reset your password.";

/// The keys a change_password body may have.
pub const CHANGE_PASSWORD_KEYS: [&str; 4] = ["client_id", "email", "connection", "organization"];

/// `POST /dbconnections/change_password`
pub async fn change_password(
    State(state): State<Arc<AppState>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    state
        .stats
        .change_password_requests
        .fetch_add(1, Ordering::Relaxed);
    let mut quota = ip_quota(&state, &ip);
    let object = match parse_object(body) {
        Ok(object) => object,
        Err(response) => return with_quota(response, quota),
    };
    // Exactly these keys: a password (or anything that might be one, under
    // any name: "Password", "new_password", "ｐassword", user_metadata...)
    // is refused, and counted.
    if let Some(key) = object
        .keys()
        .find(|key| !CHANGE_PASSWORD_KEYS.contains(&key.as_str()))
    {
        state
            .stats
            .change_password_with_password
            .fetch_add(1, Ordering::Relaxed);
        let message = if key == "password" {
            "password is not allowed".to_owned()
        } else {
            format!("{key:?} is not allowed: change_password takes client_id, email, connection and organization only")
        };
        return with_quota(bad_request("bad.request", &message), quota);
    }
    let fields = (|| {
        Ok::<_, Response>((
            required(&object, "client_id")?,
            required(&object, "email")?,
            required(&object, "connection")?,
        ))
    })();
    let (client_id, email, connection_name) = match fields {
        Ok(fields) => fields,
        Err(response) => return with_quota(response, quota),
    };
    let connection = match client_and_connection(&state, &headers, client_id, connection_name) {
        Ok((_, connection)) => connection,
        Err(response) => return with_quota(response, quota),
    };
    let email = match crate::identity::canonical_email(email) {
        Ok(email) if auth_core::email::validate(&email).is_ok() => email,
        Err(problem @ crate::identity::IdentityError::InvisibleCharacters) => {
            return with_quota(bad_request("bad.email", problem.message()), quota)
        }
        _ => {
            return with_quota(
                bad_request("bad.email", "The email address is not valid"),
                quota,
            )
        }
    };
    let limits = &state.config.rate_limits;
    let email_quota = state.limits.hit(
        &format!("reset:{}:{email}", connection.name),
        limits.change_password_per_email,
        limits.window_secs,
        state.now(),
    );
    quota = quota.tighter(email_quota);
    if quota.exceeded {
        return with_quota(too_many_requests(), quota);
    }
    if connection
        .enterprise_domains
        .iter()
        .any(|d| d.eq_ignore_ascii_case(domain_of(&email)))
    {
        return with_quota(
            bad_request(
                "enterprise_email",
                "This email belongs to an enterprise identity provider: reset the password there.",
            ),
            quota,
        );
    }
    if let Some(user) = state.store.user_by_email(&connection.name, &email) {
        let ticket = random_hex(32);
        let expires_at = state
            .now()
            .saturating_add(connection.reset_url_lifetime_secs);
        // From public_url or the bound address, never from the Host header.
        let link = format!("{}/lo/reset?ticket={ticket}", state.public_origin());
        let email = Email {
            to: user.email.clone(),
            subject: "Reset your password".into(),
            text: format!(
                "Someone asked to reset the password of your account.\n\nTo choose a new password, open this link:\n{link}\n\nIf it was not you, ignore this email: your password stays as it is."
            ),
            link,
            sent_at: state.now(),
        };
        // Written after the answer, so that a known email does not take
        // longer to answer than an unknown one (that would tell who exists).
        state.write_later(move |state| {
            let stored = state
                .store
                .insert_ticket(&ticket_hash(&ticket), &user.id, expires_at)
                .and_then(|_| state.store.send_email(&email));
            match stored {
                Ok(()) => tracing::info!(user_id = %user.id, "reset email sent"),
                Err(error) => tracing::error!(%error, "storing a reset ticket failed"),
            }
        });
    }
    let response = Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .body(Body::from(RESET_SENT))
        .unwrap_or_else(|_| server_error());
    with_quota(response, quota)
}

/// The password-realm grant type.
pub const PASSWORD_REALM: &str = "http://auth0.com/oauth/grant-type/password-realm";

/// `POST /oauth/token` (password-realm grant only). Accepts JSON or a form.
pub async fn token(
    State(state): State<Arc<AppState>>,
    ConnectInfo(ip): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
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
    let oauth_error = |status: StatusCode, error: &str, description: &str| {
        json_response(
            status,
            &json!({"error": error, "error_description": description}),
        )
    };
    let Some(object) = object else {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The request body could not be read",
        );
    };
    let text = |key: &str| {
        object
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned()
    };
    if text("grant_type") != PASSWORD_REALM {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "unsupported_grant_type",
            "Only the password-realm grant is supported",
        );
    }
    let (client_id, realm, username, password) = (
        text("client_id"),
        text("realm"),
        text("username"),
        text("password"),
    );
    let Some(client) = state.config.client(&client_id) else {
        return oauth_error(StatusCode::UNAUTHORIZED, "access_denied", "Unauthorized");
    };
    // The same per-client origin allow-list as dbconnections: any other
    // page could lock an account by posting guesses.
    if !origin_allowed(&headers, client) {
        return oauth_error(
            StatusCode::FORBIDDEN,
            "unauthorized_origin",
            "This origin is not allowed for the client",
        );
    }
    if !client.connections.contains(&realm) {
        return oauth_error(
            StatusCode::BAD_REQUEST,
            "invalid_request",
            "The realm is not enabled for this client",
        );
    }
    let too_many = || {
        oauth_error(
            StatusCode::TOO_MANY_REQUESTS,
            "too_many_attempts",
            "Your account has been blocked after multiple consecutive login attempts.",
        )
    };
    // The per-IP limit of the dbconnections endpoints applies here too.
    if ip_quota(&state, &ip).exceeded {
        return too_many();
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
        return too_many();
    }
    // Unknown users cost the same effort as known ones.
    let stored = user.as_ref().map_or_else(
        || state.hasher_dummy().to_owned(),
        |user| user.password_hash.clone(),
    );
    let Some(verified) = state.hasher.verify_any(password, vec![stored]).await else {
        return too_many();
    };
    match user {
        Some(user) if verified => {
            state.limits.clear(&throttle_key);
            json_response(
                StatusCode::OK,
                &json!({
                    "access_token": random_hex(32),
                    "id_token": id_token(&state, &client_id, &user),
                    "token_type": "Bearer",
                    "expires_in": 86400,
                    "scope": "openid",
                    "sub": format!("auth0|{}", user.id),
                }),
            )
        }
        _ => oauth_error(
            StatusCode::FORBIDDEN,
            "invalid_grant",
            "Wrong email or password.",
        ),
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
        .unwrap_or_else(|_| server_error())
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
