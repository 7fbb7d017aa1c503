//! The two screens as plain data: which fields a screen has, how each is
//! shown, how each is checked, and the request a valid form becomes. Pure
//! functions over plain values, outside the view layer: the view renders
//! whatever [`fields`] lists with one field component and submits through
//! one path, and all of this is tested natively.

use crate::api::{ChangePasswordRequest, Request, SignupRequest};
use crate::i18n::{counted, Dictionary, Text};
use crate::options::{FieldKind, FieldProblem, Options, Screen, SignUpField};
use auth_core::email::EmailError;
use auth_core::username::UsernameError;

/// A field of a form. What the person types into each is kept in one slot
/// per key for the widget's life, so it survives screen changes and failed
/// submits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// The email address.
    Email,
    /// The username (when the connection requires one).
    Username,
    /// The new password.
    Password,
    /// The password again (`confirmPassword`).
    Confirm,
    /// The terms checkbox (`mustAcceptTerms`).
    Terms,
    /// `options.additional_fields[i]`.
    Extra(usize),
}

impl Key {
    /// Its element id, after the widget's id prefix.
    pub fn id(self) -> String {
        match self {
            Key::Email => "email".into(),
            Key::Username => "username".into(),
            Key::Password => "password".into(),
            Key::Confirm => "confirm".into(),
            Key::Terms => "terms".into(),
            Key::Extra(i) => format!("field-{i}"),
        }
    }

    /// Its slot in [`Values`].
    pub fn slot(self) -> usize {
        match self {
            Key::Email => 0,
            Key::Username => 1,
            Key::Password => 2,
            Key::Confirm => 3,
            Key::Terms => 4,
            Key::Extra(i) => 5 + i,
        }
    }
}

/// What a field holds: text (typed, or chosen in a select) or a checkbox's
/// state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldValue {
    /// An input's text, or a select's chosen value.
    Text(String),
    /// A checkbox: ticked or not.
    Checked(bool),
}

impl FieldValue {
    /// The value as Lock sends it and a field's validator sees it: the
    /// text, or "true" or "false".
    pub fn as_str(&self) -> &str {
        match self {
            FieldValue::Text(text) => text,
            FieldValue::Checked(true) => "true",
            FieldValue::Checked(false) => "false",
        }
    }

    /// The value as Lock sends it, owned (see [`FieldValue::as_str`]).
    pub fn into_string(self) -> String {
        match self {
            FieldValue::Text(text) => text,
            checked => checked.as_str().to_owned(),
        }
    }

    /// Whether it is a ticked checkbox.
    pub fn is_checked(&self) -> bool {
        matches!(self, FieldValue::Checked(true))
    }
}

impl From<&str> for FieldValue {
    fn from(text: &str) -> Self {
        FieldValue::Text(text.to_owned())
    }
}

/// Every value the widget holds, by [`Key::slot`].
pub type Values = [FieldValue];

/// The number of slots for `options`.
pub fn slots(options: &Options) -> usize {
    5 + options.additional_fields.len()
}

/// The starting values: prefill, and the extra fields' initial values (a
/// checkbox's is ticked when it is "true").
pub fn initial_values(options: &Options) -> Vec<FieldValue> {
    let text = |text: &str| FieldValue::Text(text.to_owned());
    // In slot order (see Key::slot): email, username, password, confirm,
    // terms, then the extra fields.
    let mut values = vec![
        text(&options.prefill_email),
        text(&options.prefill_username),
        text(""),
        text(""),
        FieldValue::Checked(false),
    ];
    values.extend(
        options
            .additional_fields
            .iter()
            .map(|field| match field.kind {
                FieldKind::Checkbox => FieldValue::Checked(field.initial == "true"),
                _ => text(&field.initial),
            }),
    );
    values
}

/// The fields a screen shows, in page order. The forgot-password screen
/// has an email field and nothing else.
pub fn fields(screen: Screen, options: &Options) -> Vec<Key> {
    let mut keys = vec![Key::Email];
    if screen == Screen::ForgotPassword {
        return keys;
    }
    if options.requires_username {
        keys.push(Key::Username);
    }
    for (i, field) in options.additional_fields.iter().enumerate() {
        if field.kind != FieldKind::Hidden {
            keys.push(Key::Extra(i));
        }
    }
    keys.push(Key::Password);
    if options.confirm_password {
        keys.push(Key::Confirm);
    }
    if options.must_accept_terms {
        keys.push(Key::Terms);
    }
    keys
}

/// The kind of control a field is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Control {
    /// An `<input>` of this `type`.
    Input(&'static str),
    /// A checkbox.
    Checkbox,
    /// A `<select>` of (value, label) choices, after an empty one.
    Select(Vec<(String, String)>),
}

