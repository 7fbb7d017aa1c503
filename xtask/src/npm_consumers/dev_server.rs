//! Vite's dev server, with the README's hint in examples/react/vite.config.js
//! (optimizeDeps.exclude): the package is served as it is, so the URLs its
//! module computes reach the wasm and the language files. Without the hint,
//! pre-bundling moves the module to node_modules/.vite/deps/ and the wasm URL
//! answers with the app's index.html (seen with Vite 7.2).

use super::Places;
use crate::{free_port, KillOnDrop};
use anyhow::{bail, Context, Result};
use std::fs::{self, File};
use std::path::PathBuf;
use std::time::Duration;

pub fn check(places: &Places) -> Result<()> {
    println!(
        "== npm package: Vite's dev server with the hint, serving the wasm and language files"
    );
    let (server, dev, log) = start(places)?;
    let main = ok_body(&format!("{dev}/main.jsx"));
    let Some(module) = package_module(&String::from_utf8_lossy(&main)) else {
        eprint!("{}", fs::read_to_string(&log).unwrap_or_default());
        bail!("npm-consumers: dev server: no auth-widget import in main.jsx");
    };
    let source = ok_body(&format!("{dev}{module}"));
    let french = fs::read(places.root.join("dist/i18n/fr.txt"))?;
    let mut checked = 0;
    for url in new_urls(&String::from_utf8_lossy(&source)) {
        if !(url.ends_with("auth-widget-core_bg.wasm") || url.ends_with("/fr.txt")) {
            continue;
        }
        let (status, content_type, body) = get(&format!("{dev}{url}")).unwrap_or_default();
        let expected = if url.ends_with(".wasm") {
            "application/wasm"
        } else {
            "text/plain"
        };
        if status != 200 || !content_type.starts_with(expected) {
            bail!("npm-consumers: dev server: {url} answered {status} {content_type}");
        }
        // The language file as it is in the package (JSON), not a module made of it.
        if url.ends_with(".txt") && body != french {
            bail!("npm-consumers: dev server: {url} is not i18n/fr.txt as packed");
        }
        checked += 1;
    }
    if checked != 2 {
        bail!("npm-consumers: dev server: found {checked} of the wasm and fr.txt URLs in {module}");
    }
    drop(server);
    println!("npm-consumers: vite dev: {module} loads its wasm and i18n/fr.txt");
    Ok(())
}

/// Vite's dev server in the React example, on a free port, answering:
/// the process (stopped when dropped), its base URL and its log's path.
fn start(places: &Places) -> Result<(KillOnDrop, String, PathBuf)> {
    let port = free_port()?;
    let dev = format!("http://127.0.0.1:{port}");
    // Its output goes to a log (shown on failure): stopping it mid-scan
    // prints an error.
    let log = places.work.join("vite-dev.log");
    let log_file = File::create(&log)?;
    let server = KillOnDrop(
        places
            .tool("vite")
            .current_dir(places.work.join("react"))
            .args([
                "--host",
                "127.0.0.1",
                "--port",
                &port.to_string(),
                "--strictPort",
            ])
            .stdout(log_file.try_clone()?)
            .stderr(log_file)
            .spawn()
            .context("starting vite")?,
    );
    for _ in 0..120 {
        if get(&format!("{dev}/main.jsx")).is_some_and(|(status, _, _)| status < 300) {
            break;
        }
        std::thread::sleep(Duration::from_millis(250));
    }
    Ok((server, dev, log))
}

/// GET `url`: its status, content type and body, whatever the status; None
/// if nothing answered.
fn get(url: &str) -> Option<(u16, String, Vec<u8>)> {
    let response = match ureq::get(url).call() {
        Ok(response) | Err(ureq::Error::Status(_, response)) => response,
        Err(_) => return None,
    };
    let status = response.status();
    let content_type = response
        .header("content-type")
        .unwrap_or_default()
        .to_owned();
    let mut body = Vec::new();
    std::io::Read::read_to_end(&mut response.into_reader(), &mut body).ok()?;
    Some((status, content_type, body))
}

/// The body of `url` if it answered with success (`curl -sf`), else nothing.
fn ok_body(url: &str) -> Vec<u8> {
    match get(url) {
        Some((status, _, body)) if status < 300 => body,
        _ => Vec::new(),
    }
}

/// The first `"/node_modules/…auth-widget.js` import in `source` (what
/// `grep -o '"/node_modules/[^"?]*auth-widget\.js'` finds), unquoted.
fn package_module(source: &str) -> Option<String> {
    source
        .match_indices("\"/node_modules/")
        .find_map(|(at, _)| {
            let rest = &source[at + 1..];
            let end = rest.find(['"', '?', '\n']).unwrap_or(rest.len());
            let path = &rest[..end];
            let last = path.rfind("auth-widget.js")?;
            Some(path[..last + "auth-widget.js".len()].to_owned())
        })
}

/// The strings in `new URL("…"` in `source`, sorted, each once.
fn new_urls(source: &str) -> Vec<String> {
    let mut urls: Vec<String> = source
        .split("new URL(\"")
        .skip(1)
        .filter_map(|rest| rest.split_once('"').map(|(url, _)| url.to_owned()))
        .collect();
    urls.sort();
    urls.dedup();
    urls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_package_module_and_its_urls() {
        let main = r#"import "/node_modules/.vite/deps/react.js?v=1";
import { AuthWidget } from "/node_modules/auth-widget/auth-widget.js?v=2";"#;
        assert_eq!(
            package_module(main).as_deref(),
            Some("/node_modules/auth-widget/auth-widget.js")
        );
        let module =
            r#"a=new URL("/x/fr.txt", import.meta.url);b=new URL("/x/a.wasm"),new URL("/x/fr.txt""#;
        assert_eq!(new_urls(module), ["/x/a.wasm", "/x/fr.txt"]);
    }
}
