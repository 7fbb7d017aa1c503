//! The reader of the options object.
//!
//! Unknown or ill-typed options are reported, one message each naming the
//! option, and replaced by their defaults: a mistake costs a console error,
//! not a blank widget.

use super::{Container, EmbedOptions, LockOptions, ThemeMode, KNOWN_OPTIONS, REF_KEY};
use crate::json::Value;
use crate::options::{css_color, safe_url, FieldKind, Options, Screen, SignUpField};
use auth_core::{wire, PasswordPolicy, PolicyLevel};

/// The index of a referenced function or node, if `value` stands for one.
fn reference(value: &Value) -> Option<usize> {
    match value {
        Value::Object(members) if members.len() == 1 => value
            .get(REF_KEY)
            .and_then(Value::as_u64)
            .map(|n| n as usize),
        _ => None,
    }
}

/// What JavaScript's `typeof` said of the value (arrays and null are
/// objects there; named so here, which helps more).
fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "an array",
        Value::Object(_) if reference(value).is_some() => "a function or an element",
        Value::Object(_) => "object",
    }
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_owned)
}

/// Reads members of one object; `prefix` names the nesting ("theme.").
struct Reader<'a> {
    object: &'a Value,
    prefix: &'static str,
    problems: &'a mut Vec<String>,
}

impl<'a> Reader<'a> {
    /// The member `key`; null counts as absent (as undefined did).
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.object.get(key).filter(|v| **v != Value::Null)
    }

    fn problem(&mut self, key: &str, expected: &str, value: &Value) {
        let message = format!(
            "option \"{}{key}\" must be {expected} (got {}); using the default",
            self.prefix,
            type_name(value)
        );
        self.problems.push(message);
    }

    fn bool(&mut self, key: &str, target: &mut bool) {
        if let Some(value) = self.get(key) {
            match value.as_bool() {
                Some(b) => *target = b,
                None => self.problem(key, "true or false", value),
            }
        }
    }

    fn string(&mut self, key: &str) -> Option<String> {
        let value = self.get(key)?;
        let text = text(value);
        if text.is_none() {
            self.problem(key, "a string", value);
        }
        text
    }

    /// One of `choices`: its index.
    fn choice(&mut self, key: &str, choices: &[&str]) -> Option<usize> {
        let given = self.string(key)?;
        let found = choices.iter().position(|c| *c == given);
        if found.is_none() {
            let message = format!(
                "option \"{}{key}\" must be one of {} (got \"{given}\"); using the default",
                self.prefix,
                choices.join(", ")
            );
            self.problems.push(message);
        }
        found
    }

    /// A whole number within bounds.
    fn number(&mut self, key: &str, min: u32, max: u32) -> Option<u32> {
        let value = self.get(key)?;
        match value.as_u64() {
            Some(n) if n >= u64::from(min) && n <= u64::from(max) => Some(n as u32),
            _ => {
                self.problem(key, &format!("a whole number from {min} to {max}"), value);
                None
            }
        }
    }

    /// A string that must pass `check` (which says what it must be).
    fn checked(
        &mut self,
        key: &str,
        expected: &str,
        check: fn(&str) -> Option<String>,
    ) -> Option<String> {
        let given = self.string(key)?;
        let kept = check(&given);
        if kept.is_none() {
            let message = format!(
                "option \"{}{key}\" must be {expected}; using the default",
                self.prefix
            );
            self.problems.push(message);
        }
        kept
    }

    /// A nested object (`prefill`, `theme`), read with `read`.
    fn object(
        &mut self,
        key: &str,
        prefix: &'static str,
        shape: &str,
        read: impl FnOnce(&mut Reader),
    ) {
        if let Some(value) = self.get(key) {
            if matches!(value, Value::Object(_)) && reference(value).is_none() {
                read(&mut Reader {
                    object: value,
                    prefix,
                    problems: self.problems,
                });
            } else {
                self.problem(key, shape, value);
            }
        }
    }
}

