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

await init({ module_or_path: new URL("auth-widget-core_bg.wasm", import.meta.url) });
// Language dictionaries live beside this file, in i18n/.
AuthWidget.setAssetBase(new URL("./", import.meta.url).href);

defineAuthWidgetElement(AuthWidget);
window.AuthWidget = AuthWidget;
export { AuthWidget };
