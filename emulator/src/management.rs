//! The Management API subset test suites use (`/api/v2/...`), in Auth0's
//! shapes: find, read, patch and delete users, password-change tickets,
//! the two email templates. Every call needs a bearer token: the config's
//! `management_token`, or one from the client-credentials grant.

use crate::error::ManagementError;
use crate::policy::{self, PasswordProblem};
use crate::store::{UserRecord, UserSearch};
use crate::templates::{Kind, TemplateConfig};
use crate::{json_response, random_hex, AppState};
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::sync::Arc;

type ApiResult = Result<Response, ManagementError>;

/// What a client-credentials token may do.
const SCOPES: &str = "read:users update:users delete:users create:user_tickets read:email_templates update:email_templates";

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/api/v2/users", get(list_users))
        .route("/api/v2/users-by-email", get(users_by_email))
        .route(
            "/api/v2/users/{id}",
            get(get_user).patch(patch_user).delete(delete_user),
        )
        .route(
            "/api/v2/tickets/password-change",
            axum::routing::post(password_change_ticket),
        )
        .route(
            "/api/v2/email-templates/{name}",
            get(get_template).patch(patch_template),
        )
}

/// A request that carried a valid Management API token.
pub struct Authorized;

impl FromRequestParts<Arc<AppState>> for Authorized {
    type Rejection = ManagementError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Arc<AppState>,
    ) -> Result<Self, Self::Rejection> {
        let unauthorized = |message: &str| {
            ManagementError::new(StatusCode::UNAUTHORIZED, "invalid_token", message)
        };
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| {
                v.strip_prefix("Bearer ")
                    .or_else(|| v.strip_prefix("bearer "))
            })
            .map(str::trim)
            .ok_or_else(|| unauthorized("Missing authentication"))?;
        let configured = state
            .config
            .management_token
            .as_deref()
            .is_some_and(|known| same(known, token));
        let granted = state
            .management_tokens
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&crate::ticket_hash(token))
            .is_some_and(|expires| *expires > state.now());
        if configured || granted {
            Ok(Authorized)
        } else {
            Err(unauthorized("Invalid token"))
        }
    }
}

/// Compares secrets through their hashes (no early exit on the secret).
fn same(a: &str, b: &str) -> bool {
    crate::ticket_hash(a) == crate::ticket_hash(b)
}

/// `POST /oauth/token` with `grant_type=client_credentials`: a Management
/// API token for a client with a `client_secret`.
pub(crate) fn client_credentials(
    state: &AppState,
    request: &crate::routes::oauth::TokenRequest,
) -> Result<Response, crate::error::HttpError> {
    use crate::error::HttpError;
    let client = state.config.client(&request.client_id);
    let secret = &request.client_secret;
    let Some(_client) = client.filter(|client| {
        client
            .client_secret
            .as_deref()
            .is_some_and(|known| same(known, secret))
    }) else {
        return Err(HttpError::oauth(
            StatusCode::UNAUTHORIZED,
            "access_denied",
            "Unauthorized",
        ));
    };
    let audience = &request.audience;
    if !audience.is_empty() && !audience.trim_end_matches('/').ends_with("/api/v2") {
        return Err(HttpError::oauth(
            StatusCode::FORBIDDEN,
            "access_denied",
            "Service not enabled within domain: only the Management API (/api/v2/) is",
        ));
    }
    let token = random_hex(32);
    let lifetime = 86_400;
    state
        .management_tokens
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(
            crate::ticket_hash(&token),
            state.now().saturating_add(lifetime),
        );
    Ok(json_response(
        StatusCode::OK,
        &json!({"access_token": token, "token_type": "Bearer", "expires_in": lifetime, "scope": SCOPES}),
    ))
}

/// A JSON body into `T`, with Auth0's `invalid_body` errors.
pub(crate) fn body<T: DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, ManagementError> {
    let bytes = body.map_err(|_| {
        ManagementError::bad_request("invalid_body", "The request body could not be read")
    })?;
    if bytes.len() > crate::MAX_BODY_BYTES {
        return Err(ManagementError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "request_too_large",
            "The request body is too large",
        ));
    }
    serde_json::from_slice(&bytes).map_err(|error| {
        let mut message = error.to_string();
        // serde's "unknown field `email`, expected one of ..." is the useful part.
        if let Some(at) = message.find(" at line ") {
            message.truncate(at);
        }
        ManagementError::bad_request(
            "invalid_body",
            format!("Payload validation error: {message}"),
        )
    })
}

