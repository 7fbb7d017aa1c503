//! One account per email address, however it is written: the address is
//! reduced to a canonical form before it is stored or looked up.
//!
//! - Control and format characters (zero-width spaces and joiners,
//!   direction overrides, soft hyphens, ...) are refused: they make one
//!   address look like another.
//! - The local part is NFKC-normalised and lower-cased: a decomposed `a` +
//!   U+0308 is `ä`, and fullwidth `ｊａｎｅ` is `jane`.
//! - The domain goes through IDNA (UTS 46) to its ASCII form: `BÜCHER.example`
//!   and `xn--bcher-kva.example` are one domain.

use unicode_normalization::UnicodeNormalization;

/// Why an address cannot be an account's identity.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdentityError {
    InvisibleCharacters,
    BadDomain,
}

impl IdentityError {
    /// The message for `invalid_signup` / `bad.email`.
    pub fn message(self) -> &'static str {
        match self {
            IdentityError::InvisibleCharacters => {
                "The email address contains invisible or control characters"
            }
            IdentityError::BadDomain => "The email address's domain is not a valid domain name",
        }
    }
}

/// Unicode's format characters (general category Cf).
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{600}'..='\u{605}' | '\u{61C}' | '\u{6DD}' | '\u{70F}' | '\u{890}'..='\u{891}'
        | '\u{8E2}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{110BD}' | '\u{110CD}' | '\u{13430}'..='\u{1343F}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0001}' | '\u{E0020}'..='\u{E007F}')
}

/// The canonical form of an (already syntax-checked) address.
pub fn canonical_email(address: &str) -> Result<String, IdentityError> {
    let address = address.trim();
    if address.chars().any(|c| c.is_control() || is_format(c)) {
        return Err(IdentityError::InvisibleCharacters);
    }
    let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
    let local: String = local
        .nfkc()
        .collect::<String>()
        .to_lowercase()
        .nfc()
        .collect();
    let domain = idna::domain_to_ascii_strict(domain).map_err(|_| IdentityError::BadDomain)?;
    if domain.is_empty() {
        return Err(IdentityError::BadDomain);
    }
    Ok(format!("{local}@{domain}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_address_one_form() {
        let composed = canonical_email("J\u{e4}ne@Example.COM").unwrap();
        assert_eq!(composed, "j\u{e4}ne@example.com");
        assert_eq!(
            canonical_email(" ja\u{308}ne@example.com ").unwrap(),
            composed
        );
        assert_eq!(
            canonical_email("\u{ff2a}\u{e4}ne@example.com").unwrap(),
            composed,
            "fullwidth J"
        );
        assert_eq!(
            canonical_email("jane@B\u{dc}CHER.example").unwrap(),
            "jane@xn--bcher-kva.example"
        );
        assert_eq!(
            canonical_email("jane@xn--bcher-kva.example").unwrap(),
            "jane@xn--bcher-kva.example"
        );
        assert_eq!(
            canonical_email("jane@\u{ff45}xample.com").unwrap(),
            "jane@example.com",
            "fullwidth domain"
        );
        for hidden in [
            "ja\u{200b}ne@example.com",
            "jane\u{202e}@example.com",
            "jane@exa\u{ad}mple.com",
            "ja\u{7}ne@example.com",
        ] {
            assert_eq!(
                canonical_email(hidden),
                Err(IdentityError::InvisibleCharacters),
                "{hidden:?}"
            );
        }
        assert_eq!(
            canonical_email("jane@exa mple.com"),
            Err(IdentityError::BadDomain)
        );
    }
}
