//! The layering the crate documentation states, kept by reading the
//! sources: a module that uses one later in [`LAYERS`] fails this test,
//! naming the file and the line.
//!
//! A use is a path through the crate root: `crate::screens`,
//! `crate::{api, screens}`, `crate::Options` (a root re-export, counted as
//! the module it comes from) or, in a module's own root file,
//! `super::screens`. Comments are skipped; cfg'd code (tests included) is
//! not.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The modules, lowest first: each may use only those before it.
/// (`auth_core`, lower still, is a crate of its own and cannot use the
/// widget at all.)
const LAYERS: [&str; 9] = [
    "json", "api", "events", "i18n", "options", "screens", "ui", "embed", "demo",
];

/// Outside the layers: test helpers any module's tests may use, and this test.
const OUTSIDE: [&str; 2] = ["testing", "layering"];

fn rank(module: &str) -> Option<usize> {
    LAYERS.iter().position(|m| *m == module)
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

/// The source without its comment lines (`//`, `///`, `//!`), which may
/// name any module without using it; line numbers are kept.
fn code(source: &str) -> String {
    source
        .lines()
        .map(|line| {
            if line.trim_start().starts_with("//") {
                ""
            } else {
                line
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn identifier(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first segment of every path after `prefix` (`crate::`), with its
/// line: `crate::screens::Key` names `screens`, `crate::{api::X, screens}` names
/// `api` and `screens`.
fn names_after(code: &str, prefix: &str) -> Vec<(usize, String)> {
    let mut names = Vec::new();
    let mut from = 0;
    while let Some(found) = code[from..].find(prefix) {
        let start = from + found;
        from = start + prefix.len();
        let before = code[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let line = code[..start].matches('\n').count() + 1;
        let rest = &code[from..];
        if let Some(group) = rest.strip_prefix('{') {
            // The first identifier of each item at the group's top level.
            let mut depth = 1;
            let mut item_start = true;
            for (i, c) in group.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 1 => break,
                    '}' => depth -= 1,
                    ',' if depth == 1 => item_start = true,
                    c if item_start && depth == 1 && !c.is_whitespace() => {
                        item_start = false;
                        names.push((line, identifier(&group[i..]).to_owned()));
                    }
                    _ => {}
                }
            }
        } else {
            names.push((line, identifier(rest).to_owned()));
        }
    }
    names
}

/// The crate root's re-exports (`pub use options::{Options, Screen};`):
/// each name, and the module it comes from.
fn root_exports(lib: &str) -> BTreeMap<String, String> {
    let mut exports = BTreeMap::new();
    for line in code(lib).lines() {
        let Some(path) = line.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, items) = path.split_once("::").expect("pub use module::item");
        let items = items.trim_end_matches(';').trim_matches(['{', '}']);
        for item in items.split(',') {
            let name = item.rsplit("::").next().unwrap().trim();
            exports.insert(name.to_owned(), module.to_owned());
        }
    }
    exports
}

/// The module a file belongs to, and whether it is that module's root file
/// (where `super::` is the crate root); `None` for the crate root itself.
fn module_of(file: &Path, src: &Path) -> Option<(String, bool)> {
    let relative = file.strip_prefix(src).unwrap();
    let mut parts = relative.iter().map(|p| p.to_str().unwrap());
    let first = parts.next().unwrap();
    match (first.strip_suffix(".rs"), parts.next()) {
        (Some("lib" | "main"), None) => None,
        (Some(module), None) => Some((module.to_owned(), true)),
        (_, Some(second)) => Some((first.to_owned(), second == "mod.rs")),
        (None, None) => unreachable!(),
    }
}

/// Each use of a later module: "file:line: `a` uses `b`".
fn violations(src: &Path) -> Vec<String> {
    let exports = root_exports(&std::fs::read_to_string(src.join("lib.rs")).unwrap());
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let Some((module, root_file)) = module_of(&file, src) else {
            continue;
        };
        if OUTSIDE.contains(&module.as_str()) {
            continue;
        }
        let own = rank(&module).unwrap_or_else(|| {
            panic!(
                "module `{module}` ({}) has no place in LAYERS",
                file.display()
            )
        });
        let code = code(&std::fs::read_to_string(&file).unwrap());
        let mut names: Vec<_> = names_after(&code, "crate::")
            .into_iter()
            .map(|(line, name)| (line, name, true))
            .collect();
        if root_file {
            // Also `super::` inside the file's inline modules (`mod tests`),
            // where it is the module itself: only the names of modules and
            // root re-exports count.
            names.extend(
                names_after(&code, "super::")
                    .into_iter()
                    .map(|(line, name)| (line, name, false)),
            );
        }
        for (line, name, through_crate) in names {
            let used = exports.get(&name).cloned().unwrap_or(name);
            if OUTSIDE.contains(&used.as_str()) || used == "self" {
                continue;
            }
            let Some(their) = rank(&used) else {
                assert!(
                    !through_crate,
                    "{}:{line}: `crate::{used}` is neither a module in LAYERS nor a root re-export",
                    file.display()
                );
                continue;
            };
            if their > own {
                found.push(format!(
                    "{}:{line}: `{module}` uses `{used}`, which comes after it",
                    file.display()
                ));
            }
        }
    }
    found
}

#[test]
fn no_module_uses_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    assert!(
        found.is_empty(),
        "the layers are {}; against them:\n{}",
        LAYERS.join(" → "),
        found.join("\n")
    );
}

#[test]
fn uses_are_found_in_every_form() {
    let code = code(
        "use crate::{api::X, screens};\nuse crate::i18n::{\n    a,\n    b,\n};\n// crate::ui in a comment\nlet x = crate::Options::default();\nlet y = $crate::json::parse;",
    );
    let names: Vec<(usize, String)> = names_after(&code, "crate::");
    let names: Vec<(usize, &str)> = names.iter().map(|(l, n)| (*l, n.as_str())).collect();
    assert_eq!(
        names,
        [
            (1, "api"),
            (1, "screens"),
            (2, "i18n"),
            (7, "Options"),
            (8, "json")
        ]
    );
    let exports =
        root_exports("pub use events::{EventHandler, WidgetEvent};\npub use ui::AuthWidget;");
    assert_eq!(exports["WidgetEvent"], "events");
    assert_eq!(exports["AuthWidget"], "ui");
}
