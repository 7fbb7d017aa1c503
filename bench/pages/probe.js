// make bench, table 2 (e2e/examples/interactive.rs): loaded first (a classic
// script in <head>, before anything else on the page). It records, in ms
// since navigation start (performance.now()):
// - window.__visible: the first time an email field is rendered with a
//   non-empty box and is visible (not display:none, visibility:hidden or
//   opacity 0): the form a person sees;
// - window.__interactive: the first time that field is also enabled and
//   takes the keyboard focus: the moment a person could start typing;
// - window.__ready: when the page calls window.__markReady() (each page
//   calls it from its widget's ready event; the plain form has none: the
//   harness takes __interactive for it).
// It checks after every DOM change (in the document and in every shadow
// root attached from then on: a MutationObserver on the document does not
// see inside them) and every frame, until the field is interactive. It also
// keeps, from its start (the observer is buffered), the layout shifts
// without recent input in window.__shifts ({at, value}: the harness sums
// those up to ready + 500 ms, the CLS), and what went wrong in
// window.__problems (the bench prints it if the page never gets there).
(() => {
  window.__problems = [];
  addEventListener("error", (event) => window.__problems.push(String(event.error?.stack || event.message)));
  addEventListener("unhandledrejection", (event) => window.__problems.push(String(event.reason)));
  window.__markReady = () => {
    if (window.__ready === undefined) window.__ready = performance.now();
  };
  window.__shifts = [];
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (!entry.hadRecentInput) window.__shifts.push({ at: entry.startTime, value: entry.value });
      }
    }).observe({ type: "layout-shift", buffered: true });
  } catch (error) {
    window.__problems.push(`no layout-shift observer: ${error}`);
  }
  const find = () => {
    const direct = document.querySelector("input[type=email], input[name=email]");
    if (direct) return direct;
    for (const host of document.querySelectorAll("auth-widget")) {
      const inner = host.shadowRoot?.querySelector("input[type=email]");
      if (inner) return inner;
    }
    return null;
  };
  const visible = (input) => {
    const box = input.getBoundingClientRect();
    if (!(box.width > 0 && box.height > 0)) return false;
    // Hidden, or under a hidden or transparent ancestor (shadow roots too).
    if (input.checkVisibility) {
      return input.checkVisibility({ opacityProperty: true, visibilityProperty: true });
    }
    const style = getComputedStyle(input);
    return style.visibility !== "hidden" && style.display !== "none" && Number(style.opacity) !== 0;
  };
  let observer;
  const check = () => {
    if (window.__interactive !== undefined) return true;
    const input = find();
    if (!input || !visible(input)) return false;
    if (window.__visible === undefined) window.__visible = performance.now();
    if (input.disabled || input.readOnly) return false;
    input.focus();
    if (input.getRootNode().activeElement !== input) return false;
    window.__interactive = performance.now();
    observer?.disconnect();
    return true;
  };
  const watched = { childList: true, subtree: true, attributes: true };
  observer = new MutationObserver(() => check());
  observer.observe(document, watched);
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    const root = attachShadow.call(this, init);
    if (window.__interactive === undefined) observer.observe(root, watched);
    return root;
  };
  const frame = () => check() || requestAnimationFrame(frame);
  requestAnimationFrame(frame);
})();
