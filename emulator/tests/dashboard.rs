//! The dashboard over real HTTP: users (search, paging, a user's page),
//! actions, templates with a preview, and the refusals that keep a page on
//! another site from pressing its buttons.

mod common;
use common::*;
use serde_json::json;

const PASSWORD: &str = "Quartz-Meadow-93";

/// A browser session on the dashboard: its cookie and CSRF value.
struct Session<'a> {
    server: &'a Server,
    cookie: String,
    csrf: String,
}

impl<'a> Session<'a> {
    fn open(server: &'a Server, path: &str) -> Session<'a> {
        let page = server.get(path);
        assert_eq!(page.status, 200, "{}", page.body);
        let cookie = page
            .header("set-cookie")
            .expect("a session cookie")
            .to_owned();
        assert!(
            cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
            "{cookie}"
        );
        let cookie = cookie.split(';').next().unwrap().to_owned();
        let again = request("GET", &server.url(path), &[("Cookie", &cookie)], None);
        let csrf = again
            .body
            .split("name=\"csrf\" value=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_default()
            .to_owned();
        Session {
            server,
            cookie,
            csrf,
        }
    }

    /// Posts a form as the dashboard's own page would.
    fn post(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        self.post_from(path, fields, Some(&self.server.base), &self.csrf)
    }

    fn post_from(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        origin: Option<&str>,
        csrf: &str,
    ) -> Reply {
        let mut all = vec![("csrf", csrf)];
        all.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&all).unwrap();
        let mut headers = vec![
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", self.cookie.as_str()),
        ];
        if let Some(origin) = origin {
            headers.push(("Origin", origin));
        }
        let agent = ureq::AgentBuilder::new().redirects(0).build();
        let mut req = agent.post(&self.server.url(path));
        for (name, value) in headers {
            req = req.set(name, value);
        }
        let response = match req.send_string(&body) {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => panic!("{e}"),
        };
        Reply {
            status: response.status(),
            headers: [(
                "location".to_owned(),
                response.header("location").unwrap_or_default().to_owned(),
            )]
            .into(),
            body: response.into_string().unwrap_or_default(),
        }
    }
}

fn signup(server: &Server, email: &str) -> String {
    let reply = server.signup(CONNECTION, email, PASSWORD);
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.json()["_id"].as_str().unwrap().to_owned()
}

fn outbox_len(server: &Server) -> usize {
    server.get("/outbox.json").json().as_array().unwrap().len()
}

#[test]
fn users_are_listed_newest_first_searched_and_paged() {
    let server = start(TEST_CONFIG);
    for name in ["amy", "bea", "cal"] {
        signup(&server, &format!("{name}@example.com"));
    }
    let list = server.get("/dashboard/users");
    let (amy, cal) = (
        list.body.find("amy@example.com").unwrap(),
        list.body.find("cal@example.com").unwrap(),
    );
    assert!(cal < amy, "newest first");
    assert!(list.body.contains("3 users"));
    let search = server.get("/dashboard/users?q=BEA");
    assert!(search.body.contains("bea@example.com") && !search.body.contains("amy@example.com"));
    let page0 = server.get("/dashboard/users?per_page=2");
    assert!(page0.body.contains("cal@example.com") && !page0.body.contains("amy@example.com"));
    assert!(page0.body.contains("rel=\"next\""));
    let page1 = server.get("/dashboard/users?per_page=2&page=1");
    assert!(page1.body.contains("amy@example.com") && !page1.body.contains("cal@example.com"));
    assert_eq!(
        server.get("/dashboard").status,
        200,
        "redirects to the users"
    );
    assert_eq!(server.get("/dashboard/users/nope").status, 404);
    let headers = server.get("/dashboard/users");
    assert_eq!(headers.header("x-frame-options"), Some("DENY"));
    assert!(headers
        .header("content-security-policy")
        .unwrap()
        .contains("frame-ancestors 'none'"));
}

#[test]
fn an_xss_payload_in_a_profile_is_inert_on_the_users_page() {
    let server = start(TEST_CONFIG);
    let reply = server.post_json(
        "/dbconnections/signup",
        &json!({"client_id": "test-client", "connection": CONNECTION, "email": "xss@example.com", "password": PASSWORD,
            "given_name": "<img src=x onerror=alert(1)>", "user_metadata": {"bio": "</pre><script>alert(2)</script>"}}),
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    let id = reply.json()["_id"].as_str().unwrap().to_owned();
    let page = server.get(&format!("/dashboard/users/{id}"));
    assert_eq!(page.status, 200);
    assert!(
        !page.body.contains("<img src=x") && !page.body.contains("<script>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page
        .body
        .contains("&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;"));
    assert!(page.body.contains("Last password change"));
}

#[test]
fn actions_set_a_password_without_email_verify_block_send_and_delete() {
    let server = start(TEST_CONFIG);
    let id = signup(&server, "dan@example.com");
    let user = format!("/dashboard/users/{id}");
    let session = Session::open(&server, &user);
    let emails = outbox_len(&server);

    let weak = session.post(&format!("{user}/password"), &[("password", "abc")]);
    assert_eq!(weak.status, 400);
    assert!(weak.body.contains("PasswordStrengthError"), "{}", weak.body);
    assert!(
        !weak.body.contains("abc\""),
        "the password is not shown back"
    );
    let reused = session.post(&format!("{user}/password"), &[("password", PASSWORD)]);
    assert_eq!(reused.status, 400);
    assert!(reused.body.contains("used recently"));
    let set = session.post(
        &format!("{user}/password"),
        &[("password", "Solar-Kettle-84")],
    );
    assert_eq!(set.status, 303, "{}", set.body);
    assert_eq!(
        server.token("dan@example.com", "Solar-Kettle-84").status,
        200
    );
    assert_eq!(
        outbox_len(&server),
        emails,
        "no email for a password set by hand"
    );
    let shown = request(
        "GET",
        &server.url(&format!("{}?done=password", user)),
        &[],
        None,
    );
    assert!(shown.body.contains("No email was sent"));

    assert_eq!(session.post(&format!("{user}/verify"), &[]).status, 303);
    assert!(server
        .get(&user)
        .body
        .contains("<th>Verified</th><td>yes</td>"));

    assert_eq!(session.post(&format!("{user}/block"), &[]).status, 303);
    let blocked = server.token("dan@example.com", "Solar-Kettle-84");
    assert_eq!(blocked.status, 401);
    assert_eq!(blocked.json()["error_description"], "user is blocked");
    assert_eq!(session.post(&format!("{user}/unblock"), &[]).status, 303);
    assert_eq!(
        server.token("dan@example.com", "Solar-Kettle-84").status,
        200
    );

    assert_eq!(
        session.post(&format!("{user}/reset-email"), &[]).status,
        303
    );
    assert_eq!(outbox_len(&server), emails + 1);
    assert_eq!(
        server.get("/outbox.json").json()[0]["to"],
        "dan@example.com"
    );

    let deleted = session.post(&format!("{user}/delete"), &[]);
    assert_eq!(deleted.status, 303);
    assert_eq!(server.get(&user).status, 404);
    assert_eq!(
        server.token("dan@example.com", "Solar-Kettle-84").status,
        403
    );
}

#[test]
fn a_cross_site_form_post_to_each_action_is_refused() {
    let server = start(TEST_CONFIG);
    let id = signup(&server, "eli@example.com");
    let user = format!("/dashboard/users/{id}");
    let session = Session::open(&server, &user);
    let emails = outbox_len(&server);
    let actions: Vec<(String, Vec<(&str, &str)>)> = vec![
        (
            format!("{user}/password"),
            vec![("password", "Solar-Kettle-84")],
        ),
        (format!("{user}/verify"), vec![]),
        (format!("{user}/block"), vec![]),
        (format!("{user}/reset-email"), vec![]),
        (format!("{user}/delete"), vec![]),
        (
            "/dashboard/emails/reset_email".into(),
            vec![
                ("subject", "pwned"),
                ("from", "a@b.example"),
                ("body", "{{ url }}"),
                ("url_lifetime_secs", ""),
                ("redirect_to", "http://evil.example/"),
            ],
        ),
    ];
    for (path, fields) in &actions {
        // Another site's page (even one a client lists), with the right cookie and field.
        for origin in ["http://evil.example", "http://allowed.example", "null"] {
            let reply = session.post_from(path, fields, Some(origin), &session.csrf);
            assert_eq!(reply.status, 403, "{path} from {origin}: {}", reply.body);
        }
        // No Origin at all.
        assert_eq!(
            session.post_from(path, fields, None, &session.csrf).status,
            403,
            "{path}"
        );
        // The right Origin without the CSRF value, or with a forged one.
        assert_eq!(
            session
                .post_from(path, fields, Some(&server.base), "")
                .status,
            403,
            "{path}"
        );
        assert_eq!(
            session
                .post_from(path, fields, Some(&server.base), &"0".repeat(64))
                .status,
            403,
            "{path}"
        );
    }
    // Sec-Fetch-Site: cross-site is refused even with a matching Origin.
    let body = format!("csrf={}", session.csrf);
    let cross = request(
        "POST",
        &server.url(&format!("{user}/block")),
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", &session.cookie),
            ("Origin", &server.base),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        Some(&body),
    );
    assert_eq!(cross.status, 403);
    // Nothing happened.
    assert_eq!(server.token("eli@example.com", PASSWORD).status, 200);
    assert_eq!(outbox_len(&server), emails);
    let page = server.get(&user);
    assert!(page.body.contains("<th>Verified</th><td>no</td>"));
    assert!(!server
        .get("/dashboard/emails/reset_email")
        .body
        .contains("pwned"));
}

#[test]
fn templates_are_edited_with_a_preview_and_bad_ones_refused() {
    let server = start(TEST_CONFIG);
    let session = Session::open(&server, "/dashboard/emails/reset_email");
    let page = server.get("/dashboard/emails/reset_email");
    assert!(page.body.contains("Reset your password"));
    let fields = |subject: &'static str, body: &'static str| {
        vec![
            ("subject", subject),
            ("from", "Team <team@example.com>"),
            ("body", body),
            ("url_lifetime_secs", "900"),
            ("redirect_to", ""),
            ("enabled", "true"),
        ]
    };
    let bad = session.post(
        "/dashboard/emails/reset_email",
        &fields("Hi", "<p>{{ user.password }}</p>"),
    );
    assert_eq!(bad.status, 400);
    assert!(
        bad.body.contains("unknown variable {{ user.password }}"),
        "{}",
        bad.body
    );
    let saved = session.post(
        "/dashboard/emails/reset_email",
        &fields(
            "Reset for {{ user.email }}",
            "<p>Go: <a href=\"{{ url }}\">here</a> ({{ application.name }})</p>",
        ),
    );
    assert_eq!(saved.status, 303, "{}", saved.body);
    let preview = server.get("/dashboard/emails/reset_email/preview");
    assert_eq!(preview.status, 200);
    assert!(
        preview.body.contains("Reset for jane@example.com"),
        "{}",
        preview.body
    );
    assert!(preview.body.contains("(My App)"));
    assert!(preview
        .header("content-security-policy")
        .unwrap()
        .starts_with("sandbox"));

    signup(&server, "fox@example.com");
    server.change_password("fox@example.com");
    let email = server.get("/outbox.json").json()[0].clone();
    assert_eq!(email["subject"], "Reset for fox@example.com");
    assert!(email["html"].as_str().unwrap().contains("(Application)"));
    // 900 s, not the connection's 600.
    let link = email["link"].as_str().unwrap().to_owned();
    server.post_raw("/test/advance-clock?seconds=700", "");
    assert_eq!(open_reset(&link).3.status, 200);
    assert_eq!(server.get("/dashboard/emails/welcome").status, 404);
}