/// ISO 8601 as Auth0 writes it: `2026-12-02T06:45:00.000Z`.
pub fn iso(seconds: u64) -> String {
    let utc = crate::utc(seconds);
    format!("{}T{}.000Z", &utc[..10], &utc[11..19])
}

/// A user in the Management API's shape.
pub fn user_json(user: &UserRecord) -> Value {
    let mut object = Map::new();
    for (key, value) in &user.profile {
        if key != "user_metadata" {
            object.insert(key.clone(), value.clone());
        }
    }
    let id = format!("auth0|{}", user.id);
    object.extend([
        ("user_id".into(), json!(id)),
        ("email".into(), json!(user.email)),
        ("email_verified".into(), json!(user.email_verified)),
        ("created_at".into(), json!(iso(user.created_at))),
        ("updated_at".into(), json!(iso(user.updated_at))),
        ("blocked".into(), json!(user.blocked)),
        (
            "user_metadata".into(),
            user.profile.get("user_metadata").cloned().unwrap_or_else(|| json!({})),
        ),
        ("app_metadata".into(), json!({})),
        (
            "identities".into(),
            json!([{"connection": user.connection, "user_id": user.id, "provider": "auth0", "isSocial": false}]),
        ),
    ]);
    if let Some(username) = &user.username {
        object.insert("username".into(), json!(username));
    }
    if let Some(changed) = user.password_changed_at {
        object.insert("last_password_reset".into(), json!(iso(changed)));
    }
    Value::Object(object)
}

/// The stored id of `auth0|abc` (or of a bare `abc`).
fn stored_id(id: &str) -> String {
    id.strip_prefix("auth0|").unwrap_or(id).to_owned()
}

fn no_user() -> ManagementError {
    ManagementError::not_found("inexistent_user", "The user does not exist.")
}

async fn find(state: &Arc<AppState>, id: &str) -> Result<UserRecord, ManagementError> {
    let id = stored_id(id);
    state
        .blocking(move |state| state.store.user_record(&id))
        .await?
        .ok_or_else(no_user)
}

#[derive(Deserialize)]
struct ListQuery {
    q: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
    include_totals: Option<bool>,
    #[allow(dead_code)]
    search_engine: Option<String>,
}

/// `q` in the forms test suites send: `email:"a@b"`, `email:a@b`,
/// `username:"x"`, or a bare word (part of an email or username).
fn parse_q(q: &str) -> Result<UserSearch, ManagementError> {
    let q = q.trim();
    let unquote = |v: &str| v.trim().trim_matches('"').to_owned();
    let mut search = UserSearch::default();
    if let Some(value) = q.strip_prefix("email:") {
        let email = unquote(value);
        search.email = Some(crate::identity::canonical_email(&email).unwrap_or(email));
    } else if let Some(value) = q.strip_prefix("username:") {
        search.username = Some(unquote(value).to_lowercase());
    } else if q.contains(':') {
        return Err(ManagementError::bad_request(
            "invalid_query_string",
            "The emulator searches by email:\"...\", username:\"...\" or a bare word",
        ));
    } else if !q.is_empty() {
        search.text = Some(unquote(q));
    }
    Ok(search)
}

/// `GET /api/v2/users?q=email:"…"&page=0&per_page=50&include_totals=true`
async fn list_users(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    Query(query): Query<ListQuery>,
) -> ApiResult {
    let search = parse_q(query.q.as_deref().unwrap_or_default())?;
    let page = query.page.unwrap_or(0);
    let per_page = query.per_page.unwrap_or(50);
    if !(1..=100).contains(&per_page) {
        return Err(ManagementError::bad_request(
            "invalid_query_string",
            "Query validation error: per_page must be 1 to 100",
        ));
    }
    let found = state
        .blocking(move |state| state.store.search_users(&search, page, per_page))
        .await?;
    let users: Vec<Value> = found.users.iter().map(user_json).collect();
    let body = if query.include_totals.unwrap_or(false) {
        json!({"start": page * per_page, "limit": per_page, "length": users.len(), "total": found.total, "users": users})
    } else {
        json!(users)
    };
    Ok(json_response(StatusCode::OK, &body))
}

#[derive(Deserialize)]
struct EmailQuery {
    email: Option<String>,
}

/// `GET /api/v2/users-by-email?email=…`: every user with the address.
async fn users_by_email(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    Query(query): Query<EmailQuery>,
) -> ApiResult {
    let email = query
        .email
        .filter(|e| !e.trim().is_empty())
        .ok_or_else(|| {
            ManagementError::bad_request(
                "invalid_query_string",
                "Query validation error: email is required",
            )
        })?;
    let search = UserSearch {
        email: Some(crate::identity::canonical_email(&email).unwrap_or(email)),
        ..UserSearch::default()
    };
    let found = state
        .blocking(move |state| state.store.search_users(&search, 0, 100))
        .await?;
    let users: Vec<Value> = found.users.iter().map(user_json).collect();
    Ok(json_response(StatusCode::OK, &json!(users)))
}

