// auth-widget embed bundle: import this module and nothing else.
//
//   <script type="module" src="/auth-widget/auth-widget.js"></script>
//
// It defines window.AuthWidget (the Lock-shaped class), exports it, and
// registers the <auth-widget> custom element, all at once: the wasm next to
// it (relative to import.meta.url) is fetched and compiled meanwhile, and
// the early form (early.js) stands in for the component until it is there.
// The element is a thin layer over the class, which is a thin layer over the
// Leptos component: one implementation.
import init, { AuthWidget as Core } from "./auth-widget-core.js";
import { defineAuthWidgetElement } from "./element.js";
import { EarlyForm } from "./early.js";
// Written by `cargo xtask dist` from the component (xtask/src/early.rs): its
// CSS and its early form in English, each screen.
import english, { css, networkError } from "./early-en.js";

// The language files beside this module, in i18n/, each named literally:
// bundlers (Vite, webpack, Parcel; Rollup with a plugin) find every
// `new URL("…", import.meta.url)`, emit the file and rewrite its URL, as
// they do for the wasm above. They are JSON named `.txt`, a type no bundler
// transforms: Parcel turns a `.json` named so into a JavaScript module (the
// widget would then say "not JSON" on the console and show English).
// `cargo xtask generate` writes the list from the runtime's list of shipped
// languages.
const languageFiles = {
  // BEGIN GENERATED languageFiles (cargo xtask generate, from auth_widget::i18n::SHIPPED): edit that list, not these lines
  "af": new URL("./i18n/af.txt", import.meta.url).href,
  "ar": new URL("./i18n/ar.txt", import.meta.url).href,
  "az": new URL("./i18n/az.txt", import.meta.url).href,
  "bg": new URL("./i18n/bg.txt", import.meta.url).href,
  "bn": new URL("./i18n/bn.txt", import.meta.url).href,
  "ca": new URL("./i18n/ca.txt", import.meta.url).href,
  "cs": new URL("./i18n/cs.txt", import.meta.url).href,
  "da": new URL("./i18n/da.txt", import.meta.url).href,
  "de": new URL("./i18n/de.txt", import.meta.url).href,
  "el": new URL("./i18n/el.txt", import.meta.url).href,
  "es": new URL("./i18n/es.txt", import.meta.url).href,
  "et": new URL("./i18n/et.txt", import.meta.url).href,
  "eu": new URL("./i18n/eu.txt", import.meta.url).href,
  "fa": new URL("./i18n/fa.txt", import.meta.url).href,
  "fi": new URL("./i18n/fi.txt", import.meta.url).href,
  "fil": new URL("./i18n/fil.txt", import.meta.url).href,
  "fr": new URL("./i18n/fr.txt", import.meta.url).href,
  "gl": new URL("./i18n/gl.txt", import.meta.url).href,
  "he": new URL("./i18n/he.txt", import.meta.url).href,
  "hi": new URL("./i18n/hi.txt", import.meta.url).href,
  "hr": new URL("./i18n/hr.txt", import.meta.url).href,
  "hu": new URL("./i18n/hu.txt", import.meta.url).href,
  "id": new URL("./i18n/id.txt", import.meta.url).href,
  "is": new URL("./i18n/is.txt", import.meta.url).href,
  "it": new URL("./i18n/it.txt", import.meta.url).href,
  "ja": new URL("./i18n/ja.txt", import.meta.url).href,
  "ko": new URL("./i18n/ko.txt", import.meta.url).href,
  "lt": new URL("./i18n/lt.txt", import.meta.url).href,
  "lv": new URL("./i18n/lv.txt", import.meta.url).href,
  "ms": new URL("./i18n/ms.txt", import.meta.url).href,
  "nb": new URL("./i18n/nb.txt", import.meta.url).href,
  "nl": new URL("./i18n/nl.txt", import.meta.url).href,
  "nn": new URL("./i18n/nn.txt", import.meta.url).href,
  "pl": new URL("./i18n/pl.txt", import.meta.url).href,
  "pt": new URL("./i18n/pt.txt", import.meta.url).href,
  "pt-BR": new URL("./i18n/pt-BR.txt", import.meta.url).href,
  "ro": new URL("./i18n/ro.txt", import.meta.url).href,
  "ru": new URL("./i18n/ru.txt", import.meta.url).href,
  "sk": new URL("./i18n/sk.txt", import.meta.url).href,
  "sl": new URL("./i18n/sl.txt", import.meta.url).href,
  "sr": new URL("./i18n/sr.txt", import.meta.url).href,
  "sv": new URL("./i18n/sv.txt", import.meta.url).href,
  "sw": new URL("./i18n/sw.txt", import.meta.url).href,
  "ta": new URL("./i18n/ta.txt", import.meta.url).href,
  "th": new URL("./i18n/th.txt", import.meta.url).href,
  "tr": new URL("./i18n/tr.txt", import.meta.url).href,
  "uk": new URL("./i18n/uk.txt", import.meta.url).href,
  "ur": new URL("./i18n/ur.txt", import.meta.url).href,
  "vi": new URL("./i18n/vi.txt", import.meta.url).href,
  "zh-CN": new URL("./i18n/zh-CN.txt", import.meta.url).href,
  "zh-TW": new URL("./i18n/zh-TW.txt", import.meta.url).href,
  // END GENERATED languageFiles
};
// The widget's stylesheet, shared with the wasm (src/ui/style.rs adopts the
// one found here) and adopted by the early form.
let sheet;
try {
  sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  globalThis[Symbol.for("auth-widget.stylesheet")] = sheet;
} catch {
  // No constructed stylesheets: the wasm says so when it mounts.
}
const adopt = (root) => {
  if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
};

