//! The HTML pages: the password reset page (from the emailed link) and the
//! mail outbox.

use crate::config::Connection;
use crate::policy::{self, PasswordProblem};
use crate::store::{TicketState, User};
use crate::{json_response, ticket_hash, AppState};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use serde::Deserialize;
use std::sync::Arc;

const CSRF_COOKIE: &str = "aw_csrf";

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2328}\
label{display:block;margin-top:1rem;font-weight:600}input{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}\
button{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}.error{color:#a40e26}li{margin:.6rem 0}\
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.5rem}\
a{overflow-wrap:anywhere}.rules li{margin:.2rem 0}.rules .sub{margin-left:1.2rem}";

fn page(status: StatusCode, title: &str, body: Markup, set_cookie: Option<String>) -> Response {
    let html = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                style { (PreEscaped(STYLE)) }
            }
            body { main { h1 { (title) } (body) } }
        }
    };
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        // The reset link's ticket is in the URL: never send it onwards.
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(header::X_FRAME_OPTIONS, "DENY")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
        );
    if let Some(cookie) = set_cookie {
        builder = builder.header(header::SET_COOKIE, cookie);
    }
    builder
        .body(Body::from(html.into_string()))
        .unwrap_or_else(|_| Response::new(Body::from("error")))
}

/// A page with one paragraph.
fn text_page(status: StatusCode, title: &str, text: &str) -> Response {
    page(status, title, html! { p { (text) } }, None)
}

/// A page's failure: a database error is a 500, never "not found".
pub struct Failure;

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "database error");
        Failure
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        text_page(
            StatusCode::INTERNAL_SERVER_ERROR,
            "Something went wrong",
            "The tenant could not read its database. Try again in a moment.",
        )
    }
}

type PageResult = Result<Response, Failure>;

/// 303 to a configured Redirect To (from the config, the dashboard or the
/// Management API: an admin's choice, never a request's).
fn redirect(url: &str, set_cookie: Option<String>) -> Response {
    let mut builder = Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, url)
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::REFERRER_POLICY, "no-referrer");
    if let Some(cookie) = set_cookie {
        builder = builder.header(header::SET_COOKIE, cookie);
    }
    builder
        .body(Body::empty())
        .unwrap_or_else(|_| Response::new(Body::from("error")))
}

#[derive(Deserialize)]
pub struct TicketQuery {
    ticket: Option<String>,
}

/// The page for a ticket that cannot be used (used, expired, unknown).
fn ticket_problem(state: &TicketState) -> Option<Response> {
    let (status, title, text) = match state {
        TicketState::Valid { .. } => return None,
        TicketState::Used => (
            StatusCode::GONE,
            "This link was already used",
            "The password was already changed with this link. To change it again, ask for a new email.",
        ),
        TicketState::Expired => (
            StatusCode::GONE,
            "This link has expired",
            "Reset links work for a limited time. Ask for a new email to choose a password.",
        ),
        TicketState::Unknown => (
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "Check that you opened the whole link from the email, or ask for a new one.",
        ),
    };
    Some(text_page(status, title, text))
}

/// The connection's password rules as a list, as Auth0's reset page shows them.
fn rules_html(connection: Option<&crate::config::Connection>) -> Markup {
    let Some(connection) = connection else {
        return html! {};
    };
    let text = crate::policy::policy_text(&connection.policy());
    let rules: Vec<(bool, &str)> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let nested = line.starts_with("    ");
            (nested, line.trim().trim_start_matches("* "))
        })
        .collect();
    if rules.is_empty() {
        return html! {};
    }
    html! {
        p { "Your password must have:" }
        ul.rules {
            @for (nested, rule) in rules {
                @if nested { li.sub { (rule) } } @else { li { (rule) } }
            }
        }
    }
}

fn form_html(ticket: &str, csrf: &str, error: Option<&str>) -> Markup {
    html! {
        @if let Some(error) = error {
            div.error role="alert" { pre { (error) } }
        }
        form method="post" action="/lo/reset" {
            input type="hidden" name="ticket" value=(ticket);
            input type="hidden" name="csrf" value=(csrf);
            label for="password" { "New password" }
            input #password name="password" type="password" autocomplete="new-password" required;
            label for="confirm" { "Confirm the new password" }
            input #confirm name="confirm" type="password" autocomplete="new-password" required;
            button type="submit" { "Set password" }
        }
    }
}

fn csrf_cookie(token: &str) -> String {
    format!("{CSRF_COOKIE}={token}; Path=/lo; HttpOnly; SameSite=Strict")
}

fn clear_csrf_cookie() -> String {
    format!("{CSRF_COOKIE}=; Path=/lo; Max-Age=0; HttpOnly; SameSite=Strict")
}

