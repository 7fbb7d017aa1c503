//! Email templates: the verification and change-password emails, with
//! variables in Auth0's Liquid style (`{{ url }}`, `{{ user.email }}`,
//! `{{ user.username }}`, `{{ application.name }}`, `{{ connection.name }}`).
//!
//! A template comes from the built-in default, then the TOML config's
//! `[email_templates.<name>]`, then an edit saved on the dashboard or the
//! Management API (stored in the database, so a restart keeps it). Every
//! template is checked when it is set: an unknown variable or a broken
//! `{{` is an error then, never a broken email later. Values are
//! HTML-escaped where they land in the body; the plain text is derived
//! from the HTML.

use serde::{Deserialize, Serialize};

/// The variables a template may use.
pub const VARIABLES: [&str; 5] = [
    "url",
    "user.email",
    "user.username",
    "application.name",
    "connection.name",
];

/// Which email.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    VerifyEmail,
    ResetEmail,
}

impl Kind {
    pub const ALL: [Kind; 2] = [Kind::VerifyEmail, Kind::ResetEmail];

    /// Auth0's name: `verify_email` or `reset_email`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::VerifyEmail => "verify_email",
            Kind::ResetEmail => "reset_email",
        }
    }

    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.name() == name)
    }

    pub fn title(self) -> &'static str {
        match self {
            Kind::VerifyEmail => "Verification email",
            Kind::ResetEmail => "Change password email",
        }
    }
}

/// A template as configured (every field optional: unset ones keep the
/// default). The same keys in TOML, on the dashboard and in the database.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// HTML.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// How long the link works, in seconds (the reset email's overrides the
    /// connection's `reset_url_lifetime_secs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url_lifetime_secs: Option<u64>,
    /// Where the page the link opens sends the person afterwards.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub redirect_to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
}

/// The tenant's email templates in the TOML config.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplatesConfig {
    #[serde(default)]
    pub verify_email: Option<TemplateConfig>,
    #[serde(default)]
    pub reset_email: Option<TemplateConfig>,
}

impl TemplatesConfig {
    pub fn get(&self, kind: Kind) -> Option<&TemplateConfig> {
        match kind {
            Kind::VerifyEmail => self.verify_email.as_ref(),
            Kind::ResetEmail => self.reset_email.as_ref(),
        }
    }
}

/// A template with every field decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Template {
    pub kind: Kind,
    pub subject: String,
    pub from: String,
    pub body: String,
    pub url_lifetime_secs: Option<u64>,
    pub redirect_to: Option<String>,
    pub enabled: bool,
}

pub const DEFAULT_FROM: &str = "Auth0 emulator <no-reply@emulator.localhost>";

impl Template {
    pub fn default_for(kind: Kind) -> Template {
        let (subject, body) = match kind {
            Kind::VerifyEmail => (
                "Verify your email",
                "<p>Welcome to {{ application.name }}!</p>\n<p>To verify your email address, open this link:<br>\n<a href=\"{{ url }}\">{{ url }}</a></p>\n<p>If you did not sign up, ignore this email.</p>",
            ),
            Kind::ResetEmail => (
                "Reset your password",
                "<p>Someone asked to reset the password of your account.</p>\n<p>To choose a new password, open this link:<br>\n<a href=\"{{ url }}\">{{ url }}</a></p>\n<p>If it was not you, ignore this email: your password stays as it is.</p>",
            ),
        };
        Template {
            kind,
            subject: subject.into(),
            from: DEFAULT_FROM.into(),
            body: body.into(),
            url_lifetime_secs: None,
            redirect_to: None,
            enabled: true,
        }
    }

    /// This template with `changes` applied, checked.
    pub fn with(&self, changes: &TemplateConfig) -> Result<Template, TemplateError> {
        let mut next = self.clone();
        if let Some(subject) = &changes.subject {
            next.subject = subject.clone();
        }
        if let Some(from) = &changes.from {
            next.from = from.clone();
        }
        if let Some(body) = &changes.body {
            next.body = body.clone();
        }
        if let Some(lifetime) = changes.url_lifetime_secs {
            next.url_lifetime_secs = Some(lifetime);
        }
        if let Some(redirect) = &changes.redirect_to {
            next.redirect_to = Some(redirect.clone()).filter(|r| !r.trim().is_empty());
        }
        if let Some(enabled) = changes.enabled {
            next.enabled = enabled;
        }
        next.check()?;
        Ok(next)
    }