/// How a field is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Presentation {
    /// The visible label (may hold `[text](url)` links).
    pub label: Text,
    /// The control.
    pub control: Control,
    /// The accessible name, when it should differ from the label.
    pub aria_label: Option<String>,
    /// The `autocomplete` token, for password managers.
    pub autocomplete: Option<&'static str>,
    /// Names and addresses: no automatic capitals or spelling marks.
    pub verbatim: bool,
    /// Whether it must be filled in.
    pub required: bool,
    /// The new password: a show/hide button and the live rule checklist.
    pub new_password: bool,
}

/// How `key` is shown, with `options` and `strings`.
pub fn presentation(key: Key, options: &Options, strings: &Dictionary) -> Presentation {
    let plain = |label: &Text, input: &'static str, autocomplete: &'static str| Presentation {
        label: label.clone(),
        control: Control::Input(input),
        aria_label: None,
        autocomplete: Some(autocomplete),
        verbatim: true,
        required: true,
        new_password: false,
    };
    match key {
        Key::Email => plain(&strings.email_label, "email", "email"),
        Key::Username => plain(&strings.username_label, "text", "username"),
        Key::Password => Presentation {
            verbatim: false,
            new_password: true,
            ..plain(&strings.password_label, "password", "new-password")
        },
        Key::Confirm => plain(&strings.confirm_password_label, "password", "new-password"),
        Key::Terms => Presentation {
            control: Control::Checkbox,
            autocomplete: None,
            verbatim: false,
            required: false,
            ..plain(&strings.terms_label, "", "")
        },
        Key::Extra(i) => {
            let field = &options.additional_fields[i];
            Presentation {
                label: crate::i18n::shared(&field.label),
                control: match &field.kind {
                    FieldKind::Select(choices) => Control::Select(choices.clone()),
                    FieldKind::Checkbox => Control::Checkbox,
                    FieldKind::Text | FieldKind::Hidden => Control::Input("text"),
                },
                aria_label: field.aria_label.clone(),
                autocomplete: None,
                verbatim: false,
                required: false,
                new_password: false,
            }
        }
    }
}

/// A label as text and links: `[text](url)` is a link (how a terms
/// checkbox links to the terms and the privacy policy), when `url` is
/// https:, http: or relative; anything else, markup included, is text.
/// Each part is `(text, Some(url))` for a link, `(text, None)` otherwise.
pub fn label_parts(label: &str) -> Vec<(String, Option<String>)> {
    let mut parts: Vec<(String, Option<String>)> = Vec::new();
    let mut text = String::new();
    let mut rest = label;
    while let Some(open) = rest.find('[') {
        let link = rest[open + 1..].split_once("](").and_then(|(inner, tail)| {
            let (url, after) = tail.split_once(')')?;
            let plain = !inner.is_empty() && !inner.contains(['[', ']']);
            let url = (plain && !url.contains(char::is_whitespace))
                .then(|| crate::options::safe_url(url, false))??;
            Some((inner, url, after))
        });
        match link {
            Some((inner, url, after)) => {
                text.push_str(&rest[..open]);
                if !text.is_empty() {
                    parts.push((std::mem::take(&mut text), None));
                }
                parts.push((inner.to_owned(), Some(url)));
                rest = after;
            }
            None => {
                text.push_str(&rest[..=open]);
                rest = &rest[open + 1..];
            }
        }
    }
    text.push_str(rest);
    if !text.is_empty() || parts.is_empty() {
        parts.push((text, None));
    }
    parts
}

/// What is wrong with the value of `key`, in words for the person; `None`
/// when it is acceptable.
pub fn problem(
    key: Key,
    values: &Values,
    options: &Options,
    strings: &Dictionary,
) -> Option<String> {
    let value = values[key.slot()].as_str();
    let text = |t: &Text| Some(t.to_string());
    match key {
        Key::Email => match auth_core::email::validate(value) {
            Ok(()) => None,
            Err(EmailError::Empty) => text(&strings.email_required),
            Err(_) => text(&strings.email_invalid),
        },
        Key::Username => {
            let username = value.trim();
            match auth_core::username::validate(
                username,
                options.username_min,
                options.username_max,
            ) {
                Ok(()) => None,
                Err(_) if username.is_empty() => text(&strings.username_required),
                Err(UsernameError::TooShort(n)) => {
                    Some(counted(strings, &strings.username_too_short, n))
                }
                Err(UsernameError::TooLong(n)) => {
                    Some(counted(strings, &strings.username_too_long, n))
                }
                Err(UsernameError::InvalidCharacters) => text(&strings.username_invalid),
            }
        }
        Key::Password if value.is_empty() => text(&strings.password_required),
        Key::Password => (!options.password_policy.evaluate(value).is_ok())
            .then(|| strings.password_policy_unmet.to_string()),
        Key::Confirm => (value != values[Key::Password.slot()].as_str())
            .then(|| strings.password_mismatch.to_string()),
        Key::Terms => {
            (!values[key.slot()].is_checked()).then(|| strings.terms_required.to_string())
        }
        Key::Extra(i) => match options.additional_fields[i].check(value) {
            Ok(()) => None,
            Err(FieldProblem::Required) => text(&strings.field_required),
            Err(FieldProblem::Invalid(Some(hint))) => Some(hint),
            Err(FieldProblem::TooLong | FieldProblem::Invalid(None)) => {
                text(&strings.field_invalid)
            }
        },
    }
}