/// `GET /api/v2/users/{id}`
async fn get_user(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult {
    let user = find(&state, &id).await?;
    Ok(json_response(StatusCode::OK, &user_json(&user)))
}

/// `DELETE /api/v2/users/{id}`: 204.
async fn delete_user(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
) -> ApiResult {
    let id = stored_id(&id);
    if !state
        .blocking(move |state| state.store.delete_user(&id))
        .await?
    {
        return Err(no_user());
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// What `PATCH /api/v2/users/{id}` takes. `email` is not among them.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct PatchUser {
    pub password: Option<String>,
    pub email_verified: Option<bool>,
    pub blocked: Option<bool>,
    pub user_metadata: Option<Map<String, Value>>,
    pub username: Option<String>,
    /// Accepted as Auth0 does; must be the user's connection.
    pub connection: Option<String>,
}

/// Why a password set by hand was refused.
pub enum PasswordRefused {
    Policy(String),
    History,
    Busy,
}

impl PasswordRefused {
    pub fn message(&self) -> String {
        match self {
            PasswordRefused::Policy(text) => text.clone(),
            PasswordRefused::History => {
                "PasswordHistoryError: Password has previously been used".into()
            }
            PasswordRefused::Busy => "Too many requests at once. Try again in a moment.".into(),
        }
    }
}

/// A new password's hash for `user`, checked against its connection's
/// policy (strength, dictionary, personal data, breaches) and history.
/// The user's current hash and its history, newest first: the passwords a
/// new one must not repeat (`history_size` of them).
pub(crate) async fn previous_hashes(
    state: &Arc<AppState>,
    user: &crate::store::User,
    connection: &crate::config::Connection,
) -> rusqlite::Result<Vec<String>> {
    let (id, size) = (user.id.clone(), connection.history_size);
    let mut previous = state
        .blocking(move |s| s.store.password_history(&id, size.saturating_sub(1)))
        .await?;
    previous.insert(0, user.password_hash.clone());
    previous.truncate(size);
    Ok(previous)
}

pub async fn checked_hash(
    state: &Arc<AppState>,
    user_id: &str,
    password: &str,
) -> Result<Result<String, PasswordRefused>, rusqlite::Error> {
    let id = user_id.to_owned();
    let user = state.blocking(move |s| s.store.user_by_id(&id)).await?;
    let Some((user, connection)) = user.and_then(|user| {
        let connection = state.config.connection(&user.connection).cloned()?;
        Some((user, connection))
    }) else {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    };
    if let Err(problem) = policy::check(&connection, password, &user.personal) {
        let text = match problem {
            PasswordProblem::Strength(_) => format!(
                "PasswordStrengthError: Password is too weak. It must have:\n{}",
                policy::policy_text(&connection.policy())
            ),
            PasswordProblem::Dictionary => "PasswordDictionaryError: Password is too common".into(),
            PasswordProblem::PersonalData => {
                "PasswordNoUserInfoError: Password contains user information".into()
            }
            PasswordProblem::Leaked => {
                "PasswordLeakedError: This password has previously appeared in a data breach".into()
            }
        };
        return Ok(Err(PasswordRefused::Policy(text)));
    }
    let previous = previous_hashes(state, &user, &connection).await?;
    match state.hasher.verify_any(password.to_owned(), previous).await {
        None => return Ok(Err(PasswordRefused::Busy)),
        Some(true) => return Ok(Err(PasswordRefused::History)),
        Some(false) => {}
    }
    Ok(state
        .hasher
        .hash(password.to_owned())
        .await
        .ok_or(PasswordRefused::Busy))
}

/// The names kept for the personal-data check, from a profile.
pub fn personal_of(
    email: &str,
    username: Option<&str>,
    profile: &Map<String, Value>,
) -> Vec<String> {
    let mut personal = vec![auth_core::email::local_part(email).to_owned()];
    personal.extend(username.map(str::to_owned));
    for field in auth_core::wire::SIGNUP_ROOT_FIELDS {
        if field != "picture" {
            personal.extend(
                profile
                    .get(field)
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            );
        }
    }
    if let Some(Value::Object(metadata)) = profile.get("user_metadata") {
        for key in ["name", "first", "last", "first_name", "last_name"] {
            personal.extend(metadata.get(key).and_then(Value::as_str).map(str::to_owned));
        }
    }
    personal
}

/// `PATCH /api/v2/users/{id}`: everything is checked before anything is
/// written.
async fn patch_user(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    Path(id): Path<String>,
    raw: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let patch: PatchUser = body(raw)?;
    let user = find(&state, &id).await?;
    if patch
        .connection
        .as_ref()
        .is_some_and(|c| *c != user.connection)
    {
        return Err(ManagementError::bad_request(
            "invalid_body",
            "connection is not the user's connection",
        ));
    }
    let username = match &patch.username {
        Some(name) => Some(checked_username(&state, &user, name).await?),
        None => None,
    };
    let profile = patch.user_metadata.as_ref().map(|changes| {
        let mut profile = user.profile.clone();
        let metadata = profile.entry("user_metadata").or_insert_with(|| json!({}));
        if let Value::Object(metadata) = metadata {
            for (key, value) in changes {
                if value.is_null() {
                    metadata.remove(key);
                } else {
                    metadata.insert(key.clone(), value.clone());
                }
            }
        }
        profile
    });
    let new_hash = match &patch.password {
        Some(password) => Some(match checked_hash(&state, &user.id, password).await? {
            Ok(hash) => hash,
            Err(refused) => {
                return Err(ManagementError::bad_request(
                    "invalid_password",
                    refused.message(),
                ))
            }
        }),
        None => None,
    };
    apply(&state, &user, username, profile, new_hash, &patch).await?;
    let user = find(&state, &user.id).await?;
    Ok(json_response(StatusCode::OK, &user_json(&user)))
}

async fn checked_username(
    state: &Arc<AppState>,
    user: &UserRecord,
    name: &str,
) -> Result<String, ManagementError> {
    let connection = state.config.connection(&user.connection);
    let Some(connection) = connection.filter(|c| c.requires_username) else {
        return Err(ManagementError::bad_request(
            "operation_not_supported",
            "Cannot update username for this connection: it does not use usernames",
        ));
    };
    auth_core::username::validate(name, connection.username_min, connection.username_max).map_err(
        |_| {
            ManagementError::bad_request(
                "invalid_body",
                "Payload validation error: the username is not valid for this connection",
            )
        },
    )?;
    let lowered = name.to_lowercase();
    let (connection, name) = (user.connection.clone(), lowered.clone());
    let other = state
        .blocking(move |s| s.store.user_by_username(&connection, &name))
        .await?;
    if other.is_some_and(|other| other.id != user.id) {
        return Err(ManagementError::new(
            StatusCode::CONFLICT,
            "username_exists",
            "The username provided is in use already.",
        ));
    }
    Ok(lowered)
}

async fn apply(
    state: &Arc<AppState>,
    user: &UserRecord,
    username: Option<String>,
    profile: Option<Map<String, Value>>,
    new_hash: Option<String>,
    patch: &PatchUser,
) -> Result<(), ManagementError> {
    let (id, email) = (user.id.clone(), user.email.clone());
    let (verified, blocked) = (patch.email_verified, patch.blocked);
    let old_username = user.username.clone();
    let old_profile = user.profile.clone();
    state
        .blocking(move |state| {
            let now = state.now();
            if username.is_some() || profile.is_some() {
                let name = username.as_deref().or(old_username.as_deref());
                let personal = personal_of(&email, name, profile.as_ref().unwrap_or(&old_profile));
                let json = profile.map(|p| Value::Object(p).to_string());
                state.store.update_user(
                    &id,
                    username.as_deref(),
                    json.as_deref(),
                    Some(&personal),
                    now,
                )?;
            }
            if let Some(hash) = new_hash {
                state.store.set_password(&id, &hash, now)?;
            }
            if let Some(verified) = verified {
                state.store.set_verified(&id, verified, now)?;
            }
            if let Some(blocked) = blocked {
                state.store.set_blocked(&id, blocked, now)?;
            }
            Ok(())
        })
        .await?;
    Ok(())
}

/// What `POST /api/v2/tickets/password-change` takes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TicketRequest {
    user_id: Option<String>,
    email: Option<String>,
    connection_id: Option<String>,
    result_url: Option<String>,
    ttl_sec: Option<u64>,
    /// Accepted as Auth0 does (it picks the application's login page).
    #[allow(dead_code)]
    client_id: Option<String>,
}

/// `POST /api/v2/tickets/password-change` → 201 `{ticket}`: a reset link,
/// no email sent.
async fn password_change_ticket(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    raw: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let request: TicketRequest = body(raw)?;
    let user = match (&request.user_id, &request.email, &request.connection_id) {
        (Some(id), None, None) => find(&state, id).await?,
        (None, Some(email), Some(connection)) => {
            let email = crate::identity::canonical_email(email).unwrap_or_else(|_| email.clone());
            let connection = connection.clone();
            let found = state
                .blocking(move |s| s.store.user_by_email(&connection, &email))
                .await?
                .ok_or_else(no_user)?;
            find(&state, &found.id).await?
        }
        _ => {
            return Err(ManagementError::bad_request(
                "invalid_body",
                "Payload validation error: send user_id, or email and connection_id",
            ))
        }
    };
    if let Some(url) = &request.result_url {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ManagementError::bad_request(
                "invalid_body",
                "Payload validation error: result_url must be an http(s) URL",
            ));
        }
    }
    let connection = state
        .config
        .connection(&user.connection)
        .cloned()
        .ok_or_else(no_user)?;
    let ticket = random_hex(32);
    let template = state.blocking(|s| s.template(Kind::ResetEmail)).await?;
    let lifetime = request
        .ttl_sec
        .filter(|ttl| *ttl > 0)
        .or(template.url_lifetime_secs)
        .unwrap_or(connection.reset_url_lifetime_secs);
    let link = format!("{}/lo/reset?ticket={ticket}", state.public_origin());
    let redirect = request.result_url.or(template.redirect_to);
    let (id, expires_at) = (user.id.clone(), state.now().saturating_add(lifetime));
    let hash = crate::ticket_hash(&ticket);
    state
        .blocking(move |state| {
            state
                .store
                .insert_ticket_redirect(&hash, &id, expires_at, redirect.as_deref())
        })
        .await?;
    Ok(json_response(StatusCode::CREATED, &json!({"ticket": link})))
}

