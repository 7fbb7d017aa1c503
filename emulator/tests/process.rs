//! The `emulator` binary as people run it: restarts keep users, logs keep
//! no secrets.

mod common;

use common::{open_reset, request, submit_reset};
use serde_json::json;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};

struct Running {
    child: Child,
    base: String,
}

impl Running {
    fn start(db: &str) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_emulator"))
            .args(["--port", "0", "--db", db])
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("emulator starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let base = line
            .split("listening on ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"))
            .to_owned();
        Running { child, base }
    }

    fn post(&self, path: &str, body: serde_json::Value) -> common::Reply {
        request(
            "POST",
            &format!("{}{path}", self.base),
            &[("Content-Type", "application/json")],
            Some(&body.to_string()),
        )
    }

    /// Stops the process and returns everything it logged.
    fn stop(mut self) -> String {
        self.child.kill().unwrap();
        self.child.wait().unwrap();
        let mut logs = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut logs)
            .unwrap();
        logs
    }
}

fn token(server: &Running, password: &str) -> u16 {
    server
        .post(
            "/oauth/token",
            json!({"grant_type": "http://auth0.com/oauth/grant-type/password-realm", "client_id": "demo-client",
                   "realm": "Username-Password-Authentication", "username": "keep@example.com", "password": password}),
        )
        .status
}

#[test]
fn a_restart_with_the_same_database_keeps_users_and_logs_hold_no_secrets() {
    let dir = std::env::temp_dir().join(format!("emulator-test-{}", emulator::random_hex(6)));
    let db = dir.join("tenant.db");
    let db = db.to_str().unwrap();
    let password = "Sekrit-Passw0rd-XYZ";
    let new_password = "Fresh-Passw0rd-QRS";

    let first = Running::start(db);
    let signup = first.post(
        "/dbconnections/signup",
        json!({"client_id": "demo-client", "connection": "Username-Password-Authentication", "email": "keep@example.com", "password": password}),
    );
    assert_eq!(signup.status, 200, "{}", signup.body);
    let mut logs = first.stop();

    let second = Running::start(db);
    assert_eq!(
        token(&second, password),
        200,
        "the user survived the restart"
    );
    let again = second.post(
        "/dbconnections/signup",
        json!({"client_id": "demo-client", "connection": "Username-Password-Authentication", "email": "keep@example.com", "password": password}),
    );
    assert_eq!(again.code(), "user_exists");
    let reset = second.post(
        "/dbconnections/change_password",
        json!({"client_id": "demo-client", "connection": "Username-Password-Authentication", "email": "keep@example.com"}),
    );
    assert_eq!(reset.status, 200);
    let outbox = request("GET", &format!("{}/outbox.json", second.base), &[], None).json();
    let link = outbox[0]["link"].as_str().unwrap().to_owned();
    let (ticket, csrf, cookie, _) = open_reset(&link);
    let done = submit_reset(
        &second.base,
        &ticket,
        &csrf,
        &cookie,
        new_password,
        new_password,
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(token(&second, new_password), 200);
    logs.push_str(&second.stop());

    assert!(logs.contains("user signed up"), "logs are written: {logs}");
    for secret in [password, new_password, ticket.as_str(), csrf.as_str()] {
        assert!(!logs.contains(secret), "a secret leaked into the logs");
    }
    assert!(
        !logs.contains("$argon2"),
        "a password hash leaked into the logs"
    );
    std::fs::remove_dir_all(&dir).ok();
}
