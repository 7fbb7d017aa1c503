//! The emulator against what a web page (or a hostile client) can do to a
//! loopback server, over real HTTP against a started server: the Host
//! allow-list (DNS rebinding), reset links that ignore Host, tickets ended
//! by a password change, near-miss keys on change_password, Origin on
//! /oauth/token, CSRF bound to the ticket, the end of time, read timeouts.

mod common;

use common::{
    open_reset, request, start, start_custom, submit_reset, Server, CONNECTION, TEST_CONFIG,
};
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

const STRONG: &str = "Correct-Horse-7";

fn port(server: &Server) -> u16 {
    server.base.rsplit(':').next().unwrap().parse().unwrap()
}

/// Sends a request with `headers` (and `body`) on a raw connection, as a
/// hostile page's browser or a proxy would (any Host it likes); returns the
/// status and the body.
fn raw_with(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port(server))).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let body = body.unwrap_or("");
    let head: String = headers
        .iter()
        .map(|(name, value)| format!("{name}: {value}\r\n"))
        .collect();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\n{head}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let status = answer[9..12].parse().unwrap();
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// [`raw_with`] a Host only.
fn raw(server: &Server, method: &str, path: &str, host: &str, body: Option<&str>) -> (u16, String) {
    raw_with(server, method, path, &[("Host", host)], body)
}

fn unique(tag: &str) -> String {
    format!("{tag}-{}@example.com", emulator::random_hex(5))
}

#[test]
fn only_hosts_that_name_this_server_are_answered() {
    let server = start(TEST_CONFIG);
    let p = port(&server);
    let signup = json!({"client_id": "test-client", "connection": CONNECTION, "email": unique("rebind"), "password": STRONG}).to_string();
    // A page on a rebinding domain: its own name as Host, on our port.
    for (method, path, body) in [
        ("POST", "/dbconnections/signup", Some(signup.as_str())),
        (
            "POST",
            "/dbconnections/change_password",
            Some(
                r#"{"client_id":"test-client","connection":"Username-Password-Authentication","email":"a@b.example"}"#,
            ),
        ),
        ("GET", "/outbox.json", None),
        ("GET", "/outbox", None),
        ("GET", "/emulator/stats.json", None),
    ] {
        for host in [
            format!("evil.example:{p}"),
            format!("127.0.0.1.nip.io:{p}"),
            format!("127.0.0.1:{}", p.wrapping_add(1)),
            "127.0.0.1:".into(),
            "127.0.0.1:99999".into(),
            "localhost:0".into(),
            "evil.example".into(),
            "127.0.0.1.nip.io".into(),
            "localhost.evil.example".into(),
        ] {
            let (status, text) = raw(&server, method, path, &host, body);
            assert_eq!(status, 421, "{method} {path} with Host {host}");
            assert!(text.contains("localhost"), "it says why: {text}");
        }
    }
    assert_eq!(
        server
            .state
            .stats
            .signup_requests
            .load(std::sync::atomic::Ordering::Relaxed),
        0,
        "nothing reached the handlers"
    );
    for host in [
        format!("127.0.0.1:{p}"),
        format!("localhost:{p}"),
        format!("LOCALHOST:{p}"),
    ] {
        assert_eq!(
            raw(&server, "GET", "/outbox.json", &host, None).0,
            200,
            "Host {host}"
        );
    }
    let with_public_url = start_custom(
        &format!("public_url = \"https://auth.example.test:8443/\"\n{TEST_CONFIG}"),
        ":memory:",
        |_| {},
    );
    assert_eq!(
        raw(
            &with_public_url,
            "GET",
            "/outbox.json",
            "auth.example.test:8443",
            None
        )
        .0,
        200
    );
    assert_eq!(
        raw(
            &with_public_url,
            "GET",
            "/outbox.json",
            "auth.example.test",
            None
        )
        .0,
        421
    );
}