/// Splits extra fields' values into root fields and `user_metadata`.
pub fn extra_payload(
    fields: &[SignUpField],
    values: &[FieldValue],
) -> (Vec<(String, String)>, Vec<(String, String)>) {
    let mut root = Vec::new();
    let mut metadata = Vec::new();
    for (field, value) in fields.iter().zip(values) {
        let target = if field.storage_root {
            &mut root
        } else {
            &mut metadata
        };
        target.push((field.name.clone(), value.as_str().to_owned()));
    }
    (root, metadata)
}

/// The request for `screen` from `values`: a sign-up, or a change-password
/// request, which has no password field.
pub fn request(screen: Screen, values: &Values, options: &Options) -> Request {
    let value = |key: Key| values[key.slot()].as_str().to_owned();
    let email = value(Key::Email);
    let connection = options.connection.clone();
    match screen {
        Screen::ForgotPassword => {
            Request::ChangePassword(ChangePasswordRequest { email, connection })
        }
        Screen::SignUp => {
            let extra = &values[Key::Extra(0).slot()..];
            let (root_fields, user_metadata) = extra_payload(&options.additional_fields, extra);
            Request::Signup(SignupRequest {
                email,
                password: value(Key::Password),
                connection,
                username: options
                    .requires_username
                    .then(|| value(Key::Username).trim().to_owned()),
                root_fields,
                user_metadata,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::EN;
    use crate::options::FieldValidator;
    use std::sync::Arc;

    fn extra(name: &str, kind: FieldKind) -> SignUpField {
        SignUpField {
            name: name.into(),
            kind,
            label: format!("Your {name}"),
            aria_label: None,
            initial: String::new(),
            storage_root: false,
            validator: None,
        }
    }

    fn everything() -> Options {
        Options {
            requires_username: true,
            confirm_password: true,
            must_accept_terms: true,
            prefill_email: "jane@example.com".into(),
            additional_fields: vec![
                SignUpField {
                    storage_root: true,
                    validator: Some(FieldValidator(Arc::new(|v: &str| {
                        if v.starts_with(char::is_uppercase) {
                            Ok(())
                        } else {
                            Err(Some("Start with a capital.".into()))
                        }
                    }))),
                    ..extra("given_name", FieldKind::Text)
                },
                SignUpField {
                    initial: "ad".into(),
                    ..extra("source", FieldKind::Hidden)
                },
                extra(
                    "plan",
                    FieldKind::Select(vec![("pro".into(), "Pro".into())]),
                ),
                extra("news", FieldKind::Checkbox),
            ],
            ..Options::default()
        }
    }

    #[test]
    fn labels_link_only_with_the_link_syntax_and_a_web_url() {
        let text = |t: &str| (t.to_owned(), None);
        let link = |t: &str, u: &str| (t.to_owned(), Some(u.to_owned()));
        assert_eq!(
            label_parts("I agree to the [terms](https://example.com/terms) and the [privacy policy](/privacy)."),
            [
                text("I agree to the "),
                link("terms", "https://example.com/terms"),
                text(" and the "),
                link("privacy policy", "/privacy"),
                text("."),
            ]
        );
        assert_eq!(
            label_parts("[Terms](terms.html)"),
            [link("Terms", "terms.html")]
        );
        for literal in [
            "I agree to the <a href='/terms'>terms</a>",
            "[click](javascript:alert(1))",
            "[click](data:text/html,x)",
            "[click]( https://a.example)",
            "[click](https://a.example x)",
            "[](https://a.example)",
            "[a [b]](https://a.example)",
            "[unclosed](https://a.example",
            "brackets [only] here",
            "",
        ] {
            assert_eq!(label_parts(literal), [text(literal)], "{literal:?}");
        }
        assert_eq!(
            label_parts("[x](javascript:alert(1)) then [ok](/ok)"),
            [text("[x](javascript:alert(1)) then "), link("ok", "/ok")]
        );
    }

    #[test]
    fn screens_list_their_fields_in_page_order() {
        let options = everything();
        assert_eq!(fields(Screen::ForgotPassword, &options), [Key::Email]);
        assert_eq!(
            fields(Screen::SignUp, &options),
            [
                Key::Email,
                Key::Username,
                Key::Extra(0),
                Key::Extra(2),
                Key::Extra(3),
                Key::Password,
                Key::Confirm,
                Key::Terms
            ],
            "hidden fields are not shown"
        );
        assert_eq!(
            fields(Screen::SignUp, &Options::default()),
            [Key::Email, Key::Password]
        );
    }

    #[test]
    fn every_problem_is_found_and_named() {
        let options = everything();
        let strings = EN.to_dictionary();
        let mut values = initial_values(&options);
        assert_eq!(values[Key::Email.slot()], "jane@example.com".into());
        assert_eq!(values[Key::Extra(1).slot()], "ad".into());
        let problems = |values: &[FieldValue]| -> Vec<(Key, String)> {
            fields(Screen::SignUp, &options)
                .into_iter()
                .filter_map(|key| problem(key, values, &options, &strings).map(|p| (key, p)))
                .collect()
        };
        values[Key::Extra(0).slot()] = "jane".into();
        values[Key::Username.slot()] = "a b".into();
        values[Key::Password.slot()] = "weak".into();
        values[Key::Confirm.slot()] = "other".into();
        assert_eq!(
            problems(&values),
            [
                (Key::Username, EN.username_invalid.to_string()),
                (Key::Extra(0), "Start with a capital.".to_string()),
                (Key::Extra(2), EN.field_required.to_string()),
                (Key::Password, EN.password_policy_unmet.to_string()),
                (Key::Confirm, EN.password_mismatch.to_string()),
                (Key::Terms, EN.terms_required.to_string()),
            ]
        );
        values[Key::Email.slot()] = "".into();
        assert_eq!(
            problems(&values)[0],
            (Key::Email, EN.email_required.to_string())
        );
        values[Key::Email.slot()] = "jane@example.com".into();
        values[Key::Extra(0).slot()] = "Jane".into();
        values[Key::Username.slot()] = " jane ".into();
        values[Key::Extra(2).slot()] = "pro".into();
        values[Key::Password.slot()] = "Str0ng-enough!".into();
        values[Key::Confirm.slot()] = "Str0ng-enough!".into();
        values[Key::Terms.slot()] = FieldValue::Checked(true);
        assert_eq!(problems(&values), []);

        let Request::Signup(signup) = request(Screen::SignUp, &values, &options) else {
            panic!("a sign-up")
        };
        assert_eq!(signup.username.as_deref(), Some("jane"));
        assert_eq!(signup.password, "Str0ng-enough!");
        assert_eq!(signup.root_fields, [("given_name".into(), "Jane".into())]);
        assert_eq!(
            signup.user_metadata,
            [
                ("source".into(), "ad".into()),
                ("plan".into(), "pro".into()),
                ("news".into(), "false".into())
            ]
        );
        assert_eq!(
            request(Screen::ForgotPassword, &values, &options),
            Request::ChangePassword(ChangePasswordRequest {
                email: "jane@example.com".into(),
                connection: options.connection.clone()
            }),
            "the typed password stays out of change_password"
        );
    }

    #[test]
    fn extra_values_go_to_metadata_or_root() {
        let fields = [
            extra("plan", FieldKind::Text),
            SignUpField {
                storage_root: true,
                ..extra("given_name", FieldKind::Text)
            },
        ];
        let (root, metadata) = extra_payload(&fields, &["pro".into(), "Jane".into()]);
        assert_eq!(root, [("given_name".to_owned(), "Jane".to_owned())]);
        assert_eq!(metadata, [("plan".to_owned(), "pro".to_owned())]);
    }

    #[test]
    fn fields_are_presented_for_password_managers_and_screen_readers() {
        let options = everything();
        let strings = EN.to_dictionary();
        let email = presentation(Key::Email, &options, &strings);
        assert_eq!(
            (email.control, email.autocomplete),
            (Control::Input("email"), Some("email"))
        );
        let password = presentation(Key::Password, &options, &strings);
        assert!(password.new_password && password.required);
        assert_eq!(password.autocomplete, Some("new-password"));
        let confirm = presentation(Key::Confirm, &options, &strings);
        assert!(!confirm.new_password);
        assert_eq!(confirm.autocomplete, Some("new-password"));
        let terms = presentation(Key::Terms, &options, &strings);
        assert_eq!(
            (terms.control, Key::Terms.id()),
            (Control::Checkbox, "terms".into())
        );
        let plan = presentation(Key::Extra(2), &options, &strings);
        assert_eq!(
            plan.control,
            Control::Select(vec![("pro".into(), "Pro".into())])
        );
        assert_eq!(
            (Key::Extra(2).id(), &*plan.label),
            ("field-2".into(), "Your plan")
        );
    }
}
