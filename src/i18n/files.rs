//! Every language file, checked against the built-in English: the same
//! keys, the same placeholders, the plural forms CLDR needs for the
//! language, the direction of its script, nothing left in English but a
//! reviewed few, and small enough to fetch on a slow link.

use super::{apply_json, plural, Strings, EN, SHIPPED};
use crate::json::{parse, Value};
use std::collections::BTreeSet;

/// Texts deliberately the same as English, (language, key), each reviewed:
/// the English word is the one its speakers use in a form.
const SAME_AS_ENGLISH: [(&str, &str); 4] = [
    ("it", "password_label"),
    ("fil", "email_label"),
    ("fil", "username_label"),
    ("fil", "password_label"),
];

/// A language file's limit, gzipped.
const MAX_GZIPPED: usize = 2048;

fn folder() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/i18n/languages")
}

fn read(code: &str) -> (String, Vec<(String, Value)>) {
    let path = folder().join(format!("{code}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match parse(&text) {
        Some(Value::Object(members)) => (text, members),
        _ => panic!("{code}.json: not a JSON object"),
    }
}

/// The `{…}` placeholders of a text, in order.
fn placeholders(text: &str) -> Vec<&str> {
    text.match_indices('{')
        .filter_map(|(at, _)| text[at..].find('}').map(|end| &text[at..=at + end]))
        .collect()
}

/// The categories CLDR gives whole numbers in `code`, and `other`.
fn needed_categories(code: &str) -> BTreeSet<String> {
    (0..=1000)
        .map(|n| plural::category(code, n).to_string())
        .chain(["other".to_string()])
        .collect()
}

/// Whether most letters of the language's texts are in a right-to-left
/// script (Hebrew, Arabic and its extensions, Syriac, Thaana, N'Ko).
fn mostly_right_to_left(members: &[(String, Value)]) -> bool {
    let letters = members
        .iter()
        .filter(|(key, _)| key != "lang" && key != "dir")
        .flat_map(|(_, value)| texts(value))
        .flat_map(|text| {
            text.chars()
                .filter(|c| c.is_alphabetic())
                .collect::<Vec<_>>()
        });
    let (rtl, all) = letters.fold((0, 0), |(rtl, all), c| {
        let right_to_left = matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FEFF}');
        (rtl + usize::from(right_to_left), all + 1)
    });
    rtl * 2 > all
}

/// The texts of a value: a string, or each plural form.
fn texts(value: &Value) -> Vec<&str> {
    match value {
        Value::String(text) => vec![text],
        Value::Object(forms) => forms.iter().filter_map(|(_, v)| v.as_str()).collect(),
        _ => vec![],
    }
}

fn gzipped_len(text: &str) -> usize {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(text.as_bytes()).unwrap();
    encoder.finish().unwrap().len()
}

/// What is wrong with one key's value, compared with English's.
fn value_problems(code: &str, key: &str, value: &Value, problems: &mut Vec<String>) {
    let english = EN.get(key).unwrap();
    let english_forms: Vec<(&str, &str)> = plural::forms_of(english).collect();
    let english_text = english_forms.last().map_or(english, |(_, text)| text);
    match value {
        Value::String(text) if english_forms.is_empty() => {
            if text.trim().is_empty() {
                problems.push(format!("{key} is empty"));
            }
            if placeholders(text) != placeholders(english) {
                problems.push(format!(
                    "{key}: placeholders {:?}, English has {:?}",
                    placeholders(text),
                    placeholders(english)
                ));
            }
            if text == english
                && !SAME_AS_ENGLISH.contains(&(code, key))
                && key != "lang"
                && key != "dir"
            {
                problems.push(format!("{key} is left in English"));
            }
        }
        Value::Object(forms) if !english_forms.is_empty() => {
            let have: BTreeSet<String> = forms.iter().map(|(c, _)| c.clone()).collect();
            let needed = needed_categories(code);
            if !needed.is_subset(&have)
                || have
                    .iter()
                    .any(|c| !plural::CATEGORIES.contains(&c.as_str()))
            {
                problems.push(format!(
                    "{key}: plural forms {have:?}, {code} needs {needed:?}"
                ));
            }
            for (category, form) in forms {
                match form.as_str() {
                    Some(text)
                        if placeholders(text) == placeholders(english_text)
                            && !text.trim().is_empty() =>
                    {
                        if english_forms.iter().any(|(_, e)| *e == text) {
                            problems.push(format!("{key}.{category} is left in English"));
                        }
                    }
                    _ => problems.push(format!(
                        "{key}.{category}: must be a text with {:?}",
                        placeholders(english_text)
                    )),
                }
            }
        }
        _ if english_forms.is_empty() => problems.push(format!("{key}: must be a string")),
        _ => problems.push(format!("{key}: must be an object of plural forms")),
    }
}

