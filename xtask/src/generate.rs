//! `cargo xtask generate [--check]`: the lists that the npm package's
//! hand-written files repeat, written from the widget's own Rust lists (the
//! compiled runtime's, not its source text):
//!
//! - src/embed/js/auth-widget.d.ts: the unions of languages, dictionary keys,
//!   option names and event names, and the element's DOM event map;
//! - src/embed/js/auth-widget.js: the language files the entry module names, one
//!   literal `new URL` each (bundlers find them so);
//! - index.html: the trunk demo's wasm-opt level and flags, from the
//!   xtask's (see `dist::WASM_OPT_SHARED`).
//!
//! Each list sits between `// BEGIN GENERATED name` and `// END GENERATED
//! name` lines, which this rewrites whole; everything else is hand-written.
//! The interfaces that type each option and event by name stay hand-written
//! (their docs and payload types are not in the Rust lists): the .d.ts
//! checks them against the generated unions at the type level, which tsc
//! enforces in make test (`cargo xtask npm-consumers`).

use crate::dist::{WASM_OPT_LEVEL, WASM_OPT_SHARED};
use anyhow::{bail, Context, Result};
use auth_widget::events::{dom_event_name, EVENT_NAMES};
use auth_widget::i18n::{ALIASES, KEYS, SHIPPED};
use auth_widget::options::lock::KNOWN_OPTIONS;
use std::fs;
use std::path::Path;

/// One generated list: where it goes and what it holds.
struct Region {
    /// The name in its markers.
    name: &'static str,
    /// The Rust list it comes from, named in its first marker.
    source: &'static str,
    /// The markers' indentation.
    indent: &'static str,
    /// What closes each marker line (` -->` in Markdown, whose markers sit
    /// in HTML comments).
    close: &'static str,
    /// The lines between the markers, each ending in a newline.
    body: String,
}

impl Region {
    fn begin(&self) -> String {
        format!("{}// BEGIN GENERATED {} ", self.indent, self.name)
    }

    fn end(&self) -> String {
        format!(
            "{}// END GENERATED {}{}\n",
            self.indent, self.name, self.close
        )
    }

    /// The markers and the body.
    fn render(&self) -> String {
        format!(
            "{}(cargo xtask generate, from {}): edit that list, not these lines{}\n{}{}",
            self.begin(),
            self.source,
            self.close,
            self.body,
            self.end()
        )
    }
}

/// `export type {name} =` and one `| "member"` line per member.
fn union<S: AsRef<str>>(name: &str, members: impl IntoIterator<Item = S>) -> String {
    let mut text = format!("export type {name} =\n");
    for member in members {
        text.push_str(&format!("  | \"{}\"\n", member.as_ref()));
    }
    text.pop();
    text.push_str(";\n");
    text
}

/// A property name as TypeScript and JavaScript take it: bare when it is
/// an identifier, quoted otherwise.
fn property(name: &str) -> String {
    let identifier = name.chars().enumerate().all(|(i, c)| {
        c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
    });
    if identifier && !name.is_empty() {
        name.to_owned()
    } else {
        format!("\"{name}\"")
    }
}

/// The .d.ts's generated lists.
fn type_regions() -> Vec<Region> {
    let mut element_events = String::from("export interface AuthWidgetElementEventMap {\n");
    for name in EVENT_NAMES {
        element_events.push_str(&format!(
            "  {}: CustomEvent<AuthWidgetEventMap[\"{name}\"]>;\n",
            property(&dom_event_name(name))
        ));
    }
    element_events.push_str("}\n");
    vec![
        Region {
            name: "AuthWidgetLanguage",
            source: "\"en\" and auth_widget::i18n::SHIPPED",
            indent: "",
            close: "",
            body: union("AuthWidgetLanguage", ["en"].into_iter().chain(SHIPPED)),
        },
        Region {
            name: "AuthWidgetLanguageAlias",
            source: "auth_widget::i18n::ALIASES",
            indent: "",
            close: "",
            body: union(
                "AuthWidgetLanguageAlias",
                ALIASES.iter().map(|(alias, _)| *alias),
            ),
        },
        Region {
            name: "LanguageDictionaryKey",
            source: "auth_widget::i18n::KEYS",
            indent: "",
            close: "",
            body: union("LanguageDictionaryKey", KEYS),
        },
        Region {
            name: "AuthWidgetOptionName",
            source: "auth_widget::options::lock::KNOWN_OPTIONS",
            indent: "",
            close: "",
            body: union("AuthWidgetOptionName", KNOWN_OPTIONS),
        },
        Region {
            name: "AuthWidgetEventName",
            source: "auth_widget::events::EVENT_NAMES",
            indent: "",
            close: "",
            body: union("AuthWidgetEventName", EVENT_NAMES),
        },
        Region {
            name: "AuthWidgetElementEventMap",
            source: "auth_widget::events::EVENT_NAMES and dom_event_name",
            indent: "",
            close: "",
            body: element_events,
        },
    ]
}

