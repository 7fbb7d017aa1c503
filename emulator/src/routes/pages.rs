//! The HTML pages: the password reset page (from the emailed link) and the
//! mail outbox.

use crate::policy::{self, PasswordProblem};
use crate::store::TicketState;
use crate::{escape_html, json_response, ticket_hash, AppState};
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::Response;
use axum::Form;
use serde::Deserialize;
use std::sync::Arc;

const CSRF_COOKIE: &str = "aw_csrf";

fn page(status: StatusCode, title: &str, body_html: &str, set_cookie: Option<String>) -> Response {
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title>\
<style>body{{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;color:#1f2328}}\
label{{display:block;margin-top:1rem;font-weight:600}}input{{width:100%;padding:.5rem;font-size:1rem;box-sizing:border-box}}\
button{{margin-top:1rem;padding:.6rem 1.2rem;font-size:1rem}}.error{{color:#a40e26}}li{{margin:.6rem 0}}\
pre{{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f8fa;padding:.5rem}}\
a{{overflow-wrap:anywhere}}.rules li{{margin:.2rem 0}}.rules .sub{{margin-left:1.2rem}}</style></head>\
<body><main><h1>{title}</h1>{body_html}</main></body></html>",
        title = escape_html(title)
    );
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
        .body(Body::from(html))
        .unwrap_or_else(|_| Response::new(Body::from("error")))
}

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
        TicketState::Used => Some((
            StatusCode::GONE,
            "This link was already used",
            "The password was already changed with this link. To change it again, ask for a new email.",
        )),
        TicketState::Expired => Some((
            StatusCode::GONE,
            "This link has expired",
            "Reset links work for a limited time. Ask for a new email to choose a password.",
        )),
        TicketState::Unknown => Some((
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "Check that you opened the whole link from the email, or ask for a new one.",
        )),
    }?;
    Some(page(
        status,
        title,
        &format!("<p>{}</p>", escape_html(text)),
        None,
    ))
}

/// The connection's password rules as a list, as Auth0's reset page shows them.
fn rules_html(connection: Option<&crate::config::Connection>) -> String {
    let Some(connection) = connection else {
        return String::new();
    };
    let text = crate::policy::policy_text(&connection.policy());
    let mut items = String::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let nested = line.starts_with("    ");
        let rule = escape_html(line.trim().trim_start_matches("* "));
        items.push_str(&if nested {
            format!("<li class=\"sub\">{rule}</li>")
        } else {
            format!("<li>{rule}</li>")
        });
    }
    if items.is_empty() {
        return String::new();
    }
    format!("<p>Your password must have:</p><ul class=\"rules\">{items}</ul>")
}

fn form_html(ticket: &str, csrf: &str, error: Option<&str>) -> String {
    let error = error.map_or_else(String::new, |e| {
        format!(
            "<div class=\"error\" role=\"alert\"><pre>{}</pre></div>",
            escape_html(e)
        )
    });
    format!(
        "{error}<form method=\"post\" action=\"/lo/reset\">\
<input type=\"hidden\" name=\"ticket\" value=\"{ticket}\"><input type=\"hidden\" name=\"csrf\" value=\"{csrf}\">\
<label for=\"password\">New password</label>\
<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"new-password\" required>\
<label for=\"confirm\">Confirm the new password</label>\
<input id=\"confirm\" name=\"confirm\" type=\"password\" autocomplete=\"new-password\" required>\
<button type=\"submit\">Set password</button></form>",
        ticket = escape_html(ticket),
        csrf = escape_html(csrf),
    )
}

fn csrf_cookie(token: &str) -> String {
    format!("{CSRF_COOKIE}={token}; Path=/lo; HttpOnly; SameSite=Strict")
}

