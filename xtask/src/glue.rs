//! Removes from wasm-bindgen's JS glue the import functions that the
//! optimised wasm module no longer imports.
//!
//! Why: wasm-opt removes code the widget never reaches (code only panics
//! or unused Leptos paths reach) and with it the imports only that code
//! used; the glue still defines them, in one object literal that a bundler
//! cannot shake.

use std::collections::BTreeSet;

/// `glue` without the import functions whose names are not in `imported`,
/// and how many it removed.
///
/// In the imports object literal (in `function __wbg_get_imports(`), every
/// property starts on a line of its own at eight spaces: `        name: …`.
/// A property runs until the next one starts, or until the literal closes
/// (a line starting `    }` or `    return`). Only properties whose value is
/// a `function(` are removed; anything else is left as it is.
pub fn prune(glue: &str, imported: &BTreeSet<String>) -> (String, usize) {
    let mut kept = Vec::new();
    let (mut removed, mut dropping, mut inside) = (0, false, false);
    for line in glue.split('\n') {
        if line.starts_with("function __wbg_get_imports(") {
            inside = true;
        } else if inside && (line.starts_with("    }") || line.starts_with("    return")) {
            inside = false;
            dropping = false;
        }
        if let Some((name, value)) = property(line).filter(|_| inside) {
            dropping = value.starts_with("function(") && !imported.contains(name);
            removed += usize::from(dropping);
        }
        if !dropping {
            kept.push(line);
        }
    }
    (kept.join("\n"), removed)
}

/// `        name: value` (eight spaces; a name of `[A-Za-z0-9_$]`): the name
/// and the value's start.
fn property(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix("        ")?;
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))?;
    let value = rest[end..].strip_prefix(": ")?;
    (end > 0).then(|| (&rest[..end], value))
}

#[cfg(test)]
mod tests {
    use super::*;

    const GLUE: &str = "\
import { x } from './y';
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_used_1: function(arg0) {
            used(arg0);
        },
        __wbg_gone_2: function(arg0, arg1) {
            const ret = gone(arg0,
        arg1);
            return ret;
        },
        __wbindgen_cast_3: function(arg0) { return arg0; },
        __wbg_value_4: 42,
    };
    return { './auth-widget-core_bg.js': import0 };
}
const other = {
        __wbg_gone_2: function() {},
};
";

    #[test]
    fn removes_only_the_functions_the_module_no_longer_imports() {
        let imported = BTreeSet::from(["__wbg_used_1".to_owned()]);
        let (pruned, removed) = prune(GLUE, &imported);
        assert_eq!(removed, 2);
        assert_eq!(
            pruned,
            "\
import { x } from './y';
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_used_1: function(arg0) {
            used(arg0);
        },
        __wbg_value_4: 42,
    };
    return { './auth-widget-core_bg.js': import0 };
}
const other = {
        __wbg_gone_2: function() {},
};
"
        );
    }

    #[test]
    fn a_module_that_imports_everything_keeps_the_glue_as_it_is() {
        let imported = ["__wbg_used_1", "__wbg_gone_2", "__wbindgen_cast_3"]
            .map(String::from)
            .into();
        assert_eq!(prune(GLUE, &imported), (GLUE.to_owned(), 0));
    }

    #[test]
    fn a_property_is_a_name_at_eight_spaces() {
        assert_eq!(
            property("        a_$1: function("),
            Some(("a_$1", "function("))
        );
        assert_eq!(property("         a: function("), None);
        assert_eq!(property("        a : 1"), None);
        assert_eq!(property("        name"), None);
    }
}
