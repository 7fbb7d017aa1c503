//! The emulator's endpoints over real HTTP, against a started server.

mod common;

use common::*;
use serde_json::json;

fn good_signup(server: &Server, email: &str) -> Reply {
    server.signup(CONNECTION, email, "Correct-Horse-7")
}

#[test]
fn signup_returns_the_user_with_a_normalised_email() {
    let server = start(TEST_CONFIG);
    let reply = good_signup(&server, "  Jane.Doe@Example.COM ");
    assert_eq!(reply.status, 200, "{}", reply.body);
    let user = reply.json();
    assert_eq!(user["email"], "jane.doe@example.com");
    assert_eq!(user["email_verified"], false);
    assert_eq!(user["_id"].as_str().unwrap().len(), 24);
    assert!(user.get("password").is_none() && !reply.body.contains("Correct-Horse-7"));
    assert!(user.get("username").is_none());
}

#[test]
fn duplicate_email_is_user_exists_whatever_its_case() {
    let server = start(TEST_CONFIG);
    assert_eq!(good_signup(&server, "sam@example.com").status, 200);
    let reply = good_signup(&server, "SAM@example.com");
    assert_eq!(reply.status, 400);
    assert_eq!(reply.code(), "user_exists");
    assert_eq!(reply.json()["name"], "BadRequestError");
    assert_eq!(reply.json()["statusCode"], 400);
}

#[test]
fn username_connections_require_a_valid_unique_username() {
    let server = start(TEST_CONFIG);
    let signup = |email: &str, username: Option<&str>| {
        let mut body = json!({"client_id": "test-client", "connection": "with-username", "email": email, "password": "abcdef"});
        if let Some(name) = username {
            body["username"] = json!(name);
        }
        server.post_json("/dbconnections/signup", &body)
    };
    assert_eq!(signup("a@example.com", None).code(), "bad.username");
    assert_eq!(signup("a@example.com", Some("ab")).code(), "bad.username");
    assert_eq!(
        signup("a@example.com", Some("abcdefghijk")).code(),
        "bad.username"
    );
    assert_eq!(
        signup("a@example.com", Some("bad name")).code(),
        "bad.username"
    );
    let ok = signup("a@example.com", Some("Jane_D"));
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert_eq!(ok.json()["username"], "jane_d");
    let taken = signup("b@example.com", Some("JANE_D"));
    assert_eq!(
        (taken.status, taken.code()),
        (400, "username_exists".into())
    );
}

#[test]
fn weak_password_lists_each_rule_and_whether_it_was_met() {
    let server = start(TEST_CONFIG);
    let reply = server.signup(CONNECTION, "weak@example.com", "abcdefgh");
    assert_eq!(reply.status, 400);
    let error = reply.json();
    assert_eq!(error["code"], "invalid_password");
    assert_eq!(error["name"], "PasswordStrengthError");
    let rules = error["description"]["rules"].as_array().unwrap();
    assert_eq!(rules[0]["code"], "lengthAtLeast");
    assert_eq!(rules[0]["format"], json!([8]));
    assert_eq!(rules[0]["verified"], true);
    assert_eq!(rules[1]["code"], "containsAtLeast");
    assert_eq!(rules[1]["verified"], false);
    assert_eq!(
        rules[1]["items"][0],
        json!({"code": "lowerCase", "message": "lower case letters (a-z)", "verified": true})
    );
    assert!(error["policy"]
        .as_str()
        .unwrap()
        .contains("At least 8 characters"));
    assert!(
        !reply.body.contains("abcdefgh"),
        "the password is never echoed"
    );
}

#[test]
fn policy_levels_at_their_edges() {
    let server = start(TEST_CONFIG);
    let cases: &[(&str, &str, bool)] = &[
        ("policy-none", "x", true),
        ("policy-low", "abcde", false),
        ("policy-low", "abcdef", true),
        ("policy-fair", "abcdefg1", false),
        ("policy-fair", "abcdEfg1", true),
        ("policy-fair", "ABCDEFG1!", false),
        (CONNECTION, "abcdefg1", false),
        (CONNECTION, "Abcdef1", false),
        (CONNECTION, "abcdef1!", true),
        ("policy-excellent", "Abcdef12!", false),
        ("policy-excellent", "Abcdef12!x", true),
        ("policy-excellent", "Abcccf12!x", false),
        ("min-length-12", "abcdefghijk", false),
        ("min-length-12", "abcdefghijkl", true),
    ];
    for (i, (connection, password, accepted)) in cases.iter().enumerate() {
        let reply = server.signup(connection, &format!("edge{i}@example.com"), password);
        assert_eq!(
            reply.status == 200,
            *accepted,
            "{connection} {password:?}: {}",
            reply.body
        );
        if !accepted {
            assert_eq!(
                reply.json()["name"],
                "PasswordStrengthError",
                "{connection} {password:?}"
            );
        }
    }
}

