//! A database failure is a 500, never a "not found" (nor, for
//! change_password, the answer an unknown email gets): the store's lookups
//! return `Result<Option<_>, _>`, and the handlers pass the error on.

mod common;
use common::*;
use serde_json::json;

/// An emulator on a database file whose `table` is then dropped behind its
/// back, so that every query on it fails.
fn broken(table: &str) -> (Server, std::path::PathBuf) {
    let path = std::env::temp_dir().join(format!(
        "emulator-db-errors-{}-{table}-{:?}.sqlite",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let server = start_with_db(TEST_CONFIG, path.to_str().unwrap());
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch(&format!("PRAGMA foreign_keys = OFF; DROP TABLE {table};"))
        .unwrap();
    (server, path)
}

#[test]
fn a_lost_users_table_is_a_500_everywhere() {
    let (server, path) = broken("users");
    let reply = server.change_password("someone@example.com");
    assert_eq!(
        reply.status, 500,
        "not the unknown-email answer: {}",
        reply.body
    );
    let reply = server.token("someone@example.com", "Correct-Horse-7");
    assert_eq!(reply.status, 500, "not a wrong password: {}", reply.body);
    let reply = server.post_json(
        "/dbconnections/signup",
        &json!({"client_id": "test-client", "connection": CONNECTION,
                "email": "new@example.com", "password": "Correct-Horse-7"}),
    );
    assert_eq!(reply.status, 500, "{}", reply.body);
    remove(&path);
}

#[test]
fn a_lost_tickets_table_is_a_500_not_an_invalid_link() {
    let (server, path) = broken("reset_tickets");
    let reply = server.get("/lo/reset?ticket=0123456789abcdef");
    assert_eq!(reply.status, 500, "{}", reply.body);
    assert!(!reply.body.contains("not valid"), "{}", reply.body);
    remove(&path);
}

#[test]
fn a_lost_outbox_is_a_500_not_an_empty_one() {
    let (server, path) = broken("outbox");
    assert_eq!(server.get("/outbox").status, 500);
    assert_eq!(server.get("/outbox.json").status, 500);
    assert_eq!(server.get("/outbox/1.html").status, 500);
    remove(&path);
}

fn remove(path: &std::path::Path) {
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(name);
    }
}