fn template_kind(name: &str) -> Result<Kind, ManagementError> {
    Kind::parse(name).ok_or_else(|| {
        ManagementError::not_found(
            "inexistent_email_template",
            "The emulator has the templates verify_email and reset_email",
        )
    })
}

fn template_json(template: &crate::templates::Template) -> Value {
    json!({
        "template": template.kind.name(),
        "subject": template.subject,
        "from": template.from,
        "body": template.body,
        "syntax": "liquid",
        "urlLifetimeInSeconds": template.url_lifetime_secs,
        "resultUrl": template.redirect_to,
        "enabled": template.enabled,
        "includeEmailInRedirect": false,
    })
}

/// `GET /api/v2/email-templates/{verify_email|reset_email}`
async fn get_template(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
) -> ApiResult {
    let kind = template_kind(&name)?;
    let template = state.blocking(move |state| state.template(kind)).await?;
    Ok(json_response(StatusCode::OK, &template_json(&template)))
}

/// What `PATCH /api/v2/email-templates/{name}` takes, in Auth0's names.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TemplatePatch {
    template: Option<String>,
    subject: Option<String>,
    from: Option<String>,
    body: Option<String>,
    syntax: Option<String>,
    url_lifetime_in_seconds: Option<u64>,
    result_url: Option<String>,
    enabled: Option<bool>,
    include_email_in_redirect: Option<bool>,
}

