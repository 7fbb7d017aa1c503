//! A sane email syntax check (no regex crate) and the normal form used for
//! uniqueness. It accepts what people type and what mail servers deliver to,
//! and rejects what is plainly not an address; the tenant has the last word.

/// Longest address accepted (RFC 5321 path limit).
pub const MAX_EMAIL_LENGTH: usize = 254;

/// Why an address was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EmailError {
    Empty,
    TooLong,
    /// No `@`, or something else that is not `local@domain.tld`.
    Invalid,
}

/// Checks the syntax of an email address (after trimming).
pub fn validate(address: &str) -> Result<(), EmailError> {
    let address = address.trim();
    if address.is_empty() {
        return Err(EmailError::Empty);
    }
    if address.len() > MAX_EMAIL_LENGTH {
        return Err(EmailError::TooLong);
    }
    let (local, domain) = address.rsplit_once('@').ok_or(EmailError::Invalid)?;
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| !c.is_whitespace() && !c.is_control() && !"@<>()[]\\,;:\"".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
        && labels.last().is_some_and(|tld| {
            tld.chars().count() >= 2 && !tld.chars().all(|c| c.is_ascii_digit())
        });
    if local_ok && domain_ok {
        Ok(())
    } else {
        Err(EmailError::Invalid)
    }
}

/// The form used to compare addresses: trimmed and lower-cased.
pub fn normalize(address: &str) -> String {
    address.trim().to_lowercase()
}

/// The part before the `@` (for personal-data checks).
pub fn local_part(address: &str) -> &str {
    address.rsplit_once('@').map_or(address, |(local, _)| local)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_addresses() {
        for ok in [
            "a@b.co",
            "jane.doe+tag@example.com",
            "  padded@example.org ",
            "o'brien@sub.example.co.uk",
            "user@xn--bcher-kva.example",
            "ünïcode@exämple.de",
        ] {
            assert_eq!(validate(ok), Ok(()), "{ok}");
        }
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        assert_eq!(validate(""), Err(EmailError::Empty));
        assert_eq!(validate("   "), Err(EmailError::Empty));
        for bad in [
            "plain",
            "@example.com",
            "a@",
            "a@b",
            "a@b.",
            "a@.com",
            "a b@example.com",
            "a@exa mple.com",
            "a..b@example.com",
            ".a@example.com",
            "a@-example.com",
            "a@example.c",
            "a@1.2.3.4",
            "a@b@c.com",
        ] {
            assert_eq!(validate(bad), Err(EmailError::Invalid), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(validate(&long), Err(EmailError::TooLong));
    }

    #[test]
    fn normal_form_ignores_case_and_padding() {
        assert_eq!(normalize("  Jane.Doe@Example.COM "), "jane.doe@example.com");
        assert_eq!(local_part("jane@example.com"), "jane");
    }
}
