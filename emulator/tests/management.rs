//! The Management API subset over real HTTP: each call's success and
//! error shapes (`{statusCode, error, message, errorCode}`).

mod common;
use common::*;
use serde_json::{json, Value};

const TOKEN: &str = "test-management-token";

fn config() -> String {
    format!(
        "management_token = \"{TOKEN}\"\n{TEST_CONFIG}\n[[clients]]\nclient_id = \"m2m\"\nclient_secret = \"m2m-secret\"\nconnections = []\n"
    )
}

fn api(server: &Server, method: &str, path: &str, body: Option<Value>) -> Reply {
    let auth = format!("Bearer {TOKEN}");
    let body = body.map(|b| b.to_string());
    request(
        method,
        &server.url(path),
        &[
            ("Authorization", &auth),
            ("Content-Type", "application/json"),
        ],
        body.as_deref(),
    )
}

fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(reply.status, status, "{}", reply.body);
    let body = reply.json();
    assert_eq!(body["statusCode"], status, "{body}");
    assert_eq!(body["errorCode"], code, "{body}");
    assert!(
        body["error"].as_str().is_some_and(|e| !e.is_empty()),
        "{body}"
    );
    assert!(
        body["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{body}"
    );
}

fn signup(server: &Server, email: &str) -> Value {
    let reply = server.signup(CONNECTION, email, "Quartz-Meadow-93");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let id = reply.json()["_id"].as_str().unwrap().to_owned();
    api(server, "GET", &format!("/api/v2/users/auth0%7C{id}"), None).json()
}

fn outbox_len(server: &Server) -> usize {
    server.get("/outbox.json").json().as_array().unwrap().len()
}

#[test]
fn tokens_from_the_config_or_the_client_credentials_grant() {
    let server = start(&config());
    let missing = request("GET", &server.url("/api/v2/users"), &[], None);
    assert_error(&missing, 401, "invalid_token");
    let wrong = request(
        "GET",
        &server.url("/api/v2/users"),
        &[("Authorization", "Bearer nope")],
        None,
    );
    assert_error(&wrong, 401, "invalid_token");
    assert_eq!(api(&server, "GET", "/api/v2/users", None).status, 200);

    let grant = |secret: &str, audience: &str| {
        server.post_json(
            "/oauth/token",
            &json!({"grant_type": "client_credentials", "client_id": "m2m", "client_secret": secret, "audience": audience}),
        )
    };
    let refused = grant("wrong", &server.url("/api/v2/"));
    assert_eq!(refused.status, 401);
    assert_eq!(refused.json()["error"], "access_denied");
    assert!(!refused.body.contains("wrong"), "the secret is not echoed");
    assert_eq!(
        grant("m2m-secret", "https://elsewhere.example/").status,
        403
    );
    let granted = grant("m2m-secret", &server.url("/api/v2/"));
    assert_eq!(granted.status, 200, "{}", granted.body);
    assert_eq!(granted.json()["token_type"], "Bearer");
    let token = format!(
        "Bearer {}",
        granted.json()["access_token"].as_str().unwrap()
    );
    let listed = request(
        "GET",
        &server.url("/api/v2/users"),
        &[("Authorization", &token)],
        None,
    );
    assert_eq!(listed.status, 200, "{}", listed.body);
    // A client without a secret cannot use the grant.
    let no_secret = server.post_json(
        "/oauth/token",
        &json!({"grant_type": "client_credentials", "client_id": "test-client", "client_secret": ""}),
    );
    assert_eq!(no_secret.status, 401);
    // Granted tokens expire.
    assert_eq!(
        server
            .post_raw("/test/advance-clock?seconds=86401", "")
            .status,
        200
    );
    let expired = request(
        "GET",
        &server.url("/api/v2/users"),
        &[("Authorization", &token)],
        None,
    );
    assert_error(&expired, 401, "invalid_token");
}

