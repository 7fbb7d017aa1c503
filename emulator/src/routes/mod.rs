//! The HTTP API, one module per API: [`dbconnections`] (sign-up,
//! change-password), [`oauth`] (the token endpoint), [`client`] (the
//! client configuration Lock loads, and stats), [`pages`] (the reset and
//! verification pages, the outbox). What they share is here: reading
//! bodies, checking the client, its connection and the request's origin,
//! rate-limit headers.

pub mod client;
pub mod dbconnections;
pub mod oauth;
pub mod pages;

use crate::config::{Client, Connection};
use crate::limits::Quota;
use crate::policy::{self, PasswordProblem};
use crate::store::{Email, InsertError, NewUser};
use crate::templates::{Kind, Values};
use crate::{json_response, random_hex, ticket_hash, AppState};
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

pub(crate) use crate::error::HttpError;

pub(crate) fn bad_request(code: &str, description: &str) -> HttpError {
    HttpError::bad_request(code, description)
}

/// Reads a JSON object body, answering 413 for an oversized body and 400 for
/// anything that is not a JSON object.
pub(crate) fn parse_object(body: Result<Bytes, BytesRejection>) -> Result<Object, HttpError> {
    let too_large = HttpError::too_large;
    let bytes = body.map_err(|rejection| {
        if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            bad_request(
                wire::code::BAD_REQUEST,
                "The request body could not be read",
            )
        }
    })?;
    if bytes.len() > crate::MAX_BODY_BYTES {
        return Err(too_large());
    }
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(object)) => Ok(object),
        Ok(_) => Err(bad_request(
            wire::code::BAD_REQUEST,
            "The request body must be a JSON object",
        )),
        Err(_) => Err(bad_request(
            wire::code::BAD_REQUEST,
            "The request body is not valid JSON",
        )),
    }
}

/// A JSON object body as `T` (a struct whose fields take any JSON value,
/// so that only a body that is not an object is refused here).
pub(crate) fn parse_body<T: serde::de::DeserializeOwned>(
    body: Result<Bytes, BytesRejection>,
) -> Result<T, HttpError> {
    serde_json::from_value(Value::Object(parse_object(body)?)).map_err(|_| {
        bad_request(
            wire::code::BAD_REQUEST,
            "The request body must be a JSON object",
        )
    })
}

/// A required string field, or a 400 naming it.
pub(crate) fn required<'a>(value: &'a Value, field: &str) -> Result<&'a str, HttpError> {
    match value {
        Value::String(s) if !s.trim().is_empty() => Ok(s),
        Value::String(_) | Value::Null => Err(bad_request(
            wire::code::BAD_REQUEST,
            &format!("Missing required field: {field}"),
        )),
        _ => Err(bad_request(
            wire::code::BAD_REQUEST,
            &format!("Field {field} must be a string"),
        )),
    }
}

/// The client and connection a request names, checked against each other and
/// the request's origin.
pub(crate) fn client_and_connection<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    client_id: &str,
    connection: &str,
) -> Result<(&'a Client, &'a Connection), HttpError> {
    let Some(client) = state.config.client(client_id) else {
        return Err(HttpError::unauthorized_client());
    };
    if !origin_allowed(state, headers, client) {
        return Err(HttpError::forbidden_origin());
    }
    match state.config.connection(connection) {
        Some(c) if client.connections.iter().any(|name| name == connection) => Ok((client, c)),
        _ => Err(bad_request(
            "bad.connection",
            "The connection does not exist or is not enabled for this client",
        )),
    }
}

/// No `Origin` (curl, a server) or a listed one, or the emulator's own
/// origin: the one its Host names, or `public_url`'s, where a proxy in front
/// of it serves its pages (`make demo`: trunk, on whatever port it was given).
pub(crate) fn origin_allowed(state: &AppState, headers: &HeaderMap, client: &Client) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| origin == format!("http://{host}"));
    own || state.public_url_origin().as_deref() == Some(origin) || client.allows_origin(origin)
}