#[test]
fn reset_links_come_from_the_bound_address_not_the_host_header() {
    let server = start(TEST_CONFIG);
    let email = unique("host");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    // An allowed Host that is not the bound address: still not used.
    let body =
        json!({"client_id": "test-client", "connection": CONNECTION, "email": email}).to_string();
    let (status, _) = raw(
        &server,
        "POST",
        "/dbconnections/change_password",
        &format!("localhost:{}", port(&server)),
        Some(&body),
    );
    assert_eq!(status, 200);
    let link = server.last_link(&email).expect("a reset email");
    assert!(
        link.starts_with(&format!("{}/lo/reset?ticket=", server.base)),
        "{link}"
    );
}

#[test]
fn a_password_change_ends_every_other_reset_link() {
    let server = start(TEST_CONFIG);
    let email = unique("tickets");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    assert_eq!(server.change_password(&email).status, 200);
    let first = server.last_link(&email).unwrap();
    assert_eq!(server.change_password(&email).status, 200);
    let second = server.last_link(&email).unwrap();
    assert_ne!(first, second);
    // Both forms open before either is used (as two tabs would).
    let (t1, c1, k1, _) = open_reset(&first);
    let (t2, c2, k2, page2) = open_reset(&second);
    assert_eq!(page2.status, 200);
    let used = submit_reset(
        &server.base,
        &t1,
        &c1,
        &k1,
        "Another-Horse-8",
        "Another-Horse-8",
    );
    assert_eq!(used.status, 200, "{}", used.body);
    let later = submit_reset(
        &server.base,
        &t2,
        &c2,
        &k2,
        "Third-Horse-9",
        "Third-Horse-9",
    );
    assert_ne!(
        later.status, 200,
        "the older link must not change the new password: {}",
        later.body
    );
    assert_eq!(open_reset(&second).3.status, 410, "and it no longer opens");
    assert_eq!(server.token(&email, "Another-Horse-8").status, 200);
    assert_ne!(server.token(&email, "Third-Horse-9").status, 200);
}

#[test]
fn change_password_refuses_every_key_but_its_four() {
    let server = start(TEST_CONFIG);
    let email = unique("keys");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    let counted = || {
        server
            .state
            .stats
            .change_password_with_password
            .load(std::sync::atomic::Ordering::Relaxed)
    };
    let before = counted();
    let near_misses = [
        ("password", json!(STRONG)),
        ("Password", json!(STRONG)),
        ("password ", json!(STRONG)),
        ("PASSWORD", json!(STRONG)),
        ("new_password", json!(STRONG)),
        ("\u{ff50}assword", json!(STRONG)),
        ("user_metadata", json!({"password": STRONG})),
    ];
    for (key, value) in &near_misses {
        let mut body =
            json!({"client_id": "test-client", "connection": CONNECTION, "email": email});
        body[key] = value.clone();
        let reply = server.post_json("/dbconnections/change_password", &body);
        assert_eq!(reply.status, 400, "{key:?}");
        let answer = reply.json();
        assert_eq!(answer["name"], "BadRequestError");
        assert_eq!(answer["statusCode"], 400);
        let description = answer["description"].as_str().unwrap();
        assert!(
            description.contains(key.trim()) || *key == "password ",
            "names {key:?}: {description}"
        );
    }
    assert_eq!(
        counted() - before,
        near_misses.len() as u64,
        "counted like the exact key"
    );
    assert!(
        !server.last_link(&email).unwrap().contains("/lo/reset"),
        "no reset email was sent (the newest is sign-up's verification)"
    );
    let allowed = json!({"client_id": "test-client", "connection": CONNECTION, "email": email, "organization": "org_1"});
    assert_eq!(
        server
            .post_json("/dbconnections/change_password", &allowed)
            .status,
        200
    );
}