#[test]
fn seventy_two_bytes_is_the_longest_password() {
    let server = start(TEST_CONFIG);
    let at_limit = format!("Aa1!{}", "x".repeat(68));
    assert_eq!(at_limit.len(), 72);
    assert_eq!(
        server
            .signup(CONNECTION, "limit@example.com", &at_limit)
            .status,
        200
    );
    let over = format!("{at_limit}y");
    let reply = server.signup(CONNECTION, "over@example.com", &over);
    assert_eq!(reply.status, 400);
    let rules = reply.json()["description"]["rules"].clone();
    let at_most = rules
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "lengthAtMost")
        .unwrap()
        .clone();
    assert_eq!(at_most["verified"], false);
    // Multi-byte characters count in bytes: 19 × "€" (3 bytes) + "Aa1!" = 61 bytes, fine; 23 × = 73.
    assert_eq!(
        server
            .signup(
                CONNECTION,
                "euro1@example.com",
                &format!("Aa1!{}", "€".repeat(19))
            )
            .status,
        200
    );
    assert_eq!(
        server
            .signup(
                CONNECTION,
                "euro2@example.com",
                &format!("Aa1!{}", "€".repeat(23))
            )
            .status,
        400
    );
}

#[test]
fn dictionary_personal_data_and_breaches_have_their_own_names() {
    let server = start(TEST_CONFIG);
    let reply = server.signup(CONNECTION, "d@example.com", "P@ssw0rd");
    assert_eq!(
        (reply.code(), reply.json()["name"].clone()),
        ("invalid_password".into(), json!("PasswordDictionaryError"))
    );
    let reply = server.signup(CONNECTION, "d@example.com", "acme-widget-9");
    assert_eq!(
        reply.json()["name"],
        "PasswordDictionaryError",
        "custom entries, case-insensitive"
    );
    let reply = server.signup(CONNECTION, "margaret@example.com", "Margaret-2026");
    assert_eq!(reply.json()["name"], "PasswordNoUserInfoError");
    let reply = server.post_json(
        "/dbconnections/signup",
        &json!({"client_id": "test-client", "connection": CONNECTION, "email": "x@example.com",
                "password": "Zebediah#44", "given_name": "Zebediah"}),
    );
    assert_eq!(
        reply.json()["name"],
        "PasswordNoUserInfoError",
        "names count as personal data"
    );
    let reply = server.signup(CONNECTION, "b@example.com", "Breached-Pass-1");
    assert_eq!(
        (reply.status, reply.code()),
        (400, "password_leaked".into())
    );
}

#[test]
fn tenant_rules_produce_invalid_signup_and_hook_error() {
    let server = start(TEST_CONFIG);
    let reply = good_signup(&server, "someone@denied.example");
    assert_eq!((reply.status, reply.code()), (400, "invalid_signup".into()));
    let reply = good_signup(&server, "someone@hooked.example");
    assert_eq!(reply.code(), "hook_error");
    assert_eq!(
        reply.json()["description"],
        "Sign-ups from hooked.example are closed"
    );
}

