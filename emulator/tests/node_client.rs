//! The official Node client (the `auth0` npm package's ManagementClient,
//! installed in emulator/tests/node by `npm ci` there) finds, patches,
//! blocks and deletes a user against the emulator, with the config's token
//! and with the client-credentials grant. Without node_modules the test
//! fails and says how to install it.

mod common;
use common::*;
use std::path::PathBuf;
use std::process::Command;

fn node_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/node")
}

fn run(server: &Server, email: &str, auth: &[(&str, &str)]) {
    let dir = node_dir();
    assert!(
        dir.join("node_modules/auth0/package.json").exists(),
        "the auth0 npm package is not installed: run `npm ci` in {} (the bootstrap does)",
        dir.display()
    );
    let mut command = Command::new(std::env::var("NODE").unwrap_or_else(|_| "node".into()));
    command
        .arg("management.mjs")
        .current_dir(&dir)
        .env("EMULATOR_URL", &server.base)
        .env("EMAIL", email);
    for (name, value) in auth {
        command.env(name, value);
    }
    let output = command.output().expect("node (the bootstrap installs it)");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success() && stdout.trim() == "ok",
        "node management.mjs: {}\n{stdout}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_official_node_client_finds_patches_blocks_and_deletes_a_user() {
    let config = format!(
        "management_token = \"node-token\"\n{TEST_CONFIG}\n[[clients]]\nclient_id = \"m2m\"\nclient_secret = \"m2m-secret\"\nconnections = []\n"
    );
    let server = start(&config);
    for (email, auth) in [
        (
            "node-token@example.com",
            vec![("MANAGEMENT_TOKEN", "node-token")],
        ),
        (
            "node-m2m@example.com",
            vec![("CLIENT_ID", "m2m"), ("CLIENT_SECRET", "m2m-secret")],
        ),
    ] {
        assert_eq!(
            server.signup(CONNECTION, email, "Quartz-Meadow-93").status,
            200
        );
        run(&server, email, &auth);
        // Gone, as the client deleted it.
        assert_eq!(server.token(email, "Quartz-Meadow-93").status, 403);
    }
}
