//! The tenant's configuration: clients and database connections, from TOML.
//! An embedded default (`default.toml`) lets the emulator start with no
//! arguments.

use auth_core::{PasswordPolicy, PolicyLevel};
use serde::Deserialize;
use std::path::Path;

pub const DEFAULT_CONFIG: &str = include_str!("default.toml");

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    #[serde(default, rename = "clients")]
    pub clients: Vec<Client>,
    #[serde(default, rename = "connections")]
    pub connections: Vec<Connection>,
    #[serde(default)]
    pub rate_limits: RateLimits,
    /// Base URL put in reset links; by default the `Host` the request came to.
    #[serde(default)]
    pub public_url: Option<String>,
    /// A bearer token for the Management API (`/api/v2/...`). Without it,
    /// only tokens from the client-credentials grant open it.
    #[serde(default)]
    pub management_token: Option<String>,
    /// The verification and change-password emails.
    #[serde(default)]
    pub email_templates: crate::templates::TemplatesConfig,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Client {
    pub client_id: String,
    #[serde(default = "default_client_name")]
    pub name: String,
    /// Origins that get CORS headers (e.g. `http://127.0.0.1:8080`).
    #[serde(default)]
    pub allowed_origins: Vec<String>,
    /// Names of the connections enabled for this client.
    pub connections: Vec<String>,
    /// With a secret, the client may use the client-credentials grant to
    /// get a Management API token.
    #[serde(default)]
    pub client_secret: Option<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Connection {
    pub name: String,
    /// none | low | fair | good | excellent
    #[serde(default = "default_policy")]
    pub password_policy: String,
    /// Overrides the policy's minimum length (1 to 72).
    #[serde(default)]
    pub min_length: Option<usize>,
    #[serde(default)]
    pub requires_username: bool,
    #[serde(default = "default_username_min")]
    pub username_min: usize,
    #[serde(default = "default_username_max")]
    pub username_max: usize,
    /// Reject the built-in list of common passwords (and `dictionary_extra`).
    #[serde(default = "yes")]
    pub dictionary: bool,
    #[serde(default)]
    pub dictionary_extra: Vec<String>,
    /// Reject passwords that contain the email's local part, username or names.
    #[serde(default = "yes")]
    pub personal_data: bool,
    /// How many previous passwords a reset may not reuse (0 to 24).
    #[serde(default = "default_history")]
    pub history_size: usize,
    /// How long a reset link works, in seconds.
    #[serde(default = "default_reset_lifetime")]
    pub reset_url_lifetime_secs: u64,
    #[serde(default = "yes")]
    pub show_signup: bool,
    #[serde(default = "yes")]
    pub show_forgot: bool,
    /// Passwords treated as found in a breach (`password_leaked`).
    #[serde(default)]
    pub breached_passwords: Vec<String>,
    /// Email domains that belong to an enterprise identity provider: a reset
    /// for them answers `enterprise_email`.
    #[serde(default)]
    pub enterprise_domains: Vec<String>,
    /// Emulates a pre-registration hook that denies emails of these domains
    /// (`hook_error`, with `signup_hook_message` as description).
    #[serde(default)]
    pub signup_hook_denied_domains: Vec<String>,
    #[serde(default = "default_hook_message")]
    pub signup_hook_message: String,
    /// Emulates a tenant rule that refuses emails of these domains
    /// (`invalid_signup`).
    #[serde(default)]
    pub signup_denied_domains: Vec<String>,
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimits {
    /// Requests per window for one (connection, email) on change_password.
    #[serde(default = "default_per_email")]
    pub change_password_per_email: u32,
    /// Requests per window from one client IP on the dbconnections endpoints.
    #[serde(default = "default_per_ip")]
    pub per_ip: u32,
    #[serde(default = "default_window")]
    pub window_secs: u64,
    /// Failed token requests for one user before it is throttled.
    #[serde(default = "default_login_failures")]
    pub login_failures: u32,
}

impl Default for RateLimits {
    fn default() -> Self {
        RateLimits {
            change_password_per_email: default_per_email(),
            per_ip: default_per_ip(),
            window_secs: default_window(),
            login_failures: default_login_failures(),
        }
    }
}

fn default_client_name() -> String {
    "Application".into()
}
fn default_policy() -> String {
    "good".into()
}
fn default_username_min() -> usize {
    auth_core::username::DEFAULT_MIN
}
fn default_username_max() -> usize {
    auth_core::username::DEFAULT_MAX
}
fn yes() -> bool {
    true
}
fn default_history() -> usize {
    5
}
fn default_reset_lifetime() -> u64 {
    5 * 24 * 3600
}
fn default_hook_message() -> String {
    "Sign-ups from this domain are not allowed".into()
}
fn default_per_email() -> u32 {
    5
}
fn default_per_ip() -> u32 {
    100
}
fn default_window() -> u64 {
    3600
}
fn default_login_failures() -> u32 {
    10
}

#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "configuration: {}", self.0)
    }
}

