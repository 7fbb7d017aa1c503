//! Messages with a number. A text that counts something holds one form per
//! CLDR plural category its language needs ("1 минуту", "3 минуты", "5
//! минут"), and the count chooses among them. The category comes from the
//! browser's own `Intl.PluralRules` in the browser, so no plural rules ship
//! in the wasm, and from the `intl_pluralrules` crate natively (server
//! rendering, tests): both are CLDR's rules.
//!
//! A text with forms is stored as one string, `category␟text␞category␟text`
//! (the ASCII unit and record separators, which no shown text contains), so
//! that a [`Dictionary`](super::Dictionary) stays a list of texts. A text
//! without separators is the same for every count: what a
//! `languageDictionary` override written for Lock gives.

/// The CLDR plural categories, as language files name them.
pub const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// Between a category and its text.
const UNIT: char = '\u{1f}';
/// After each form.
const RECORD: char = '\u{1e}';

/// A text with a form per category, written `forms!("one": "…", "other":
/// "…")`, as a `&'static str` (the built-in English).
macro_rules! forms {
    ($($category:literal: $text:literal),+ $(,)?) => {
        concat!($($category, "\u{1f}", $text, "\u{1e}"),+)
    };
}
pub(crate) use forms;

/// `forms` (category, text) stored as one text; `None` when a category is
/// not CLDR's, a text holds a separator, or there is no `other`.
pub fn encode<'a>(forms: impl IntoIterator<Item = (&'a str, &'a str)>) -> Option<String> {
    let mut stored = String::new();
    for (category, text) in forms {
        if !CATEGORIES.contains(&category) || text.contains([UNIT, RECORD]) {
            return None;
        }
        stored += category;
        stored.push(UNIT);
        stored += text;
        stored.push(RECORD);
    }
    let has_other = forms_of(&stored).any(|(category, _)| category == "other");
    has_other.then_some(stored)
}

/// The (category, text) pairs of a stored text; empty for a plain text.
pub fn forms_of(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.split(RECORD).filter_map(|form| form.split_once(UNIT))
}

/// The form of `text` for `category`: its own, else `other`; a plain text
/// is its own form for every count.
pub fn form<'a>(text: &'a str, category: &str) -> &'a str {
    let mut other = None;
    for (name, form) in forms_of(text) {
        if name == category {
            return form;
        }
        if name == "other" {
            other = Some(form);
        }
    }
    other.unwrap_or(text)
}

/// The CLDR plural category of the whole number `n` in `language` (a BCP 47
/// code); `other` when the language is unknown.
#[cfg(target_arch = "wasm32")]
pub fn category(language: &str, n: usize) -> &'static str {
    use wasm_bindgen::prelude::wasm_bindgen;
    // The category's index in CATEGORIES (a number crosses more cheaply
    // than a string); 5, `other`, for a language the browser does not know.
    #[wasm_bindgen(inline_js = r#"
export function pluralCategory(language, n) {
  try {
    return ["zero", "one", "two", "few", "many"].indexOf(new Intl.PluralRules(language).select(n)) >>> 0;
  } catch (_) {
    return 5;
  }
}"#)]
    extern "C" {
        #[wasm_bindgen(js_name = pluralCategory)]
        fn plural_category(language: &str, n: f64) -> u32;
    }
    CATEGORIES
        .get(plural_category(language, n as f64) as usize)
        .unwrap_or(&"other")
}

/// The CLDR plural category of the whole number `n` in `language` (a BCP 47
/// code, tried whole and then as its first subtag); `other` when the
/// language is unknown.
#[cfg(not(target_arch = "wasm32"))]
pub fn category(language: &str, n: usize) -> &'static str {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let primary = language.split('-').next().unwrap_or(language);
    let rules = [language, primary].into_iter().find_map(|code| {
        let id: unic_langid::LanguageIdentifier = code.parse().ok()?;
        PluralRules::create(id, PluralRuleType::CARDINAL).ok()
    });
    let Some(rules) = rules else {
        return "other";
    };
    match rules.select(n) {
        // CLDR 42 folded Hebrew's `many` into `other`, as browsers now
        // apply it; the crate's rules are older.
        Ok(PluralCategory::MANY) if primary == "he" => "other",
        Ok(PluralCategory::ZERO) => "zero",
        Ok(PluralCategory::ONE) => "one",
        Ok(PluralCategory::TWO) => "two",
        Ok(PluralCategory::FEW) => "few",
        Ok(PluralCategory::MANY) => "many",
        _ => "other",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_chooses_its_form_and_a_plain_text_serves_every_count() {
        let russian = encode([
            ("one", "{n} минуту"),
            ("few", "{n} минуты"),
            ("many", "{n} минут"),
            ("other", "{n} минуты"),
        ])
        .unwrap();
        let pick = |n| form(&russian, category("ru", n)).replace("{n}", &n.to_string());
        assert_eq!(pick(1), "1 минуту");
        assert_eq!(pick(3), "3 минуты");
        assert_eq!(pick(5), "5 минут");
        assert_eq!(pick(21), "21 минуту");
        assert_eq!(
            form(&russian, "two"),
            "{n} минуты",
            "a missing category falls back to other"
        );
        assert_eq!(form("{n} minutes", "one"), "{n} minutes");
        assert_eq!(form(forms!("one": "a", "other": "b"), "other"), "b");
    }

    #[test]
    fn categories_are_cldrs() {
        let arabic: Vec<&str> = [0, 1, 2, 3, 11, 100]
            .iter()
            .map(|&n| category("ar", n))
            .collect();
        assert_eq!(arabic, ["zero", "one", "two", "few", "many", "other"]);
        assert_eq!(category("pl", 22), "few");
        assert_eq!(category("pl", 25), "many");
        assert_eq!(category("pt-BR", 0), "one");
        assert_eq!(category("ja", 1), "other");
        assert_eq!(category("not a language", 1), "other");
    }

    #[test]
    fn a_malformed_set_of_forms_is_refused() {
        assert_eq!(encode([("one", "a")]), None, "no other");
        assert_eq!(encode([("several", "a"), ("other", "b")]), None);
        assert_eq!(encode([("other", "a\u{1e}b")]), None);
    }
}
