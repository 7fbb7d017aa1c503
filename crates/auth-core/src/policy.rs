//! Auth0's password-policy presets (none, low, fair, good, excellent), a
//! connection's `min_length` override and the 72-byte maximum, evaluated rule
//! by rule so that a form can show a live checklist and a server can report
//! each rule in its `invalid_password` description.

use std::fmt;

/// Longest password, in UTF-8 bytes, that bcrypt-style stores accept.
pub const MAX_PASSWORD_BYTES: usize = 72;

/// Characters counted as "special": the OWASP list of printable
/// non-alphanumerics, space included.
pub const SPECIAL_CHARACTERS: &str = " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/// One of Auth0's password-strength presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum PolicyLevel {
    None,
    Low,
    Fair,
    #[default]
    Good,
    Excellent,
}

impl PolicyLevel {
    pub const ALL: [PolicyLevel; 5] = [
        PolicyLevel::None,
        PolicyLevel::Low,
        PolicyLevel::Fair,
        PolicyLevel::Good,
        PolicyLevel::Excellent,
    ];

    /// The name used on the wire and in configuration (`"good"`).
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyLevel::None => "none",
            PolicyLevel::Low => "low",
            PolicyLevel::Fair => "fair",
            PolicyLevel::Good => "good",
            PolicyLevel::Excellent => "excellent",
        }
    }

    /// Parses a wire/config name; `None` for anything unknown.
    pub fn parse(name: &str) -> Option<PolicyLevel> {
        PolicyLevel::ALL
            .into_iter()
            .find(|level| level.as_str() == name)
    }

    /// The preset's minimum length in characters.
    pub fn default_min_length(self) -> usize {
        match self {
            PolicyLevel::None => 1,
            PolicyLevel::Low => 6,
            PolicyLevel::Fair | PolicyLevel::Good => 8,
            PolicyLevel::Excellent => 10,
        }
    }
}

impl fmt::Display for PolicyLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A connection's password policy: a preset plus an optional minimum length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct PasswordPolicy {
    pub level: PolicyLevel,
    /// Overrides the preset's minimum length (1 to 72).
    pub min_length: Option<usize>,
}

/// A character class a policy can ask for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    LowerCase,
    UpperCase,
    Numbers,
    SpecialCharacters,
}

impl CharClass {
    pub const ALL: [CharClass; 4] = [
        CharClass::LowerCase,
        CharClass::UpperCase,
        CharClass::Numbers,
        CharClass::SpecialCharacters,
    ];

    /// The code Auth0 uses for the class in a rule's `items`.
    pub fn code(self) -> &'static str {
        match self {
            CharClass::LowerCase => "lowerCase",
            CharClass::UpperCase => "upperCase",
            CharClass::Numbers => "numbers",
            CharClass::SpecialCharacters => "specialCharacters",
        }
    }

    pub fn matches(self, c: char) -> bool {
        match self {
            CharClass::LowerCase => c.is_ascii_lowercase(),
            CharClass::UpperCase => c.is_ascii_uppercase(),
            CharClass::Numbers => c.is_ascii_digit(),
            CharClass::SpecialCharacters => SPECIAL_CHARACTERS.contains(c),
        }
    }
}

/// What a rule checks; the codes match those of Auth0's rule descriptions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleCode {
    /// At least `n` characters.
    LengthAtLeast(usize),
    /// At most 72 bytes (not an Auth0 rule code; reported as `lengthAtMost`).
    LengthAtMost(usize),
    /// All of the listed classes (policy `fair`).
    ShouldContain,
    /// At least `n` of the four classes (policies `good` and `excellent`).
    ContainsAtLeast(usize),
    /// No more than `n` identical characters in a row (policy `excellent`).
    IdenticalChars(usize),
}

impl RuleCode {
    pub fn code(self) -> &'static str {
        match self {
            RuleCode::LengthAtLeast(_) => "lengthAtLeast",
            RuleCode::LengthAtMost(_) => "lengthAtMost",
            RuleCode::ShouldContain => "shouldContain",
            RuleCode::ContainsAtLeast(_) => "containsAtLeast",
            RuleCode::IdenticalChars(_) => "identicalChars",
        }
    }
}

