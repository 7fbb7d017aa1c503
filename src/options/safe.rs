//! What the page may put into a URL or a style: checks of option values
//! that end up in the widget's `src`, `href` and CSS.

/// `url` if it is one the widget may load or link to: `https:` or `http:`,
/// relative, or (`images`) a `data:image/` URL; never `javascript:`,
/// `data:text/html` and the like. Read as a browser reads it: tabs and
/// newlines inside are dropped, and spaces and control characters around
/// it, so that `" java\tscript:..."` is seen for what it is.
pub fn safe_url(url: &str, images: bool) -> Option<String> {
    let url: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    // A scheme is what comes before the first ':' if no '/', '?' or '#' does.
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| !scheme.contains(['/', '?', '#']));
    let allowed = match scheme {
        None => !url.is_empty(),
        Some(scheme) => {
            scheme.eq_ignore_ascii_case("https")
                || scheme.eq_ignore_ascii_case("http")
                || (images
                    && scheme.eq_ignore_ascii_case("data")
                    && url[5..].to_ascii_lowercase().starts_with("image/"))
        }
    };
    allowed.then_some(url)
}

/// `color` if it is a CSS colour value and nothing more: `#` and 3, 4, 6
/// or 8 hex digits, a colour function of numbers (`rgb(...)`, `hsl(...)`,
/// `oklch(...)`...), or a name. It becomes a custom property the widget's
/// CSS reads in `color` and `background`, so anything else (a `url(...)`,
/// a `;`, a `}`) could make a request or break out of the declaration.
pub fn css_color(color: &str) -> Option<String> {
    let color = color.trim();
    let hex = color.strip_prefix('#').is_some_and(|d| {
        matches!(d.len(), 3 | 4 | 6 | 8) && d.chars().all(|c| c.is_ascii_hexdigit())
    });
    let function = color.split_once('(').is_some_and(|(name, rest)| {
        [
            "rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch",
        ]
        .contains(&name.to_ascii_lowercase().as_str())
            && rest.strip_suffix(')').is_some_and(|args| {
                args.chars()
                    .all(|c| c.is_ascii_digit() || " .,%/+-".contains(c) || c.is_ascii_alphabetic())
                    && !args.to_ascii_lowercase().contains("url")
            })
    });
    let name = (1..=30).contains(&color.len()) && color.chars().all(|c| c.is_ascii_alphabetic());
    (hex || function || name).then(|| color.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_and_relative_urls_pass() {
        for good in [
            "https://cdn.example/logo.png",
            "HTTP://cdn.example/logo.png",
            "/logo.png",
            "./img/logo.svg",
            "logo.png",
            "//cdn.example/logo.png",
            "/path/with:colon",
            "?v=1",
        ] {
            assert!(safe_url(good, false).is_some(), "{good}");
        }
        assert_eq!(
            safe_url("data:image/png;base64,iVBORw0KGgo=", true).as_deref(),
            Some("data:image/png;base64,iVBORw0KGgo=")
        );
        for bad in [
            "javascript:alert(1)",
            "JavaScript:alert(1)",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "\u{1}javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "data:image/png;base64,x",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "",
            "   ",
        ] {
            let image_ok = bad.starts_with("data:image/");
            assert_eq!(safe_url(bad, false), None, "{bad:?}");
            assert_eq!(safe_url(bad, true).is_some(), image_ok, "{bad:?}");
        }
        assert_eq!(
            safe_url(" https://a.example/x ", false).as_deref(),
            Some("https://a.example/x"),
            "read as the browser reads it"
        );
    }

    #[test]
    fn only_colours_pass_as_the_primary_colour() {
        for good in [
            "#123",
            "#123a",
            "#3b4fd8",
            "#3b4fd8cc",
            "rebeccapurple",
            "rgb(59, 79, 216)",
            "rgb(59 79 216 / 50%)",
            "hsl(231deg 66% 54%)",
            "oklch(0.5 0.2 270)",
        ] {
            assert_eq!(css_color(good).as_deref(), Some(good), "{good}");
        }
        for bad in [
            "red; background: url(https://evil.example/x)",
            "red}",
            "red} .aw-root{display:none",
            "url(https://evil.example/x)",
            "rgb(1,2,3) url(x)",
            "rgb(url(x))",
            "rgb(var(--x))",
            "expression(alert(1))",
            "#12",
            "#12345g",
            "red /* comment */",
            "",
            "red\\3b background:blue",
        ] {
            assert_eq!(css_color(bad), None, "{bad:?}");
        }
    }
}
