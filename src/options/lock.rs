//! Lock-style options, read from one JSON document. The embedding page's
//! options object reaches the wasm in one hand-off (`JSON.stringify` in the
//! browser, with functions and DOM nodes replaced by numbered references),
//! so reading it is pure: no reflection per option, and tested natively.
//!
//! This module holds what reading gives ([`LockOptions`]) and the option
//! names it knows; the reader itself is [`read`] (`lock/reader.rs`).

mod reader;

pub use reader::read;

use super::Options;

/// The key of the object that stands for a function or a DOM node in the
/// hand-off: `{"\u0000ref": index}` into the list of such values.
pub const REF_KEY: &str = "\u{0}ref";

/// Options that concern the embedding rather than the screens. `N` is what
/// a container is: a reference while reading, an element once resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct EmbedOptions<N = Container> {
    /// Where to render inline (an element, or a shadow root); none: a modal.
    pub container: Option<N>,
    /// The modal can be closed (Escape, close button). Lock's default: true.
    pub closable: bool,
    /// Focus the first field when shown.
    pub autofocus: bool,
    /// `theme.primaryColor`, a CSS colour.
    pub primary_color: Option<String>,
    /// `theme.mode`.
    pub theme_mode: Option<ThemeMode>,
    /// `language`: one of [`crate::i18n::SHIPPED`] (loaded beside the bundle), or English.
    pub language: Option<String>,
    /// `languageDictionary`: (key, text) overrides, keys checked.
    pub dictionary: Vec<(String, String)>,
    /// `configurationBaseUrl`: load the connection's settings from
    /// `{url}/client/{clientID}.js`, as Lock does.
    pub configuration_base_url: Option<String>,
}

impl<N> EmbedOptions<N> {
    /// The same options with the container turned into an `M` (none when
    /// `f` finds none). Lock's rule holds after it too: an inline widget
    /// cannot be closed.
    pub fn map_container<M>(self, f: impl FnOnce(N) -> Option<M>) -> EmbedOptions<M> {
        let container = self.container.and_then(f);
        EmbedOptions {
            closable: self.closable && container.is_none(),
            container,
            autofocus: self.autofocus,
            primary_color: self.primary_color,
            theme_mode: self.theme_mode,
            language: self.language,
            dictionary: self.dictionary,
            configuration_base_url: self.configuration_base_url,
        }
    }
}

impl<N> Default for EmbedOptions<N> {
    /// None given: a modal, closable (Lock's default).
    fn default() -> Self {
        EmbedOptions {
            container: None,
            closable: true,
            autofocus: false,
            primary_color: None,
            theme_mode: None,
            language: None,
            dictionary: Vec::new(),
            configuration_base_url: None,
        }
    }
}

/// `theme.mode`: the widget's colour scheme.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeMode {
    /// The system's (`prefers-color-scheme`).
    Auto,
    /// Light.
    Light,
    /// Dark.
    Dark,
}

impl ThemeMode {
    /// Every mode, in the order of [`ThemeMode::NAMES`].
    pub const ALL: [ThemeMode; 3] = [ThemeMode::Auto, ThemeMode::Light, ThemeMode::Dark];

    /// Every mode's name, as `theme.mode` takes it.
    pub const NAMES: [&'static str; 3] = ["auto", "light", "dark"];

    /// Its name (`"dark"`), as `theme.mode` takes it and the host element's
    /// `data-theme` attribute carries it.
    pub fn as_str(self) -> &'static str {
        Self::NAMES[self as usize]
    }
}

/// `container` as given: an element's id, or a referenced node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Container {
    /// An element's id, looked up when shown.
    Id(String),
    /// A referenced node (an element or a shadow root).
    Node(usize),
}

/// The options object, read.
#[derive(Clone, Debug, PartialEq)]
pub struct LockOptions {
    /// The screens' options.
    pub options: Options,
    /// The embedding's options.
    pub embed: EmbedOptions,
    /// (index in `options.additional_fields`, reference) of each field's
    /// `validator` function.
    pub validators: Vec<(usize, usize)>,
    /// One message per problem, each naming the option.
    pub problems: Vec<String>,
}

/// The options Lock users may pass that this widget knows.
pub const KNOWN_OPTIONS: [&str; 24] = [
    "usernameStyle",
    "configurationBaseUrl",
    "confirmPassword",
    "mustAcceptTerms",
    "additionalSignUpFields",
    "language",
    "languageDictionary",
    "connection",
    "initialScreen",
    "allowSignUp",
    "allowForgotPassword",
    "allowLogin",
    "allowShowPassword",
    "prefill",
    "passwordPolicy",
    "minLength",
    "requiresUsername",
    "usernameMin",
    "usernameMax",
    "container",
    "closable",
    "autofocus",
    "requestTimeout",
    "theme",
];