/// `GET /lo/reset?ticket=…`
pub async fn reset_form(
    State(state): State<Arc<AppState>>,
    Query(query): Query<TicketQuery>,
) -> PageResult {
    let ticket = query.ticket.unwrap_or_default();
    state.flush_writes().await;
    let hash = ticket_hash(&ticket);
    let ticket_state = state
        .blocking(move |s| s.store.try_ticket_state(&hash, s.now()))
        .await?;
    if let Some(problem) = ticket_problem(&ticket_state) {
        return Ok(problem);
    }
    let csrf = state.csrf_for(&ticket_hash(&ticket));
    let rules = match &ticket_state {
        TicketState::Valid { connection, .. } => rules_html(state.config.connection(connection)),
        _ => html! {},
    };
    Ok(page(
        StatusCode::OK,
        "Choose a new password",
        html! { (rules) (form_html(&ticket, &csrf, None)) },
        Some(csrf_cookie(&csrf)),
    ))
}

#[derive(Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    ticket: String,
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

fn cookie_value<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

/// The field and the cookie must both be the HMAC of this ticket: a pair
/// the client made up does not pass, even if the two agree.
fn csrf_ok(state: &AppState, headers: &HeaderMap, form: &ResetForm) -> bool {
    let expected = state.csrf_for(&ticket_hash(&form.ticket));
    same(&form.csrf, &expected)
        && cookie_value(headers, CSRF_COOKIE).is_some_and(|c| same(c, &expected))
}

/// `POST /lo/reset`
pub async fn reset_submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<ResetForm>,
) -> PageResult {
    if !csrf_ok(&state, &headers, &form) {
        return Ok(text_page(
            StatusCode::FORBIDDEN,
            "The form has expired",
            "This form could not be verified. Open the link from the email again.",
        ));
    }
    let hash = ticket_hash(&form.ticket);
    let (user, connection) = match ticket_user(&state, &hash).await? {
        Ok(found) => found,
        Err(problem) => return Ok(problem),
    };
    let new_hash = match new_password_hash(&state, &user, connection, &form).await? {
        Ok(new_hash) => new_hash,
        Err(error) => {
            return Ok(page(
                StatusCode::BAD_REQUEST,
                "Choose a new password",
                html! { (rules_html(Some(connection))) (form_html(&form.ticket, &form.csrf, Some(&error))) },
                None,
            ))
        }
    };
    finish_reset(&state, user.id, hash, new_hash).await
}

/// Sets the new password (claiming the ticket), then answers with the
/// ticket's Redirect To or the "changed" page.
async fn finish_reset(
    state: &Arc<AppState>,
    user_id: String,
    hash: String,
    new_hash: String,
) -> PageResult {
    let (id, claimed_hash) = (user_id.clone(), hash.clone());
    let changed = state
        .blocking(move |s| {
            s.store
                .reset_password(&claimed_hash, &id, &new_hash, s.now())
        })
        .await?;
    if !changed {
        return Ok(text_page(
            StatusCode::GONE,
            "This link was already used",
            "The password was already changed with this link.",
        ));
    }
    tracing::info!(%user_id, "password reset");
    // Redirect To (the template's, or the ticket's result_url). The
    // password is changed by now: a failure here is logged and the
    // "changed" page shown, as before, rather than a 500.
    match state
        .blocking(move |s| s.store.ticket_redirect(&hash))
        .await
    {
        Ok(Some(url)) => return Ok(redirect(&url, Some(clear_csrf_cookie()))),
        Ok(None) => {}
        Err(error) => tracing::error!(%error, "reading the ticket's Redirect To failed"),
    }
    Ok(page(
        StatusCode::OK,
        "Password changed",
        html! { p role="status" { "Your password was changed. You can now log in with the new password." } },
        Some(clear_csrf_cookie()),
    ))
}

/// The user and connection a valid ticket is for, or the page to answer
/// with (the ticket was used, expired or unknown; the user is gone).
async fn ticket_user<'a>(
    state: &'a Arc<AppState>,
    hash: &str,
) -> Result<Result<(User, &'a Connection), Response>, Failure> {
    let hash = hash.to_owned();
    let (ticket_state, user) = state
        .blocking(move |s| {
            let ticket_state = s.store.try_ticket_state(&hash, s.now())?;
            let user = match &ticket_state {
                TicketState::Valid { user_id, .. } => s.store.user_by_id(user_id)?,
                _ => None,
            };
            Ok((ticket_state, user))
        })
        .await?;
    if let Some(problem) = ticket_problem(&ticket_state) {
        return Ok(Err(problem));
    }
    let connection = match &ticket_state {
        TicketState::Valid { connection, .. } => state.config.connection(connection),
        _ => None,
    };
    match (user, connection) {
        (Some(user), Some(connection)) => Ok(Ok((user, connection))),
        _ => Ok(Err(text_page(
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "The account no longer exists.",
        ))),
    }
}