    /// As stored: every field.
    pub fn to_config(&self) -> TemplateConfig {
        TemplateConfig {
            subject: Some(self.subject.clone()),
            from: Some(self.from.clone()),
            body: Some(self.body.clone()),
            url_lifetime_secs: self.url_lifetime_secs,
            redirect_to: Some(self.redirect_to.clone().unwrap_or_default()),
            enabled: Some(self.enabled),
        }
    }

    /// Checks every field: the subject and body parse and use known
    /// variables only; the from address, lifetime and redirect are sane.
    pub fn check(&self) -> Result<(), TemplateError> {
        let field = |name: &'static str, problem: TemplateError| {
            TemplateError::Field(name, Box::new(problem))
        };
        parse(&self.subject).map_err(|e| field("subject", e))?;
        parse(&self.body).map_err(|e| field("body", e))?;
        if self.subject.trim().is_empty() || self.subject.contains(['\r', '\n']) {
            return Err(TemplateError::Invalid("subject must be one non-empty line"));
        }
        if !self.from.contains('@') || self.from.contains(['\r', '\n']) {
            return Err(TemplateError::Invalid("from must be an email address"));
        }
        if self.body.trim().is_empty() {
            return Err(TemplateError::Invalid("body must not be empty"));
        }
        if self.url_lifetime_secs == Some(0) {
            return Err(TemplateError::Invalid(
                "url_lifetime_secs must be at least 1",
            ));
        }
        if let Some(url) = &self.redirect_to {
            if !(url.starts_with("http://") || url.starts_with("https://"))
                || url.contains(char::is_whitespace)
            {
                return Err(TemplateError::Invalid("redirect_to must be an http(s) URL"));
            }
        }
        Ok(())
    }

    /// The email for `values`: subject, HTML body, derived text.
    pub fn render(&self, values: &Values) -> Rendered {
        let subject = render(&self.subject, values, false).unwrap_or_default();
        let html = render(&self.body, values, true).unwrap_or_default();
        let text = html_to_text(&html);
        Rendered {
            from: self.from.clone(),
            subject,
            html,
            text,
        }
    }
}

/// What a template's variables stand for.
#[derive(Clone, Debug, Default)]
pub struct Values {
    pub url: String,
    pub email: String,
    pub username: String,
    pub application: String,
    pub connection: String,
}

impl Values {
    fn get(&self, name: &str) -> &str {
        match name {
            "url" => &self.url,
            "user.email" => &self.email,
            "user.username" => &self.username,
            "application.name" => &self.application,
            _ => &self.connection,
        }
    }

    /// Values for previews.
    pub fn sample() -> Values {
        Values {
            url: "http://127.0.0.1:8787/lo/reset?ticket=preview".into(),
            email: "jane@example.com".into(),
            username: "jane".into(),
            application: "My App".into(),
            connection: "Username-Password-Authentication".into(),
        }
    }
}

pub struct Rendered {
    pub from: String,
    pub subject: String,
    pub html: String,
    pub text: String,
}

#[derive(Debug, PartialEq, Eq)]
pub enum TemplateError {
    UnknownVariable(String),
    Unclosed,
    /// `{% ... %}` tags and filters are not supported.
    Unsupported(String),
    Invalid(&'static str),
    Field(&'static str, Box<TemplateError>),
}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TemplateError::UnknownVariable(name) => write!(
                f,
                "unknown variable {{{{ {name} }}}}: use {}",
                VARIABLES.map(|v| format!("{{{{ {v} }}}}")).join(", ")
            ),
            TemplateError::Unclosed => write!(f, "a {{{{ is not closed by }}}}"),
            TemplateError::Unsupported(what) => write!(
                f,
                "{what} is not supported: only variables ({{{{ url }}}} and the like)"
            ),
            TemplateError::Invalid(what) => write!(f, "{what}"),
            TemplateError::Field(field, problem) => write!(f, "{field}: {problem}"),
        }
    }
}

impl std::error::Error for TemplateError {}

