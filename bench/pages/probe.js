// make bench, time to an interactive sign-up form: loaded first (a classic
// script in <head>, before anything else on the page). It records in
// window.__interactive the time since navigation start (performance.now())
// at which an email field is in the page, visible, enabled and takes the
// keyboard focus: the moment a person could start typing. It checks after
// every DOM change and every frame, until then.
(() => {
  // What went wrong, if the page never gets there (the bench prints it).
  window.__problems = [];
  addEventListener("error", (event) => window.__problems.push(String(event.error?.stack || event.message)));
  addEventListener("unhandledrejection", (event) => window.__problems.push(String(event.reason)));
  const find = () => {
    const direct = document.querySelector("input[type=email], input[name=email]");
    if (direct) return direct;
    for (const host of document.querySelectorAll("auth-widget")) {
      const inner = host.shadowRoot?.querySelector("input[type=email]");
      if (inner) return inner;
    }
    return null;
  };
  let observer;
  const check = () => {
    if (window.__interactive !== undefined) return true;
    const input = find();
    if (!input || input.disabled || input.readOnly || !input.getClientRects().length) return false;
    const style = getComputedStyle(input);
    if (style.visibility === "hidden" || style.display === "none" || Number(style.opacity) === 0) return false;
    input.focus();
    if (input.getRootNode().activeElement !== input) return false;
    window.__interactive = performance.now();
    observer?.disconnect();
    return true;
  };
  observer = new MutationObserver(() => check());
  observer.observe(document, { childList: true, subtree: true, attributes: true });
  const frame = () => check() || requestAnimationFrame(frame);
  requestAnimationFrame(frame);
})();
