// Types of the auth-widget package (its entry module, auth-widget.js).
// Written by hand but for the lists between `BEGIN GENERATED` and `END
// GENERATED` lines: `cargo xtask generate` writes those from the runtime's
// own lists (languages, dictionary keys, option and event names), and
// `cargo xtask generate --check` (make test, make dist) fails when they
// differ. `make test` type-checks a consumer file against this file
// (tests/npm/), which also checks the hand-written maps below against the
// generated names.

/** A language the widget ships: English built in, the others loaded from `i18n/` when chosen. */
// BEGIN GENERATED AuthWidgetLanguage (cargo xtask generate, from "en" and auth_widget::i18n::SHIPPED): edit that list, not these lines
export type AuthWidgetLanguage =
  | "en"
  | "af"
  | "ar"
  | "az"
  | "bg"
  | "bn"
  | "ca"
  | "cs"
  | "da"
  | "de"
  | "el"
  | "es"
  | "et"
  | "eu"
  | "fa"
  | "fi"
  | "fil"
  | "fr"
  | "gl"
  | "he"
  | "hi"
  | "hr"
  | "hu"
  | "id"
  | "is"
  | "it"
  | "ja"
  | "ko"
  | "lt"
  | "lv"
  | "ms"
  | "nb"
  | "nl"
  | "nn"
  | "pl"
  | "pt"
  | "pt-BR"
  | "ro"
  | "ru"
  | "sk"
  | "sl"
  | "sr"
  | "sv"
  | "sw"
  | "ta"
  | "th"
  | "tr"
  | "uk"
  | "ur"
  | "vi"
  | "zh-CN"
  | "zh-TW";
// END GENERATED AuthWidgetLanguage

/** The screens: sign-up and forgot-password (there is no login screen). */
export type AuthWidgetScreen = "signUp" | "forgotPassword";

/** A password policy preset, as the connection in the Auth0 dashboard names it. */
export type PasswordPolicyLevel = "none" | "low" | "fair" | "good" | "excellent";

/**
 * What a field validator returns: a boolean, or `{valid, hint}` where `hint`
 * is shown under the field when it is not valid.
 */
export type FieldValidation = boolean | { valid: boolean; hint?: string };

/** Lock's `validator(value)`: called with the field's current value. */
export type FieldValidator = (value: string) => FieldValidation;

/** One choice of a `select` field. */
export interface SelectOption {
  value: string;
  /** Shown to the person; the value when omitted. */
  label?: string;
}

interface SignUpFieldBase {
  /** The key the value is sent under: `^[a-zA-Z0-9_]+$`, not email/username/password. */
  name: string;
  /** The field's visible label (Lock's name for it); `name` when omitted. */
  placeholder?: string;
  /** The accessible name, when it should differ from the label. */
  ariaLabel?: string;
  /** Checks the value before a sign-up is sent. */
  validator?: FieldValidator;
  /**
   * `"root"`: sent as a top-level sign-up field (for `given_name`,
   * `family_name`, `name`, `nickname`, `picture`); otherwise the value goes
   * to `user_metadata` (at most 500 characters).
   */
  storage?: "root";
}

/** A text field (the default type). */
export interface TextSignUpField extends SignUpFieldBase {
  type?: "text";
  /** The initial value. */
  prefill?: string;
}

/** A drop-down list. */
export interface SelectSignUpField extends SignUpFieldBase {
  type: "select";
  options: SelectOption[];
  /** The initially selected value. */
  prefill?: string;
}

/** A checkbox; its value is sent as `"true"` or `"false"`. */
export interface CheckboxSignUpField extends SignUpFieldBase {
  type: "checkbox";
  /** Ticked at first. */
  prefill?: boolean | "true" | "false";
}

/** A value sent with every sign-up, not shown. */
export interface HiddenSignUpField extends Omit<SignUpFieldBase, "placeholder" | "ariaLabel" | "validator"> {
  type: "hidden";
  value: string;
}

/** One of Lock's `additionalSignUpFields`. */
export type SignUpField =
  | TextSignUpField
  | SelectSignUpField
  | CheckboxSignUpField
  | HiddenSignUpField;

/** A text's form for each CLDR plural category of its language (`other` is required). */
export type PluralForms = Partial<Record<"zero" | "one" | "two" | "few" | "many", string>> & { other: string };

/** Other names for a shipped language (Lock's duplicates, older browser codes). */
// BEGIN GENERATED AuthWidgetLanguageAlias (cargo xtask generate, from auth_widget::i18n::ALIASES): edit that list, not these lines
export type AuthWidgetLanguageAlias =
  | "no"
  | "ua"
  | "zh"
  | "iw"
  | "in"
  | "tl";
// END GENERATED AuthWidgetLanguageAlias

