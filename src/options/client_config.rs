//! The client configuration Lock loads (`Auth0.setClient({...})` from
//! `{configurationBaseUrl}/client/{clientID}.js`): the connection's
//! password policy, minimum length, username rules and which screens it
//! offers. The script is parsed as data, never run.

use super::Options;
use crate::i18n::LoadError;
use crate::json::{parse, Value};

/// Why a client configuration could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClientConfigError {
    /// It could not be fetched.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The script is not `Auth0.setClient(...)`.
    #[error("not an Auth0.setClient(...) script")]
    NotAScript,
    /// What `Auth0.setClient` is given is not JSON.
    #[error("the client configuration is not valid JSON")]
    NotJson,
    /// It is another client's (this one's ID).
    #[error("the configuration is not for client {0:?}")]
    OtherClient(String),
    /// The client has no database connection of this name.
    #[error("the client has no database connection {0:?}")]
    NoConnection(String),
}

/// Applies the client configuration `script` to `options`.
pub fn apply_client_config(
    options: &mut Options,
    client_id: &str,
    script: &str,
) -> Result<(), ClientConfigError> {
    let client = client_json(script)?;
    if client.get("id").and_then(Value::as_str) != Some(client_id) {
        return Err(ClientConfigError::OtherClient(client_id.to_owned()));
    }
    let connection = database_connection(&client, &options.connection)
        .ok_or_else(|| ClientConfigError::NoConnection(options.connection.clone()))?;
    apply_connection(options, connection);
    Ok(())
}

/// What the script gives `Auth0.setClient`, read.
fn client_json(script: &str) -> Result<Value, ClientConfigError> {
    let json = script
        .trim()
        .strip_prefix("Auth0.setClient(")
        .and_then(|rest| {
            rest.trim_end()
                .strip_suffix(';')
                .unwrap_or(rest)
                .trim_end()
                .strip_suffix(')')
        })
        .ok_or(ClientConfigError::NotAScript)?;
    parse(json).ok_or(ClientConfigError::NotJson)
}

/// The client's database connection `name` (one of its `auth0` strategy's).
fn database_connection<'a>(client: &'a Value, name: &str) -> Option<&'a Value> {
    client
        .get("strategies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|strategy| strategy.get("name").and_then(Value::as_str) == Some("auth0"))
        .flat_map(|strategy| {
            strategy
                .get("connections")
                .and_then(Value::as_array)
                .unwrap_or_default()
        })
        .find(|c| c.get("name").and_then(Value::as_str) == Some(name))
}

/// The connection's settings, over `options`.
fn apply_connection(options: &mut Options, connection: &Value) {
    if let Some(level) = connection
        .get("passwordPolicy")
        .and_then(Value::as_str)
        .and_then(auth_core::PolicyLevel::parse)
    {
        options.password_policy.level = level;
    }
    let number = |value: Option<&Value>| value.and_then(Value::as_u64).map(|n| n as usize);
    if let Some(min) = number(
        connection
            .get("password_complexity_options")
            .and_then(|o| o.get("min_length")),
    ) {
        options.password_policy.min_length = Some(min.clamp(1, 72));
    }
    if let Some(requires) = connection.get("requires_username").and_then(Value::as_bool) {
        options.requires_username = requires;
    }
    let username = connection.get("validation").and_then(|v| v.get("username"));
    if let Some(min) = number(username.and_then(|u| u.get("min"))) {
        options.username_min = min.max(1);
    }
    if let Some(max) = number(username.and_then(|u| u.get("max"))) {
        options.username_max = max.max(options.username_min);
    }
    if connection.get("showSignup").and_then(Value::as_bool) == Some(false) {
        options.allow_sign_up = false;
    }
    if connection.get("showForgot").and_then(Value::as_bool) == Some(false) {
        options.allow_forgot_password = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn client_configuration_sets_policy_and_username_rules() {
        let script = r#"Auth0.setClient({"id":"app","strategies":[{"name":"auth0","connections":[
            {"name":"other","passwordPolicy":"none"},
            {"name":"Username-Password-Authentication","passwordPolicy":"excellent",
             "password_complexity_options":{"min_length":14},"requires_username":true,
             "validation":{"username":{"min":3,"max":20}},"showSignup":true,"showForgot":false}]}]});"#;
        let mut options = Options::default();
        apply_client_config(&mut options, "app", script).unwrap();
        assert_eq!(
            options.password_policy.level,
            auth_core::PolicyLevel::Excellent
        );
        assert_eq!(options.password_policy.min_length, Some(14));
        assert!(options.requires_username);
        assert_eq!((options.username_min, options.username_max), (3, 20));
        assert!(options.allow_sign_up && !options.allow_forgot_password);
        let mut options = Options::default();
        assert!(apply_client_config(&mut options, "other-app", script)
            .unwrap_err()
            .to_string()
            .contains("not for client"));
        assert!(apply_client_config(&mut options, "app", "alert(1)").is_err());
        options.connection = "missing".into();
        assert!(apply_client_config(&mut options, "app", script)
            .unwrap_err()
            .to_string()
            .contains("no database connection"));
    }
}