#[test]
fn bad_bodies_get_clear_errors() {
    let server = start(TEST_CONFIG);
    let reply = server.post_raw("/dbconnections/signup", "{not json");
    assert_eq!((reply.status, reply.code()), (400, "bad.request".into()));
    assert_eq!(
        server.post_raw("/dbconnections/signup", "[1,2]").status,
        400
    );
    let reply = server.post_json(
        "/dbconnections/signup",
        &json!({"client_id": "test-client", "connection": CONNECTION, "email": "a@example.com"}),
    );
    assert_eq!(reply.code(), "bad.request");
    assert!(reply.json()["description"]
        .as_str()
        .unwrap()
        .contains("password"));
    let reply = server.post_json(
        "/dbconnections/signup",
        &json!({"client_id": "test-client", "connection": CONNECTION, "email": 5, "password": "x"}),
    );
    assert!(reply.json()["description"]
        .as_str()
        .unwrap()
        .contains("email"));
    let reply = server.signup(CONNECTION, "not-an-email", "Correct-Horse-7");
    assert_eq!(reply.code(), "bad.email");
    let big = json!({"client_id": "test-client", "connection": CONNECTION, "email": "a@example.com",
                     "password": "Correct-Horse-7", "padding": "x".repeat(40_000)});
    let reply = server.post_json("/dbconnections/signup", &big);
    assert_eq!(reply.status, 413);
    assert_eq!(reply.code(), "request_too_large");
    let reply = server.post_json("/dbconnections/signup", &json!({"client_id": "nope", "connection": CONNECTION, "email": "a@example.com", "password": "x"}));
    assert_eq!(
        (reply.status, reply.code()),
        (401, "unauthorized_client".into())
    );
    let reply = server.post_json("/dbconnections/signup", &json!({"client_id": "other-client", "connection": CONNECTION, "email": "a@example.com", "password": "x"}));
    assert_eq!(
        reply.code(),
        "bad.connection",
        "connection not enabled for that client"
    );
}

#[test]
fn user_metadata_limits_are_enforced() {
    let server = start(TEST_CONFIG);
    let signup = |metadata: serde_json::Value| {
        server.post_json(
            "/dbconnections/signup",
            &json!({"client_id": "test-client", "connection": "policy-none", "email": format!("m{}@example.com", rand_suffix()), "password": "x", "user_metadata": metadata}),
        )
    };
    let ten: serde_json::Map<_, _> = (0..10).map(|i| (format!("k{i}"), json!("v"))).collect();
    assert_eq!(signup(json!(ten)).status, 200);
    let eleven: serde_json::Map<_, _> = (0..11).map(|i| (format!("k{i}"), json!("v"))).collect();
    assert_eq!(signup(json!(eleven)).code(), "bad.user_metadata");
    assert_eq!(signup(json!({"k": "v".repeat(500)})).status, 200);
    assert_eq!(
        signup(json!({"k": "v".repeat(501)})).code(),
        "bad.user_metadata"
    );
    assert_eq!(signup(json!({"k": 5})).code(), "bad.user_metadata");
    assert_eq!(
        signup(json!({"k".repeat(101): "v"})).code(),
        "bad.user_metadata"
    );
    assert_eq!(signup(json!("text")).code(), "bad.user_metadata");
}

fn rand_suffix() -> String {
    emulator::random_hex(6)
}

#[test]
fn fifty_simultaneous_signups_of_one_email_make_one_user() {
    let server = start(TEST_CONFIG);
    let base = server.base.clone();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(50));
    let handles: Vec<_> = (0..50)
        .map(|_| {
            let (base, barrier) = (base.clone(), barrier.clone());
            std::thread::spawn(move || {
                barrier.wait();
                let body = json!({"client_id": "test-client", "connection": CONNECTION, "email": "race@example.com", "password": "Correct-Horse-7"});
                let reply = request("POST", &format!("{base}/dbconnections/signup"), &[("Content-Type", "application/json")], Some(&body.to_string()));
                (reply.status, reply.code())
            })
        })
        .collect();
    let results: Vec<(u16, String)> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|(status, _)| *status == 200).count(),
        1,
        "{results:?}"
    );
    assert_eq!(
        results
            .iter()
            .filter(|(_, code)| code == "user_exists")
            .count(),
        49,
        "{results:?}"
    );
    assert_eq!(server.state.store.user_count(CONNECTION), 1);
}

#[test]
fn change_password_refuses_a_password_key() {
    let server = start(TEST_CONFIG);
    good_signup(&server, "p@example.com");
    let reply = server.post_json(
        "/dbconnections/change_password",
        &json!({"client_id": "test-client", "connection": CONNECTION, "email": "p@example.com", "password": "New-Pass-123"}),
    );
    assert_eq!(reply.status, 400);
    assert_eq!(reply.json()["description"], "password is not allowed");
    // Even an empty or null password key is refused: the key itself is the error.
    let reply = server.post_raw(
        "/dbconnections/change_password",
        r#"{"client_id":"test-client","connection":"Username-Password-Authentication","email":"p@example.com","password":null}"#,
    );
    assert_eq!(reply.status, 400);
    assert!(
        !server
            .get("/outbox.json")
            .json()
            .as_array()
            .unwrap()
            .iter()
            .any(|email| email["subject"] == "Reset your password"),
        "no reset email was sent"
    );
    assert_eq!(
        server.get("/emulator/stats.json").json()["change_password_with_password"],
        2
    );
}

