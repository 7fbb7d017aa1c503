//! A real emulator on a loopback port and a small HTTP client for tests.
#![allow(dead_code)]

use emulator::config::Config;
use emulator::store::Store;
use emulator::AppState;
use std::collections::HashMap;
use std::sync::Arc;

pub const CONNECTION: &str = "Username-Password-Authentication";

/// A configuration with one connection per policy level and the knobs the
/// tests need (short windows, denied domains, a breached password).
pub const TEST_CONFIG: &str = r#"
[[clients]]
client_id = "test-client"
allowed_origins = ["http://allowed.example"]
connections = ["Username-Password-Authentication", "policy-none", "policy-low", "policy-fair", "policy-excellent", "with-username", "min-length-12"]

[[clients]]
client_id = "other-client"
allowed_origins = ["http://other.example"]
connections = ["policy-none"]

[[connections]]
name = "Username-Password-Authentication"
password_policy = "good"
history_size = 3
reset_url_lifetime_secs = 600
breached_passwords = ["Breached-Pass-1"]
enterprise_domains = ["corp.example"]
signup_hook_denied_domains = ["hooked.example"]
signup_hook_message = "Sign-ups from hooked.example are closed"
signup_denied_domains = ["denied.example"]
dictionary_extra = ["Acme-Widget-9"]

[[connections]]
name = "policy-none"
password_policy = "none"
dictionary = false
personal_data = false

[[connections]]
name = "policy-low"
password_policy = "low"
dictionary = false

[[connections]]
name = "policy-fair"
password_policy = "fair"

[[connections]]
name = "policy-excellent"
password_policy = "excellent"

[[connections]]
name = "with-username"
password_policy = "low"
requires_username = true
username_min = 3
username_max = 10

[[connections]]
name = "min-length-12"
password_policy = "low"
min_length = 12

[rate_limits]
change_password_per_email = 3
per_ip = 100000
window_secs = 3600
login_failures = 4
"#;

pub struct Server {
    pub base: String,
    pub state: Arc<AppState>,
}

/// Starts an emulator with `config` and an in-memory database on a free
/// loopback port, in its own thread and runtime.
pub fn start(config: &str) -> Server {
    start_with_db(config, ":memory:")
}

pub fn start_with_db(config: &str, db: &str) -> Server {
    start_custom(config, db, |_| {})
}

/// Like [`start_with_db`], with `adjust` applied to the state first.
pub fn start_custom(config: &str, db: &str, adjust: impl FnOnce(&mut AppState)) -> Server {
    let mut state = AppState::new(
        Config::parse(config).expect("test config"),
        Store::open(db).expect("db"),
    );
    state.test_routes = true;
    adjust(&mut state);
    let state = Arc::new(state);
    let (tx, rx) = std::sync::mpsc::channel();
    let server_state = state.clone();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            tx.send(listener.local_addr().unwrap()).unwrap();
            emulator::serve(listener, server_state, None).await.unwrap();
        });
    });
    let addr = rx.recv().expect("server started");
    Server {
        base: format!("http://{addr}"),
        state,
    }
}

pub struct Reply {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }
    pub fn code(&self) -> String {
        self.json()["code"].as_str().unwrap_or_default().to_owned()
    }
}

fn reply(result: Result<ureq::Response, ureq::Error>) -> Reply {
    let response = match result {
        Ok(response) => response,
        Err(ureq::Error::Status(_, response)) => response,
        Err(e) => panic!("transport error: {e}"),
    };
    let status = response.status();
    let headers = response
        .headers_names()
        .into_iter()
        .map(|name| {
            let value = response.header(&name).unwrap_or_default().to_owned();
            (name.to_ascii_lowercase(), value)
        })
        .collect();
    let body = response.into_string().unwrap_or_default();
    Reply {
        status,
        headers,
        body,
    }
}

pub fn request(method: &str, url: &str, headers: &[(&str, &str)], body: Option<&str>) -> Reply {
    let mut req = ureq::request(method, url);
    for (name, value) in headers {
        req = req.set(name, value);
    }
    reply(match body {
        Some(body) => req.send_string(body),
        None => req.call(),
    })
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn post_json(&self, path: &str, body: &serde_json::Value) -> Reply {
        self.post_raw(path, &body.to_string())
    }

    pub fn post_raw(&self, path: &str, body: &str) -> Reply {
        request(
            "POST",
            &self.url(path),
            &[("Content-Type", "application/json")],
            Some(body),
        )
    }

    pub fn get(&self, path: &str) -> Reply {
        request("GET", &self.url(path), &[], None)
    }

    pub fn signup(&self, connection: &str, email: &str, password: &str) -> Reply {
        self.post_json(
            "/dbconnections/signup",
            &serde_json::json!({"client_id": "test-client", "connection": connection, "email": email, "password": password}),
        )
    }

    pub fn change_password(&self, email: &str) -> Reply {
        self.post_json(
            "/dbconnections/change_password",
            &serde_json::json!({"client_id": "test-client", "connection": CONNECTION, "email": email}),
        )
    }

    pub fn token(&self, username: &str, password: &str) -> Reply {
        self.post_json(
            "/oauth/token",
            &serde_json::json!({
                "grant_type": "http://auth0.com/oauth/grant-type/password-realm",
                "client_id": "test-client", "realm": CONNECTION,
                "username": username, "password": password,
            }),
        )
    }

    /// The newest email's link for `to`.
    pub fn last_link(&self, to: &str) -> Option<String> {
        let outbox = self.get("/outbox.json").json();
        outbox
            .as_array()?
            .iter()
            .find(|email| email["to"] == to)
            .map(|email| email["link"].as_str().unwrap().to_owned())
    }
}

/// Opens a reset link: returns (ticket, csrf field, csrf cookie, page).
pub fn open_reset(link: &str) -> (String, String, String, Reply) {
    let page = request("GET", link, &[], None);
    let ticket = link.split("ticket=").nth(1).unwrap_or_default().to_owned();
    let csrf = page
        .body
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_default()
        .to_owned();
    let cookie = page
        .header("set-cookie")
        .and_then(|c| c.split(';').next())
        .unwrap_or_default()
        .to_owned();
    (ticket, csrf, cookie, page)
}

pub fn submit_reset(
    base: &str,
    ticket: &str,
    csrf: &str,
    cookie: &str,
    password: &str,
    confirm: &str,
) -> Reply {
    let form = format!(
        "ticket={}&csrf={}&password={}&confirm={}",
        enc(ticket),
        enc(csrf),
        enc(password),
        enc(confirm)
    );
    request(
        "POST",
        &format!("{base}/lo/reset"),
        &[
            ("Content-Type", "application/x-www-form-urlencoded"),
            ("Cookie", cookie),
        ],
        Some(&form),
    )
}

fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