/// Every problem of one language's file.
fn file_problems(code: &str) -> Vec<String> {
    let (text, members) = read(code);
    let mut problems = Vec::new();
    let keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
    let extra: Vec<&&str> = keys.iter().filter(|k| !Strings::KEYS.contains(k)).collect();
    let missing: Vec<&&str> = Strings::KEYS.iter().filter(|k| !keys.contains(k)).collect();
    if !extra.is_empty() || !missing.is_empty() || keys.len() != Strings::KEYS.len() {
        problems.push(format!(
            "keys: missing {missing:?}, unknown {extra:?}, {} in all (English has {})",
            keys.len(),
            Strings::KEYS.len()
        ));
    }
    for (key, value) in &members {
        if Strings::KEYS.contains(&key.as_str()) {
            value_problems(code, key, value, &mut problems);
        }
    }
    let lang = members
        .iter()
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| v.as_str());
    if lang != Some(code) {
        problems.push(format!("lang is {lang:?}, the file is {code}.json"));
    }
    let dir = members
        .iter()
        .find(|(k, _)| k == "dir")
        .and_then(|(_, v)| v.as_str());
    let script_dir = if mostly_right_to_left(&members) {
        "rtl"
    } else {
        "ltr"
    };
    if dir != Some(script_dir) {
        problems.push(format!("dir is {dir:?}, its script reads {script_dir}"));
    }
    let size = gzipped_len(&text);
    if size > MAX_GZIPPED {
        problems.push(format!("{size} B gzipped, over {MAX_GZIPPED}"));
    }
    if let Err(why) = apply_json(EN.to_dictionary(), &text) {
        problems.push(format!("the widget cannot read it: {why}"));
    }
    problems
}

#[test]
fn every_language_file_is_complete_and_consistent() {
    let mut problems = Vec::new();
    for code in SHIPPED {
        problems.extend(
            file_problems(code)
                .into_iter()
                .map(|p| format!("{code}.json: {p}")),
        );
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_shipped_list_is_the_folder() {
    let mut files: Vec<String> = std::fs::read_dir(folder())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter_map(|name| name.strip_suffix(".json").map(str::to_owned))
        .collect();
    files.sort();
    assert_eq!(files, SHIPPED);
    assert!(
        SHIPPED.len() + 1 >= 50,
        "50 languages or more, English included"
    );
    for (code, key) in SAME_AS_ENGLISH {
        let (_, members) = read(code);
        let value = members
            .iter()
            .find(|(k, _)| k == key)
            .and_then(|(_, v)| v.as_str());
        assert_eq!(
            value,
            EN.get(key),
            "{code}.{key} is on the allow-list but translated: take it off"
        );
    }
}

#[test]
fn the_checks_catch_what_they_are_for() {
    // A file bent each way the checks guard against, by hand: each must be
    // caught (so that a passing run means something).
    let (_, members) = read("ru");
    let mut problems = Vec::new();
    value_problems(
        "ru",
        "username_too_short",
        &Value::String("{n}".into()),
        &mut problems,
    );
    let two_forms = crate::json::object([
        ("one", crate::json::string("{n} символ")),
        ("other", crate::json::string("{n} символов")),
    ]);
    value_problems("ru", "rule_length_at_least", &two_forms, &mut problems);
    value_problems(
        "ru",
        "email_invalid",
        &Value::String("нет {n}".into()),
        &mut problems,
    );
    value_problems(
        "ru",
        "close",
        &Value::String(EN.close.into()),
        &mut problems,
    );
    assert_eq!(problems.len(), 4, "{problems:#?}");
    assert!(problems[1].contains("few"), "{}", problems[1]);
    assert!(!mostly_right_to_left(&members));
    assert!(mostly_right_to_left(&read("he").1));
    assert_eq!(placeholders("a {n} b {x}"), ["{n}", "{x}"]);
}
