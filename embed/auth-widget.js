// auth-widget embed bundle: import this module and nothing else.
//
//   <script type="module" src="/auth-widget/auth-widget.js"></script>
//
// It loads the wasm next to it (relative to import.meta.url), defines
// window.AuthWidget (the Lock-shaped class), exports it, and registers the
// <auth-widget> custom element. The element is a thin layer over the class,
// which is a thin layer over the Leptos component: one implementation.
import init, { AuthWidget } from "./auth-widget-core.js";
import { defineAuthWidgetElement } from "./element.js";

await init({ module_or_path: new URL("./auth-widget-core_bg.wasm", import.meta.url) });
// The language files beside this module, in i18n/, each named literally:
// bundlers (Vite, webpack, Parcel; Rollup with a plugin) find every
// `new URL("…", import.meta.url)`, emit the file and rewrite its URL, as
// they do for the wasm above. They are JSON named `.txt`, a type no bundler
// transforms: Parcel turns a `.json` named so into a JavaScript module (the
// widget would then say "not JSON" on the console and show English).
// `cargo xtask generate` writes the list from the runtime's list of shipped
// languages.
AuthWidget.setLanguageFiles({
  // BEGIN GENERATED languageFiles (cargo xtask generate, from auth_widget::i18n::SHIPPED): edit that list, not these lines
  "es": new URL("./i18n/es.txt", import.meta.url).href,
  "fr": new URL("./i18n/fr.txt", import.meta.url).href,
  "de": new URL("./i18n/de.txt", import.meta.url).href,
  "pt-BR": new URL("./i18n/pt-BR.txt", import.meta.url).href,
  "it": new URL("./i18n/it.txt", import.meta.url).href,
  "nl": new URL("./i18n/nl.txt", import.meta.url).href,
  "ja": new URL("./i18n/ja.txt", import.meta.url).href,
  "zh-CN": new URL("./i18n/zh-CN.txt", import.meta.url).href,
  "ko": new URL("./i18n/ko.txt", import.meta.url).href,
  "ar": new URL("./i18n/ar.txt", import.meta.url).href,
  "ru": new URL("./i18n/ru.txt", import.meta.url).href,
  // END GENERATED languageFiles
});

defineAuthWidgetElement(AuthWidget);
window.AuthWidget = AuthWidget;
export { AuthWidget };