#[test]
fn oauth_token_checks_the_origin_before_counting_a_guess() {
    let server = start(TEST_CONFIG);
    let email = unique("origin");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    let body = json!({"grant_type": emulator::api::PASSWORD_REALM, "client_id": "test-client", "realm": CONNECTION, "username": email, "password": "wrong guess 1"}).to_string();
    // More guesses than login_failures (4), from a page that is not allowed.
    for _ in 0..6 {
        let reply = request(
            "POST",
            &server.url("/oauth/token"),
            &[
                ("Content-Type", "application/json"),
                ("Origin", "http://evil.example"),
            ],
            Some(&body),
        );
        assert_eq!(reply.status, 403);
        assert_eq!(reply.json()["error"], "unauthorized_origin");
    }
    assert_eq!(
        server.token(&email, STRONG).status,
        200,
        "the account was not locked by them"
    );
    let allowed = request(
        "POST",
        &server.url("/oauth/token"),
        &[
            ("Content-Type", "application/json"),
            ("Origin", "http://allowed.example"),
        ],
        Some(&body),
    );
    assert_eq!(allowed.status, 403);
    assert_eq!(
        allowed.json()["error"],
        "invalid_grant",
        "a listed origin gets a real answer"
    );
}

#[test]
fn the_reset_form_only_takes_the_csrf_value_made_for_its_ticket() {
    let server = start(TEST_CONFIG);
    let email = unique("csrf");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    assert_eq!(server.change_password(&email).status, 200);
    let link = server.last_link(&email).unwrap();
    let ticket = link.split("ticket=").nth(1).unwrap();
    // A pair chosen by the client, without loading the page: refused.
    let made_up = "0".repeat(64);
    let forged = submit_reset(
        &server.base,
        ticket,
        &made_up,
        &format!("aw_csrf={made_up}"),
        "Forged-Horse-8",
        "Forged-Horse-8",
    );
    assert_eq!(forged.status, 403);
    // The value of another ticket's page: refused too.
    let other = unique("csrf-other");
    assert_eq!(server.signup(CONNECTION, &other, STRONG).status, 200);
    assert_eq!(server.change_password(&other).status, 200);
    let (_, other_csrf, other_cookie, _) = open_reset(&server.last_link(&other).unwrap());
    let crossed = submit_reset(
        &server.base,
        ticket,
        &other_csrf,
        &other_cookie,
        "Forged-Horse-8",
        "Forged-Horse-8",
    );
    assert_eq!(crossed.status, 403);
    assert_eq!(
        server.token(&email, STRONG).status,
        200,
        "the password is unchanged"
    );
    let (t, csrf, cookie, _) = open_reset(&link);
    assert_eq!(
        submit_reset(
            &server.base,
            &t,
            &csrf,
            &cookie,
            "Real-Horse-8",
            "Real-Horse-8"
        )
        .status,
        200
    );
}

#[test]
fn the_end_of_time_is_not_an_overflow() {
    let server = start(TEST_CONFIG);
    let email = unique("time");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    for _ in 0..2 {
        let moved = request(
            "POST",
            &server.url(&format!("/test/advance-clock?seconds={}", u64::MAX)),
            &[],
            Some(""),
        );
        assert!(moved.status < 500, "{}", moved.status);
    }
    assert_eq!(
        server.signup(CONNECTION, &unique("later"), STRONG).status,
        200
    );
    assert_eq!(server.change_password(&email).status, 200);
    assert!(server.token(&email, "wrong").status < 500);
    assert_eq!(server.token(&email, STRONG).status, 200);
    let (_, _, _, page) = open_reset(&server.last_link(&email).unwrap());
    assert!(page.status < 500, "{}", page.status);
}

