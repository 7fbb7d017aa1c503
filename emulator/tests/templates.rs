//! Email templates over real HTTP: a custom template and lifetime reach the
//! outbox, links expire on time, Redirect To is followed, values are
//! escaped, the config sets templates and a restart keeps edits.

mod common;
use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "templates-token";

fn config(extra: &str) -> String {
    format!("management_token = \"{TOKEN}\"\n{TEST_CONFIG}\n{extra}")
}

fn patch_template(server: &Server, name: &str, body: Value) -> Reply {
    let auth = format!("Bearer {TOKEN}");
    request(
        "PATCH",
        &server.url(&format!("/api/v2/email-templates/{name}")),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        Some(&body.to_string()),
    )
}

fn newest(server: &Server) -> Value {
    server.get("/outbox.json").json()[0].clone()
}

#[test]
fn a_custom_template_and_lifetime_reach_the_outbox_and_the_link_expires_then() {
    let server = start(&config(""));
    let reply = patch_template(
        &server,
        "reset_email",
        json!({
            "subject": "{{ application.name }}: reset for {{ user.email }}",
            "from": "Acme <help@acme.example>",
            "body": "<h1>Hi {{ user.email }}</h1><p>Reset on {{ connection.name }}: <a href=\"{{ url }}\">choose a password</a></p>",
            "urlLifetimeInSeconds": 300
        }),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        server
            .signup(CONNECTION, "jo@example.com", "Granite-Otter-45")
            .status,
        200
    );
    assert_eq!(server.change_password("jo@example.com").status, 200);
    let email = newest(&server);
    assert_eq!(email["subject"], "Application: reset for jo@example.com");
    assert_eq!(email["from"], "Acme <help@acme.example>");
    let link = email["link"].as_str().unwrap();
    let html = email["html"].as_str().unwrap();
    assert!(html.contains("<h1>Hi jo@example.com</h1>"), "{html}");
    assert!(
        html.contains(&format!("<a href=\"{link}\">choose a password</a>")),
        "{html}"
    );
    assert_eq!(
        email["text"],
        format!("Hi jo@example.com\n\nReset on {CONNECTION}: choose a password ({link})")
    );
    // The outbox page shows it, and its HTML.
    let page = server.get("/outbox");
    assert!(page.body.contains("Application: reset for jo@example.com"));
    let id = email["id"].as_i64().unwrap();
    let rendered = server.get(&format!("/outbox/{id}.html"));
    assert_eq!(rendered.status, 200);
    assert_eq!(rendered.body, html);
    assert!(rendered
        .header("content-security-policy")
        .unwrap()
        .starts_with("sandbox"));

    // 300 s, not the connection's 600 (30 s either side: the test's own
    // seconds pass on the real clock too, slowly on a loaded machine).
    server.post_raw("/test/advance-clock?seconds=270", "");
    assert_eq!(open_reset(link).3.status, 200);
    server.post_raw("/test/advance-clock?seconds=60", "");
    let expired = open_reset(link).3;
    assert_eq!(expired.status, 410);
    assert!(expired.body.contains("expired"));
}

#[test]
fn redirect_to_is_followed_after_the_password_change_and_the_verification() {
    let server = start(&config(""));
    let target = server.url("/emulator/stats.json");
    assert_eq!(
        patch_template(&server, "reset_email", json!({"resultUrl": target})).status,
        200
    );
    assert_eq!(
        patch_template(&server, "verify_email", json!({"resultUrl": target})).status,
        200
    );
    assert_eq!(
        server
            .signup(CONNECTION, "kim@example.com", "Granite-Otter-45")
            .status,
        200
    );
    // The verification link leads to Redirect To.
    let verify = request("GET", newest(&server)["link"].as_str().unwrap(), &[], None);
    assert!(verify.json()["signup_requests"].is_u64(), "{}", verify.body);
    server.change_password("kim@example.com");
    let (ticket, csrf, cookie, _) = open_reset(&server.last_link("kim@example.com").unwrap());
    let done = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Cobalt-Fern-62",
        "Cobalt-Fern-62",
    );
    assert!(done.json()["signup_requests"].is_u64(), "{}", done.body);
    assert_eq!(
        server.token("kim@example.com", "Cobalt-Fern-62").status,
        200
    );
}

#[test]
fn values_are_escaped_in_the_html_email() {
    let server = start(&config(""));
    patch_template(
        &server,
        "verify_email",
        json!({"body": "<p title=\"{{ user.username }}\">{{ user.username }}</p><a href=\"{{ url }}\">v</a>"}),
    );
    let reply = server.post_json(
        "/dbconnections/signup",
        &json!({"client_id": "test-client", "connection": "with-username", "email": "lee@example.com",
            "username": "o'x\"`", "password": "secret-pass"}),
    );
    // The connection's username rules refuse '"'; one it allows still needs escaping.
    assert_eq!(reply.status, 400);
    let reply = server.post_json(
        "/dbconnections/signup",
        &json!({"client_id": "test-client", "connection": "with-username", "email": "lee@example.com",
            "username": "o'x`", "password": "secret-pass"}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let html = newest(&server)["html"].as_str().unwrap().to_owned();
    assert!(
        html.starts_with("<p title=\"o&#39;x`\">o&#39;x`</p>"),
        "{html}"
    );
    assert!(!html.contains("o'x"), "{html}");
}

#[test]
fn templates_come_from_the_config_and_edits_survive_a_restart() {
    let dir = std::env::temp_dir().join(format!("emulator-templates-{}", emulator::random_hex(4)));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("t.db");
    let toml = config(
        "[email_templates.reset_email]\nsubject = \"From the config\"\nurl_lifetime_secs = 60\n",
    );
    let first = start_with_db(&toml, db.to_str().unwrap());
    assert_eq!(
        first
            .signup(CONNECTION, "max@example.com", "Granite-Otter-45")
            .status,
        200
    );
    first.change_password("max@example.com");
    assert_eq!(newest(&first)["subject"], "From the config");
    assert_eq!(
        patch_template(&first, "reset_email", json!({"subject": "Edited"})).status,
        200
    );

    let second = start_with_db(&toml, db.to_str().unwrap());
    let auth = format!("Bearer {TOKEN}");
    let got = request(
        "GET",
        &second.url("/api/v2/email-templates/reset_email"),
        &[("Authorization", &auth)],
        None,
    )
    .json();
    assert_eq!(got["subject"], "Edited");
    assert_eq!(
        got["urlLifetimeInSeconds"], 60,
        "the config's lifetime stays under the edit"
    );
    second.change_password("max@example.com");
    assert_eq!(newest(&second)["subject"], "Edited");
}

#[test]
fn a_bad_template_in_the_config_is_a_clear_error() {
    let error = emulator::config::Config::parse(&config(
        "[email_templates.verify_email]\nbody = \"<p>{{ user.nickname }}</p>\"\n",
    ))
    .unwrap_err();
    assert!(error.0.contains("email_templates.verify_email"), "{error}");
    assert!(error.0.contains("user.nickname"), "{error}");
    let error =
        emulator::config::Config::parse(&config("[email_templates.reset_email]\ncolour = 1\n"))
            .unwrap_err();
    assert!(error.0.contains("colour"), "{error}");
}
