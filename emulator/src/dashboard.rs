//! The dashboard at `/dashboard`: users (search, a user's page, set a
//! password without email, verify, block, delete, send a reset email) and
//! Emails > Templates with a preview. HTML from maud, which escapes every
//! value.
//!
//! It lives on a developer's laptop while they browse the web, so every
//! action is a POST that must carry (1) an `Origin` naming the emulator
//! itself, (2) no `Sec-Fetch-Site` other than `same-origin`, and (3) a CSRF
//! field that is an HMAC of the dashboard's `SameSite=Strict` cookie. Its
//! pages may not be framed.

use crate::management::{checked_hash, PasswordRefused};
use crate::routes::{application_for, compose, origin_allowed_for_dashboard};
use crate::store::{UserRecord, UserSearch};
use crate::templates::{Kind, Template, TemplateConfig, Values};
use crate::{random_hex, AppState};
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use maud::{html, Markup, DOCTYPE};
use serde::Deserialize;
use std::sync::Arc;

const COOKIE: &str = "aw_dash";
const PER_PAGE: u64 = 20;

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route(
            "/dashboard",
            get(|| async { see_other("/dashboard/users") }),
        )
        .route("/dashboard/users", get(users_page))
        .route("/dashboard/users/{id}", get(user_page))
        .route("/dashboard/users/{id}/{action}", post(user_action))
        .route(
            "/dashboard/emails",
            get(|| async { see_other("/dashboard/emails/reset_email") }),
        )
        .route(
            "/dashboard/emails/{name}",
            get(template_page).post(template_save),
        )
        .route("/dashboard/emails/{name}/preview", get(template_preview))
}

/// A dashboard failure: a database error is a 500, never "not found".
pub struct Failure(StatusCode, String);

impl From<rusqlite::Error> for Failure {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!(%error, "database error");
        Failure(
            StatusCode::INTERNAL_SERVER_ERROR,
            "The database failed: see the emulator's log.".into(),
        )
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let body = html! { p.error role="alert" { (self.1) } p { a href="/dashboard/users" { "Back to the users" } } };
        page(self.0, "Refused", None, body)
    }
}

type Page = Result<Response, Failure>;

fn see_other(to: &str) -> Response {
    Response::builder()
        .status(StatusCode::SEE_OTHER)
        .header(header::LOCATION, to)
        .body(Body::empty())
        .unwrap_or_default()
}

/// The session cookie's value, if the browser sent one.
fn session(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, value)| {
            *name == COOKIE && value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit())
        })
        .map(|(_, value)| value.to_owned())
}

/// The page's session and CSRF value; the cookie to set when it is new.
struct Csrf {
    token: String,
    set_cookie: Option<String>,
}

fn csrf(state: &AppState, headers: &HeaderMap) -> Csrf {
    match session(headers) {
        Some(session) => Csrf {
            token: state.mac(&session),
            set_cookie: None,
        },
        None => {
            let session = random_hex(16);
            Csrf {
                token: state.mac(&session),
                set_cookie: Some(format!(
                    "{COOKIE}={session}; Path=/dashboard; HttpOnly; SameSite=Strict"
                )),
            }
        }
    }
}

/// The checks every action passes before it does anything.
fn guard(state: &AppState, headers: &HeaderMap, field: &str) -> Result<(), Failure> {
    let refused = |why: &str| {
        Failure(
            StatusCode::FORBIDDEN,
            format!("This request was refused: {why}."),
        )
    };
    if !origin_allowed_for_dashboard(state, headers) {
        return Err(refused(
            "it did not come from the dashboard's own pages (Origin)",
        ));
    }
    let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if site.is_some_and(|site| site != "same-origin") {
        return Err(refused("it came from another site (Sec-Fetch-Site)"));
    }
    let expected = session(headers).map(|session| state.mac(&session));
    if expected.is_none_or(|expected| expected != field) {
        return Err(refused(
            "the form's CSRF value is missing or stale: reload the page",
        ));
    }
    Ok(())
}