#[test]
fn change_password_answers_the_same_for_unknown_users() {
    let server = start(TEST_CONFIG);
    good_signup(&server, "known@example.com");
    let known = server.change_password("known@example.com");
    let unknown = server.change_password("unknown@example.com");
    assert_eq!(known.status, 200);
    assert_eq!((known.status, &known.body), (unknown.status, &unknown.body));
    assert_eq!(known.header("content-type"), unknown.header("content-type"));
    assert!(known
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let outbox = server.get("/outbox.json").json();
    // (Sign-up sent a verification email; the reset emails are what counts.)
    let emails: Vec<_> = outbox
        .as_array()
        .unwrap()
        .iter()
        .filter(|email| email["subject"] == "Reset your password")
        .collect();
    assert_eq!(emails.len(), 1, "only the existing user gets an email");
    assert_eq!(emails[0]["to"], "known@example.com");
    assert!(emails[0]["link"]
        .as_str()
        .unwrap()
        .contains("/lo/reset?ticket="));
    assert!(emails[0]["text"]
        .as_str()
        .unwrap()
        .contains(emails[0]["link"].as_str().unwrap()));
    assert!(emails[0]["sent_at"].as_u64().unwrap() > 1_700_000_000);
}

#[test]
fn change_password_is_rate_limited_per_email_with_headers_on_every_response() {
    let server = start(TEST_CONFIG);
    for expected_remaining in ["2", "1", "0"] {
        let reply = server.change_password("busy@example.com");
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("x-ratelimit-limit"), Some("3"));
        assert_eq!(
            reply.header("x-ratelimit-remaining"),
            Some(expected_remaining)
        );
        assert!(
            reply
                .header("x-ratelimit-reset")
                .unwrap()
                .parse::<u64>()
                .unwrap()
                > 1_700_000_000
        );
    }
    let reply = server.change_password("busy@example.com");
    assert_eq!(
        (reply.status, reply.code()),
        (429, "too_many_requests".into())
    );
    assert_eq!(reply.header("x-ratelimit-remaining"), Some("0"));
    // Retry-After: the seconds left in the window (an hour here), so that a
    // client can say when to try again without trusting its own clock.
    let wait: u64 = reply.header("retry-after").unwrap().parse().unwrap();
    assert!((3500..=3600).contains(&wait), "Retry-After: {wait}");
    assert_eq!(
        server.change_password("calm@example.com").status,
        200,
        "other emails are not limited"
    );
    let bad = server.post_raw("/dbconnections/change_password", "nope");
    assert!(
        bad.header("x-ratelimit-limit").is_some(),
        "headers on error responses too"
    );
}

#[test]
fn change_password_for_an_enterprise_domain_says_so() {
    let server = start(TEST_CONFIG);
    let reply = server.change_password("boss@corp.example");
    assert_eq!(
        (reply.status, reply.code()),
        (400, "enterprise_email".into())
    );
}

#[test]
fn reset_link_sets_a_new_password_once() {
    let server = start(TEST_CONFIG);
    good_signup(&server, "reset@example.com");
    assert_eq!(
        server.token("reset@example.com", "Correct-Horse-7").status,
        200
    );
    server.change_password("reset@example.com");
    let link = server
        .last_link("reset@example.com")
        .expect("an email with a link");
    let (ticket, csrf, cookie, page) = open_reset(&link);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("autocomplete=\"new-password\""));
    assert_eq!(page.header("referrer-policy"), Some("no-referrer"));
    assert!(ticket.len() >= 32 && !csrf.is_empty() && cookie.starts_with("aw_csrf="));

    // Without the CSRF cookie the form is refused.
    let reply = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        "",
        "Brand-New-Pass-8",
        "Brand-New-Pass-8",
    );
    assert_eq!(reply.status, 403);
    // Mismatched confirmation, weak password, reused password: the form comes back.
    let reply = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Brand-New-Pass-8",
        "Brand-New-Pass-9",
    );
    assert_eq!(reply.status, 400);
    assert!(reply.body.contains("do not match"));
    let reply = submit_reset(&server.base, &ticket, &csrf, &cookie, "weak", "weak");
    assert!(
        reply.body.contains("too weak") && reply.body.contains("At least 8 characters"),
        "{}",
        reply.body
    );
    let reply = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Correct-Horse-7",
        "Correct-Horse-7",
    );
    assert!(
        reply.body.contains("used this password recently"),
        "{}",
        reply.body
    );

    let reply = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Brand-New-Pass-8",
        "Brand-New-Pass-8",
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert!(reply.body.contains("Your password was changed"));
    assert_eq!(
        server.token("reset@example.com", "Correct-Horse-7").status,
        403,
        "old password stops working"
    );
    let token = server.token("reset@example.com", "Brand-New-Pass-8");
    assert_eq!(token.status, 200);
    assert_eq!(token.json()["token_type"], "Bearer");

    // The link works once.
    let (_, _, _, again) = open_reset(&link);
    assert_eq!(again.status, 410);
    assert!(again.body.contains("already used"));
    let reply = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Another-Pass-9",
        "Another-Pass-9",
    );
    assert_eq!(reply.status, 410);
    assert_eq!(
        server.token("reset@example.com", "Another-Pass-9").status,
        403
    );
}