enum Part<'a> {
    Text(&'a str),
    Variable(&'a str),
}

fn parse(template: &str) -> Result<Vec<Part<'_>>, TemplateError> {
    let mut parts = Vec::new();
    let mut rest = template;
    loop {
        let tag = rest.find("{%");
        let var = rest.find("{{");
        if let Some(at) = tag.filter(|t| var.is_none_or(|v| *t < v)) {
            let end = rest[at..].find("%}").map_or(rest.len(), |e| at + e + 2);
            return Err(TemplateError::Unsupported(format!(
                "the tag {:?}",
                &rest[at..end]
            )));
        }
        let Some(start) = var else {
            parts.push(Part::Text(rest));
            return Ok(parts);
        };
        parts.push(Part::Text(&rest[..start]));
        let after = &rest[start + 2..];
        let end = after.find("}}").ok_or(TemplateError::Unclosed)?;
        let name = after[..end].trim();
        if name.contains('|') {
            return Err(TemplateError::Unsupported(format!(
                "the filter in {{{{ {name} }}}}"
            )));
        }
        if !VARIABLES.contains(&name) {
            return Err(TemplateError::UnknownVariable(name.to_owned()));
        }
        parts.push(Part::Variable(name));
        rest = &after[end + 2..];
    }
}

/// Renders `template`; `html` escapes each value.
pub fn render(template: &str, values: &Values, html: bool) -> Result<String, TemplateError> {
    let mut out = String::with_capacity(template.len() + 64);
    for part in parse(template)? {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Variable(name) if html => out.push_str(&crate::escape_html(values.get(name))),
            Part::Variable(name) => out.push_str(values.get(name)),
        }
    }
    Ok(out)
}

/// Plain text from HTML: tags dropped, block ends and `<br>` as line
/// breaks, a link's address after its text, entities decoded.
pub fn html_to_text(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    let mut href: Option<String> = None;
    let mut link_text = String::new();
    while let Some(open) = rest.find('<') {
        // Source line breaks are spaces in HTML.
        let text = decode(&rest[..open].replace(['\r', '\n', '\t'], " "));
        out.push_str(&text);
        link_text.push_str(&text);
        let Some(close) = rest[open..].find('>') else {
            rest = &rest[open..];
            break;
        };
        let tag = &rest[open + 1..open + close];
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("br", _) => out.push('\n'),
            ("p" | "div" | "h1" | "h2" | "h3" | "h4" | "li" | "tr" | "table", true) => {
                out.push_str("\n\n")
            }
            ("a", false) => {
                href = attribute(tag, "href");
                link_text.clear();
            }
            ("a", true) => {
                if let Some(url) = href.take().filter(|url| !link_text.contains(url.as_str())) {
                    out.push_str(&format!(" ({url})"));
                }
            }
            _ => {}
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(&decode(&rest.replace(['\r', '\n', '\t'], " ")));
    // Lines trimmed, runs of blank lines made one.
    let mut text = String::new();
    let mut blank = 0;
    for line in out
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
    {
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !text.is_empty() {
            text.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        text.push_str(&line);
    }
    text
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let at = lower.find(&format!("{name}="))? + name.len() + 1;
    let rest = &tag[at..];
    let value = match rest.chars().next()? {
        quote @ ('"' | '\'') => rest[1..].split(quote).next()?,
        _ => rest.split(|c: char| c.is_whitespace() || c == '>').next()?,
    };
    Some(decode(value))
}

fn decode(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_escaped_in_html_and_unknown_ones_refused() {
        let values = Values {
            username: "<img src=x onerror=alert(1)>".into(),
            url: "http://h/x?a=1&b=2".into(),
            ..Values::default()
        };
        let html = render(
            "<b>{{user.username}}</b> <a href=\"{{ url }}\">go</a>",
            &values,
            true,
        )
        .unwrap();
        assert_eq!(
            html,
            "<b>&lt;img src=x onerror=alert(1)&gt;</b> <a href=\"http://h/x?a=1&amp;b=2\">go</a>"
        );
        assert_eq!(
            html_to_text(&html),
            "<img src=x onerror=alert(1)> go (http://h/x?a=1&b=2)"
        );
        assert_eq!(
            render("{{ user.password }}", &values, true),
            Err(TemplateError::UnknownVariable("user.password".into()))
        );
        assert_eq!(
            render("{{ url ", &values, true),
            Err(TemplateError::Unclosed)
        );
        assert!(render("{% if x %}", &values, true).is_err());
        assert!(render("{{ url | upcase }}", &values, true).is_err());
    }

    #[test]
    fn text_keeps_paragraphs_and_links() {
        let text = html_to_text(
            "<p>Hello&nbsp;you</p>\n<p>Open:<br>\n<a href=\"http://x/y\">http://x/y</a></p>",
        );
        assert_eq!(text, "Hello you\n\nOpen:\nhttp://x/y");
    }
}
