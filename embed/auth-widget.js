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
// bundlers (Vite, Rollup, webpack, Parcel) find every
// `new URL("…", import.meta.url)`, emit the file and rewrite its URL, as
// they do for the wasm above. tests/package_types.rs checks that this list is
// the runtime's list of shipped languages.
AuthWidget.setLanguageFiles({
  "es": new URL("./i18n/es.json", import.meta.url).href,
  "fr": new URL("./i18n/fr.json", import.meta.url).href,
  "de": new URL("./i18n/de.json", import.meta.url).href,
  "pt-BR": new URL("./i18n/pt-BR.json", import.meta.url).href,
  "it": new URL("./i18n/it.json", import.meta.url).href,
  "nl": new URL("./i18n/nl.json", import.meta.url).href,
  "ja": new URL("./i18n/ja.json", import.meta.url).href,
  "zh-CN": new URL("./i18n/zh-CN.json", import.meta.url).href,
  "ko": new URL("./i18n/ko.json", import.meta.url).href,
  "ar": new URL("./i18n/ar.json", import.meta.url).href,
  "ru": new URL("./i18n/ru.json", import.meta.url).href,
});

defineAuthWidgetElement(AuthWidget);
window.AuthWidget = AuthWidget;
export { AuthWidget };
