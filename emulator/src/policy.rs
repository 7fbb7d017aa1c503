//! The server side of the password policy: the shared rule evaluator plus
//! what only a server can check (dictionary, personal data, breaches), with
//! the rule descriptions Auth0 returns in `invalid_password` errors.

use crate::config::Connection;
use auth_core::policy::{CharClass, RuleCode};
use auth_core::PasswordPolicy;
use serde_json::{json, Value};

const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

/// Why a password was refused.
pub enum PasswordProblem {
    /// `PasswordStrengthError`, with the rules description.
    Strength(Value),
    /// `PasswordDictionaryError`.
    Dictionary,
    /// `PasswordNoUserInfoError`.
    PersonalData,
    /// `password_leaked`.
    Leaked,
}

/// Checks a new password for a connection; `personal` holds the user's
/// email local part, username and names.
pub fn check(
    connection: &Connection,
    password: &str,
    personal: &[String],
) -> Result<(), PasswordProblem> {
    let report = connection.policy().evaluate(password);
    if !report.is_ok() {
        return Err(PasswordProblem::Strength(describe(
            &connection.policy(),
            password,
        )));
    }
    let lowered = password.to_lowercase();
    if connection.dictionary
        && (COMMON_PASSWORDS.lines().any(|w| w.trim() == lowered)
            || connection
                .dictionary_extra
                .iter()
                .any(|w| w.to_lowercase() == lowered))
    {
        return Err(PasswordProblem::Dictionary);
    }
    if connection.personal_data
        && personal
            .iter()
            .map(|p| p.trim().to_lowercase())
            .any(|p| p.chars().count() >= 3 && lowered.contains(&p))
    {
        return Err(PasswordProblem::PersonalData);
    }
    if connection.breached_passwords.iter().any(|b| b == password) {
        return Err(PasswordProblem::Leaked);
    }
    Ok(())
}

fn class_message(class: CharClass) -> &'static str {
    match class {
        CharClass::LowerCase => "lower case letters (a-z)",
        CharClass::UpperCase => "upper case letters (A-Z)",
        CharClass::Numbers => "numbers (i.e. 0-9)",
        CharClass::SpecialCharacters => "special characters (e.g. !@#$%^&*)",
    }
}

/// The `description` object of a `PasswordStrengthError`: every rule, with
/// `verified` telling whether the password met it.
pub fn describe(policy: &PasswordPolicy, password: &str) -> Value {
    let rules: Vec<Value> = policy
        .evaluate(password)
        .rules
        .iter()
        .map(|rule| {
            let items: Vec<Value> = rule
                .items
                .iter()
                .map(|(class, has)| json!({"code": class.code(), "message": class_message(*class), "verified": has}))
                .collect();
            let (message, format) = match rule.code {
                RuleCode::LengthAtLeast(n) => ("At least %d characters in length", json!([n])),
                RuleCode::LengthAtMost(n) => ("No more than %d bytes", json!([n])),
                RuleCode::ShouldContain => ("Should contain:", json!([])),
                RuleCode::ContainsAtLeast(n) => {
                    ("Contain at least %d of the following %d types of characters:", json!([n, items.len()]))
                }
                RuleCode::IdenticalChars(n) => (
                    "No more than %d identical characters in a row (e.g., \"%s\" not allowed)",
                    json!([n, "aaa"]),
                ),
            };
            let mut value = json!({"code": rule.code.code(), "message": message, "format": format, "verified": rule.verified});
            if !items.is_empty() {
                value["items"] = Value::Array(items);
            }
            value
        })
        .collect();
    json!({ "rules": rules })
}

/// The policy as the bulleted text Auth0 puts in the `policy` field.
pub fn policy_text(policy: &PasswordPolicy) -> String {
    describe(policy, "")["rules"]
        .as_array()
        .map(|rules| {
            rules
                .iter()
                .map(|rule| {
                    let mut message = rule["message"].as_str().unwrap_or_default().to_owned();
                    for arg in rule["format"].as_array().into_iter().flatten() {
                        let text = arg.as_str().map_or_else(|| arg.to_string(), str::to_owned);
                        message =
                            message.replacen(if arg.is_string() { "%s" } else { "%d" }, &text, 1);
                    }
                    let items: Vec<String> = rule["items"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|item| {
                            format!("\n    * {}", item["message"].as_str().unwrap_or_default())
                        })
                        .collect();
                    format!("* {message}{}", items.concat())
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use auth_core::PolicyLevel;

    #[test]
    fn policy_text_lists_rules_with_numbers_filled_in() {
        let text = policy_text(&PasswordPolicy::new(PolicyLevel::Good));
        assert!(
            text.starts_with("* At least 8 characters in length"),
            "{text}"
        );
        assert!(
            text.contains("Contain at least 3 of the following 4 types"),
            "{text}"
        );
        assert!(text.contains("    * upper case letters (A-Z)"), "{text}");
        let text = policy_text(&PasswordPolicy::new(PolicyLevel::Excellent));
        assert!(
            text.contains(
                "No more than 2 identical characters in a row (e.g., \"aaa\" not allowed)"
            ),
            "{text}"
        );
    }
}