#[test]
fn slow_clients_are_cut_off() {
    let server = start_custom(TEST_CONFIG, ":memory:", |state| {
        state.read_timeout = Duration::from_secs(1);
    });
    let connect = || {
        let stream = TcpStream::connect(("127.0.0.1", port(&server))).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(20)))
            .unwrap();
        stream
    };
    // Headers that never end.
    let mut slow = connect();
    let started = Instant::now();
    write!(
        slow,
        "POST /dbconnections/signup HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "
    )
    .unwrap();
    let mut rest = Vec::new();
    let _ = slow.read_to_end(&mut rest);
    let headers_cut = started.elapsed();
    // A body that never arrives in full.
    let mut slow = connect();
    let started = Instant::now();
    write!(slow, "POST /dbconnections/signup HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{{\"client_id\":", port(&server)).unwrap();
    let mut answer = String::new();
    let _ = slow.read_to_string(&mut answer);
    let body_cut = started.elapsed();
    println!("slow clients: headers cut after {headers_cut:?}, body after {body_cut:?} (read timeout 1 s)");
    assert!(headers_cut < Duration::from_secs(5), "{headers_cut:?}");
    assert!(body_cut < Duration::from_secs(5), "{body_cut:?}");
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "{answer}"
    );
    // And the server still answers others.
    assert_eq!(server.get("/outbox.json").status, 200);
}

#[test]
fn concurrent_guesses_get_no_more_password_checks_than_the_limit() {
    let server = std::sync::Arc::new(start(TEST_CONFIG));
    let email = unique("lockout");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    // 40 wrong guesses at once (login_failures = 4 in TEST_CONFIG).
    let guesses: Vec<_> = (0..40)
        .map(|i| {
            let (server, email) = (server.clone(), email.clone());
            std::thread::spawn(move || server.token(&email, &format!("wrong guess {i}")).status)
        })
        .collect();
    let statuses: Vec<u16> = guesses.into_iter().map(|g| g.join().unwrap()).collect();
    let checked = statuses.iter().filter(|s| **s == 403).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    println!("lockout: 40 concurrent guesses: {checked} password checks, {refused} refused");
    assert!(checked <= 4, "{statuses:?}");
    assert_eq!(checked + refused, 40, "{statuses:?}");
    assert_eq!(server.token(&email, STRONG).status, 429, "locked");

    // Email and username share one count.
    let name = format!("u{}", &emulator::random_hex(3));
    let other = unique("shared");
    let body = json!({"client_id": "test-client", "connection": "with-username", "email": other, "username": name, "password": STRONG});
    assert_eq!(server.post_json("/dbconnections/signup", &body).status, 200);
    let token = |who: &str, password: &str| {
        let body = json!({"grant_type": emulator::api::PASSWORD_REALM, "client_id": "test-client", "realm": "with-username", "username": who, "password": password});
        server.post_json("/oauth/token", &body).status
    };
    for who in [&other, &name, &other, &name] {
        assert_eq!(token(who, "wrong"), 403);
    }
    assert_eq!(
        token(&name, STRONG),
        429,
        "four failures by either name lock both"
    );
    assert_eq!(token(&other, STRONG), 429);
}