/// The new password's hash, or why the form is shown again: the two
/// fields differ, the policy refuses it, it is one of the last ones, or the
/// hasher is busy.
async fn new_password_hash(
    state: &Arc<AppState>,
    user: &User,
    connection: &Connection,
    form: &ResetForm,
) -> Result<Result<String, String>, Failure> {
    const BUSY: &str = "Too many requests at once. Try again in a moment.";
    if form.password != form.confirm {
        return Ok(Err("The two passwords do not match.".into()));
    }
    if let Err(problem) = policy::check(connection, &form.password, &user.personal) {
        return Ok(Err(policy_refusal(connection, problem)));
    }
    let previous = crate::management::previous_hashes(state, user, connection).await?;
    let Some(reused) = state
        .hasher
        .verify_any(form.password.clone(), previous)
        .await
    else {
        return Ok(Err(BUSY.into()));
    };
    if reused {
        return Ok(Err(
            "You used this password recently. Choose another.".into()
        ));
    }
    Ok(state
        .hasher
        .hash(form.password.clone())
        .await
        .ok_or_else(|| BUSY.into()))
}

/// The reset page's sentence for a password the policy refuses.
fn policy_refusal(connection: &Connection, problem: PasswordProblem) -> String {
    match problem {
        PasswordProblem::Strength(_) => format!(
            "The password is too weak. It must have:\n{}",
            policy::policy_text(&connection.policy())
        ),
        PasswordProblem::Dictionary => "This password is too common. Choose another.".to_owned(),
        PasswordProblem::PersonalData => {
            "The password must not contain your name or email.".to_owned()
        }
        PasswordProblem::Leaked => {
            "This password appeared in a data breach. Choose another.".to_owned()
        }
    }
}

/// `GET /outbox`: every email sent, newest first.
pub async fn outbox_page(State(state): State<Arc<AppState>>) -> PageResult {
    state.flush_writes().await;
    let emails = state.blocking(|s| s.store.outbox()).await?;
    let body = html! {
        @if emails.is_empty() {
            p { "No emails yet. Ask for a password reset and it will appear here." }
        } @else {
            ol {
                @for email in &emails {
                    li {
                        strong { (email.subject) } " to " (email.to) " "
                        small { "(sent " (crate::utc(email.sent_at)) ")" }
                        @if let Some(from) = &email.from { div { "From: " (from) } }
                        pre { (email.text) }
                        a href=(email.link) { "Open the link" }
                        @if email.html.is_some() {
                            " · " a href={ "/outbox/" (email.id) ".html" } { "View the HTML email" }
                        }
                    }
                }
            }
        }
    };
    Ok(page(StatusCode::OK, "Outbox", body, None))
}

/// `GET /outbox/{id}.html`: an email's HTML as it was sent, sandboxed (no
/// scripts, no requests out).
pub async fn outbox_html(
    State(state): State<Arc<AppState>>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> PageResult {
    state.flush_writes().await;
    let id = file
        .strip_suffix(".html")
        .and_then(|id| id.parse::<i64>().ok());
    let email = match id {
        Some(id) => state.blocking(move |s| s.store.email(id)).await?,
        None => None,
    };
    let Some(html) = email.and_then(|email| email.html) else {
        return Ok(text_page(
            StatusCode::NOT_FOUND,
            "No such email",
            "The outbox has no HTML email with this number.",
        ));
    };
    Ok(html_sandboxed(html))
}

/// An email's HTML (or a template's preview) served on its own, under a
/// CSP that runs nothing and loads nothing.
pub fn html_sandboxed(html: String) -> Response {
    Response::builder()
        .status(StatusCode::OK)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        .header(header::REFERRER_POLICY, "no-referrer")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'",
        )
        .body(Body::from(html))
        .unwrap_or_else(|_| Response::new(Body::from("error")))
}

/// `GET /outbox.json`
pub async fn outbox_json(State(state): State<Arc<AppState>>) -> PageResult {
    state.flush_writes().await;
    let emails = state.blocking(|s| s.store.outbox()).await?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::to_value(emails).unwrap_or_default(),
    ))
}

#[derive(Deserialize)]
pub struct VerifyQuery {
    ticket: Option<String>,
}

/// `GET /lo/verify?ticket=…`: the link of the verification email sent on
/// sign-up. It marks the address verified (once).
pub async fn verify(
    State(state): State<Arc<AppState>>,
    Query(query): Query<VerifyQuery>,
) -> PageResult {
    state.flush_writes().await;
    let hash = ticket_hash(&query.ticket.unwrap_or_default());
    let verified = state
        .blocking(move |s| s.store.verify_email(&hash, s.now()))
        .await?;
    if verified.is_none() {
        return Ok(text_page(
            StatusCode::GONE,
            "This link is not valid",
            "It was already used, it expired, or it was never sent. Verified addresses stay verified.",
        ));
    }
    let template = state
        .blocking(|s| s.template(crate::templates::Kind::VerifyEmail))
        .await;
    if let Ok(Some(url)) = template.map(|template| template.redirect_to) {
        return Ok(redirect(&url, None));
    }
    Ok(text_page(
        StatusCode::OK,
        "Your email address is verified",
        "Thank you. You can close this page.",
    ))
}
