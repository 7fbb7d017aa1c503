#![cfg(not(target_arch = "wasm32"))]
//! The npm package's hand-written types (embed/auth-widget.d.ts) against the
//! runtime's own lists: the option names the options reader knows, the event
//! names `on()` takes (and the element dispatches, dashed), the dictionary
//! keys and the shipped languages (which the entry module also names, one
//! file each, for bundlers). A name added to or dropped from either side
//! alone fails here.

use auth_widget::events::{dom_event_name, EVENT_NAMES};
use auth_widget::i18n::{KEYS, SHIPPED};
use auth_widget::options::lock::KNOWN_OPTIONS;
use std::collections::BTreeSet;

const TYPES: &str = include_str!("../embed/auth-widget.d.ts");
const ENTRY: &str = include_str!("../embed/auth-widget.js");

/// The body of `export interface {name} …{ … }` (up to its closing brace at
/// the start of a line).
fn interface_body(name: &str) -> &'static str {
    let start = TYPES
        .find(&format!("export interface {name} "))
        .unwrap_or_else(|| panic!("no interface {name} in auth-widget.d.ts"));
    let body = &TYPES[start..];
    let open = body.find("{\n").expect("an interface body") + 2;
    let close = body.find("\n}").expect("the interface's end");
    &body[open..close]
}

/// The member names of an interface: its lines indented by two spaces that
/// name a member (`name?:` or `"quoted name":`), comments skipped.
fn members(name: &str) -> Vec<String> {
    interface_body(name)
        .lines()
        .filter(|line| line.starts_with("  ") && !line.starts_with("   "))
        .map(str::trim)
        .filter(|line| !line.starts_with('/') && !line.starts_with('*'))
        .filter_map(|line| line.split_once(':').map(|(key, _)| key))
        .map(|key| key.trim_end_matches('?').trim_matches('"').to_owned())
        .collect()
}

/// The string literals of `export type {name} = | "a" | "b";`.
fn union(name: &str) -> Vec<String> {
    let start = TYPES
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("no type {name} in auth-widget.d.ts"));
    let body = &TYPES[start..];
    let end = body.find(';').expect("the type's end");
    body[..end]
        .split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn set<T: AsRef<str>>(names: &[T]) -> BTreeSet<&str> {
    names.iter().map(AsRef::as_ref).collect()
}

/// Names on one side only, for the failure message.
fn differences(types: &BTreeSet<&str>, runtime: &BTreeSet<&str>) -> String {
    format!(
        "only in auth-widget.d.ts: {:?}; only in the runtime: {:?}",
        types.difference(runtime).collect::<Vec<_>>(),
        runtime.difference(types).collect::<Vec<_>>()
    )
}

#[test]
fn every_option_the_runtime_knows_is_typed_and_no_other() {
    let typed = members("AuthWidgetOptions");
    let (types, runtime) = (set(&typed), set(&KNOWN_OPTIONS));
    assert_eq!(types, runtime, "{}", differences(&types, &runtime));
    assert_eq!(typed.len(), types.len(), "an option typed twice");
}

#[test]
fn the_event_maps_are_the_runtime_event_list() {
    let typed = members("AuthWidgetEventMap");
    assert_eq!(
        typed, EVENT_NAMES,
        "AuthWidgetEventMap, in the runtime's order"
    );
    let dom: Vec<String> = EVENT_NAMES
        .iter()
        .map(|name| dom_event_name(name))
        .collect();
    assert_eq!(
        members("AuthWidgetElementEventMap"),
        dom,
        "the element's DOM events"
    );
}

#[test]
fn dictionary_keys_and_languages_are_the_runtime_lists() {
    let keys = union("LanguageDictionaryKey");
    let (types, runtime) = (set(&keys), set(KEYS));
    assert_eq!(types, runtime, "{}", differences(&types, &runtime));
    let mut languages = vec!["en"];
    languages.extend(SHIPPED);
    assert_eq!(union("AuthWidgetLanguage"), languages);
}

/// The entry module names each shipped language file literally (for
/// bundlers), as `i18n/CODE.txt` (JSON that no bundler transforms, as
/// scripts/dist ships it): all of them, and no other.
#[test]
fn the_entry_names_every_shipped_language_file() {
    let named: Vec<&str> = ENTRY
        .split("new URL(\"./i18n/")
        .skip(1)
        .map(|rest| rest.split_once(".txt\"").expect("a language file URL").0)
        .collect();
    assert_eq!(named, SHIPPED, "the language files auth-widget.js names");
}

/// The parsing above finds what it should (else the checks above could pass
/// by reading nothing).
#[test]
fn the_reader_reads_members_and_unions() {
    assert_eq!(members("PasswordRule"), ["code", "message", "verified"]);
    assert_eq!(members("AuthWidgetTheme"), ["primaryColor", "logo", "mode"]);
    assert_eq!(union("AuthWidgetScreen"), ["signUp", "forgotPassword"]);
}
