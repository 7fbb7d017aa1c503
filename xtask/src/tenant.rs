//! The tenant emulator (emulator/), started in the background for the
//! browser tests, the demo and the screenshots, and stopped when dropped.

use crate::run;
use anyhow::{bail, Context, Result};
use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::process::{Child, Command};
use std::time::Duration;

/// A running emulator; killed, and its logs removed, when dropped.
pub struct Tenant {
    child: Child,
    /// Its address, as it reported it (`http://127.0.0.1:PORT`).
    pub url: String,
    log: PathBuf,
    errors: PathBuf,
}

impl Drop for Tenant {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_file(&self.log);
        let _ = fs::remove_file(&self.errors);
    }
}

impl Tenant {
    /// Builds the emulator, starts it on `port` (0: any free port) with
    /// `args` and waits until it listens.
    pub fn start(root: &Path, port: &str, args: &[String]) -> Result<Tenant> {
        run(Command::new("cargo")
            .current_dir(root)
            .args(["build", "-q", "-p", "emulator"]))?;
        let name = format!("auth-widget-tenant-{}-{port}", std::process::id());
        let log = std::env::temp_dir().join(format!("{name}.log"));
        let errors = std::env::temp_dir().join(format!("{name}.err"));
        let child = Command::new(root.join("target/debug/emulator"))
            .arg("--port")
            .arg(port)
            .args(args)
            .stdout(File::create(&log)?)
            .stderr(File::create(&errors)?)
            .spawn()
            .context("starting target/debug/emulator")?;
        let mut tenant = Tenant {
            child,
            url: String::new(),
            log,
            errors,
        };
        tenant.url = tenant.wait_until_listening()?;
        println!("tenant emulator at {}", tenant.url);
        Ok(tenant)
    }

    /// Its address, once its log says "listening on" (within 10 s).
    fn wait_until_listening(&mut self) -> Result<String> {
        for _ in 0..100 {
            let log = fs::read_to_string(&self.log).unwrap_or_default();
            if log.contains("listening on") {
                return listening_url(&log).context("the emulator did not report its address");
            }
            if self.child.try_wait()?.is_some() {
                print!("{}", fs::read_to_string(&self.errors).unwrap_or_default());
                bail!("the emulator did not start");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!("the emulator did not report its address")
    }
}

/// The URL after "listening on" in the emulator's log.
fn listening_url(log: &str) -> Option<String> {
    let line = log
        .lines()
        .find(|line| line.contains("listening on http"))?;
    let (_, rest) = line.rsplit_once("listening on ")?;
    let url = rest.split(' ').next()?;
    url.starts_with("http").then(|| url.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_the_word_after_listening_on() {
        let log = "starting\nemulator listening on http://127.0.0.1:8790 (db :memory:)\n";
        assert_eq!(listening_url(log).as_deref(), Some("http://127.0.0.1:8790"));
        assert_eq!(listening_url("listening on port 80"), None);
    }
}