/// `PATCH /api/v2/email-templates/{name}`: checked, then stored.
async fn patch_template(
    _: Authorized,
    State(state): State<Arc<AppState>>,
    Path(name): Path<String>,
    raw: Result<Bytes, BytesRejection>,
) -> ApiResult {
    let kind = template_kind(&name)?;
    let patch: TemplatePatch = body(raw)?;
    let invalid = |message: &str| {
        ManagementError::bad_request(
            "invalid_body",
            format!("Payload validation error: {message}"),
        )
    };
    if patch.template.as_deref().is_some_and(|t| t != kind.name()) {
        return Err(invalid("template must match the path"));
    }
    if patch.syntax.as_deref().is_some_and(|s| s != "liquid") {
        return Err(invalid("syntax must be liquid"));
    }
    if patch.include_email_in_redirect == Some(true) {
        return Err(invalid(
            "includeEmailInRedirect is not supported by the emulator",
        ));
    }
    let changes = TemplateConfig {
        subject: patch.subject,
        from: patch.from,
        body: patch.body,
        url_lifetime_secs: patch.url_lifetime_in_seconds,
        redirect_to: patch.result_url,
        enabled: patch.enabled,
    };
    match state
        .blocking(move |state| state.save_template(kind, &changes))
        .await?
    {
        Ok(template) => Ok(json_response(StatusCode::OK, &template_json(&template))),
        Err(problem) => Err(ManagementError::bad_request(
            "invalid_template",
            format!("Template error: {problem}"),
        )),
    }
}
