// auth-widget embed bundle: import this module and nothing else.
//
//   <script type="module" src="/auth-widget/auth-widget.js"></script>
//
// It loads the wasm next to it (relative to import.meta.url), defines
// window.AuthWidget (the Lock-shaped class), exports it, and registers the
// <auth-widget> custom element. The element is a thin layer over the class,
// which is a thin layer over the Leptos component: one implementation.
import init, { AuthWidget } from "./auth-widget-core.js";

await init({ module_or_path: new URL("auth-widget-core_bg.wasm", import.meta.url) });
// Language dictionaries live beside this file, in i18n/.
AuthWidget.setAssetBase(new URL("./", import.meta.url).href);

const EVENTS = [
  "show", "hide",
  "signup ready", "signup submit", "signup success", "signup error",
  "forgot_password ready", "forgot_password submit", "forgot_password success", "forgot_password error",
];
const ATTRIBUTES = { connection: "connection", "initial-screen": "initialScreen", language: "language" };

class AuthWidgetElement extends HTMLElement {
  static get observedAttributes() {
    return ["client-id", "domain", ...Object.keys(ATTRIBUTES)];
  }

  #widget = null;
  #options = {};
  #warned = false;

  constructor() {
    super();
    // Styles are adopted into this shadow root: isolated both ways.
    this.attachShadow({ mode: "open" });
  }

  /** Options that do not fit attributes (prefill, theme, ...). */
  get options() {
    return this.#options;
  }

  set options(value) {
    this.#options = value && typeof value === "object" ? value : {};
    this.#render();
  }

  connectedCallback() {
    this.#render();
  }

  disconnectedCallback() {
    this.#widget?.destroy();
    this.#widget = null;
  }

  attributeChangedCallback() {
    this.#render();
  }

  #render() {
    if (!this.isConnected) return;
    this.#widget?.destroy();
    this.#widget = null;
    const clientId = this.getAttribute("client-id");
    const domain = this.getAttribute("domain");
    if (!clientId || !domain) {
      // A page may set them from a script right after: complain once, and
      // only if they are still missing when the current scripts are done.
      if (!this.#warned) {
        this.#warned = true;
        setTimeout(() => {
          if (!this.getAttribute("client-id") || !this.getAttribute("domain")) {
            console.error("auth-widget: <auth-widget> needs client-id and domain attributes");
          }
        });
      }
      return;
    }
    const options = { ...this.#options, container: this.shadowRoot };
    for (const [attribute, option] of Object.entries(ATTRIBUTES)) {
      if (this.hasAttribute(attribute)) options[option] = this.getAttribute(attribute);
    }
    const widget = new AuthWidget(clientId, domain, options);
    for (const name of EVENTS) {
      // "signup success" → "signup-success", for addEventListener.
      const type = name.replace(/[ _]/g, "-");
      widget.on(name, (detail) => {
        this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
      });
    }
    this.#widget = widget;
    widget.show();
  }
}

if (!customElements.get("auth-widget")) {
  customElements.define("auth-widget", AuthWidgetElement);
}
window.AuthWidget = AuthWidget;
export { AuthWidget };
