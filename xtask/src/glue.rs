//! Removes from wasm-bindgen's JS glue what the optimised wasm module has
//! no counterpart for: the import functions it no longer imports, and the
//! classes whose exports it does not have.
//!
//! Why: wasm-opt removes code the widget never reaches (code only panics
//! or unused Leptos paths reach) and with it the imports only that code
//! used; the glue still defines them, in one object literal that a bundler
//! cannot shake. And wasm-bindgen writes a class for every exported struct
//! it was told of, wasm-streams' among them, though the release link leaves
//! their exports out (xtask/src/link.rs): each class's finalization
//! registry and `Symbol.dispose` line are statements with effects, which
//! keep a bundler from dropping a class nothing uses.

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

/// `glue` without the classes whose `__wbg_{name}_free` the module does not
/// export (such a class can never be made), and how many it removed.
///
/// A class is the lines from `export class Name {` to the next line that is
/// `}`; with it go its line `if (Symbol.dispose) Name.prototype…` and its
/// finalization registry, the three lines from `const NameFinalization =`.
pub fn prune_classes(glue: &str, exported: &BTreeSet<String>) -> (String, usize) {
    let gone: BTreeSet<&str> = glue
        .lines()
        .filter_map(|line| line.strip_prefix("export class ")?.strip_suffix(" {"))
        .filter(|name| !exported.contains(&format!("__wbg_{}_free", name.to_lowercase())))
        .collect();
    let mut kept = Vec::new();
    let mut dropping = 0usize;
    let mut in_class = false;
    for line in glue.split('\n') {
        let class = line
            .strip_prefix("export class ")
            .and_then(|rest| rest.strip_suffix(" {"));
        if class.is_some_and(|name| gone.contains(name)) {
            in_class = true;
        } else if gone
            .iter()
            .any(|name| line.starts_with(&format!("if (Symbol.dispose) {name}.prototype")))
        {
            continue;
        } else if gone
            .iter()
            .any(|name| line.starts_with(&format!("const {name}Finalization = ")))
        {
            dropping = 3;
        }
        if in_class {
            in_class = line != "}";
            continue;
        }
        if dropping > 0 {
            dropping -= 1;
            continue;
        }
        kept.push(line);
    }
    (kept.join("\n"), gone.len())
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

    /// Two classes as wasm-bindgen 0.2.130 writes them for `--target web`.
    const CLASSES: &str = "\
export class AuthWidget {
    free() {
        wasm.__wbg_authwidget_free(this.__wbg_ptr, 0);
    }
}
if (Symbol.dispose) AuthWidget.prototype[Symbol.dispose] = AuthWidget.prototype.free;

export class IntoUnderlyingSink {
    free() {
        const ptr = this.__destroy_into_raw();
        wasm.__wbg_intounderlyingsink_free(ptr, 0);
    }
}
if (Symbol.dispose) IntoUnderlyingSink.prototype[Symbol.dispose] = IntoUnderlyingSink.prototype.free;
function __wbg_get_imports() {
}
const AuthWidgetFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_authwidget_free(ptr, 1));
const IntoUnderlyingSinkFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_intounderlyingsink_free(ptr, 1));
let wasm;
";

    #[test]
    fn removes_the_classes_whose_free_the_module_does_not_export() {
        let exported = BTreeSet::from(["__wbg_authwidget_free".to_owned()]);
        let (pruned, removed) = prune_classes(CLASSES, &exported);
        assert_eq!(removed, 1);
        assert_eq!(
            pruned,
            "\
export class AuthWidget {
    free() {
        wasm.__wbg_authwidget_free(this.__wbg_ptr, 0);
    }
}
if (Symbol.dispose) AuthWidget.prototype[Symbol.dispose] = AuthWidget.prototype.free;

function __wbg_get_imports() {
}
const AuthWidgetFinalization = (typeof FinalizationRegistry === 'undefined')
    ? { register: () => {}, unregister: () => {} }
    : new FinalizationRegistry(ptr => wasm.__wbg_authwidget_free(ptr, 1));
let wasm;
"
        );
        let every = ["__wbg_authwidget_free", "__wbg_intounderlyingsink_free"]
            .map(String::from)
            .into();
        assert_eq!(prune_classes(CLASSES, &every), (CLASSES.to_owned(), 0));
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
