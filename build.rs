//! Minifies the widget's CSS (style/auth-widget.css, kept readable and
//! commented) into the build's output directory, where src/ui/style.rs
//! includes it: comments and layout whitespace cost bytes in every bundle.
//! A conservative minifier: it only removes comments and whitespace that
//! CSS's grammar ignores (around `{ } ; , >` and after `:` in declarations).
//! It also sets the `server_html` cfg for the view (see the end of `main`).

use std::{env, fs, path::Path};

fn minify(css: &str) -> String {
    // 1. Comments out.
    let mut text = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(start) = rest.find("/*") {
        text.push_str(&rest[..start]);
        rest = rest[start + 2..]
            .find("*/")
            .map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    text.push_str(rest);
    // 2. Runs of whitespace become one space.
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // 3. No space next to punctuation that needs none. Strings in this
    //    file never hold these characters, which the check below keeps true.
    let mut out = String::with_capacity(collapsed.len());
    let chars: Vec<char> = collapsed.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.get(i + 1).copied();
            let tight = |c: Option<char>| matches!(c, Some('{' | '}' | ';' | ',' | '>'));
            if tight(prev) || tight(next) || prev == Some(':') && out.rfind('{') > out.rfind('}') {
                continue;
            }
        }
        out.push(c);
    }
    out.replace(";}", "}")
}

fn main() {
    let source = "style/auth-widget.css";
    println!("cargo:rerun-if-changed={source}");
    let css = fs::read_to_string(source).expect("style/auth-widget.css");
    // The minifier does not know strings: none may hold what it tightens.
    let quoted = css.split('"').skip(1).step_by(2);
    for string in quoted {
        assert!(
            !string.contains(['{', '}', ';', ',', '>', ':', '\n']) && !string.contains("  "),
            "a quoted string the minifier would change: {string:?}"
        );
    }
    let out = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("auth-widget.min.css");
    fs::write(out, minify(&css)).expect("write the minified CSS");

    // `server_html`: the view's HTML is written by a server (`ssr`) or
    // adopted from one (`hydrate`). Then the CSS travels in a `<style>`
    // element, controls carry their initial values as attributes, and ids
    // follow the render's sequence; a client-side build (`csr`) carries none
    // of that.
    println!("cargo::rustc-check-cfg=cfg(server_html)");
    if env::var_os("CARGO_FEATURE_SSR").is_some() || env::var_os("CARGO_FEATURE_HYDRATE").is_some()
    {
        println!("cargo:rustc-cfg=server_html");
    }
}