/// Reads the options object (JSON from the hand-off; null: none given).
/// Options are read, and their problems reported, in this order.
pub fn read(value: &Value) -> LockOptions {
    let mut read = LockOptions {
        options: Options::default(),
        embed: EmbedOptions::default(),
        validators: Vec::new(),
        problems: Vec::new(),
    };
    if *value == Value::Null {
        return read;
    }
    // An object, and not one standing for a function or a node.
    let members = match value {
        Value::Object(members) if reference(value).is_none() => members,
        _ => {
            read.problems
                .push("options must be an object; using the defaults".into());
            return read;
        }
    };
    for (key, _) in members {
        if !KNOWN_OPTIONS.contains(&key.as_str()) {
            read.problems
                .push(format!("unknown option \"{key}\" (ignored)"));
        }
    }
    let LockOptions {
        options,
        embed,
        validators,
        problems,
    } = &mut read;
    let mut r = Reader {
        object: value,
        prefix: "",
        problems,
    };
    read_behaviour(&mut r, options, embed);
    read_fields(&mut r, &mut options.additional_fields, validators);
    read_prefill_and_limits(&mut r, options);
    read_container(&mut r, embed);
    read_theme(&mut r, options, embed);
    read_language(&mut r, embed);
    read
}

/// The connection, the screens, the flags, and where a client
/// configuration is loaded from.
fn read_behaviour(r: &mut Reader, options: &mut Options, embed: &mut EmbedOptions) {
    if let Some(connection) = r.string("connection") {
        options.connection = connection;
    }
    if let Some(screen) = r.choice("initialScreen", &["signUp", "forgotPassword"]) {
        options.initial_screen = [Screen::SignUp, Screen::ForgotPassword][screen];
    }
    r.bool("allowSignUp", &mut options.allow_sign_up);
    r.bool("allowForgotPassword", &mut options.allow_forgot_password);
    // Lock's login screen does not exist here; the flag is accepted as-is.
    r.bool("allowLogin", &mut true);
    r.bool("allowShowPassword", &mut options.allow_show_password);
    r.bool("requiresUsername", &mut options.requires_username);
    r.bool("closable", &mut embed.closable);
    r.bool("confirmPassword", &mut options.confirm_password);
    r.bool("mustAcceptTerms", &mut options.must_accept_terms);
    r.bool("autofocus", &mut embed.autofocus);
    // Lock's usernameStyle shapes its login field; there is no login screen
    // here, so a valid value is accepted and changes nothing.
    r.choice("usernameStyle", &["any", "email", "username"]);
    embed.configuration_base_url = r.string("configurationBaseUrl");
}

/// `additionalSignUpFields`: each field, or one message saying why it is
/// ignored; `validators` gets each validator's (field, reference).
fn read_fields(
    r: &mut Reader,
    fields: &mut Vec<SignUpField>,
    validators: &mut Vec<(usize, usize)>,
) {
    let Some(list) = r.get("additionalSignUpFields") else {
        return;
    };
    match list.as_array() {
        Some(list) => {
            for (i, item) in list.iter().enumerate() {
                match signup_field(item) {
                    Ok((field, validator)) => {
                        if let Some(reference) = validator {
                            validators.push((fields.len(), reference));
                        }
                        fields.push(field);
                    }
                    Err(problem) => r.problems.push(format!(
                        "option \"additionalSignUpFields\"[{i}]: {problem} (field ignored)"
                    )),
                }
            }
        }
        None => r.problem("additionalSignUpFields", "an array of fields", list),
    }
    cap_metadata_fields(fields, validators, r.problems);
}

/// `prefill`, the password policy, the username's bounds and the timeout.
fn read_prefill_and_limits(r: &mut Reader, options: &mut Options) {
    r.object(
        "prefill",
        "prefill.",
        "an object like {email, username}",
        |p| {
            options.prefill_email = p.string("email").unwrap_or_default();
            options.prefill_username = p.string("username").unwrap_or_default();
        },
    );
    let levels = ["good", "none", "low", "fair", "excellent"];
    if let Some(level) = r
        .choice("passwordPolicy", &levels)
        .and_then(|level| PolicyLevel::parse(levels[level]))
    {
        options.password_policy = PasswordPolicy {
            level,
            ..options.password_policy
        };
    }
    if let Some(min) = r.number("minLength", 1, 72) {
        options.password_policy.min_length = Some(min as usize);
    }
    if let Some(min) = r.number("usernameMin", 1, 128) {
        options.username_min = min as usize;
    }
    if let Some(max) = r.number("usernameMax", 1, 128) {
        options.username_max = max as usize;
    }
    if let Some(timeout) = r.number("requestTimeout", 1, 600_000) {
        options.request_timeout_ms = timeout;
    }
}