// The component's class once the wasm beside this module is there: fetched
// at once, and after a failure (a dropped connection) again when a person
// presses the early form's button, which keeps what they typed.
let loading;
const ready = () =>
  (loading ??= init({ module_or_path: new URL("./auth-widget-core_bg.wasm", import.meta.url) }).then(
    () => {
      Core.setLanguageFiles(languageFiles);
      return Core;
    },
    (error) => {
      loading = null;
      console.error("auth-widget: the wasm could not be loaded:", error);
      throw error;
    },
  ));
ready().catch(() => {});

// `container` as the component takes it: an element's id, an element or a
// shadow root.
const containerOf = ({ container }) =>
  typeof container === "string" ? document.getElementById(container) : container?.append ? container : null;

// The shipped language `name` names, in any case or through an alias; "en"
// for English; undefined when none.
const shipped = (name) =>
  name.toLowerCase() === "en"
    ? "en"
    : Object.keys(languageFiles).find((code) => code.toLowerCase() === name.toLowerCase()) ??
      (Object.hasOwn(aliases, name.toLowerCase()) ? aliases[name.toLowerCase()] : undefined);

// The best shipped language for a visitor who prefers `preferences`, most
// wanted first (navigator.languages): each whole, then without its last
// subtags; Chinese by script or region; English when none fits. The twin of
// auth_widget::i18n::best_language, held to the same cases
// (src/i18n/language-cases.json) by the tests of both.
const bestLanguage = (preferences) => {
  for (const preference of preferences) {
    const subtags = String(preference).trim().replace(/_/g, "-").split("-");
    if (subtags[0].toLowerCase() === "zh" && subtags.length > 1) {
      return subtags.slice(1).some((s) => /^(hant|tw|hk|mo)$/i.test(s)) ? "zh-TW" : "zh-CN";
    }
    for (let n = subtags.length; n > 0; n--) {
      const found = shipped(subtags.slice(0, n).join("-"));
      if (found) return found;
    }
  }
  return "en";
};

// The language the widget shows: "auto" resolved, names made exact. A name
// that is no language is passed on as it is: the component says so.
const languageOf = ({ language = "en" }) =>
  typeof language !== "string"
    ? language
    : language === "auto"
      ? bestLanguage(navigator.languages?.length ? navigator.languages : [navigator.language || ""])
      : (shipped(language) ?? language);

// Options whose markup the build could not render ahead: the early form is
// then a placeholder of the default form's size, labelled busy.
const changesForm = (o) =>
  !!(o.requiresUsername || o.confirmPassword || o.mustAcceptTerms || o.additionalSignUpFields?.length ||
    (o.languageDictionary && Object.keys(o.languageDictionary).length) || o.theme?.logo ||
    (o.passwordPolicy ?? "good") !== "good" || o.minLength !== undefined || o.configurationBaseUrl ||
    o.allowSignUp === false || o.allowForgotPassword === false || o.allowShowPassword === false);

const fetchLanguage = (code) =>
  fetch(languageFiles[code])
    .then((response) => (response.ok ? response.json() : null))
    .catch(() => null);

// The Lock-shaped class: each call is made on the component's class (Core)
// as soon as the wasm is there, in order; until then show() puts the early
// form in the container.
class AuthWidget {
  #args;
  #options;
  #container;
  #language;
  #core = null;
  #calls = [];
  #early = null;
  #shown = false;
  #failed;

