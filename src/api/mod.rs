//! The dbconnections client: request bodies, the transport (the browser's
//! `fetch`), and the normalisation of every kind of answer into one error
//! enum. Everything but the transport is pure and tested natively.

mod error;
#[cfg(target_arch = "wasm32")]
pub(crate) mod fetch;
mod request;

pub use error::{normalize_error, retry_wait, ApiError, Description, RuleOutcome, ServerError};
pub use request::{ChangePasswordRequest, Request, SignupRequest, SignupSuccess};

use auth_core::wire;

/// Default time a request may take before it is abandoned.
pub const DEFAULT_TIMEOUT_MS: u32 = 15_000;

/// A tenant or client the embedding page named wrongly.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    /// The `domain` is neither a host name nor an origin.
    #[error("domain {0:?} is neither a host name (tenant.example.com) nor an origin (http://127.0.0.1:8787)")]
    InvalidDomain(String),
    /// The client ID is empty.
    #[error("clientID is empty")]
    MissingClientId,
}

/// The base URL for a `domain` option: a bare host gets `https://`; a full
/// origin (`http://127.0.0.1:8787`, for local tenants) is kept as it is.
pub fn base_url(domain: &str) -> Result<String, ConfigError> {
    let invalid = || ConfigError::InvalidDomain(domain.to_owned());
    let trimmed = domain.trim();
    let (scheme, rest) = match trimmed.split_once("://") {
        Some((scheme @ ("http" | "https"), rest)) => (scheme, rest),
        Some(_) => return Err(invalid()),
        None => ("https", trimmed),
    };
    let host_port = rest.strip_suffix('/').unwrap_or(rest);
    let (host, port) = match host_port.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (host_port, None),
    };
    let host_ok = !host.is_empty()
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    let port_ok =
        port.is_none_or(|p| !p.is_empty() && p.len() <= 5 && p.parse::<u16>().is_ok_and(|n| n > 0));
    if host_ok && port_ok {
        Ok(format!("{scheme}://{host_port}"))
    } else {
        Err(invalid())
    }
}

/// A client of one tenant's database-connection endpoints.
#[derive(Clone, Debug, PartialEq)]
pub struct DbConnections {
    base_url: String,
    client_id: String,
    timeout_ms: u32,
}

impl DbConnections {
    /// A client for `domain` (see [`base_url`]) and `client_id`.
    pub fn new(domain: &str, client_id: &str) -> Result<Self, ConfigError> {
        if client_id.trim().is_empty() {
            return Err(ConfigError::MissingClientId);
        }
        Ok(DbConnections::with_base_url(&base_url(domain)?, client_id))
    }

    /// A client for a tenant behind a path prefix (a proxy, or the
    /// emulator's failure routes in tests). `base` is used unchecked.
    pub fn with_base_url(base: &str, client_id: &str) -> Self {
        DbConnections {
            base_url: base.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }

    /// Abandons requests after `timeout_ms` milliseconds.
    pub fn with_timeout(mut self, timeout_ms: u32) -> Self {
        self.timeout_ms = timeout_ms.max(1);
        self
    }

    /// The application's client ID.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// `POST` here to sign up.
    pub fn signup_url(&self) -> String {
        format!("{}{}", self.base_url, wire::SIGNUP_PATH)
    }

    /// `POST` here to ask for a reset email.
    pub fn change_password_url(&self) -> String {
        format!("{}{}", self.base_url, wire::CHANGE_PASSWORD_PATH)
    }

    /// Sends `request`: `POST /dbconnections/signup` (the created user
    /// comes back) or `POST /dbconnections/change_password` (success is a
    /// `text/html` sentence, not JSON: any 2xx counts). One path for both.
    #[cfg(target_arch = "wasm32")]
    pub async fn send(&self, request: &Request) -> Result<Option<SignupSuccess>, ApiError> {
        let (url, body) = match request {
            Request::Signup(signup) => (self.signup_url(), signup.to_json(&self.client_id)),
            Request::ChangePassword(change) => {
                (self.change_password_url(), change.to_json(&self.client_id))
            }
        };
        let response = fetch::post_json(&url, &body, self.timeout_ms).await?;
        if !response.ok() {
            return Err(normalize_error(
                response.status,
                &response.body,
                response.retry_after,
            ));
        }
        match request {
            Request::ChangePassword(_) => Ok(None),
            Request::Signup(_) => {
                SignupSuccess::parse(&response.body)
                    .map(Some)
                    .ok_or(ApiError::UnexpectedResponse {
                        status: response.status,
                    })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_hosts_get_https_and_origins_are_kept() {
        assert_eq!(
            base_url("tenant.example.com").unwrap(),
            "https://tenant.example.com"
        );
        assert_eq!(
            base_url(" tenant.eu.auth0.com ").unwrap(),
            "https://tenant.eu.auth0.com"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8787").unwrap(),
            "http://127.0.0.1:8787"
        );
        assert_eq!(
            base_url("https://login.example.com/").unwrap(),
            "https://login.example.com"
        );
        assert_eq!(
            base_url("localhost:8787").unwrap(),
            "https://localhost:8787"
        );
    }

    #[test]
    fn anything_else_is_a_configuration_error() {
        for bad in [
            "",
            "ftp://tenant.example.com",
            "https://tenant.example.com/path",
            "tenant example.com",
            "https://",
            "tenant.example.com:99999",
            "tenant.example.com:",
            "javascript:alert(1)",
            "https://user@tenant.example.com",
            "tenant..example.com",
        ] {
            assert_eq!(
                base_url(bad),
                Err(ConfigError::InvalidDomain(bad.to_owned())),
                "{bad:?}"
            );
        }
        assert_eq!(
            DbConnections::new("tenant.example.com", " "),
            Err(ConfigError::MissingClientId)
        );
    }

    #[test]
    fn endpoint_urls() {
        let client = DbConnections::new("http://127.0.0.1:8787", "abc").unwrap();
        assert_eq!(
            client.signup_url(),
            "http://127.0.0.1:8787/dbconnections/signup"
        );
        assert_eq!(
            client.change_password_url(),
            "http://127.0.0.1:8787/dbconnections/change_password"
        );
        let prefixed = DbConnections::with_base_url("http://127.0.0.1:1/test/html502/", "abc");
        assert_eq!(
            prefixed.signup_url(),
            "http://127.0.0.1:1/test/html502/dbconnections/signup"
        );
    }
}
