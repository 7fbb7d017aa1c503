// Shared by the example pages: an event log, and the tenant to talk to.
// The examples are served from the tenant's origin (the emulator, or trunk's
// proxy in `make demo`), so the domain is this page's origin; a real page
// writes its tenant, e.g. "your-tenant.eu.auth0.com".
export const domain = location.origin;
export const clientID = "demo-client";

export function log(name, payload) {
  const item = document.createElement("li");
  item.textContent = payload === undefined ? name : `${name} ${JSON.stringify(payload)}`;
  item.dataset.event = name;
  document.getElementById("log").append(item);
}

// Content-Security-Policy violations are logged too: the CSP example must show none.
document.addEventListener("securitypolicyviolation", (e) => log("csp-violation", e.violatedDirective));

// Console errors too: the widget reports option mistakes and load failures there.
const consoleError = console.error.bind(console);
console.error = (...args) => {
  log("console-error", args.map(String).join(" "));
  consoleError(...args);
};