/// One rule and whether the password meets it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub code: RuleCode,
    pub verified: bool,
    /// For class rules: each class and whether the password has it.
    pub items: Vec<(CharClass, bool)>,
}

/// The result of evaluating a password against a policy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PolicyReport {
    pub rules: Vec<Rule>,
}

impl PolicyReport {
    /// True when every rule is met.
    pub fn is_ok(&self) -> bool {
        self.rules.iter().all(|rule| rule.verified)
    }

    /// The rules a checklist shows while a person types: every rule of the
    /// policy, plus the byte maximum only once it is exceeded.
    pub fn checklist(&self) -> impl Iterator<Item = &Rule> {
        self.rules
            .iter()
            .filter(|rule| !matches!(rule.code, RuleCode::LengthAtMost(_)) || !rule.verified)
    }
}

impl PasswordPolicy {
    pub fn new(level: PolicyLevel) -> Self {
        PasswordPolicy {
            level,
            min_length: None,
        }
    }

    pub fn with_min_length(mut self, min_length: usize) -> Self {
        self.min_length = Some(min_length);
        self
    }

    /// The effective minimum length in characters.
    pub fn min_length(&self) -> usize {
        self.min_length
            .unwrap_or_else(|| self.level.default_min_length())
            .clamp(1, MAX_PASSWORD_BYTES)
    }

    /// Evaluates `password` rule by rule.
    pub fn evaluate(&self, password: &str) -> PolicyReport {
        let length = password.chars().count();
        let classes: Vec<(CharClass, bool)> = CharClass::ALL
            .into_iter()
            .map(|class| (class, password.chars().any(|c| class.matches(c))))
            .collect();
        let mut rules = vec![Rule {
            code: RuleCode::LengthAtLeast(self.min_length()),
            verified: length >= self.min_length(),
            items: Vec::new(),
        }];
        match self.level {
            PolicyLevel::None | PolicyLevel::Low => {}
            PolicyLevel::Fair => {
                let items: Vec<_> = classes
                    .iter()
                    .copied()
                    .filter(|(class, _)| *class != CharClass::SpecialCharacters)
                    .collect();
                rules.push(Rule {
                    code: RuleCode::ShouldContain,
                    verified: items.iter().all(|(_, has)| *has),
                    items,
                });
            }
            PolicyLevel::Good | PolicyLevel::Excellent => {
                let present = classes.iter().filter(|(_, has)| *has).count();
                rules.push(Rule {
                    code: RuleCode::ContainsAtLeast(3),
                    verified: present >= 3,
                    items: classes.clone(),
                });
            }
        }
        if self.level == PolicyLevel::Excellent {
            rules.push(Rule {
                code: RuleCode::IdenticalChars(2),
                verified: longest_run(password) <= 2,
                items: Vec::new(),
            });
        }
        rules.push(Rule {
            code: RuleCode::LengthAtMost(MAX_PASSWORD_BYTES),
            verified: password.len() <= MAX_PASSWORD_BYTES,
            items: Vec::new(),
        });
        PolicyReport { rules }
    }
}

