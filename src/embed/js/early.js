// The early form (issue #19): the component's own markup, rendered at build
// time (xtask/src/early.rs), put in the container as soon as the entry module
// runs, so that a person sees the form and types into it while the wasm is
// still on its way. When the component mounts, it takes the form over in one
// task (no frame shows both): what was typed, ticked, focused and selected
// moves to the component's fields, and a submit pressed meanwhile is sent
// once, through the component (its checks first, as always).

// The host, as the wasm's shell makes it (src/embed/mod.rs, `open`): the same
// element and classes, so that the boxes are the same before and after.
function host(container, options) {
  const element = document.createElement("div");
  element.className = "aw-host";
  element.dataset.state = "loading";
  const theme = options.theme || {};
  if (["light", "dark", "auto"].includes(theme.mode)) element.setAttribute("data-theme", theme.mode);
  // The shell's colour check refuses what is not a CSS colour; so does this.
  if (typeof theme.primaryColor === "string" && CSS.supports("color", theme.primaryColor)) {
    element.style.setProperty("--aw-primary", theme.primaryColor);
  }
  container.append(element);
  return element;
}

// Fields by what they are: an id is `{prefix}-{field}`, and the prefixes
// differ between the early form and the component's.
const field = (element) => element.id.slice(element.id.indexOf("-") + 1);
const controls = (root) => root.querySelectorAll("input[id], select[id], textarea[id]");

export class EarlyForm {
  #submitted = false;
  // False for the placeholder: nothing in it was typed.
  #live;
  // After the wasm failed to load: the button's next press loads it again.
  #retry = null;

  // `markup` is the screen's early form; none: a labelled, busy placeholder
  // that holds `reserve`'s height (options that change the form's markup).
  constructor(container, options, markup, reserve) {
    this.host = host(container, options);
    this.host.innerHTML = markup || reserve;
    const root = this.host.firstElementChild;
    this.#live = !!markup;
    if (!markup) {
      // The form's card, emptied, at the default form's height, in a host
      // that says it is loading, named by the screen's title: no form in
      // the page until the component's. The card keeps the component's
      // margins, which collapse with the page's as the component's will: an
      // empty host moved the page by them when the component came.
      const height = root.getBoundingClientRect().height;
      const title = root.querySelector("h2")?.textContent;
      root.replaceChildren();
      root.removeAttribute("aria-labelledby");
      root.style.minHeight = `${height}px`;
      this.host.setAttribute("role", "group");
      this.host.setAttribute("aria-busy", "true");
      if (title) this.host.setAttribute("aria-label", title);
      return;
    }
    const prefill = options.prefill || {};
    const email = root.querySelector("input[type=email]");
    if (email && typeof prefill.email === "string") email.value = prefill.email;
    // Enter or the button: held until the component is there, then sent
    // once. The form's method="dialog" already keeps it on the page.
    root.querySelector("form")?.addEventListener("submit", (event) => {
      event.preventDefault();
      this.#submitted = true;
      this.host.querySelector("[type=submit]")?.setAttribute("aria-busy", "true");
      if (this.#retry) {
        this.#alert("");
        this.#state("loading");
        const retry = this.#retry;
        this.#retry = null;
        retry();
      }
    });
  }

  // The wasm could not be loaded: the form says so where the component
  // says what went wrong (the placeholder in its empty card), the
  // button stops saying it is working, and its next press tries again. What
  // was typed stays; a held submit stays held.
  failed(message, retry) {
    this.#state("error");
    this.host.querySelector("[type=submit]")?.removeAttribute("aria-busy");
    this.host.removeAttribute("aria-busy");
    this.#retry = retry;
    this.#alert(message);
  }

  // On the host and, inside <auth-widget>, on the element.
  #state(state) {
    for (const element of [this.host, this.host.getRootNode().host]) if (element) element.dataset.state = state;
  }

  #alert(text) {
    if (!this.host.querySelector(".aw-alert")) this.host.firstElementChild.insertAdjacentHTML("beforeend", '<p class="aw-alert" role="alert"></p>');
    this.host.querySelector(".aw-alert").textContent = text;
  }

  remove() {
    this.host.remove();
  }

  // Moves everything a person did here into the component's host `real`,
  // then removes this form. Scroll positions stay as they were.
  takeOver(real) {
    const { scrollX, scrollY } = window;
    const focused = this.host.getRootNode().activeElement;
    const targets = new Map([...controls(real)].map((element) => [field(element), element]));
    for (const early of this.#live ? controls(this.host) : []) {
      const target = targets.get(field(early));
      if (!target) continue;
      const changed = early.type === "checkbox" ? early.checked !== target.checked : early.value !== target.value;
      if (!changed) continue;
      if (early.type === "checkbox") target.checked = early.checked;
      else target.value = early.value;
      // The component's signals follow the DOM's events.
      target.dispatchEvent(new Event("input", { bubbles: true }));
      target.dispatchEvent(new Event("change", { bubbles: true }));
    }
    const target = focused && this.host.contains(focused) && targets.get(field(focused));
    this.remove();
    if (target) {
      target.focus({ preventScroll: true });
      const { selectionStart, selectionEnd, selectionDirection } = focused;
      // Now, and again before the next frame: the component writes the
      // value back once its signals have run, which moves the caret.
      const select = () => {
        try {
          if (typeof selectionStart === "number") target.setSelectionRange(selectionStart, selectionEnd, selectionDirection);
        } catch {
          // type=email has no selection API in some engines.
        }
      };
      select();
      requestAnimationFrame(select);
    }
    window.scrollTo(scrollX, scrollY);
    real.dataset.state = "ready";
    if (this.#submitted) real.querySelector("form")?.requestSubmit();
  }
}