/// `container`: an element's id, or a referenced node.
fn read_container(r: &mut Reader, embed: &mut EmbedOptions) {
    if let Some(container) = r.get("container") {
        match (container, reference(container)) {
            (Value::String(id), _) => embed.container = Some(Container::Id(id.clone())),
            (_, Some(node)) => embed.container = Some(Container::Node(node)),
            _ => r.problem("container", "an element id or an element", container),
        }
    }
}

/// `theme`: the primary colour, the logo and the mode.
fn read_theme(r: &mut Reader, options: &mut Options, embed: &mut EmbedOptions) {
    r.object(
        "theme",
        "theme.",
        "an object like {primaryColor, mode}",
        |t| {
            embed.primary_color = t.checked(
                "primaryColor",
                "a CSS colour (#rgb, #rrggbb, rgb(...), hsl(...) or a name)",
                css_color,
            );
            options.logo_url = t.checked(
                "logo",
                "an https:, http:, data:image/ or relative URL",
                |url| safe_url(url, true),
            );
            embed.theme_mode = t
                .choice("mode", &ThemeMode::NAMES)
                .map(|mode| ThemeMode::ALL[mode]);
        },
    );
}

/// `language` (a shipped one, or English) and `languageDictionary`.
fn read_language(r: &mut Reader, embed: &mut EmbedOptions) {
    // The entry module has already turned "auto", an alias or another
    // case into a shipped code (src/embed/js/auth-widget.js).
    if let Some(language) = r.string("language") {
        if crate::i18n::SHIPPED.contains(&language.as_str()) {
            embed.language = Some(language);
        } else if language != "en" {
            r.problems.push(format!(
                "option \"language\": no dictionary for \"{language}\" (\"auto\", en, {}); using English",
                crate::i18n::SHIPPED.join(", ")
            ));
        }
    }
    r.object(
        "languageDictionary",
        "languageDictionary.",
        "an object of strings",
        |d| {
            let Value::Object(entries) = d.object else {
                return;
            };
            for (key, value) in entries {
                let text = crate::i18n::text_of(value);
                match (text, crate::i18n::KEYS.contains(&key.as_str())) {
                    (Some(text), true) => embed.dictionary.push((key.clone(), text)),
                    (Some(_), false) => d.problems.push(format!(
                        "option \"languageDictionary\": unknown key \"{key}\" (ignored)"
                    )),
                    (None, _) => d.problem(key, "a string, or an object of plural forms", value),
                }
            }
        },
    );
}

/// `user_metadata` takes at most [`wire::METADATA_MAX_KEYS`] keys: fields
/// past that are dropped, with one message.
fn cap_metadata_fields(
    fields: &mut Vec<SignUpField>,
    validators: &mut Vec<(usize, usize)>,
    problems: &mut Vec<String>,
) {
    let metadata = fields.iter().filter(|f| !f.storage_root).count();
    if metadata <= wire::METADATA_MAX_KEYS {
        return;
    }
    problems.push(format!(
        "option \"additionalSignUpFields\": {metadata} fields go to user_metadata, which takes at most {}; the rest are ignored",
        wire::METADATA_MAX_KEYS
    ));
    let mut kept_metadata = 0;
    let mut kept = Vec::new();
    let mut new_index = Vec::new();
    for field in fields.drain(..) {
        kept_metadata += usize::from(!field.storage_root);
        if field.storage_root || kept_metadata <= wire::METADATA_MAX_KEYS {
            new_index.push(Some(kept.len()));
            kept.push(field);
        } else {
            new_index.push(None);
        }
    }
    *fields = kept;
    validators.retain_mut(|(field, _)| match new_index[*field] {
        Some(index) => {
            *field = index;
            true
        }
        None => false,
    });
}

/// A member that must be a string when present.
fn text_member(object: &Value, key: &str) -> Result<Option<String>, String> {
    match object.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(value) => text(value)
            .map(Some)
            .ok_or_else(|| format!("\"{key}\" must be a string")),
    }
}

