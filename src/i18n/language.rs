//! Which languages ship, the other names they answer to, and the choice of
//! one for a visitor (`language: "auto"`).

/// The languages with a file of their own, `src/i18n/languages/{code}.json`
/// in the repository, shipped beside the bundle and fetched only when
/// chosen (English is built in). BCP 47 codes, in alphabetical order.
pub const SHIPPED: [&str; 51] = [
    "af", "ar", "az", "bg", "bn", "ca", "cs", "da", "de", "el", "es", "et", "eu", "fa", "fi",
    "fil", "fr", "gl", "he", "hi", "hr", "hu", "id", "is", "it", "ja", "ko", "lt", "lv", "ms",
    "nb", "nl", "nn", "pl", "pt", "pt-BR", "ro", "ru", "sk", "sl", "sr", "sv", "sw", "ta", "th",
    "tr", "uk", "ur", "vi", "zh-CN", "zh-TW",
];

/// Other names for a shipped language: (name, language). Lock's duplicate
/// files (`no`, `ua`, `zh`) and the older codes browsers may still report
/// (`iw`, `in`, `tl`).
pub const ALIASES: [(&str, &str); 6] = [
    ("no", "nb"),
    ("ua", "uk"),
    ("zh", "zh-CN"),
    ("iw", "he"),
    ("in", "id"),
    ("tl", "fil"),
];

/// `code` as a shipped language, matched without regard to case (Lock
/// writes `pt-br`) or through an alias; `en` for English; `None` when it
/// is not shipped.
pub fn shipped(code: &str) -> Option<&'static str> {
    let same = |name: &&str| name.eq_ignore_ascii_case(code);
    if same(&"en") {
        return Some("en");
    }
    SHIPPED.iter().copied().find(same).or_else(|| {
        ALIASES
            .iter()
            .find(|(alias, _)| same(alias))
            .map(|(_, language)| *language)
    })
}

/// The best shipped language for a visitor who prefers `preferences` (as
/// `navigator.languages` lists them, first the most wanted); English when
/// none fits. Each preference is tried whole and then without its last
/// subtags (`pt-PT` → `pt`, `sr-Latn-RS` → `sr`, `en-GB` → `en`) before
/// the next is; Chinese goes by script or region, Traditional for `Hant`,
/// `TW`, `HK` and `MO`, Simplified otherwise.
pub fn best_language<'a>(preferences: impl IntoIterator<Item = &'a str>) -> &'static str {
    preferences.into_iter().find_map(best_for).unwrap_or("en")
}

/// The shipped language for one preference, if any.
fn best_for(tag: &str) -> Option<&'static str> {
    let tag = tag.trim().replace('_', "-");
    let subtags: Vec<&str> = tag.split('-').collect();
    if subtags[0].eq_ignore_ascii_case("zh") && subtags.len() > 1 {
        let traditional = subtags[1..]
            .iter()
            .any(|s| ["hant", "tw", "hk", "mo"].contains(&s.to_ascii_lowercase().as_str()));
        return Some(if traditional { "zh-TW" } else { "zh-CN" });
    }
    (1..=subtags.len())
        .rev()
        .find_map(|n| shipped(&subtags[..n].join("-")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases `language: "auto"` must pick as specified, shared with the
    /// entry module's twin of [`best_language`] (e2e/tests/examples.rs runs
    /// them in a browser).
    #[test]
    fn auto_picks_the_best_shipped_language() {
        let cases = crate::json::parse(include_str!("language-cases.json")).unwrap();
        let cases = cases.as_array().unwrap();
        assert!(cases.len() >= 20);
        for case in cases {
            let preferences: Vec<&str> = case
                .get("preferences")
                .and_then(|p| p.as_array())
                .unwrap()
                .iter()
                .map(|p| p.as_str().unwrap())
                .collect();
            let expected = case.get("expected").and_then(|e| e.as_str()).unwrap();
            assert_eq!(
                best_language(preferences.iter().copied()),
                expected,
                "{preferences:?}"
            );
        }
    }

    #[test]
    fn names_are_matched_without_case_and_through_aliases() {
        assert_eq!(shipped("zh-tw"), Some("zh-TW"));
        assert_eq!(shipped("EN"), Some("en"));
        assert_eq!(shipped("no"), Some("nb"));
        assert_eq!(shipped("xx"), None);
        assert!(
            SHIPPED.windows(2).all(|w| w[0] < w[1]),
            "sorted, no duplicates"
        );
        for (alias, language) in ALIASES {
            assert!(!SHIPPED.contains(&alias), "{alias} is a file of its own");
            assert!(SHIPPED.contains(&language), "{alias} → {language}");
        }
    }
}