#[test]
fn reset_links_expire_and_unknown_tickets_get_a_clear_page() {
    let server = start(TEST_CONFIG);
    good_signup(&server, "late@example.com");
    server.change_password("late@example.com");
    let link = server.last_link("late@example.com").unwrap();
    let (ticket, csrf, cookie, page) = open_reset(&link);
    assert_eq!(page.status, 200);
    // The test tenant's links live 600 s.
    assert_eq!(
        server
            .post_raw("/test/advance-clock?seconds=601", "")
            .status,
        200
    );
    let (_, _, _, expired) = open_reset(&link);
    assert_eq!(expired.status, 410);
    assert!(expired.body.contains("expired"));
    let reply = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Brand-New-Pass-8",
        "Brand-New-Pass-8",
    );
    assert_eq!(reply.status, 410);
    assert_eq!(
        server.token("late@example.com", "Correct-Horse-7").status,
        200,
        "password unchanged"
    );

    let unknown = server.get("/lo/reset?ticket=0123456789abcdef");
    assert_eq!(unknown.status, 404);
    assert!(unknown.body.contains("not valid") && !unknown.body.contains("panicked"));
    assert_eq!(server.get("/lo/reset").status, 404);
}

#[test]
fn tickets_are_stored_hashed() {
    let server = start(TEST_CONFIG);
    good_signup(&server, "hash@example.com");
    server.change_password("hash@example.com");
    let link = server.last_link("hash@example.com").unwrap();
    let ticket = link.split("ticket=").nth(1).unwrap();
    assert_eq!(ticket.len(), 64, "256 random bits");
    assert!(matches!(
        server.state.store.ticket_state(ticket, server.state.now()),
        emulator::store::TicketState::Unknown
    ));
    assert!(matches!(
        server
            .state
            .store
            .ticket_state(&emulator::ticket_hash(ticket), server.state.now()),
        emulator::store::TicketState::Valid { .. }
    ));
}

#[test]
fn token_grants_and_throttles() {
    let server = start(TEST_CONFIG);
    good_signup(&server, "login@example.com");
    let ok = server.token("LOGIN@example.com", "Correct-Horse-7");
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(ok.json()["access_token"].as_str().unwrap().len() >= 32);
    let wrong = server.token("login@example.com", "Wrong-Pass-1");
    assert_eq!(wrong.status, 403);
    assert_eq!(wrong.json()["error"], "invalid_grant");
    assert_eq!(
        server.token("nobody@example.com", "Wrong-Pass-1").json()["error"],
        "invalid_grant"
    );
    let form = request(
        "POST",
        &server.url("/oauth/token"),
        &[("Content-Type", "application/x-www-form-urlencoded")],
        Some("grant_type=http%3A%2F%2Fauth0.com%2Foauth%2Fgrant-type%2Fpassword-realm&client_id=test-client&realm=Username-Password-Authentication&username=login%40example.com&password=Correct-Horse-7"),
    );
    assert_eq!(form.status, 200, "form bodies work too: {}", form.body);
    // A success clears earlier failures; four failures in the window (the
    // test tenant's limit) then block the user, even with the right password.
    for _ in 0..4 {
        server.token("login@example.com", "Wrong-Pass-1");
    }
    let blocked = server.token("login@example.com", "Correct-Horse-7");
    assert_eq!(
        (blocked.status, blocked.json()["error"].clone()),
        (429, json!("too_many_attempts"))
    );
    let grant = server.post_json("/oauth/token", &json!({"grant_type": "password"}));
    assert_eq!(grant.json()["error"], "unsupported_grant_type");
}

