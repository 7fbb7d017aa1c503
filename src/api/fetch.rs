//! The transport: the browser's own `fetch`, with an `AbortController`
//! timeout. No HTTP crate: the browser already has one. The call itself is
//! a few lines of JS (one import, where web-sys's request, headers, abort
//! and response types cost a dozen); what the answer means is decided in
//! Rust ([`super::normalize_error`]).

use super::{ApiError, RateLimit};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function postJson(url, body, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const number = (headers, name) => {
    const value = headers.get(name);
    return value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : -1;
  };
  // The timer covers the body as well as the headers.
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body,
    mode: "cors",
    credentials: "omit",
    signal: controller.signal,
  })
    .then((response) =>
      response.text().then((text) => [
        response.status,
        text,
        number(response.headers, "x-ratelimit-limit"),
        number(response.headers, "x-ratelimit-remaining"),
        number(response.headers, "x-ratelimit-reset"),
      ]),
    )
    .catch((error) => Promise.reject(error && error.name === "AbortError" ? "timeout" : "network"))
    .finally(() => clearTimeout(timer));
}
"#)]
extern "C" {
    /// `[status, body, limit, remaining, reset]` (the three rate-limit
    /// headers as numbers, -1 when absent), or a rejection: "timeout" or
    /// "network".
    #[wasm_bindgen(js_name = postJson)]
    fn post_json_promise(url: &str, body: &str, timeout_ms: u32) -> js_sys::Promise;
}

pub(crate) struct RawResponse {
    pub status: u16,
    pub body: String,
    pub rate_limit: Option<RateLimit>,
}

impl RawResponse {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

/// POSTs a JSON body and reads the whole answer as text, or gives up after
/// `timeout_ms`.
pub(crate) async fn post_json(
    url: &str,
    body: &str,
    timeout_ms: u32,
) -> Result<RawResponse, ApiError> {
    let timeout = timeout_ms.min(i32::MAX as u32);
    let answer = JsFuture::from(post_json_promise(url, body, timeout))
        .await
        .map_err(|reason| {
            if reason.as_string().as_deref() == Some("timeout") {
                ApiError::Timeout(timeout_ms)
            } else {
                ApiError::Network
            }
        })?;
    let answer: js_sys::Array = answer.into();
    let number = |i: u32| answer.get(i).as_f64().unwrap_or(-1.0);
    let header = |i: u32| (number(i) >= 0.0).then(|| number(i) as u64);
    Ok(RawResponse {
        status: number(0) as u16,
        body: answer.get(1).as_string().unwrap_or_default(),
        rate_limit: (|| {
            Some(RateLimit {
                limit: header(2)?,
                remaining: header(3)?,
                reset: header(4)?,
            })
        })(),
    })
}
