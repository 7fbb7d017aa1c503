// log.js first: its console hook must be in place before the widget loads.
import { clientID, domain, log } from "./log.js";
import { AuthWidget } from "../dist/auth-widget.js";

// ?lang=ar&mode=dark&screen=forgotPassword (or ?lang=auto) picks the widget's language, theme and screen;
// ?config loads the connection's settings from the tenant.
const params = new URLSearchParams(location.search);
// Every language the widget speaks, named in itself (Intl.DisplayNames).
const picker = document.querySelector("select[name=lang]");
for (const code of AuthWidget.languages()) {
  const option = document.createElement("option");
  option.value = code;
  option.textContent = `${new Intl.DisplayNames([code], { type: "language" }).of(code)} (${code})`;
  picker.append(option);
}
picker.value = "en";
const language = params.get("lang") || "en";
const mode = params.get("mode") || "light";
const screen = params.get("screen") || "signUp";
for (const select of document.querySelectorAll("select")) {
  select.value = params.get(select.name) || select.value;
  select.addEventListener("change", () => {
    params.set(select.name, select.value);
    location.search = params.toString();
  });
}
if (mode === "dark") document.body.classList.add("dark");
const widget = new AuthWidget(clientID, domain, {
  container: "signup",
  language,
  initialScreen: screen,
  theme: { mode },
  // ?config: take the password policy from the tenant, as Lock does.
  ...(params.has("config") ? { configurationBaseUrl: domain } : {}),
});
widget.on("signup ready", () => log("signup ready"));
widget.on("forgot_password ready", () => log("forgot_password ready"));
widget.show();