#[test]
fn users_are_searched_by_email_and_paged_newest_first() {
    let server = start(&config());
    for name in ["ann", "ben", "cid"] {
        signup(&server, &format!("{name}@example.com"));
    }
    let found = api(
        &server,
        "GET",
        "/api/v2/users?q=email%3A%22ben%40example.com%22&search_engine=v3",
        None,
    );
    assert_eq!(found.status, 200);
    let found = found.json();
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["email"], "ben@example.com");
    assert!(found[0]["user_id"].as_str().unwrap().starts_with("auth0|"));
    assert_eq!(found[0]["identities"][0]["connection"], CONNECTION);
    assert_eq!(found[0]["email_verified"], false);
    assert!(found[0]["created_at"].as_str().unwrap().ends_with('Z'));

    let page0 = api(
        &server,
        "GET",
        "/api/v2/users?per_page=2&page=0&include_totals=true",
        None,
    )
    .json();
    assert_eq!(page0["total"], 3);
    assert_eq!(page0["start"], 0);
    assert_eq!(page0["limit"], 2);
    let emails = |page: &Value| -> Vec<String> {
        page["users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["email"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(emails(&page0), ["cid@example.com", "ben@example.com"]);
    let page1 = api(
        &server,
        "GET",
        "/api/v2/users?per_page=2&page=1&include_totals=true",
        None,
    )
    .json();
    assert_eq!(emails(&page1), ["ann@example.com"]);
    let part = api(&server, "GET", "/api/v2/users?q=an", None).json();
    assert_eq!(part.as_array().unwrap().len(), 1);

    assert_error(
        &api(&server, "GET", "/api/v2/users?per_page=0", None),
        400,
        "invalid_query_string",
    );
    assert_error(
        &api(&server, "GET", "/api/v2/users?q=app_metadata.x%3A1", None),
        400,
        "invalid_query_string",
    );

    let by_email = api(
        &server,
        "GET",
        "/api/v2/users-by-email?email=BEN%40Example.com",
        None,
    );
    assert_eq!(by_email.status, 200);
    assert_eq!(by_email.json()[0]["email"], "ben@example.com");
    let none = api(
        &server,
        "GET",
        "/api/v2/users-by-email?email=nobody%40example.com",
        None,
    );
    assert_eq!(none.json(), json!([]));
    assert_error(
        &api(&server, "GET", "/api/v2/users-by-email", None),
        400,
        "invalid_query_string",
    );
}

#[test]
fn get_and_delete_a_user() {
    let server = start(&config());
    let user = signup(&server, "dee@example.com");
    let id = user["user_id"].as_str().unwrap().replace('|', "%7C");
    let got = api(&server, "GET", &format!("/api/v2/users/{id}"), None);
    assert_eq!(got.status, 200);
    assert_eq!(got.json()["email"], "dee@example.com");
    assert_error(
        &api(&server, "GET", "/api/v2/users/auth0%7Cnope", None),
        404,
        "inexistent_user",
    );

    let deleted = api(&server, "DELETE", &format!("/api/v2/users/{id}"), None);
    assert_eq!(deleted.status, 204, "{}", deleted.body);
    assert_error(
        &api(&server, "GET", &format!("/api/v2/users/{id}"), None),
        404,
        "inexistent_user",
    );
    assert_error(
        &api(&server, "DELETE", &format!("/api/v2/users/{id}"), None),
        404,
        "inexistent_user",
    );
    assert_eq!(
        server.token("dee@example.com", "Quartz-Meadow-93").status,
        403
    );
    // The address is free again.
    assert_eq!(
        server
            .signup(CONNECTION, "dee@example.com", "Quartz-Meadow-93")
            .status,
        200
    );
}

#[test]
fn patch_sets_a_password_without_email_checked_against_policy_and_history() {
    let server = start(&config());
    let user = signup(&server, "eve@example.com");
    let path = format!(
        "/api/v2/users/{}",
        user["user_id"].as_str().unwrap().replace('|', "%7C")
    );
    let emails = outbox_len(&server);

    let email_change = api(
        &server,
        "PATCH",
        &path,
        Some(json!({"email": "x@example.com"})),
    );
    assert_error(&email_change, 400, "invalid_body");
    assert!(email_change.json()["message"]
        .as_str()
        .unwrap()
        .contains("email"));

    let weak = api(&server, "PATCH", &path, Some(json!({"password": "abc"})));
    assert_error(&weak, 400, "invalid_password");
    assert!(weak.json()["message"]
        .as_str()
        .unwrap()
        .contains("PasswordStrengthError"));
    assert!(!weak.body.contains("\"abc\""), "the password is not echoed");
    let same = api(
        &server,
        "PATCH",
        &path,
        Some(json!({"password": "Quartz-Meadow-93"})),
    );
    assert_error(&same, 400, "invalid_password");
    assert!(same.json()["message"]
        .as_str()
        .unwrap()
        .contains("PasswordHistoryError"));

    let set = api(
        &server,
        "PATCH",
        &path,
        Some(json!({"password": "Lunar-Bicycle-27", "connection": CONNECTION})),
    );
    assert_eq!(set.status, 200, "{}", set.body);
    assert!(set.json()["last_password_reset"].as_str().is_some());
    assert_eq!(
        server.token("eve@example.com", "Lunar-Bicycle-27").status,
        200
    );
    assert_eq!(
        server.token("eve@example.com", "Quartz-Meadow-93").status,
        403
    );
    assert_eq!(
        outbox_len(&server),
        emails,
        "setting a password sends no email"
    );
    let wrong_connection = api(
        &server,
        "PATCH",
        &path,
        Some(json!({"password": "Other-Fjord-66", "connection": "policy-none"})),
    );
    assert_error(&wrong_connection, 400, "invalid_body");
}

#[test]
fn patch_verifies_blocks_and_edits_metadata_and_username() {
    let server = start(&config());
    let user = signup(&server, "fay@example.com");
    let path = format!(
        "/api/v2/users/{}",
        user["user_id"].as_str().unwrap().replace('|', "%7C")
    );

    let verified = api(
        &server,
        "PATCH",
        &path,
        Some(json!({"email_verified": true})),
    );
    assert_eq!(verified.json()["email_verified"], true);

    let blocked = api(&server, "PATCH", &path, Some(json!({"blocked": true})));
    assert_eq!(blocked.json()["blocked"], true);
    let refused = server.token("fay@example.com", "Quartz-Meadow-93");
    assert_eq!(refused.status, 401, "{}", refused.body);
    assert_eq!(refused.json()["error_description"], "user is blocked");
    // The wrong password still says "wrong", not "blocked".
    assert_eq!(
        server.token("fay@example.com", "Not-The-Password-1").status,
        403
    );
    let emails = outbox_len(&server);
    let reset = server.change_password("fay@example.com");
    assert_eq!(reset.status, 200);
    assert_eq!(reset.body, emulator::api::RESET_SENT);
    assert_eq!(
        outbox_len(&server),
        emails,
        "a blocked user gets no reset email"
    );
    api(&server, "PATCH", &path, Some(json!({"blocked": false})));
    assert_eq!(
        server.token("fay@example.com", "Quartz-Meadow-93").status,
        200
    );

    api(
        &server,
        "PATCH",
        &path,
        Some(json!({"user_metadata": {"plan": "gold", "city": "Oslo"}})),
    );
    let merged = api(
        &server,
        "PATCH",
        &path,
        Some(json!({"user_metadata": {"city": null, "lang": "nb"}})),
    );
    assert_eq!(
        merged.json()["user_metadata"],
        json!({"plan": "gold", "lang": "nb"})
    );

    let no_usernames = api(&server, "PATCH", &path, Some(json!({"username": "fay"})));
    assert_error(&no_usernames, 400, "operation_not_supported");

    let named = |email: &str, username: &str| {
        let reply = server.post_json(
            "/dbconnections/signup",
            &json!({"client_id": "test-client", "connection": "with-username", "email": email, "username": username, "password": "secret-pass"}),
        );
        assert_eq!(reply.status, 200, "{}", reply.body);
        format!(
            "/api/v2/users/auth0%7C{}",
            reply.json()["_id"].as_str().unwrap()
        )
    };
    let gus = named("gus@example.com", "gus");
    named("hal@example.com", "hal");
    let renamed = api(&server, "PATCH", &gus, Some(json!({"username": "Gustav"})));
    assert_eq!(renamed.status, 200, "{}", renamed.body);
    assert_eq!(renamed.json()["username"], "gustav");
    assert_error(
        &api(&server, "PATCH", &gus, Some(json!({"username": "hal"}))),
        409,
        "username_exists",
    );
    assert_error(
        &api(&server, "PATCH", &gus, Some(json!({"username": "<b>"}))),
        400,
        "invalid_body",
    );
    assert_error(
        &api(
            &server,
            "PATCH",
            "/api/v2/users/auth0%7Cnope",
            Some(json!({"blocked": true})),
        ),
        404,
        "inexistent_user",
    );
    assert_error(
        &api(&server, "PATCH", &gus, Some(json!({"blocked": "yes"}))),
        400,
        "invalid_body",
    );
}

#[test]
fn password_change_tickets_are_reset_links_that_send_nothing() {
    let server = start(&config());
    let user = signup(&server, "ida@example.com");
    let emails = outbox_len(&server);
    let by_id = api(
        &server,
        "POST",
        "/api/v2/tickets/password-change",
        Some(
            json!({"user_id": user["user_id"], "result_url": server.url("/emulator/stats.json"), "ttl_sec": 0}),
        ),
    );
    assert_eq!(by_id.status, 201, "{}", by_id.body);
    let link = by_id.json()["ticket"].as_str().unwrap().to_owned();
    assert!(
        link.starts_with(&format!("{}/lo/reset?ticket=", server.base)),
        "{link}"
    );
    assert_eq!(outbox_len(&server), emails, "a ticket sends no email");
    let (ticket, csrf, cookie, page) = open_reset(&link);
    assert_eq!(page.status, 200);
    let done = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Maple-Harbor-38",
        "Maple-Harbor-38",
    );
    // Redirect To is followed (to a page of the emulator's, here).
    assert_eq!(done.status, 200, "{}", done.body);
    assert!(done.json()["signup_requests"].is_u64(), "{}", done.body);
    assert_eq!(
        server.token("ida@example.com", "Maple-Harbor-38").status,
        200
    );

    let by_email = api(
        &server,
        "POST",
        "/api/v2/tickets/password-change",
        Some(json!({"email": "IDA@example.com", "connection_id": CONNECTION})),
    );
    assert_eq!(by_email.status, 201, "{}", by_email.body);
    let (_, _, _, page) = open_reset(by_email.json()["ticket"].as_str().unwrap());
    assert_eq!(page.status, 200);

    let t = |body: Value| {
        api(
            &server,
            "POST",
            "/api/v2/tickets/password-change",
            Some(body),
        )
    };
    assert_error(&t(json!({})), 400, "invalid_body");
    assert_error(&t(json!({"user_id": "auth0|nope"})), 404, "inexistent_user");
    assert_error(
        &t(json!({"email": "nobody@example.com", "connection_id": CONNECTION})),
        404,
        "inexistent_user",
    );
    assert_error(
        &t(json!({"user_id": user["user_id"], "new_password": "x"})),
        400,
        "invalid_body",
    );
    assert_error(
        &t(json!({"user_id": user["user_id"], "result_url": "javascript:alert(1)"})),
        400,
        "invalid_body",
    );
}