fn page(status: StatusCode, title: &str, set_cookie: Option<String>, body: Markup) -> Response {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Dashboard" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                nav { a href="/dashboard/users" { "Users" } " · " a href="/dashboard/emails/reset_email" { "Emails › Templates" } " · " a href="/outbox" { "Outbox" } }
                main { h1 { (title) } (body) }
            }
        }
    };
    let mut builder = Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, "text/html; charset=utf-8")
        .header(header::CACHE_CONTROL, "no-store")
        // Not no-referrer: under it, a browser sends `Origin: null` with the
        // dashboard's own form posts, and the Origin check refuses them.
        .header(header::REFERRER_POLICY, "same-origin")
        .header(header::X_FRAME_OPTIONS, "DENY")
        .header(
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'",
        );
    if let Some(cookie) = set_cookie {
        builder = builder.header(header::SET_COOKIE, cookie);
    }
    builder
        .body(Body::from(markup.into_string()))
        .unwrap_or_default()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:60rem;margin:1rem auto;padding:0 1rem;color:#1f2328}\
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #d0d7de}\
form.inline{display:inline}label{display:block;margin-top:.6rem;font-weight:600}\
input[type=text],input[type=password],input[type=number],textarea{width:100%;box-sizing:border-box;padding:.4rem;font:inherit}\
textarea{min-height:12rem;font-family:monospace}button{margin:.3rem .3rem .3rem 0;padding:.4rem .9rem}\
.error{color:#a40e26}.done{color:#116329}pre{white-space:pre-wrap;background:#f6f8fa;padding:.5rem}\
iframe{width:100%;height:20rem;border:1px solid #d0d7de}";

#[derive(Deserialize)]
struct ListQuery {
    q: Option<String>,
    page: Option<u64>,
    per_page: Option<u64>,
}

/// `GET /dashboard/users?q=…&page=…`: newest first, by email or username.
async fn users_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Page {
    let q = query.q.unwrap_or_default().trim().to_owned();
    let page_no = query.page.unwrap_or(0);
    let per_page = query.per_page.unwrap_or(PER_PAGE).clamp(1, 100);
    let search = UserSearch {
        text: Some(q.clone()).filter(|q| !q.is_empty()),
        ..UserSearch::default()
    };
    let found = state
        .blocking(move |state| state.store.search_users(&search, page_no, per_page))
        .await?;
    let pages = found.total.div_ceil(per_page).max(1);
    let link = |p: u64| {
        format!(
            "/dashboard/users?q={}&page={p}&per_page={per_page}",
            urlencode(&q)
        )
    };
    let body = html! {
        form method="get" action="/dashboard/users" {
            label for="q" { "Search by email or username" }
            input #q type="text" name="q" value=(q);
            button type="submit" { "Search" }
        }
        p { (found.total) " users · page " (page_no + 1) " of " (pages) }
        table {
            thead { tr { th { "Email" } th { "Username" } th { "Verified" } th { "Blocked" } th { "Created" } } }
            tbody {
                @for user in &found.users {
                    tr {
                        td { a href={ "/dashboard/users/" (user.id) } { (user.email) } }
                        td { (user.username.as_deref().unwrap_or("")) }
                        td { (yes_no(user.email_verified)) }
                        td { (yes_no(user.blocked)) }
                        td { (crate::utc(user.created_at)) }
                    }
                }
            }
        }
        p {
            @if page_no > 0 { a rel="prev" href=(link(page_no - 1)) { "Newer" } " " }
            @if page_no + 1 < pages { a rel="next" href=(link(page_no + 1)) { "Older" } }
        }
    };
    Ok(page(
        StatusCode::OK,
        "Users",
        csrf(&state, &headers).set_cookie,
        body,
    ))
}

fn yes_no(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

fn urlencode(text: &str) -> String {
    serde_urlencoded::to_string([("", text)])
        .unwrap_or_default()
        .trim_start_matches('=')
        .to_owned()
}

#[derive(Deserialize)]
struct Done {
    done: Option<String>,
}

/// What a finished action says (a fixed list: nothing from the request is
/// reflected).
fn done_text(done: &str) -> Option<&'static str> {
    Some(match done {
        "password" => "The password was set. No email was sent.",
        "verify" => "The email address is marked verified.",
        "block" => "The user is blocked.",
        "unblock" => "The user is unblocked.",
        "reset-email" => "A reset email was sent (see the outbox).",
        _ => return None,
    })
}

/// `GET /dashboard/users/{id}`
async fn user_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(done): Query<Done>,
) -> Page {
    let user = find(&state, id).await?;
    let csrf = csrf(&state, &headers);
    let notice = done
        .done
        .as_deref()
        .and_then(done_text)
        .map(|t| (t, "done"));
    Ok(page(
        StatusCode::OK,
        &user.email.clone(),
        csrf.set_cookie,
        user_body(&user, &csrf.token, notice),
    ))
}

async fn find(state: &Arc<AppState>, id: String) -> Result<UserRecord, Failure> {
    state
        .blocking(move |state| state.store.user_record(&id))
        .await?
        .ok_or_else(|| Failure(StatusCode::NOT_FOUND, "There is no such user.".into()))
}

fn user_body(user: &UserRecord, token: &str, notice: Option<(&str, &str)>) -> Markup {
    let root: Vec<(&String, &serde_json::Value)> = user
        .profile
        .iter()
        .filter(|(k, _)| *k != "user_metadata")
        .collect();
    let metadata = user.profile.get("user_metadata").map_or_else(
        || "{}".to_owned(),
        |m| serde_json::to_string_pretty(m).unwrap_or_default(),
    );
    let action = |name: &str| format!("/dashboard/users/{}/{name}", user.id);
    html! {
        @if let Some((text, class)) = notice { p class=(class) role="status" { (text) } }
        table {
            tr { th { "User ID" } td { "auth0|" (user.id) } }
            tr { th { "Email" } td { (user.email) } }
            tr { th { "Username" } td { (user.username.as_deref().unwrap_or("—")) } }
            tr { th { "Connection" } td { (user.connection) } }
            tr { th { "Verified" } td { (yes_no(user.email_verified)) } }
            tr { th { "Blocked" } td { (yes_no(user.blocked)) } }
            tr { th { "Created" } td { (crate::utc(user.created_at)) } }
            tr { th { "Last password change" } td { (user.password_changed_at.map_or_else(|| "never".to_owned(), crate::utc)) } }
            @for (key, value) in root { tr { th { (key) } td { (value.as_str().map_or_else(|| value.to_string(), str::to_owned)) } } }
        }
        h2 { "user_metadata" }
        pre { (metadata) }
        h2 { "Actions" }
        form method="post" action=(action("password")) {
            input type="hidden" name="csrf" value=(token);
            label for="password" { "Set a password (no email is sent)" }
            input #password type="password" name="password" autocomplete="new-password" required;
            button type="submit" { "Set password" }
        }
        @for (name, label) in [("verify", "Mark email verified"), (if user.blocked { "unblock" } else { "block" }, if user.blocked { "Unblock" } else { "Block" }), ("reset-email", "Send a reset email"), ("delete", "Delete the user")] {
            form.inline method="post" action=(action(name)) {
                input type="hidden" name="csrf" value=(token);
                button type="submit" name="do" value=(name) { (label) }
            }
        }
    }
}

#[derive(Deserialize)]
struct ActionForm {
    csrf: String,
    password: Option<String>,
}

/// `POST /dashboard/users/{id}/{password|verify|block|unblock|reset-email|delete}`
async fn user_action(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path((id, action)): Path<(String, String)>,
    Form(form): Form<ActionForm>,
) -> Page {
    guard(&state, &headers, &form.csrf)?;
    let user = find(&state, id).await?;
    let back = format!("/dashboard/users/{}?done={action}", user.id);
    let uid = user.id.clone();
    match action.as_str() {
        "password" => {
            return set_password(&state, &user, form.password.unwrap_or_default(), &form.csrf).await
        }
        "verify" => {
            state
                .blocking(move |s| s.store.set_verified(&uid, true, s.now()))
                .await?
        }
        "block" | "unblock" => {
            let blocked = action == "block";
            state
                .blocking(move |s| s.store.set_blocked(&uid, blocked, s.now()))
                .await?
        }
        "reset-email" => state.blocking(move |s| send_reset(s, &user)).await?,
        "delete" => {
            state.blocking(move |s| s.store.delete_user(&uid)).await?;
            return Ok(see_other("/dashboard/users"));
        }
        _ => {
            return Err(Failure(
                StatusCode::NOT_FOUND,
                "There is no such action.".into(),
            ))
        }
    };
    Ok(see_other(&back))
}

async fn set_password(
    state: &Arc<AppState>,
    user: &UserRecord,
    password: String,
    token: &str,
) -> Page {
    let refused = match checked_hash(state, &user.id, &password).await? {
        Ok(hash) => {
            let id = user.id.clone();
            state
                .blocking(move |s| s.store.set_password(&id, &hash, s.now()))
                .await?;
            tracing::info!(user_id = %user.id, "password set on the dashboard");
            return Ok(see_other(&format!(
                "/dashboard/users/{}?done=password",
                user.id
            )));
        }
        Err(refused) => refused,
    };
    let text = match refused {
        PasswordRefused::History => "The password was used recently: choose another.".to_owned(),
        other => other.message(),
    };
    Ok(page(
        StatusCode::BAD_REQUEST,
        &user.email,
        None,
        user_body(user, token, Some((&text, "error"))),
    ))
}

/// The reset email, as change_password sends it (a blocked user too: an
/// admin asked).
fn send_reset(state: &AppState, user: &UserRecord) -> rusqlite::Result<bool> {
    let Some(connection) = state.config.connection(&user.connection) else {
        return Ok(false);
    };
    let application = application_for(state, &connection.name);
    match compose(
        state,
        Kind::ResetEmail,
        (&user.email, user.username.as_deref()),
        &application,
        connection,
    )? {
        Some(outgoing) => outgoing
            .store(state, &user.id, Kind::ResetEmail)
            .map(|_| true),
        None => Ok(false),
    }
}

fn kind(name: &str) -> Result<Kind, Failure> {
    Kind::parse(name)
        .ok_or_else(|| Failure(StatusCode::NOT_FOUND, "There is no such template.".into()))
}

/// `GET /dashboard/emails/{verify_email|reset_email}`
async fn template_page(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(done): Query<Done>,
) -> Page {
    let kind = kind(&name)?;
    let template = state.blocking(move |s| s.template(kind)).await?;
    let csrf = csrf(&state, &headers);
    let notice = done
        .done
        .is_some()
        .then_some(("The template was saved.", "done"));
    Ok(page(
        StatusCode::OK,
        "Emails › Templates",
        csrf.set_cookie,
        template_body(&template, &csrf.token, notice),
    ))
}

fn template_body(t: &Template, token: &str, notice: Option<(&str, &str)>) -> Markup {
    html! {
        p { @for kind in Kind::ALL { a href={ "/dashboard/emails/" (kind.name()) } { (kind.title()) } " " } }
        h2 { (t.kind.title()) }
        @if let Some((text, class)) = notice { p class=(class) role="status" { (text) } }
        form method="post" action={ "/dashboard/emails/" (t.kind.name()) } {
            input type="hidden" name="csrf" value=(token);
            label for="subject" { "Subject" } input #subject type="text" name="subject" value=(t.subject);
            label for="from" { "From" } input #from type="text" name="from" value=(t.from);
            label for="body" { "Message (HTML; variables: " (crate::templates::VARIABLES.map(|v| format!("{{{{ {v} }}}}")).join(", ")) ")" }
            textarea #body name="body" { (t.body) }
            label for="lifetime" { "URL Lifetime (seconds; empty: the connection's)" }
            input #lifetime type="number" min="1" name="url_lifetime_secs" value=(t.url_lifetime_secs.map(|n| n.to_string()).unwrap_or_default());
            label for="redirect" { "Redirect To (empty: none)" }
            input #redirect type="text" name="redirect_to" value=(t.redirect_to.as_deref().unwrap_or(""));
            label { input type="checkbox" name="enabled" value="true" checked[t.enabled]; " Enabled" }
            button type="submit" { "Save" }
        }
        h2 { "Preview" }
        iframe title="Preview" sandbox="" src={ "/dashboard/emails/" (t.kind.name()) "/preview" } {}
    }
}

#[derive(Deserialize)]
struct TemplateForm {
    csrf: String,
    subject: String,
    from: String,
    body: String,
    url_lifetime_secs: String,
    redirect_to: String,
    enabled: Option<String>,
}

/// `POST /dashboard/emails/{name}`: checked, then stored; a bad template
/// is shown again with the reason.
async fn template_save(
    State(state): State<Arc<AppState>>,
    headers: HeaderMap,
    Path(name): Path<String>,
    Form(form): Form<TemplateForm>,
) -> Page {
    guard(&state, &headers, &form.csrf)?;
    let kind = kind(&name)?;
    let lifetime = form.url_lifetime_secs.trim();
    let url_lifetime_secs = match lifetime {
        "" => None,
        n => Some(n.parse::<u64>().map_err(|_| {
            Failure(
                StatusCode::BAD_REQUEST,
                "URL Lifetime must be a number of seconds.".into(),
            )
        })?),
    };
    let changes = TemplateConfig {
        subject: Some(form.subject.clone()),
        from: Some(form.from.clone()),
        body: Some(form.body.clone()),
        url_lifetime_secs,
        redirect_to: Some(form.redirect_to.clone()),
        enabled: Some(form.enabled.is_some()),
    };
    let saved = state
        .blocking(move |s| s.save_template(kind, &changes))
        .await?;
    match saved {
        Ok(_) => Ok(see_other(&format!(
            "/dashboard/emails/{}?done=saved",
            kind.name()
        ))),
        Err(problem) => {
            let shown = Template {
                kind,
                subject: form.subject,
                from: form.from,
                body: form.body,
                url_lifetime_secs,
                redirect_to: Some(form.redirect_to),
                enabled: form.enabled.is_some(),
            };
            let text = format!("Not saved: {problem}");
            Ok(page(
                StatusCode::BAD_REQUEST,
                "Emails › Templates",
                None,
                template_body(&shown, &form.csrf, Some((&text, "error"))),
            ))
        }
    }
}

/// `GET /dashboard/emails/{name}/preview`: the template rendered with
/// sample values, sandboxed.
async fn template_preview(State(state): State<Arc<AppState>>, Path(name): Path<String>) -> Page {
    let kind = kind(&name)?;
    let template = state.blocking(move |s| s.template(kind)).await?;
    let rendered = template.render(&Values::sample());
    let html = format!(
        "<!DOCTYPE html><meta charset=\"utf-8\"><p><b>From:</b> {}<br><b>Subject:</b> {}</p><hr>{}",
        crate::escape_html(&rendered.from),
        crate::escape_html(&rendered.subject),
        rendered.html
    );
    Ok(crate::routes::pages::html_sandboxed(html))
}