#[test]
fn one_email_address_is_one_account_however_it_is_written() {
    let server = start(TEST_CONFIG);
    let tag = emulator::random_hex(4);
    let composed = format!("j\u{e4}ne-{tag}@example.com");
    assert_eq!(server.signup(CONNECTION, &composed, STRONG).status, 200);
    for twin in [
        format!("ja\u{308}ne-{tag}@example.com"),      // decomposed
        format!("\u{ff2a}\u{e4}ne-{tag}@EXAMPLE.com"), // fullwidth J, upper-case domain
        format!("j\u{e4}ne-{tag}@\u{ff45}xample.com"), // fullwidth e in the domain
    ] {
        let reply = server.signup(CONNECTION, &twin, STRONG);
        assert_eq!(reply.status, 400, "{twin:?}: {}", reply.body);
        assert_eq!(reply.code(), "user_exists", "{twin:?}");
    }
    for hidden in [
        format!("ja\u{200b}ne-{tag}@example.com"), // zero-width space
        format!("jane-{tag}\u{202e}@example.com"), // right-to-left override
        format!("jane-{tag}@exa\u{200d}mple.com"), // zero-width joiner
    ] {
        let reply = server.signup(CONNECTION, &hidden, STRONG);
        assert_eq!(reply.status, 400, "{hidden:?}");
        assert_eq!(reply.code(), "invalid_signup", "{hidden:?}");
        assert!(
            reply.json()["description"]
                .as_str()
                .unwrap()
                .contains("invisible"),
            "a clear message"
        );
    }
    // The decomposed form finds the account for a reset and for a token.
    let decomposed = format!("ja\u{308}ne-{tag}@example.com");
    assert_eq!(server.change_password(&decomposed).status, 200);
    assert!(
        server.last_link(&composed).is_some(),
        "the reset went to the account"
    );
    assert_eq!(server.token(&decomposed, STRONG).status, 200);
    // IDNA: a Unicode domain and its ASCII form are one domain.
    let unicode = format!("jane-{tag}@b\u{fc}cher.example");
    assert_eq!(server.signup(CONNECTION, &unicode, STRONG).status, 200);
    let ascii = server.signup(
        CONNECTION,
        &format!("jane-{tag}@xn--bcher-kva.example"),
        STRONG,
    );
    assert_eq!(ascii.code(), "user_exists");
}

#[test]
fn sign_up_sends_a_verification_link_that_the_token_reflects() {
    use base64::Engine;
    let server = start(TEST_CONFIG);
    let email = unique("verify");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    let claims = |server: &Server| {
        let token = server.token(&email, STRONG).json();
        let id_token = token["id_token"].as_str().unwrap().to_owned();
        let parts: Vec<&str> = id_token.split('.').collect();
        assert_eq!(parts.len(), 3, "a JWT: header.payload.signature");
        let decode = |part: &str| -> serde_json::Value {
            serde_json::from_slice(
                &base64::engine::general_purpose::URL_SAFE_NO_PAD
                    .decode(part)
                    .unwrap(),
            )
            .unwrap()
        };
        assert_eq!(decode(parts[0])["alg"], "none", "unsigned, and says so");
        assert!(parts[2].is_empty());
        decode(parts[1])
    };
    let before = claims(&server);
    assert_eq!(before["email"], email.as_str());
    assert_eq!(before["email_verified"], false);
    assert_eq!(before["aud"], "test-client");
    let link = server.last_link(&email).expect("a verification email");
    assert!(
        link.starts_with(&format!("{}/lo/verify?ticket=", server.base)),
        "{link}"
    );
    let page = request("GET", &link, &[], None);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(page.body.contains("verified"));
    assert_eq!(claims(&server)["email_verified"], true);
    assert_eq!(
        request("GET", &link, &[], None).status,
        410,
        "a link works once"
    );
    assert_eq!(
        request("GET", &server.url("/lo/verify?ticket=nope"), &[], None).status,
        410
    );
}

#[test]
fn the_outbox_reads_in_utc_wraps_long_links_and_the_reset_page_lists_the_rules() {
    let server = start(TEST_CONFIG);
    let email = unique("pages");
    assert_eq!(server.signup(CONNECTION, &email, STRONG).status, 200);
    assert_eq!(server.change_password(&email).status, 200);
    let outbox = server.get("/outbox");
    let year = emulator::utc(server.state.now())[..4].to_owned();
    assert!(
        outbox.body.contains(&format!("(sent {year}-")) && outbox.body.contains(" UTC)"),
        "readable UTC: {}",
        outbox.body
    );
    assert!(!outbox.body.contains("Unix time"));
    assert!(
        outbox.body.contains("overflow-wrap:anywhere"),
        "long links wrap"
    );
    let (_, _, _, reset) = common::open_reset(&server.last_link(&email).unwrap());
    assert_eq!(reset.status, 200);
    // The connection's policy is "good": Auth0's page lists its rules.
    assert!(
        reset.body.contains("Your password must have:"),
        "{}",
        reset.body
    );
    assert!(
        reset.body.contains("At least 8 characters"),
        "{}",
        reset.body
    );
    assert!(
        reset.body.contains("class=\"sub\""),
        "the character kinds under their rule"
    );
}

