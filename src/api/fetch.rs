//! The transport: the browser's own `fetch`, with an `AbortController`
//! timeout. No HTTP crate: the browser already has one. The call itself is
//! a few lines of JS (one import, where web-sys's request, headers, abort
//! and response types cost a dozen); what the answer means is decided in
//! Rust ([`super::normalize_error`]).

use super::{retry_wait, ApiError};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(inline_js = r#"
export function postJson(url, body, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  const number = (value) => (value !== null && /^\s*\d+\s*$/.test(value) ? Number(value) : -1);
  // Retry-After is seconds, or an HTTP date (then: seconds from now).
  const seconds = (value) =>
    number(value) >= 0 || value === null
      ? number(value)
      : Math.max(-1, Math.round((Date.parse(value) - Date.now()) / 1000) || -1);
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
        seconds(response.headers.get("retry-after")),
        number(response.headers.get("x-ratelimit-reset")),
        Math.floor(Date.now() / 1000),
      ]),
    )
    .catch((error) => Promise.reject(error && error.name === "AbortError" ? "timeout" : "network"))
    .finally(() => clearTimeout(timer));
}
"#)]
extern "C" {
    /// `[status, body, retryAfter, reset, now]` (`Retry-After` in seconds,
    /// `X-RateLimit-Reset`, both -1 when absent or unreadable; the clock in
    /// Unix seconds), or a rejection: "timeout" or "network" ([`Failure`]).
    #[wasm_bindgen(js_name = postJson)]
    fn post_json_promise(url: &str, body: &str, timeout_ms: u32) -> js_sys::Promise;
}

/// How a fetch failed, as the JS side reports it (the value its promise
/// rejects with).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Failure {
    /// `"timeout"`: the timer aborted it.
    Timeout,
    /// `"network"`: anything else (offline, refused, blocked by CORS).
    Network,
}

impl Failure {
    #[inline]
    fn from_js(reason: &JsValue) -> Failure {
        if reason.as_string().as_deref() == Some("timeout") {
            Failure::Timeout
        } else {
            Failure::Network
        }
    }
}

pub(crate) struct RawResponse {
    pub status: u16,
    pub body: String,
    /// Seconds to wait, when a refusal said (see [`retry_wait`]).
    pub retry_after: Option<u64>,
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
        .map_err(|reason| match Failure::from_js(&reason) {
            Failure::Timeout => ApiError::Timeout(timeout_ms),
            Failure::Network => ApiError::Network,
        })?;
    let answer: js_sys::Array = answer.into();
    let number = |i: u32| answer.get(i).as_f64().unwrap_or(-1.0);
    let header = |i: u32| (number(i) >= 0.0).then(|| number(i) as u64);
    Ok(RawResponse {
        status: number(0) as u16,
        body: answer.get(1).as_string().unwrap_or_default(),
        retry_after: retry_wait(header(2), header(3), number(4) as u64),
    })
}
