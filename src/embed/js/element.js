// The <auth-widget> custom element: a thin layer over the AuthWidget class
// (passed in, so the browser tests can define it over the class they built).
//
// Lifecycle rules it keeps:
// - One render per change: attribute changes and `options` assignments that
//   arrive together (in one task, or before the first render) are coalesced
//   into one microtask; each render destroys the previous widget first, and
//   destroy() cancels a widget still loading its language or configuration.
// - Removing the element from the page destroys its widget, even mid-load.
// - `options` set before the element was upgraded (a page script that ran
//   before the bundle finished loading) is taken over, not lost.

const ATTRIBUTES = { connection: "connection", "initial-screen": "initialScreen", language: "language" };

export function defineAuthWidgetElement(AuthWidget, name = "auth-widget") {
  if (customElements.get(name)) return customElements.get(name);
  const events = AuthWidget.eventNames();

  class AuthWidgetElement extends HTMLElement {
    static get observedAttributes() {
      return ["client-id", "domain", ...Object.keys(ATTRIBUTES)];
    }

    #widget = null;
    #options = {};
    #scheduled = false;
    #warned = false;

    constructor() {
      super();
      // Styles are adopted into this shadow root: isolated both ways.
      this.attachShadow({ mode: "open" });
      // An own `options` set before the upgrade hides the accessor: move it.
      if (Object.prototype.hasOwnProperty.call(this, "options")) {
        const early = this.options;
        delete this.options;
        this.options = early;
      }
    }

    /** Options that do not fit attributes (prefill, theme, ...). */
    get options() {
      return this.#options;
    }

    set options(value) {
      this.#options = value && typeof value === "object" ? value : {};
      this.#schedule();
    }

    connectedCallback() {
      this.#schedule();
    }

    disconnectedCallback() {
      this.#widget?.destroy();
      this.#widget = null;
    }

    attributeChangedCallback() {
      this.#schedule();
    }

    #schedule() {
      if (this.#scheduled) return;
      this.#scheduled = true;
      queueMicrotask(() => {
        this.#scheduled = false;
        this.#render();
      });
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
              console.error(`auth-widget: <${name}> needs client-id and domain attributes`);
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
      for (const event of events) {
        // "signup success" → "signup-success", for addEventListener.
        const type = event.replace(/[ _]/g, "-");
        widget.on(event, (detail) => {
          this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
        });
      }
      this.#widget = widget;
      widget.show();
    }
  }

  customElements.define(name, AuthWidgetElement);
  return AuthWidgetElement;
}
