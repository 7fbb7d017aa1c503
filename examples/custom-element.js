// log.js first: its console hook must be in place before the widget loads.
import { domain, log } from "./log.js";
import "../dist/auth-widget.js";

const element = document.querySelector("auth-widget");
for (const type of ["signup-ready", "signup-success", "signup-error", "forgot-password-ready",
  "forgot-password-success", "forgot-password-error"]) {
  element.addEventListener(type, (event) => log(type, event.detail));
}
// Set last: the element renders once it has both client-id and domain.
element.setAttribute("domain", domain);
document.getElementById("to-forgot").addEventListener("click", () => {
  element.setAttribute("initial-screen", "forgotPassword");
});