impl std::error::Error for ConfigError {}

impl Config {
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError(e.to_string()))?;
        config.validate()?;
        Ok(config)
    }

    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| ConfigError(format!("cannot read {}: {e}", path.display())))?;
        Config::parse(&text)
    }

    pub fn embedded_default() -> Config {
        Config::parse(DEFAULT_CONFIG).expect("the embedded default configuration is valid")
    }

    fn validate(&self) -> Result<(), ConfigError> {
        for connection in &self.connections {
            if PolicyLevel::parse(&connection.password_policy).is_none() {
                return Err(ConfigError(format!(
                    "connection {:?}: password_policy must be none, low, fair, good or excellent",
                    connection.name
                )));
            }
            if let Some(min) = connection.min_length {
                if !(1..=72).contains(&min) {
                    return Err(ConfigError(format!(
                        "connection {:?}: min_length must be 1 to 72",
                        connection.name
                    )));
                }
            }
            if connection.history_size > 24 {
                return Err(ConfigError(format!(
                    "connection {:?}: history_size must be 0 to 24",
                    connection.name
                )));
            }
            if connection.username_min < 1 || connection.username_min > connection.username_max {
                return Err(ConfigError(format!(
                    "connection {:?}: username_min must be at least 1 and at most username_max",
                    connection.name
                )));
            }
        }
        for kind in crate::templates::Kind::ALL {
            if let Some(changes) = self.email_templates.get(kind) {
                crate::templates::Template::default_for(kind)
                    .with(changes)
                    .map_err(|e| ConfigError(format!("email_templates.{}: {e}", kind.name())))?;
            }
        }
        for client in &self.clients {
            for name in &client.connections {
                if self.connection(name).is_none() {
                    return Err(ConfigError(format!(
                        "client {:?} enables unknown connection {name:?}",
                        client.client_id
                    )));
                }
            }
        }
        Ok(())
    }

    pub fn client(&self, client_id: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.client_id == client_id)
    }

    pub fn connection(&self, name: &str) -> Option<&Connection> {
        self.connections.iter().find(|c| c.name == name)
    }

    /// True when any client lists `origin` (used for CORS preflights, which
    /// carry no client ID).
    pub fn origin_known(&self, origin: &str) -> bool {
        self.clients
            .iter()
            .any(|c| c.allowed_origins.iter().any(|o| o == origin))
    }
}

impl Client {
    pub fn allows_origin(&self, origin: &str) -> bool {
        self.allowed_origins.iter().any(|o| o == origin)
    }
}

impl Connection {
    pub fn policy(&self) -> PasswordPolicy {
        PasswordPolicy {
            level: PolicyLevel::parse(&self.password_policy).unwrap_or_default(),
            min_length: self.min_length,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_default_has_the_demo_client() {
        let config = Config::embedded_default();
        let client = config.client("demo-client").expect("demo client");
        assert!(client.allows_origin("http://127.0.0.1:8080"));
        let connection = config
            .connection("Username-Password-Authentication")
            .unwrap();
        assert_eq!(connection.policy().level, PolicyLevel::Good);
    }

    #[test]
    fn bad_configs_are_refused_with_a_reason() {
        let err = Config::parse("[[connections]]\nname = \"c\"\npassword_policy = \"strong\"\n")
            .unwrap_err();
        assert!(err.0.contains("password_policy"), "{err}");
        let err = Config::parse("[[clients]]\nclient_id = \"a\"\nconnections = [\"nope\"]\n")
            .unwrap_err();
        assert!(err.0.contains("unknown connection"), "{err}");
        let err = Config::parse("[[clients]]\nclient_id = \"a\"\nconnections = []\ncolour = 1\n")
            .unwrap_err();
        assert!(err.0.contains("colour"), "{err}");
    }
}