/// One of Lock's `additionalSignUpFields`, and its validator's reference;
/// else why it is ignored, in words for the console (made and used here
/// only: its one reader is [`read_fields`]).
fn signup_field(item: &Value) -> Result<(SignUpField, Option<usize>), String> {
    if !matches!(item, Value::Object(_)) || reference(item).is_some() {
        return Err("must be an object".into());
    }
    let name = text_member(item, "name")?.ok_or("\"name\" is required")?;
    let storage_root = match text_member(item, "storage")?.as_deref() {
        None => false,
        Some("root") => true,
        Some(other) => return Err(format!("\"storage\" must be \"root\" (got \"{other}\")")),
    };
    check_field_name(&name, storage_root)?;
    let kind = field_kind(item)?;
    let initial = if kind == FieldKind::Hidden {
        text_member(item, "value")?.ok_or("a hidden field needs a \"value\"")?
    } else {
        match item.get("prefill") {
            Some(Value::Bool(checked)) => checked.to_string(),
            _ => text_member(item, "prefill")?.unwrap_or_default(),
        }
    };
    let validator = match item.get("validator") {
        None | Some(Value::Null) => None,
        Some(value) => Some(reference(value).ok_or("\"validator\" must be a function")?),
    };
    let field = SignUpField {
        label: text_member(item, "placeholder")?.unwrap_or_else(|| name.clone()),
        aria_label: text_member(item, "ariaLabel")?,
        name,
        kind,
        initial,
        storage_root,
        validator: None,
    };
    Ok((field, validator))
}

/// Checks an extra field's `name`, stored at the root of the body
/// (`storage_root`) or in `user_metadata`; else why not.
fn check_field_name(name: &str, storage_root: bool) -> Result<(), String> {
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(format!("field name \"{name}\" must match ^[a-zA-Z0-9_]+$"));
    }
    if [
        "email",
        "username",
        "password",
        "connection",
        "client_id",
        "user_metadata",
    ]
    .contains(&name)
    {
        return Err(format!("field name \"{name}\" is reserved"));
    }
    if storage_root && !wire::SIGNUP_ROOT_FIELDS.contains(&name) {
        return Err(format!(
            "field \"{name}\" cannot use storage \"root\" (only {})",
            wire::SIGNUP_ROOT_FIELDS.join(", ")
        ));
    }
    Ok(())
}