/// The rate-limit headers on every answer; a 429 also says, in
/// `Retry-After`, how many seconds are left until the window resets (`now`
/// is the emulator's clock, which the headers' reset time is on too).
pub(crate) fn with_quota(mut response: Response, quota: Quota, now: u64) -> Response {
    let refused = response.status() == StatusCode::TOO_MANY_REQUESTS;
    let headers = response.headers_mut();
    for (name, value) in [
        ("x-ratelimit-limit", quota.limit as u64),
        ("x-ratelimit-remaining", quota.remaining as u64),
        ("x-ratelimit-reset", quota.reset),
    ] {
        headers.insert(name, HeaderValue::from(value));
    }
    if refused {
        headers.insert(
            header::RETRY_AFTER,
            HeaderValue::from(quota.reset.saturating_sub(now).max(1)),
        );
    }
    response
}

pub(crate) fn too_many_requests() -> HttpError {
    HttpError::too_many_requests()
}

/// Counts a request from `ip` on the dbconnections endpoints.
pub(crate) fn ip_quota(state: &AppState, ip: &SocketAddr) -> Quota {
    let limits = &state.config.rate_limits;
    state.limits.hit(
        &format!("ip:{}", ip.ip()),
        limits.per_ip,
        limits.window_secs,
        state.now(),
    )
}

pub(crate) fn server_error() -> HttpError {
    HttpError::internal()
}

/// An email made from a template, with its ticket, not stored yet.
pub(crate) struct Outgoing {
    pub ticket: String,
    pub expires_at: u64,
    pub redirect_to: Option<String>,
    pub email: Email,
}

impl Outgoing {
    /// Stores the ticket (in the table `kind` uses) and the email.
    pub(crate) fn store(
        &self,
        state: &AppState,
        user_id: &str,
        kind: Kind,
    ) -> rusqlite::Result<()> {
        let hash = ticket_hash(&self.ticket);
        match kind {
            Kind::ResetEmail => state.store.insert_ticket_redirect(
                &hash,
                user_id,
                self.expires_at,
                self.redirect_to.as_deref(),
            )?,
            Kind::VerifyEmail => {
                state
                    .store
                    .insert_verify_ticket(&hash, user_id, self.expires_at)?
            }
        }
        state.store.send_email(&self.email)
    }
}

/// The `kind` email for a user of `connection`, from its template, with a
/// fresh ticket in its link; None when the template is disabled.
/// `application` names the client (`{{ application.name }}`).
pub(crate) fn compose(
    state: &AppState,
    kind: Kind,
    to: (&str, Option<&str>),
    application: &str,
    connection: &Connection,
) -> rusqlite::Result<Option<Outgoing>> {
    let template = state.template(kind)?;
    if !template.enabled {
        return Ok(None);
    }
    let ticket = random_hex(32);
    // From public_url or the bound address, never from the Host header.
    let (path, lifetime) = match kind {
        Kind::ResetEmail => ("/lo/reset", connection.reset_url_lifetime_secs),
        Kind::VerifyEmail => ("/lo/verify", dbconnections::VERIFY_LINK_LIFETIME_SECS),
    };
    let link = format!("{}{path}?ticket={ticket}", state.public_origin());
    let rendered = template.render(&Values {
        url: link.clone(),
        email: to.0.to_owned(),
        username: to.1.unwrap_or_default().to_owned(),
        application: application.to_owned(),
        connection: connection.name.clone(),
    });
    Ok(Some(Outgoing {
        ticket,
        expires_at: state
            .now()
            .saturating_add(template.url_lifetime_secs.unwrap_or(lifetime)),
        redirect_to: template.redirect_to.clone(),
        email: Email {
            to: to.0.to_owned(),
            subject: rendered.subject,
            text: rendered.text,
            link,
            sent_at: state.now(),
            html: Some(rendered.html),
            from: Some(rendered.from),
            id: 0,
        },
    }))
}

/// The name `{{ application.name }}` takes when no client asked (the
/// dashboard, the Management API): the first client with the connection.
pub(crate) fn application_for(state: &AppState, connection: &str) -> String {
    state
        .config
        .clients
        .iter()
        .find(|client| client.connections.iter().any(|c| c == connection))
        .map_or_else(|| "Application".to_owned(), |client| client.name.clone())
}

/// The dashboard's rule, stricter than [`origin_allowed`]: an action needs
/// an `Origin`, and it must be the emulator's own (the one its Host names,
/// or `public_url`'s). No client's allowed origins count.
pub(crate) fn origin_allowed_for_dashboard(state: &AppState, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let own = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| origin.eq_ignore_ascii_case(&format!("http://{host}")));
    own || state.public_url_origin().as_deref() == Some(origin)
}