/** Every string the widget shows, by key (the keys of `i18n/fr.txt`, a JSON object). */
// BEGIN GENERATED LanguageDictionaryKey (cargo xtask generate, from auth_widget::i18n::KEYS): edit that list, not these lines
export type LanguageDictionaryKey =
  | "lang"
  | "dir"
  | "sign_up_title"
  | "forgot_title"
  | "forgot_intro"
  | "email_label"
  | "username_label"
  | "password_label"
  | "show_password"
  | "hide_password"
  | "show"
  | "hide"
  | "rules_heading"
  | "rule_met"
  | "rule_unmet"
  | "sign_up_submit"
  | "sign_up_pending"
  | "forgot_submit"
  | "forgot_pending"
  | "to_forgot"
  | "to_sign_up"
  | "sign_up_success"
  | "forgot_success"
  | "email_required"
  | "email_invalid"
  | "username_required"
  | "username_too_short"
  | "username_too_long"
  | "username_invalid"
  | "password_required"
  | "password_policy_unmet"
  | "rule_length_at_least"
  | "rule_length_at_most"
  | "rule_should_contain"
  | "rule_contains_at_least"
  | "rule_identical_chars"
  | "class_lower"
  | "class_upper"
  | "class_numbers"
  | "class_special"
  | "err_password_strength"
  | "err_password_dictionary"
  | "err_password_no_user_info"
  | "err_invalid_password"
  | "err_password_leaked"
  | "err_user_exists"
  | "err_username_exists"
  | "err_invalid_signup"
  | "err_hook_fallback"
  | "err_too_many_requests"
  | "err_too_many_requests_wait"
  | "err_enterprise_email"
  | "err_network"
  | "err_timeout"
  | "err_generic"
  | "err_config"
  | "close"
  | "confirm_password_label"
  | "password_mismatch"
  | "terms_label"
  | "terms_required"
  | "field_required"
  | "field_invalid";
// END GENERATED LanguageDictionaryKey

/** The widget's look. */
export interface AuthWidgetTheme {
  /**
   * Buttons, links and focus rings: a CSS colour only (`#rgb`, `#rrggbb`,
   * `rgb()`, `hsl()`, `oklch()`…, or a name). Default `#3b4fd8`.
   */
  primaryColor?: string;
  /** An image above the title: an https:, http:, relative or `data:image/` URL. */
  logo?: string;
  /** Default `"light"`; `"auto"` follows `prefers-color-scheme`. */
  mode?: "light" | "dark" | "auto";
}

/** The name of an option the widget knows; {@link AuthWidgetOptions} types each. */
// BEGIN GENERATED AuthWidgetOptionName (cargo xtask generate, from auth_widget::options::lock::KNOWN_OPTIONS): edit that list, not these lines
export type AuthWidgetOptionName =
  | "usernameStyle"
  | "configurationBaseUrl"
  | "confirmPassword"
  | "mustAcceptTerms"
  | "additionalSignUpFields"
  | "language"
  | "languageDictionary"
  | "connection"
  | "initialScreen"
  | "allowSignUp"
  | "allowForgotPassword"
  | "allowLogin"
  | "allowShowPassword"
  | "prefill"
  | "passwordPolicy"
  | "minLength"
  | "requiresUsername"
  | "usernameMin"
  | "usernameMax"
  | "container"
  | "closable"
  | "autofocus"
  | "requestTimeout"
  | "theme";
// END GENERATED AuthWidgetOptionName

/**
 * The options of `new AuthWidget(clientID, domain, options)` and of the
 * element's `options` property: Lock's names. An unknown or ill-typed
 * option is reported on the console and its default is used.
 */