/// The entry module's generated list.
fn entry_regions() -> Vec<Region> {
    let mut body = String::new();
    for code in SHIPPED {
        body.push_str(&format!(
            "  \"{code}\": new URL(\"./i18n/{code}.txt\", import.meta.url).href,\n"
        ));
    }
    let names: Vec<String> = EVENT_NAMES.iter().map(|name| format!("{name:?}")).collect();
    vec![
        Region {
            name: "languageFiles",
            source: "auth_widget::i18n::SHIPPED",
            indent: "  ",
            close: "",
            body,
        },
        Region {
            name: "aliases",
            source: "auth_widget::i18n::ALIASES",
            indent: "",
            close: "",
            body: format!(
                "const aliases = {{ {} }};\n",
                ALIASES
                    .iter()
                    .map(|(alias, code)| format!("{}: {code:?}", property(alias)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        Region {
            name: "eventNames",
            source: "auth_widget::events::EVENT_NAMES",
            indent: "",
            close: "",
            body: format!("const eventNames = [{}];\n", names.join(", ")),
        },
        Region {
            name: "version",
            source: "the widget's Cargo.toml",
            indent: "",
            close: "",
            body: format!("const version = {:?};\n", auth_widget::VERSION),
        },
    ]
}

/// The README's list of languages, each with its direction (from its file).
fn readme_regions(root: &Path) -> Result<Vec<Region>> {
    let mut body = format!("{} languages: `en` (English, built in)", SHIPPED.len() + 1);
    for code in SHIPPED {
        let file = root.join(format!("src/i18n/languages/{code}.json"));
        let text =
            fs::read_to_string(&file).with_context(|| format!("reading {}", file.display()))?;
        let json: serde_json::Value = serde_json::from_str(&text)?;
        let rtl = if json["dir"] == "rtl" {
            " (right to left)"
        } else {
            ""
        };
        body.push_str(&format!(", `{code}`{rtl}"));
    }
    body.push_str(".\n");
    Ok(vec![Region {
        name: "languages",
        source: "auth_widget::i18n::SHIPPED and each file's dir",
        indent: "<!-- ",
        close: " -->",
        body,
    }])
}

/// `text` with each region's lines rewritten; fails on a missing region or
/// on a region this does not write.
fn rewrite(file: &str, text: &str, regions: &[Region]) -> Result<String> {
    let mut text = text.to_owned();
    for region in regions {
        let begin = find_line(&text, &region.begin())
            .with_context(|| format!("{file}: no `{}` line", region.begin().trim()))?;
        let end = text[begin..]
            .find(&region.end())
            .map(|at| begin + at + region.end().len())
            .with_context(|| format!("{file}: no `{}` line", region.end().trim()))?;
        text.replace_range(begin..end, &region.render());
    }
    let markers = text.matches("// BEGIN GENERATED ").count();
    if markers != regions.len() {
        bail!(
            "{file}: {markers} generated regions, but cargo xtask generate writes {} ({})",
            regions.len(),
            regions
                .iter()
                .map(|r| r.name)
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    Ok(text)
}

/// The offset of the line starting with `start`.
fn find_line(text: &str, start: &str) -> Option<usize> {
    text.match_indices(start)
        .map(|(at, _)| at)
        .find(|&at| at == 0 || text.as_bytes()[at - 1] == b'\n')
}

/// `text` with the value of its one attribute `name="…"` set to `value`.
fn set_attribute(file: &str, text: &str, name: &str, value: &str) -> Result<String> {
    let key = format!(" {name}=\"");
    let mut found = text.match_indices(&key);
    let (at, _) = found
        .next()
        .with_context(|| format!("{file}: no {name} attribute"))?;
    if found.next().is_some() {
        bail!("{file}: more than one {name} attribute");
    }
    let start = at + key.len();
    let end = start
        + text[start..]
            .find('"')
            .context("an attribute's closing quote")?;
    Ok(format!("{}{value}{}", &text[..start], &text[end..]))
}

/// Each file this writes, with its current and its generated text.
fn files(root: &Path) -> Result<Vec<(&'static str, String, String)>> {
    let read =
        |file: &str| fs::read_to_string(root.join(file)).with_context(|| format!("reading {file}"));
    let mut files = Vec::new();
    for (file, regions) in [
        ("src/embed/js/auth-widget.d.ts", type_regions()),
        ("src/embed/js/auth-widget.js", entry_regions()),
        ("README.md", readme_regions(root)?),
    ] {
        let text = read(file)?;
        let generated = rewrite(file, &text, &regions)?;
        files.push((file, text, generated));
    }
    let file = "index.html";
    let text = read(file)?;
    let generated = set_attribute(file, &text, "data-wasm-opt", WASM_OPT_LEVEL)?;
    let generated = set_attribute(
        file,
        &generated,
        "data-wasm-opt-params",
        &WASM_OPT_SHARED.join(" "),
    )?;
    files.push((file, text, generated));
    Ok(files)
}

/// `cargo xtask generate`: rewrites the files whose lists differ.
pub fn write(root: &Path) -> Result<()> {
    for (file, text, generated) in files(root)? {
        if text == generated {
            println!("generate: {file}: unchanged");
        } else {
            fs::write(root.join(file), generated)?;
            println!("generate: {file}: written");
        }
    }
    Ok(())
}

/// `cargo xtask generate --check`: fails when a file's lists differ from
/// the runtime's.
pub fn check(root: &Path) -> Result<()> {
    let stale: Vec<&str> = files(root)?
        .into_iter()
        .filter(|(_, text, generated)| text != generated)
        .map(|(file, _, _)| file)
        .collect();
    if !stale.is_empty() {
        bail!(
            "{}: not what `cargo xtask generate` writes from the widget's Rust lists \
             (and the xtask's wasm-opt flags): run it and review the change",
            stale.join(", ")
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region(body: &str) -> Region {
        Region {
            name: "Things",
            source: "a::THINGS",
            indent: "  ",
            close: "",
            body: body.to_owned(),
        }
    }

    #[test]
    fn a_markdown_region_sits_in_html_comments() {
        let markdown = Region {
            name: "list",
            source: "a::LIST",
            indent: "<!-- ",
            close: " -->",
            body: "a, b.\n".into(),
        };
        let text = "# Title\n<!-- // BEGIN GENERATED list x -->\nold\n<!-- // END GENERATED list -->\nrest\n";
        assert_eq!(
            rewrite("README.md", text, &[markdown]).unwrap(),
            "# Title\n<!-- // BEGIN GENERATED list (cargo xtask generate, from a::LIST): \
             edit that list, not these lines -->\na, b.\n<!-- // END GENERATED list -->\nrest\n"
        );
    }

    #[test]
    fn a_region_is_rewritten_whole_and_the_rest_kept() {
        let text = "before\n  // BEGIN GENERATED Things (old words)\n  old\n  // END GENERATED Things\nafter\n";
        assert_eq!(
            rewrite("f", text, &[region("  new\n")]).unwrap(),
            "before\n  // BEGIN GENERATED Things (cargo xtask generate, from a::THINGS): \
             edit that list, not these lines\n  new\n  // END GENERATED Things\nafter\n"
        );
    }

    #[test]
    fn a_missing_or_unknown_region_fails() {
        assert!(rewrite("f", "no markers\n", &[region("")]).is_err());
        let text = "  // BEGIN GENERATED Things x\n  // END GENERATED Things\n\
                    // BEGIN GENERATED Other x\n// END GENERATED Other\n";
        let error = rewrite("f", text, &[region("")]).unwrap_err().to_string();
        assert!(error.contains("2 generated regions"), "{error}");
    }

    #[test]
    fn unions_and_property_names() {
        assert_eq!(
            union("Pair", ["a", "b c"]),
            "export type Pair =\n  | \"a\"\n  | \"b c\";\n"
        );
        assert_eq!(property("show"), "show");
        assert_eq!(property("signup-ready"), "\"signup-ready\"");
        assert_eq!(property("pt-BR"), "\"pt-BR\"");
        assert_eq!(property("$a1"), "$a1");
        assert_eq!(property("1a"), "\"1a\"");
    }

    #[test]
    fn the_element_event_map_names_each_event_dashed_with_its_payload() {
        let regions = type_regions();
        let map = &regions
            .iter()
            .find(|r| r.name == "AuthWidgetElementEventMap")
            .unwrap()
            .body;
        assert!(map.contains(
            "  \"signup-success\": CustomEvent<AuthWidgetEventMap[\"signup success\"]>;\n"
        ));
        assert!(map.contains("  show: CustomEvent<AuthWidgetEventMap[\"show\"]>;\n"));
        assert_eq!(map.lines().count(), EVENT_NAMES.len() + 2);
    }

    #[test]
    fn an_attribute_is_set_once() {
        let html = r#"<link data-a="1" data-a-b="x y" />"#;
        assert_eq!(
            set_attribute("f", html, "data-a", "z").unwrap(),
            r#"<link data-a="z" data-a-b="x y" />"#
        );
        assert_eq!(
            set_attribute("f", html, "data-a-b", "").unwrap(),
            r#"<link data-a="1" data-a-b="" />"#
        );
        assert!(set_attribute("f", html, "data-c", "").is_err());
    }

    /// The checked-in files are what `cargo xtask generate` writes (as
    /// `cargo xtask generate --check` and `cargo xtask dist` require).
    #[test]
    fn the_checked_in_files_are_generated() {
        check(&crate::toolchain::root()).unwrap();
    }
}