/// `GET /lo/reset?ticket=…`
pub async fn reset_form(
    State(state): State<Arc<AppState>>,
    Query(query): Query<TicketQuery>,
) -> Response {
    let ticket = query.ticket.unwrap_or_default();
    state.flush_writes().await;
    let ticket_state = state.store.ticket_state(&ticket_hash(&ticket), state.now());
    if let Some(problem) = ticket_problem(&ticket_state) {
        return problem;
    }
    let csrf = state.csrf_for(&ticket_hash(&ticket));
    let rules = match &ticket_state {
        TicketState::Valid { connection, .. } => rules_html(state.config.connection(connection)),
        _ => String::new(),
    };
    page(
        StatusCode::OK,
        "Choose a new password",
        &format!("{rules}{}", form_html(&ticket, &csrf, None)),
        Some(csrf_cookie(&csrf)),
    )
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

/// `POST /lo/reset`
pub async fn reset_submit(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Form(form): Form<ResetForm>,
) -> Response {
    // The field and the cookie must both be the HMAC of this ticket: a pair
    // the client made up does not pass, even if the two agree.
    let expected = state.csrf_for(&ticket_hash(&form.ticket));
    let csrf_ok = same(&form.csrf, &expected)
        && cookie_value(&headers, CSRF_COOKIE).is_some_and(|c| same(c, &expected));
    if !csrf_ok {
        return page(
            StatusCode::FORBIDDEN,
            "The form has expired",
            "<p>This form could not be verified. Open the link from the email again.</p>",
            None,
        );
    }
    let hash = ticket_hash(&form.ticket);
    let ticket_state = state.store.ticket_state(&hash, state.now());
    if let Some(problem) = ticket_problem(&ticket_state) {
        return problem;
    }
    let TicketState::Valid {
        user_id,
        connection,
    } = ticket_state
    else {
        unreachable!()
    };
    let (Some(user), Some(connection)) = (
        state.store.user_by_id(&user_id),
        state.config.connection(&connection),
    ) else {
        return page(
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "<p>The account no longer exists.</p>",
            None,
        );
    };
    let again = |error: &str| {
        page(
            StatusCode::BAD_REQUEST,
            "Choose a new password",
            &format!(
                "{}{}",
                rules_html(Some(connection)),
                form_html(&form.ticket, &form.csrf, Some(error))
            ),
            None,
        )
    };
    if form.password != form.confirm {
        return again("The two passwords do not match.");
    }
    if let Err(problem) = policy::check(connection, &form.password, &user.personal) {
        return again(&match problem {
            PasswordProblem::Strength(_) => format!(
                "The password is too weak. It must have:\n{}",
                policy::policy_text(&connection.policy())
            ),
            PasswordProblem::Dictionary => {
                "This password is too common. Choose another.".to_owned()
            }
            PasswordProblem::PersonalData => {
                "The password must not contain your name or email.".to_owned()
            }
            PasswordProblem::Leaked => {
                "This password appeared in a data breach. Choose another.".to_owned()
            }
        });
    }
    let password = form.password.clone();
    let mut previous = state
        .store
        .password_history(&user.id, connection.history_size.saturating_sub(1));
    previous.insert(0, user.password_hash.clone());
    previous.truncate(connection.history_size);
    let Some(reused) = state.hasher.verify_any(password, previous).await else {
        return again("Too many requests at once. Try again in a moment.");
    };
    if reused {
        return again("You used this password recently. Choose another.");
    }
    let password = form.password.clone();
    let Some(new_hash) = state.hasher.hash(password).await else {
        return again("Too many requests at once. Try again in a moment.");
    };
    if !state
        .store
        .reset_password(&hash, &user.id, &new_hash, state.now())
    {
        return page(
            StatusCode::GONE,
            "This link was already used",
            "<p>The password was already changed with this link.</p>",
            None,
        );
    }
    tracing::info!(user_id = %user.id, "password reset");
    // Redirect To (the template's, or the ticket's result_url).
    let clear = format!("{CSRF_COOKIE}=; Path=/lo; Max-Age=0; HttpOnly; SameSite=Strict");
    if let Ok(Some(url)) = state.store.ticket_redirect(&hash) {
        return redirect(&url, Some(clear));
    }
    page(
        StatusCode::OK,
        "Password changed",
        "<p role=\"status\">Your password was changed. You can now log in with the new password.</p>",
        Some(format!("{CSRF_COOKIE}=; Path=/lo; Max-Age=0; HttpOnly; SameSite=Strict")),
    )
}

/// `GET /outbox`: every email sent, newest first.
pub async fn outbox_page(State(state): State<Arc<AppState>>) -> Response {
    state.flush_writes().await;
    let emails = state.store.outbox();
    let body = if emails.is_empty() {
        "<p>No emails yet. Ask for a password reset and it will appear here.</p>".to_owned()
    } else {
        let items: String = emails
            .iter()
            .map(|email| {
                format!(
                    "<li><strong>{subject}</strong> to {to} <small>(sent {sent_at})</small>\
{from}<pre>{text}</pre><a href=\"{link}\">Open the link</a>{html}</li>",
                    from = email
                        .from
                        .as_deref()
                        .map_or_else(String::new, |from| format!(
                            "<div>From: {}</div>",
                            escape_html(from)
                        )),
                    html = if email.html.is_some() {
                        format!(
                            " · <a href=\"/outbox/{}.html\">View the HTML email</a>",
                            email.id
                        )
                    } else {
                        String::new()
                    },
                    subject = escape_html(&email.subject),
                    to = escape_html(&email.to),
                    sent_at = crate::utc(email.sent_at),
                    text = escape_html(&email.text),
                    link = escape_html(&email.link),
                )
            })
            .collect();
        format!("<ol>{items}</ol>")
    };
    page(StatusCode::OK, "Outbox", &body, None)
}

/// `GET /outbox/{id}.html`: an email's HTML as it was sent, sandboxed (no
/// scripts, no requests out).
pub async fn outbox_html(
    State(state): State<Arc<AppState>>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    state.flush_writes().await;
    let email = file
        .strip_suffix(".html")
        .and_then(|id| id.parse::<i64>().ok())
        .and_then(|id| state.store.email(id).ok().flatten());
    let Some(html) = email.and_then(|email| email.html) else {
        return page(
            StatusCode::NOT_FOUND,
            "No such email",
            "<p>The outbox has no HTML email with this number.</p>",
            None,
        );
    };
    html_sandboxed(html)
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
pub async fn outbox_json(State(state): State<Arc<AppState>>) -> Response {
    state.flush_writes().await;
    json_response(
        StatusCode::OK,
        &serde_json::to_value(state.store.outbox()).unwrap_or_default(),
    )
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
) -> Response {
    state.flush_writes().await;
    let ticket = query.ticket.unwrap_or_default();
    if state
        .store
        .verify_email(&ticket_hash(&ticket), state.now())
        .is_some()
    {
        if let Ok(template) = state.template(crate::templates::Kind::VerifyEmail) {
            if let Some(url) = template.redirect_to {
                return redirect(&url, None);
            }
        }
        page(
            StatusCode::OK,
            "Your email address is verified",
            "<p>Thank you. You can close this page.</p>",
            None,
        )
    } else {
        page(
            StatusCode::GONE,
            "This link is not valid",
            "<p>It was already used, it expired, or it was never sent. Verified addresses stay verified.</p>",
            None,
        )
    }
}
