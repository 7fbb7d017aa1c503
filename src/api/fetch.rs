//! The transport: the browser's own `fetch`, with an `AbortController`
//! timeout. No HTTP crate: the browser already has one.

use super::{ApiError, RateLimit};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, RequestCredentials, RequestInit, RequestMode, Response};

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

fn rate_limit(headers: &Headers) -> Option<RateLimit> {
    let number = |name: &str| {
        headers
            .get(name)
            .ok()
            .flatten()
            .and_then(|v| v.trim().parse::<u64>().ok())
    };
    Some(RateLimit {
        limit: number("x-ratelimit-limit")?,
        remaining: number("x-ratelimit-remaining")?,
        reset: number("x-ratelimit-reset")?,
    })
}

/// POSTs a JSON body and reads the whole answer as text, or gives up after
/// `timeout_ms` (the timer covers the body as well as the headers).
pub(crate) async fn post_json(
    url: &str,
    body: &str,
    timeout_ms: u32,
) -> Result<RawResponse, ApiError> {
    let window = web_sys::window().ok_or(ApiError::Network)?;
    let controller = AbortController::new().map_err(|_| ApiError::Network)?;
    let headers = Headers::new().map_err(|_| ApiError::Network)?;
    headers
        .set("Content-Type", "application/json")
        .map_err(|_| ApiError::Network)?;
    let init = RequestInit::new();
    init.set_method("POST");
    init.set_headers(&headers);
    init.set_body(&JsValue::from_str(body));
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    init.set_signal(Some(&controller.signal()));

    let abort = Closure::once(move || controller.abort());
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(
            abort.as_ref().unchecked_ref(),
            timeout_ms.min(i32::MAX as u32) as i32,
        )
        .map_err(|_| ApiError::Network)?;
    let result = exchange(&window, url, &init).await;
    window.clear_timeout_with_handle(timer);
    drop(abort);
    result.map_err(|error| {
        let aborted = error
            .dyn_ref::<js_sys::Error>()
            .is_some_and(|e| e.name() == "AbortError")
            || error
                .dyn_ref::<web_sys::DomException>()
                .is_some_and(|e| e.name() == "AbortError");
        if aborted {
            ApiError::Timeout(timeout_ms)
        } else {
            ApiError::Network
        }
    })
}

async fn exchange(
    window: &web_sys::Window,
    url: &str,
    init: &RequestInit,
) -> Result<RawResponse, JsValue> {
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, init))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok(RawResponse {
        status: response.status(),
        body: text.as_string().unwrap_or_default(),
        rate_limit: rate_limit(&response.headers()),
    })
}