  constructor(clientID, domain, options) {
    this.#args = [clientID, domain, options];
    this.#options = options && typeof options === "object" ? options : {};
    this.#container = containerOf(this.#options);
    const code = languageOf(this.#options);
    if (code !== this.#options.language && this.#options.language !== undefined) {
      this.#args[2] = this.#options = { ...this.#options, language: code };
    }
    // Fetched at once, beside the wasm; handed to the component, which then
    // does not fetch it again.
    this.#language =
      code === "en" ? Promise.resolve({}) : languageFiles[code] ? fetchLanguage(code) : Promise.resolve(undefined);
    this.#load();
  }

  // The early form says why it cannot send yet, in its language, and its
  // button tries again.
  #load() {
    this.#failed = null;
    Promise.all([ready(), this.#language]).then(
      ([Core, words]) => this.#start(Core, words),
      () =>
        this.#language.then((words) => {
          this.#failed = () => this.#early?.failed(words?.err_network || networkError, () => this.#load());
          this.#failed();
        }),
    );
  }

  #start(Core, words) {
    let [clientID, domain, options] = this.#args;
    if (words && Object.keys(words).length) {
      const { markup, ...strings } = words;
      const { language, ...rest } = this.#options;
      options = { ...rest, languageDictionary: { ...strings, ...rest.languageDictionary } };
    }
    const core = new Core(clientID, domain, options);
    core.on("show", () => this.#mounted());
    this.#core = core;
    // What comes before a destroy() is undone by it: not made at all, so
    // that nothing is fetched or sent for a widget already gone.
    const calls = this.#calls.slice(Math.max(0, this.#calls.findLastIndex(([name]) => name === "destroy")));
    this.#calls = [];
    for (const [name, args] of calls) core[name](...args);
  }

  // The component is on the page: it takes the early form over.
  #mounted() {
    // The component's host: the newest in the container, or in the modal
    // the shell has just opened.
    const hosts = this.#container ? this.#container.children : document.querySelectorAll("dialog.aw-dialog > .aw-host");
    const real = [...hosts].filter((e) => e.classList.contains("aw-host")).pop();
    if (!real) return;
    if (this.#early) this.#early.takeOver(real);
    else real.dataset.state = "ready";
    this.#early = null;
    this.#state("ready");
  }

  // <auth-widget data-state="loading|ready">: what a page's CSS can see of
  // a form inside the element's shadow root.
  #state(state) {
    const element = this.#container instanceof ShadowRoot && this.#container.host;
    if (!element) return;
    if (state) element.dataset.state = state;
    else delete element.dataset.state;
  }

  #call(name, args) {
    if (this.#core) this.#core[name](...args);
    else this.#calls.push([name, args]);
  }

  #showEarly() {
    const screen = this.#options.initialScreen === "forgotPassword" ? "forgotPassword" : "signUp";
    const instant = !changesForm(this.#options);
    this.#language.then((words) => {
      if (this.#core || !this.#shown || this.#early) return;
      adopt(this.#container.getRootNode());
      const markup = words ? (Object.keys(words).length ? words.markup?.[screen] : english[screen]) : undefined;
      this.#early = new EarlyForm(this.#container, this.#options, instant ? markup : undefined, markup || english[screen]);
      this.#state("loading");
      this.#failed?.();
    });
  }

  show() {
    if (!this.#core && !this.#shown && this.#container) {
      this.#shown = true;
      this.#showEarly();
    }
    this.#call("show", []);
  }

  // hide() and destroy(): the early form goes at once, the call in turn.
  #leave(name) {
    this.#shown = false;
    this.#early?.remove();
    this.#early = null;
    this.#state(null);
    this.#call(name, []);
  }

  hide() {
    this.#leave("hide");
  }

  on(event, handler) {
    this.#call("on", [event, handler]);
  }

  off(event, handler) {
    this.#call("off", [event, handler]);
  }

  destroy() {
    this.#leave("destroy");
  }

  static setLanguageFiles(files) {
    Object.assign(languageFiles, files);
    ready().then((Core) => Core.setLanguageFiles(languageFiles), () => {});
  }

  // Every language the widget speaks, English (built in) first: for a
  // language picker.
  static languages() {
    return ["en", ...Object.keys(languageFiles)];
  }

  static eventNames() {
    return [...eventNames];
  }

  // The language `language: "auto"` picks for `preferences` (a host may
  // want to know it, e.g. for the page around the form).
  static bestLanguage(preferences) {
    return bestLanguage(preferences);
  }

  static get version() {
    return version;
  }
}

// BEGIN GENERATED aliases (cargo xtask generate, from auth_widget::i18n::ALIASES): edit that list, not these lines
const aliases = { no: "nb", ua: "uk", zh: "zh-CN", iw: "he", in: "id", tl: "fil" };
// END GENERATED aliases
// BEGIN GENERATED eventNames (cargo xtask generate, from auth_widget::events::EVENT_NAMES): edit that list, not these lines
const eventNames = ["show", "hide", "signup ready", "signup submit", "signup success", "signup error", "forgot_password ready", "forgot_password submit", "forgot_password success", "forgot_password error"];
// END GENERATED eventNames
// BEGIN GENERATED version (cargo xtask generate, from the widget's Cargo.toml): edit that list, not these lines
const version = "0.1.0";
// END GENERATED version

defineAuthWidgetElement(AuthWidget);
window.AuthWidget = AuthWidget;
export { AuthWidget };