/// A field's `type`, with a select's `options`.
fn field_kind(item: &Value) -> Result<FieldKind, String> {
    Ok(
        match text_member(item, "type")?.as_deref().unwrap_or("text") {
            "text" => FieldKind::Text,
            "checkbox" => FieldKind::Checkbox,
            "hidden" => FieldKind::Hidden,
            "select" => {
                let options = item
                    .get("options")
                    .and_then(Value::as_array)
                    .ok_or("a select needs \"options\": [{value, label}]")?;
                let mut choices = Vec::new();
                for option in options {
                    let value =
                        text_member(option, "value")?.ok_or("each option needs a \"value\"")?;
                    let label = text_member(option, "label")?.unwrap_or_else(|| value.clone());
                    choices.push((value, label));
                }
                FieldKind::Select(choices)
            }
            other => {
                return Err(format!(
                    "\"type\" must be text, select, checkbox or hidden (got \"{other}\")"
                ))
            }
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::parse;

    fn read_json(json: &str) -> LockOptions {
        read(&parse(json).expect("test JSON"))
    }

    #[test]
    fn defaults_without_options() {
        let none = read(&Value::Null);
        assert!(none.problems.is_empty());
        assert!(none.embed.closable, "Lock's default");
        assert_eq!(none.options, Options::default());
        assert_eq!(read_json("\"text\"").problems.len(), 1);
        assert_eq!(read_json(r#"{"\u0000ref":0}"#).problems.len(), 1);
    }

    #[test]
    fn every_option_is_read() {
        let o = read_json(
            r##"{"connection":"db-2","initialScreen":"forgotPassword","allowSignUp":false,
            "allowLogin":false,"prefill":{"email":"jane@example.com","username":"jane"},
            "passwordPolicy":"excellent","minLength":12,"requiresUsername":true,
            "allowShowPassword":false,"requestTimeout":5000,"usernameMin":3,"usernameMax":9,
            "theme":{"primaryColor":"#123456","mode":"dark","logo":"https://x.example/l.png"},
            "container":{"\u0000ref":0},"autofocus":true,"language":"fr",
            "languageDictionary":{"sign_up_title":"Join"},"configurationBaseUrl":"http://c",
            "confirmPassword":true,"mustAcceptTerms":true,"usernameStyle":"email"}"##,
        );
        assert!(o.problems.is_empty(), "{:?}", o.problems);
        let (opts, embed) = (&o.options, &o.embed);
        assert_eq!(opts.connection, "db-2");
        assert_eq!(opts.initial_screen, Screen::ForgotPassword);
        assert!(!opts.allow_sign_up && opts.allow_forgot_password);
        assert_eq!(
            (opts.prefill_email.as_str(), opts.prefill_username.as_str()),
            ("jane@example.com", "jane")
        );
        assert_eq!(opts.password_policy.level, PolicyLevel::Excellent);
        assert_eq!(opts.password_policy.min_length, Some(12));
        assert!(opts.requires_username && !opts.allow_show_password);
        assert_eq!((opts.username_min, opts.username_max), (3, 9));
        assert_eq!(opts.request_timeout_ms, 5000);
        assert!(opts.confirm_password && opts.must_accept_terms);
        assert_eq!(opts.logo_url.as_deref(), Some("https://x.example/l.png"));
        assert_eq!(embed.container, Some(Container::Node(0)));
        assert!(embed.closable, "until the container is found");
        assert!(
            !embed.clone().map_container(Some).closable,
            "an inline widget cannot be closed"
        );
        assert!(
            embed.clone().map_container(|_| None::<()>).closable,
            "a modal, then"
        );
        assert!(embed.autofocus);
        assert_eq!(embed.primary_color.as_deref(), Some("#123456"));
        assert_eq!(embed.theme_mode, Some(ThemeMode::Dark));
        assert_eq!(embed.language.as_deref(), Some("fr"));
        assert_eq!(embed.dictionary, [("sign_up_title".into(), "Join".into())]);
        assert_eq!(embed.configuration_base_url.as_deref(), Some("http://c"));
    }

    #[test]
    fn each_mistake_is_one_message_naming_the_option() {
        let o = read_json(
            r#"{"colour":"red","allowSignUp":"yes","initialScreen":"login","minLength":0,
            "passwordPolicy":"strong","prefill":5,"theme":{"mode":"neon"},"container":7,
            "requestTimeout":1.5,"usernameMax":-1,"language":"xx","usernameStyle":"phone",
            "languageDictionary":{"signUpTitle":"x","close":5},"closable":{"\u0000ref":1}}"#,
        );
        let problems = o.problems.join("\n");
        for name in [
            "\"colour\"",
            "\"allowSignUp\"",
            "\"initialScreen\"",
            "\"minLength\"",
            "\"passwordPolicy\"",
            "\"prefill\"",
            "\"theme.mode\"",
            "\"container\"",
            "\"requestTimeout\"",
            "\"usernameMax\"",
            "no dictionary for \"xx\"",
            "\"usernameStyle\"",
            "unknown key \"signUpTitle\"",
            "\"languageDictionary.close\"",
            "\"closable\" must be true or false (got a function or an element)",
        ] {
            assert_eq!(
                o.problems.iter().filter(|p| p.contains(name)).count(),
                1,
                "{name} in:\n{problems}"
            );
        }
        assert_eq!(o.problems.len(), 15, "{problems}");
        assert!(o.options.allow_sign_up, "defaults stay");
        assert_eq!(o.options.password_policy.level, PolicyLevel::Good);
        assert_eq!(o.embed.container, None);
        assert_eq!(o.embed.language, None);
        assert!(o.embed.closable);
    }

    #[test]
    fn languages_are_shipped_codes_and_texts_may_count() {
        for (given, kept) in [
            ("pt-BR", Some("pt-BR")),
            ("uk", Some("uk")),
            ("en", None),
            ("xx", None),
        ] {
            let o = read_json(&format!(r#"{{"language":"{given}"}}"#));
            assert_eq!(o.embed.language.as_deref(), kept, "{given}");
            assert_eq!(
                o.problems.len(),
                usize::from(given == "xx"),
                "{given}: {:?}",
                o.problems
            );
        }
        let o = read_json(
            r#"{"languageDictionary":{
              "username_too_short":{"one":"{n} sign at least","other":"{n} signs at least"},
              "rule_length_at_least":{"one":"x","lots":"y"},
              "sign_up_title":"Join"}}"#,
        );
        assert_eq!(o.problems.len(), 1, "{:?}", o.problems);
        assert!(
            o.problems[0].contains("rule_length_at_least"),
            "{}",
            o.problems[0]
        );
        let strings =
            crate::i18n::with_overrides(crate::i18n::EN.to_dictionary(), &o.embed.dictionary);
        let text = |n| crate::i18n::counted(&strings, &strings.username_too_short, n);
        assert_eq!(
            (text(1), text(4)),
            ("1 sign at least".into(), "4 signs at least".into())
        );
        assert_eq!(&*strings.sign_up_title, "Join");
    }

    #[test]
    fn additional_fields_keep_their_validators() {
        let o = read_json(
            r#"{"additionalSignUpFields":[
              {"name":"nickname","placeholder":"Nickname","storage":"root","validator":{"\u0000ref":0}},
              {"name":"plan","type":"select","placeholder":"Plan","options":[{"value":"free","label":"Free"}],"prefill":"free"},
              {"name":"source","type":"hidden","value":"ad"},
              {"name":"news","type":"checkbox","prefill":true,"validator":{"\u0000ref":1}},
              {"name":"bad name"},{"name":"email"},{"name":"plan2","storage":"root"},
              {"name":"x","type":"radio"},{"name":"y","validator":"yes"}]}"#,
        );
        let problems = o.problems.join("\n");
        for expected in [
            "[4]: field name \"bad name\"",
            "[5]: field name \"email\" is reserved",
            "[6]: field \"plan2\" cannot use storage",
            "[7]: \"type\" must be",
            "[8]: \"validator\" must be a function",
        ] {
            assert!(problems.contains(expected), "{expected} in {problems}");
        }
        assert_eq!(o.problems.len(), 5, "{problems}");
        let fields = &o.options.additional_fields;
        assert_eq!(fields.len(), 4);
        assert!(fields[0].storage_root);
        assert_eq!(fields[0].label, "Nickname");
        assert_eq!(
            fields[1].kind,
            FieldKind::Select(vec![("free".into(), "Free".into())])
        );
        assert_eq!(
            (fields[2].kind.clone(), fields[2].initial.as_str()),
            (FieldKind::Hidden, "ad")
        );
        assert_eq!(
            (fields[3].kind.clone(), fields[3].initial.as_str()),
            (FieldKind::Checkbox, "true")
        );
        assert_eq!(o.validators, [(0, 0), (3, 1)]);
    }

    #[test]
    fn metadata_fields_are_capped_and_validators_follow_their_fields() {
        let mut list: Vec<String> = (0..12)
            .map(|i| format!(r#"{{"name":"f{i}","validator":{{"\u0000ref":{i}}}}}"#))
            .collect();
        list.insert(
            3,
            r#"{"name":"given_name","storage":"root","validator":{"\u0000ref":99}}"#.into(),
        );
        let o = read_json(&format!(
            r#"{{"additionalSignUpFields":[{}]}}"#,
            list.join(",")
        ));
        assert_eq!(o.problems.len(), 1, "{:?}", o.problems);
        assert!(o.problems[0].contains("at most 10"));
        let fields = &o.options.additional_fields;
        assert_eq!(fields.len(), 11);
        assert_eq!(fields[3].name, "given_name");
        assert_eq!(fields[10].name, "f9");
        assert_eq!(o.validators.len(), 11);
        assert_eq!(o.validators[3], (3, 99));
        assert_eq!(o.validators[10], (10, 9));
    }

    #[test]
    fn extra_field_names_are_checked() {
        assert_eq!(check_field_name("plan_2", false), Ok(()));
        assert!(check_field_name("first name", false)
            .unwrap_err()
            .contains("^[a-zA-Z0-9_]+$"));
        assert!(check_field_name("email", false)
            .unwrap_err()
            .contains("reserved"));
        assert!(check_field_name("plan", true).unwrap_err().contains("root"));
        assert_eq!(check_field_name("given_name", true), Ok(()));
    }

    #[test]
    fn a_bad_logo_or_colour_is_one_message_and_the_default() {
        let read = read(
            &crate::json::parse(
                r#"{"theme":{"logo":"javascript:alert(1)","primaryColor":"red; background: url(https://evil.example/x)"}}"#,
            )
            .unwrap(),
        );
        assert_eq!(read.options.logo_url, None);
        assert_eq!(read.embed.primary_color, None);
        assert_eq!(read.problems.len(), 2, "{:?}", read.problems);
        assert!(read.problems[0].contains("\"theme.primaryColor\""));
        assert!(read.problems[1].contains("\"theme.logo\""));
    }
}