export interface AuthWidgetOptions {
  /** The database connection. Default `"Username-Password-Authentication"`. */
  connection?: string;
  /** The first screen. Default `"signUp"`. */
  initialScreen?: AuthWidgetScreen;
  /** Offer the sign-up screen. Default `true`. */
  allowSignUp?: boolean;
  /** Offer the forgot-password screen. Default `true`. */
  allowForgotPassword?: boolean;
  /** Accepted for Lock compatibility; there is no login screen, so it changes nothing. */
  allowLogin?: boolean;
  /** Accepted for Lock compatibility (value checked); changes nothing. */
  usernameStyle?: "any" | "email" | "username";
  /** Initial values. Default `{}`. */
  prefill?: { email?: string; username?: string };
  /** The connection's password policy. Default `"good"`. */
  passwordPolicy?: PasswordPolicyLevel;
  /** The connection's minimum password length, 1–72. Default: the policy's. */
  minLength?: number;
  /** Ask for a username. Default `false`. */
  requiresUsername?: boolean;
  /** Shortest username, 1–128. Default `1`. */
  usernameMin?: number;
  /** Longest username, 1–128. Default `15`. */
  usernameMax?: number;
  /** The show/hide password button. Default `true`. */
  allowShowPassword?: boolean;
  /**
   * Where to render inline: an element id, an element or a shadow root.
   * Default: none, a modal dialog.
   */
  container?: string | HTMLElement | ShadowRoot;
  /** Escape and a close button close the modal. Default `true` (modal), `false` (inline). */
  closable?: boolean;
  /** Focus the first field when shown. Default `false` inline, always in a modal. */
  autofocus?: boolean;
  /** Abandon a request after this many milliseconds, 1–600000. Default `15000`. */
  requestTimeout?: number;
  /** Ask for the password twice. Default `false`. */
  confirmPassword?: boolean;
  /**
   * A terms checkbox (its text: `terms_label`) that must be ticked; `[text](url)`
   * in the label is a link. Default `false`.
   */
  mustAcceptTerms?: boolean;
  /** Lock's extra sign-up fields. Default `[]`. */
  additionalSignUpFields?: SignUpField[];
  /**
   * The language. `"auto"`: the best shipped language for the visitor's
   * `navigator.languages` (`pt-PT` → `pt`, `zh-HK` → `zh-TW`, English when
   * none fits). Names match without regard to case (`"pt-br"`), and Lock's
   * `no`, `ua` and `zh` name `nb`, `uk` and `zh-CN`. Default `"en"`.
   */
  language?: AuthWidgetLanguage | AuthWidgetLanguageAlias | "auto";
  /**
   * Overrides any string by key. A text with a number (`{n}`) may be an
   * object of its CLDR plural forms, `{ one: "…", other: "…" }`; a plain
   * string then serves every count. Default `{}`.
   */
  languageDictionary?: Partial<Record<LanguageDictionaryKey, string | PluralForms>>;
  /**
   * Load the connection's password policy and screens from
   * `{url}/client/{clientID}.js`, as Lock does (read as data, never run).
   */
  configurationBaseUrl?: string;
  /** The widget's look. */
  theme?: AuthWidgetTheme;
}

/** The payload of `signup success`. */
export interface SignupSuccess {
  /** The new user's id. */
  _id: string;
  email: string;
  email_verified: boolean;
  /** Present when the connection asks for usernames. */
  username?: string;
}

/** One password rule in a `password_strength` error. */
export interface PasswordRule {
  code: string;
  message: string;
  verified: boolean;
}

/** The payload of `signup error` and `forgot_password error`. */
export interface AuthWidgetError {
  /**
   * The tenant's error code (`user_exists`, `invalid_password`, …), or
   * `network_error`, `timeout` or `unexpected_response` for a transport failure.
   */
  code: string;
  /** The HTTP status; 0 for `network_error` and `timeout`. */
  statusCode: number;
  /** A message for a person, in the widget's language. */
  message: string;
  /** The tenant's error name, when it sent one. */
  name?: string;
  /** The tenant's description, when it is text. */
  description?: string;
  /** The password rules, for `invalid_password` with a rule list. */
  rules?: PasswordRule[];
}

/** Every event `on()` takes, and its payload (`undefined`: none). */
export interface AuthWidgetEventMap {
  show: undefined;
  hide: undefined;
  "signup ready": undefined;
  "signup submit": undefined;
  "signup success": SignupSuccess;
  "signup error": AuthWidgetError;
  "forgot_password ready": undefined;
  "forgot_password submit": undefined;
  "forgot_password success": undefined;
  "forgot_password error": AuthWidgetError;
}

/** An event name `on()` takes; {@link AuthWidgetEventMap} types each one's payload. */
// BEGIN GENERATED AuthWidgetEventName (cargo xtask generate, from auth_widget::events::EVENT_NAMES): edit that list, not these lines
export type AuthWidgetEventName =
  | "show"
  | "hide"
  | "signup ready"
  | "signup submit"
  | "signup success"
  | "signup error"
  | "forgot_password ready"
  | "forgot_password submit"
  | "forgot_password success"
  | "forgot_password error";
// END GENERATED AuthWidgetEventName

// Type-level checks, made by tsc when it checks this file (make test does,
// with skipLibCheck off): the hand-written maps type exactly the names the
// runtime knows, which `cargo xtask generate` writes above. A name on one
// side only fails here.
type ExactlyTheKeys<T, Names> = [keyof T] extends [Names]
  ? [Names] extends [keyof T]
    ? true
    : false
  : false;
type Holds<Condition extends true> = Condition;
type TypedAsTheRuntimeNamesThem = [
  Holds<ExactlyTheKeys<AuthWidgetOptions, AuthWidgetOptionName>>,
  Holds<ExactlyTheKeys<AuthWidgetEventMap, AuthWidgetEventName>>,
];

/** A handler of `event`. */
export type AuthWidgetHandler<E extends AuthWidgetEventName> = (
  payload: AuthWidgetEventMap[E],
) => void;

