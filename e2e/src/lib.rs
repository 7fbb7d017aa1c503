//! Shared parts of the end-to-end tests (`tests/`): a chromedriver process
//! and a headless Chromium session with the project's committed
//! capabilities (webdriver.json).

use fantoccini::{Client, ClientBuilder};
use serde_json::Value;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A path in the repository.
pub fn repo(path: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(path)
}

/// A running chromedriver, stopped when dropped.
pub struct Chromedriver(Child);

impl Drop for Chromedriver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts chromedriver (`$CHROMEDRIVER`, else Debian's) on a free loopback
/// port and opens a headless Chromium session through it.
pub async fn chromium() -> (Chromedriver, Client) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let binary = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let driver = Command::new(binary)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(Chromedriver)
        .expect("chromedriver (make test installs chromium-driver)");
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let all: Value =
        serde_json::from_str(&std::fs::read_to_string(repo("webdriver.json")).unwrap()).unwrap();
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".into(),
        all["goog:chromeOptions"].clone(),
    );
    // A chromedriver that listens may still drop the first connection while
    // it starts (seen once as "connection reset by peer"): try a few times.
    let mut attempt = 0;
    let client = loop {
        let session = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(capabilities.clone())
            .connect(&format!("http://127.0.0.1:{port}"))
            .await;
        match session {
            Ok(client) => break client,
            Err(error) if attempt < 5 => {
                attempt += 1;
                eprintln!("chromedriver: no session yet ({error}); trying again");
                tokio::time::sleep(Duration::from_millis(300)).await;
            }
            Err(error) => panic!("a Chromium session: {error}"),
        }
    };
    (driver, client)
}
