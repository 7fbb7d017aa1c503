//! A database written by the first release (schema version 0, before
//! versions existed) opens in this one with every user, ticket, password
//! history entry, verification and email intact.
//!
//! `tests/fixtures/v0.sqlite` was written by the emulator at commit db9d4bc
//! (through its HTTP API, with [`CONFIG`]): alice signed up with a
//! given_name and user_metadata, verified her address and reset her
//! password once (Orchid-Lantern-41 → Second-Walrus-72); bob signed up
//! (Copper-Tiger-19) and asked for a reset he has not used; carol signed up
//! in a username connection (carol_c, quietpine). The outbox holds their
//! five emails. Reset links were made to last 100 years.

mod common;
use common::*;
use serde_json::{json, Value};

const CONFIG: &str = r#"
management_token = "upgrade-test-token"

[[clients]]
client_id = "fixture-client"
connections = ["Username-Password-Authentication", "with-username"]

[[connections]]
name = "Username-Password-Authentication"
password_policy = "good"
history_size = 3
reset_url_lifetime_secs = 3153600000

[[connections]]
name = "with-username"
password_policy = "low"
requires_username = true
"#;

fn copy_of_fixture() -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "emulator-upgrade-{}-{}",
        std::process::id(),
        emulator::random_hex(4)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("v0.db");
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v0.sqlite");
    std::fs::copy(fixture, &db).unwrap();
    db
}

fn token(server: &Server, realm: &str, username: &str, password: &str) -> Reply {
    server.post_json(
        "/oauth/token",
        &json!({"grant_type": emulator::api::PASSWORD_REALM, "client_id": "fixture-client",
            "realm": realm, "username": username, "password": password}),
    )
}

fn claims(reply: &Reply) -> Value {
    use base64::Engine;
    let id_token = reply.json()["id_token"].as_str().unwrap().to_owned();
    let payload = id_token.split('.').nth(1).unwrap();
    serde_json::from_slice(
        &base64::engine::general_purpose::URL_SAFE_NO_PAD
            .decode(payload)
            .unwrap(),
    )
    .unwrap()
}

#[test]
fn a_database_from_the_first_release_keeps_everything() {
    let db = copy_of_fixture();
    let before: u32 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap();
    assert_eq!(before, 0, "the fixture is a database from before versions");
    let server = start_with_db(CONFIG, db.to_str().unwrap());
    assert_eq!(
        server.state.store.schema_version().unwrap(),
        emulator::store::SCHEMA_VERSION
    );

    // The outbox: five emails, newest first, links in their texts.
    let outbox = server.get("/outbox.json").json();
    let outbox = outbox.as_array().unwrap();
    let summary: Vec<(String, String)> = outbox
        .iter()
        .map(|e| {
            (
                e["to"].as_str().unwrap().into(),
                e["subject"].as_str().unwrap().into(),
            )
        })
        .collect();
    let expected = [
        ("bob@example.com", "Reset your password"),
        ("alice@example.com", "Reset your password"),
        ("carol@example.com", "Verify your email"),
        ("bob@example.com", "Verify your email"),
        ("alice@example.com", "Verify your email"),
    ];
    assert_eq!(
        summary,
        expected.map(|(a, b)| (a.to_owned(), b.to_owned())).to_vec()
    );
    for email in outbox {
        assert!(email["text"]
            .as_str()
            .unwrap()
            .contains(email["link"].as_str().unwrap()));
    }
    // The outbox page still shows them.
    assert!(server.get("/outbox").body.contains("carol@example.com"));

    // Users and their passwords; alice's verification.
    let alice = token(&server, CONNECTION, "alice@example.com", "Second-Walrus-72");
    assert_eq!(alice.status, 200, "{}", alice.body);
    assert_eq!(claims(&alice)["email_verified"], true);
    let bob = token(&server, CONNECTION, "bob@example.com", "Copper-Tiger-19");
    assert_eq!(bob.status, 200, "{}", bob.body);
    assert_eq!(claims(&bob)["email_verified"], false);
    assert_eq!(
        token(&server, "with-username", "carol_c", "quietpine").status,
        200
    );
    assert_eq!(
        token(
            &server,
            CONNECTION,
            "alice@example.com",
            "Orchid-Lantern-41"
        )
        .status,
        403
    );

    // Profiles, through the Management API.
    let users = request(
        "GET",
        &server.url("/api/v2/users?include_totals=true"),
        &[("Authorization", "Bearer upgrade-test-token")],
        None,
    )
    .json();
    assert_eq!(users["total"], 3);
    let alice = users["users"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "alice@example.com")
        .unwrap()
        .clone();
    assert_eq!(alice["given_name"], "Alice");
    assert_eq!(
        alice["user_metadata"],
        json!({"plan": "gold", "city": "Lyon"})
    );
    assert_eq!(alice["email_verified"], true);
    assert_eq!(alice["blocked"], false);
    assert!(users["users"]
        .as_array()
        .unwrap()
        .iter()
        .any(|u| u["username"] == "carol_c"));

    // Alice's history is kept: her first password is refused.
    let patch = request(
        "PATCH",
        &server.url(&format!(
            "/api/v2/users/{}",
            alice["user_id"].as_str().unwrap()
        )),
        &[
            ("Authorization", "Bearer upgrade-test-token"),
            ("Content-Type", "application/json"),
        ],
        Some(r#"{"password": "Orchid-Lantern-41"}"#),
    );
    assert_eq!(patch.status, 400, "{}", patch.body);
    assert!(patch.json()["message"]
        .as_str()
        .unwrap()
        .contains("PasswordHistoryError"));

    // Tickets: alice's used link stays used; bob's outstanding one works.
    // (The links name the port the fixture was written on: same path, this server.)
    let here = |email: &Value| {
        let link = email["link"].as_str().unwrap();
        server.url(&link[link.find("/lo/").unwrap()..])
    };
    let (_, _, _, used) = open_reset(&here(&outbox[1]));
    assert_eq!(used.status, 410, "{}", used.body);
    let (ticket, csrf, cookie, page) = open_reset(&here(&outbox[0]));
    assert_eq!(page.status, 200, "{}", page.body);
    let reused = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Copper-Tiger-19",
        "Copper-Tiger-19",
    );
    assert_eq!(reused.status, 400);
    let done = submit_reset(
        &server.base,
        &ticket,
        &csrf,
        &cookie,
        "Velvet-Harbor-58",
        "Velvet-Harbor-58",
    );
    assert_eq!(done.status, 200, "{}", done.body);
    assert_eq!(
        token(&server, CONNECTION, "bob@example.com", "Velvet-Harbor-58").status,
        200
    );
}

#[test]
fn opening_twice_migrates_once_and_a_newer_database_is_refused() {
    let db = copy_of_fixture();
    let path = db.to_str().unwrap();
    drop(emulator::store::Store::open(path).unwrap());
    let store = emulator::store::Store::open(path).unwrap();
    assert_eq!(
        store.schema_version().unwrap(),
        emulator::store::SCHEMA_VERSION
    );
    drop(store);
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", emulator::store::SCHEMA_VERSION + 1)
        .unwrap();
    let error = emulator::store::Store::open(path).err().expect("refused");
    assert!(
        error.to_string().contains("newer than this emulator"),
        "{error}"
    );
}