/** The sign-up and forgot-password widget, shaped like Lock (`new Auth0Lock(…)`). */
export declare class AuthWidget {
  /**
   * @param clientID the application's client id
   * @param domain the tenant: a host name (`tenant.eu.auth0.com`) or an
   *   origin (`http://127.0.0.1:8787`)
   * @param options see {@link AuthWidgetOptions}
   */
  constructor(clientID: string, domain: string, options?: AuthWidgetOptions);
  /** The package's version. */
  static readonly version: string;
  /** Every event name `on()` takes, from the runtime. */
  static eventNames(): AuthWidgetEventName[];
  /** Every language the widget speaks, English first (for a language picker). */
  static languages(): AuthWidgetLanguage[];
  /**
   * The language `language: "auto"` picks for `preferences` (most wanted
   * first, as `navigator.languages` lists them).
   */
  static bestLanguage(preferences: readonly string[]): AuthWidgetLanguage;
  /**
   * Where each language file is loaded from, by code. The entry module sets
   * them beside itself (`i18n/*.txt`, JSON); call it only to serve them elsewhere.
   */
  static setLanguageFiles(files: Partial<Record<AuthWidgetLanguage, string>>): void;
  /**
   * Renders the widget (inline in `container`, else as a modal), after
   * loading its language and configuration if it has them. Does nothing if
   * it is shown or loading.
   */
  show(): void;
  /** Removes the widget (it can be shown again), or cancels a pending show. */
  hide(): void;
  /** Calls `handler(payload)` on `event`. */
  on<E extends AuthWidgetEventName>(event: E, handler: AuthWidgetHandler<E>): void;
  /** Stops calling `handler` on `event`. */
  off<E extends AuthWidgetEventName>(event: E, handler: AuthWidgetHandler<E>): void;
  /** Hides the widget, cancels a load and forgets every handler, for good. */
  destroy(): void;
  /** Frees the instance's memory at once (`destroy()` is enough in practice). */
  free(): void;
}

/** The DOM events of `<auth-widget>`: each `on()` event, dashed, with its payload in `detail`. */
// BEGIN GENERATED AuthWidgetElementEventMap (cargo xtask generate, from auth_widget::events::EVENT_NAMES and dom_event_name): edit that list, not these lines
export interface AuthWidgetElementEventMap {
  show: CustomEvent<AuthWidgetEventMap["show"]>;
  hide: CustomEvent<AuthWidgetEventMap["hide"]>;
  "signup-ready": CustomEvent<AuthWidgetEventMap["signup ready"]>;
  "signup-submit": CustomEvent<AuthWidgetEventMap["signup submit"]>;
  "signup-success": CustomEvent<AuthWidgetEventMap["signup success"]>;
  "signup-error": CustomEvent<AuthWidgetEventMap["signup error"]>;
  "forgot-password-ready": CustomEvent<AuthWidgetEventMap["forgot_password ready"]>;
  "forgot-password-submit": CustomEvent<AuthWidgetEventMap["forgot_password submit"]>;
  "forgot-password-success": CustomEvent<AuthWidgetEventMap["forgot_password success"]>;
  "forgot-password-error": CustomEvent<AuthWidgetEventMap["forgot_password error"]>;
}
// END GENERATED AuthWidgetElementEventMap

/**
 * `<auth-widget client-id domain connection initial-screen language>`: the
 * widget in its own shadow root, re-rendered when an attribute or `options`
 * changes, destroyed when removed from the page.
 */
export interface AuthWidgetElement extends HTMLElement {
  /** Options that do not fit attributes (prefill, theme, fields…). Attributes win. */
  options: AuthWidgetOptions;
  addEventListener<K extends keyof AuthWidgetElementEventMap>(
    type: K,
    listener: (this: AuthWidgetElement, event: AuthWidgetElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: AuthWidgetElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof AuthWidgetElementEventMap>(
    type: K,
    listener: (this: AuthWidgetElement, event: AuthWidgetElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener<K extends keyof HTMLElementEventMap>(
    type: K,
    listener: (this: AuthWidgetElement, event: HTMLElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

/** The attributes `<auth-widget>` reads (for JSX and template type-checkers). */
export interface AuthWidgetElementAttributes {
  "client-id": string;
  domain: string;
  connection?: string;
  "initial-screen"?: AuthWidgetScreen;
  language?: AuthWidgetLanguage;
}

declare global {
  interface HTMLElementTagNameMap {
    "auth-widget": AuthWidgetElement;
  }
  // The element's events bubble and are composed: listeners on any
  // ancestor (or the document) see them, typed.
  interface HTMLElementEventMap extends AuthWidgetElementEventMap {}
  interface Window {
    /** Defined by the entry module, as Lock defines `Auth0Lock`. */
    AuthWidget: typeof AuthWidget;
  }
}