#[test]
fn email_templates_are_read_and_patched_in_auth0_shape() {
    let server = start(&config());
    let got = api(&server, "GET", "/api/v2/email-templates/reset_email", None);
    assert_eq!(got.status, 200);
    let got = got.json();
    assert_eq!(got["template"], "reset_email");
    assert_eq!(got["syntax"], "liquid");
    assert_eq!(got["subject"], "Reset your password");
    assert!(got["body"].as_str().unwrap().contains("{{ url }}"));
    assert_eq!(
        api(&server, "GET", "/api/v2/email-templates/verify_email", None).json()["subject"],
        "Verify your email"
    );
    assert_error(
        &api(
            &server,
            "GET",
            "/api/v2/email-templates/welcome_email",
            None,
        ),
        404,
        "inexistent_email_template",
    );

    let patched = api(
        &server,
        "PATCH",
        "/api/v2/email-templates/reset_email",
        Some(
            json!({"subject": "New password for {{ application.name }}", "urlLifetimeInSeconds": 120, "resultUrl": "http://app.example/"}),
        ),
    );
    assert_eq!(patched.status, 200, "{}", patched.body);
    assert_eq!(patched.json()["urlLifetimeInSeconds"], 120);
    let bad = api(
        &server,
        "PATCH",
        "/api/v2/email-templates/reset_email",
        Some(json!({"body": "<p>{{ user.password }}</p>"})),
    );
    assert_error(&bad, 400, "invalid_template");
    assert!(bad.json()["message"]
        .as_str()
        .unwrap()
        .contains("user.password"));
    let unclosed = api(
        &server,
        "PATCH",
        "/api/v2/email-templates/reset_email",
        Some(json!({"body": "<p>{{ url </p>"})),
    );
    assert_error(&unclosed, 400, "invalid_template");
    assert_error(
        &api(
            &server,
            "PATCH",
            "/api/v2/email-templates/reset_email",
            Some(json!({"colour": 1})),
        ),
        400,
        "invalid_body",
    );
    assert_error(
        &api(
            &server,
            "PATCH",
            "/api/v2/email-templates/reset_email",
            Some(json!({"template": "verify_email"})),
        ),
        400,
        "invalid_body",
    );
    // The refused edits changed nothing.
    let now = api(&server, "GET", "/api/v2/email-templates/reset_email", None).json();
    assert_eq!(now["subject"], "New password for {{ application.name }}");
    assert!(now["body"].as_str().unwrap().contains("{{ url }}"));
}