/// Length of the longest run of one repeated character.
fn longest_run(text: &str) -> usize {
    let mut longest = 0;
    let mut run = 0;
    let mut previous = None;
    for c in text.chars() {
        run = if Some(c) == previous { run + 1 } else { 1 };
        previous = Some(c);
        longest = longest.max(run);
    }
    longest
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(level: PolicyLevel, password: &str) -> bool {
        PasswordPolicy::new(level).evaluate(password).is_ok()
    }

    fn failing(level: PolicyLevel, password: &str) -> Vec<&'static str> {
        PasswordPolicy::new(level)
            .evaluate(password)
            .rules
            .into_iter()
            .filter(|rule| !rule.verified)
            .map(|rule| rule.code.code())
            .collect()
    }

    #[test]
    fn none_accepts_any_non_empty_password() {
        assert!(ok(PolicyLevel::None, "a"));
        assert!(!ok(PolicyLevel::None, ""));
    }

    #[test]
    fn low_needs_six_characters() {
        assert!(!ok(PolicyLevel::Low, "abcde"));
        assert!(ok(PolicyLevel::Low, "abcdef"));
    }

    #[test]
    fn fair_needs_lower_upper_and_digit() {
        assert_eq!(failing(PolicyLevel::Fair, "abcdefgh"), ["shouldContain"]);
        assert_eq!(failing(PolicyLevel::Fair, "abcdEFGH"), ["shouldContain"]);
        assert!(ok(PolicyLevel::Fair, "abcdEF12"));
        assert_eq!(failing(PolicyLevel::Fair, "aB1"), ["lengthAtLeast"]);
        // Special characters do not stand in for a missing digit.
        assert_eq!(failing(PolicyLevel::Fair, "abcdEF!!"), ["shouldContain"]);
    }

    #[test]
    fn good_needs_three_of_four_classes() {
        assert_eq!(failing(PolicyLevel::Good, "abcdEFGH"), ["containsAtLeast"]);
        assert!(ok(PolicyLevel::Good, "abcdEF12"));
        assert!(ok(PolicyLevel::Good, "abcd 12!"), "space counts as special");
        assert!(ok(PolicyLevel::Good, "ABCD12!?"));
        assert_eq!(failing(PolicyLevel::Good, "aB1!"), ["lengthAtLeast"]);
    }

    #[test]
    fn excellent_needs_ten_and_no_triple_characters() {
        assert_eq!(
            failing(PolicyLevel::Excellent, "abcdEF12!"),
            ["lengthAtLeast"]
        );
        assert!(ok(PolicyLevel::Excellent, "abcdEF12!x"));
        assert!(
            ok(PolicyLevel::Excellent, "aabbEF12!x"),
            "two in a row is allowed"
        );
        assert_eq!(
            failing(PolicyLevel::Excellent, "aaabEF12!x"),
            ["identicalChars"]
        );
    }

    #[test]
    fn min_length_overrides_the_preset() {
        let policy = PasswordPolicy::new(PolicyLevel::Low).with_min_length(12);
        assert!(!policy.evaluate("abcdefghijk").is_ok());
        assert!(policy.evaluate("abcdefghijkl").is_ok());
        let policy = PasswordPolicy::new(PolicyLevel::Good).with_min_length(4);
        assert!(policy.evaluate("aB1!").is_ok());
    }

    #[test]
    fn seventy_two_bytes_is_the_maximum() {
        let policy = PasswordPolicy::new(PolicyLevel::None);
        assert!(policy.evaluate(&"a".repeat(72)).is_ok());
        let report = policy.evaluate(&"a".repeat(73));
        assert!(!report.is_ok());
        assert_eq!(
            report.checklist().count(),
            2,
            "the maximum shows once exceeded"
        );
        // Bytes, not characters: 25 three-byte characters are 75 bytes.
        assert!(!policy.evaluate(&"€".repeat(25)).is_ok());
        assert_eq!(policy.evaluate("a").checklist().count(), 1);
    }

    #[test]
    fn classes_report_each_item() {
        let report = PasswordPolicy::new(PolicyLevel::Good).evaluate("ab1");
        let classes = &report.rules[1].items;
        assert_eq!(
            classes
                .iter()
                .map(|(c, has)| (c.code(), *has))
                .collect::<Vec<_>>(),
            [
                ("lowerCase", true),
                ("upperCase", false),
                ("numbers", true),
                ("specialCharacters", false)
            ]
        );
    }

    #[test]
    fn levels_round_trip_by_name() {
        for level in PolicyLevel::ALL {
            assert_eq!(PolicyLevel::parse(level.as_str()), Some(level));
        }
        assert_eq!(PolicyLevel::parse("strong"), None);
    }
}