#[test]
fn cors_only_for_listed_origins() {
    let server = start(TEST_CONFIG);
    let preflight = |origin: &str| {
        request(
            "OPTIONS",
            &server.url("/dbconnections/signup"),
            &[
                ("Origin", origin),
                ("Access-Control-Request-Method", "POST"),
                ("Access-Control-Request-Headers", "content-type"),
            ],
            None,
        )
    };
    let allowed = preflight("http://allowed.example");
    // tower-http's CorsLayer answers a preflight 200 (browsers take any 2xx).
    assert_eq!(allowed.status, 200);
    assert_eq!(
        allowed.header("access-control-allow-origin"),
        Some("http://allowed.example")
    );
    assert!(allowed
        .header("access-control-allow-headers")
        .unwrap()
        .contains("content-type"));
    let denied = preflight("http://evil.example");
    assert_eq!(denied.status, 403);
    assert!(denied.header("access-control-allow-origin").is_none());
    // /oauth/token too: an unlisted origin's preflight is refused.
    let denied = request(
        "OPTIONS",
        &server.url("/oauth/token"),
        &[
            ("Origin", "http://evil.example"),
            ("Access-Control-Request-Method", "POST"),
        ],
        None,
    );
    assert_eq!(denied.status, 403);
    assert!(denied.header("access-control-allow-origin").is_none());

    let body = json!({"client_id": "test-client", "connection": CONNECTION, "email": "cors@example.com", "password": "Correct-Horse-7"}).to_string();
    let post = |origin: &str| {
        request(
            "POST",
            &server.url("/dbconnections/signup"),
            &[("Content-Type", "application/json"), ("Origin", origin)],
            Some(&body),
        )
    };
    let reply = post("http://allowed.example");
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("access-control-allow-origin"),
        Some("http://allowed.example")
    );
    // Header names, which browsers compare case-insensitively; CorsLayer
    // sends them lower-case.
    assert!(reply
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase()
        .contains("x-ratelimit-remaining"));
    let reply = post("http://evil.example");
    assert_eq!(
        (reply.status, reply.code()),
        (403, "unauthorized_origin".into())
    );
    assert!(reply.header("access-control-allow-origin").is_none());
    // Another client's origin gets no access to this client.
    let reply = post("http://other.example");
    assert_eq!(reply.status, 403);
}

#[test]
fn client_configuration_is_the_jsonp_lock_loads() {
    let server = start(TEST_CONFIG);
    let reply = server.get("/client/test-client.js");
    assert_eq!(reply.status, 200);
    assert!(reply
        .header("content-type")
        .unwrap()
        .starts_with("application/javascript"));
    let object = reply
        .body
        .strip_prefix("Auth0.setClient(")
        .and_then(|b| b.strip_suffix(");"))
        .expect("JSONP");
    let client: serde_json::Value = serde_json::from_str(object).unwrap();
    assert_eq!(client["id"], "test-client");
    let connections = client["strategies"][0]["connections"].as_array().unwrap();
    assert_eq!(client["strategies"][0]["name"], "auth0");
    let db = connections
        .iter()
        .find(|c| c["name"] == CONNECTION)
        .unwrap();
    assert_eq!(db["passwordPolicy"], "good");
    assert_eq!(db["password_complexity_options"]["min_length"], 8);
    assert_eq!(db["showSignup"], true);
    let with_username = connections
        .iter()
        .find(|c| c["name"] == "with-username")
        .unwrap();
    assert_eq!(with_username["requires_username"], true);
    assert_eq!(
        with_username["validation"]["username"],
        json!({"min": 3, "max": 10})
    );
    assert_eq!(server.get("/client/nope.js").status, 404);
}

#[test]
fn outbox_page_lists_emails_newest_first_with_links() {
    let server = start(TEST_CONFIG);
    good_signup(&server, "first@example.com");
    good_signup(&server, "second@example.com");
    server.change_password("first@example.com");
    server.change_password("second@example.com");
    let page = server.get("/outbox");
    assert_eq!(page.status, 200);
    let first = page.body.find("first@example.com").unwrap();
    let second = page.body.find("second@example.com").unwrap();
    assert!(second < first, "newest first");
    assert_eq!(
        page.body.matches("/lo/reset?ticket=").count(),
        4,
        "link in text and as a link, per email"
    );
}