#[test]
fn oauth_token_takes_the_per_ip_limit() {
    let config = TEST_CONFIG.replace("per_ip = 100000", "per_ip = 3");
    let server = start(&config);
    let statuses: Vec<u16> = (0..5)
        .map(|i| {
            server
                .token(&format!("nobody-{i}@example.com"), "guess")
                .status
        })
        .collect();
    assert_eq!(statuses, [403, 403, 403, 429, 429], "{statuses:?}");
}

/// `make demo`: trunk serves the pages on `public_url`'s origin and forwards
/// their requests with `Host: 127.0.0.1` (no port) and the browser's Host in
/// `X-Forwarded-Host`. Those are answered, and that origin may post,
/// whatever its port; a rebinding name forwarded by the proxy is refused,
/// even when the page adds a loopback `X-Forwarded-Host` of its own.
#[test]
fn a_proxy_in_front_is_answered_for_loopback_names_only() {
    let proxy = "http://127.0.0.1:45678";
    let server = start_custom(
        &format!("public_url = \"{proxy}/\"\n{TEST_CONFIG}"),
        ":memory:",
        |_| {},
    );
    let p = port(&server).to_string();
    let signup = |email: &str| {
        json!({"client_id": "test-client", "connection": CONNECTION, "email": email, "password": STRONG})
            .to_string()
    };
    let post = |headers: &[(&str, &str)]| {
        let body = signup(&unique("proxied"));
        raw_with(
            &server,
            "POST",
            "/dbconnections/signup",
            headers,
            Some(&body),
        )
        .0
    };
    let through_trunk = |forwarded: &str, origin: &str| {
        post(&[
            ("Host", "127.0.0.1"),
            ("X-Forwarded-Host", forwarded),
            ("Origin", origin),
        ])
    };
    assert_eq!(through_trunk("127.0.0.1:45678", proxy), 200);
    assert_eq!(
        through_trunk("localhost:45678", "http://localhost:45678"),
        403,
        "answered; that origin is not listed"
    );
    assert_eq!(
        through_trunk("127.0.0.1:45678", "http://127.0.0.1:45679"),
        403,
        "a neighbouring port's origin is not the emulator's own"
    );
    for forwarded in [
        "evil.example:45678",
        "evil.example",
        "127.0.0.1:45679",
        "127.0.0.1",
        "127.0.0.1:45678, evil.example:45678",
    ] {
        assert_eq!(
            through_trunk(forwarded, proxy),
            421,
            "X-Forwarded-Host {forwarded}"
        );
    }
    // trunk appends its own X-Forwarded-Host after one the page sent.
    assert_eq!(
        post(&[
            ("Host", "127.0.0.1"),
            ("X-Forwarded-Host", "127.0.0.1:45678"),
            ("X-Forwarded-Host", "evil.example:45678"),
            ("Origin", proxy),
        ]),
        421
    );
    // No port and nothing forwarded: not a proxy we know; a rebinding page
    // on the emulator's own port cannot hide behind a forwarded name either.
    for host in ["127.0.0.1", "localhost", "[::1]"] {
        assert_eq!(
            post(&[("Host", host), ("Origin", proxy)]),
            421,
            "Host {host}"
        );
    }
    let rebinding = format!("evil.example:{p}");
    assert_eq!(
        post(&[
            ("Host", &rebinding),
            ("X-Forwarded-Host", "127.0.0.1:45678"),
            ("Origin", proxy)
        ]),
        421
    );
    assert_eq!(
        server
            .state
            .stats
            .signup_requests
            .load(std::sync::atomic::Ordering::Relaxed),
        3,
        "only the three answered requests reached the handler"
    );
}
