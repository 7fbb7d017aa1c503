//! Username rules for connections that require one.

/// Default bounds of a username's length.
pub const DEFAULT_MIN: usize = 1;
pub const DEFAULT_MAX: usize = 15;

/// Punctuation allowed besides ASCII letters and digits.
pub const ALLOWED_PUNCTUATION: &str = "_+-.!#$^`~@'";

/// Why a username was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UsernameError {
    TooShort(usize),
    TooLong(usize),
    /// A character outside letters, digits and [`ALLOWED_PUNCTUATION`].
    InvalidCharacters,
}

/// Checks a username against length bounds and the allowed characters.
pub fn validate(username: &str, min: usize, max: usize) -> Result<(), UsernameError> {
    let length = username.chars().count();
    if length < min.max(1) {
        return Err(UsernameError::TooShort(min.max(1)));
    }
    if length > max {
        return Err(UsernameError::TooLong(max));
    }
    if !username
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || ALLOWED_PUNCTUATION.contains(c))
    {
        return Err(UsernameError::InvalidCharacters);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_and_characters() {
        assert_eq!(validate("jane_doe", 1, 15), Ok(()));
        assert_eq!(validate("o'neil.x+y~z", 1, 15), Ok(()));
        assert_eq!(validate("", 1, 15), Err(UsernameError::TooShort(1)));
        assert_eq!(validate("ab", 3, 15), Err(UsernameError::TooShort(3)));
        assert_eq!(
            validate(&"a".repeat(16), 1, 15),
            Err(UsernameError::TooLong(15))
        );
        assert_eq!(
            validate("jane doe", 1, 15),
            Err(UsernameError::InvalidCharacters)
        );
        assert_eq!(
            validate("jané", 1, 15),
            Err(UsernameError::InvalidCharacters)
        );
        assert_eq!(
            validate("a/b", 1, 15),
            Err(UsernameError::InvalidCharacters)
        );
    }
}
