// log.js first: its console hook must be in place before the widget loads.
import { clientID, domain, log } from "./log.js";
import { AuthWidget } from "../dist/auth-widget.js";

const widget = new AuthWidget(clientID, domain, {
  container: "signup",
  prefill: { email: "" },
  theme: { primaryColor: "#0a7d55" },
});
for (const name of ["show", "signup ready", "signup submit", "signup success", "signup error",
  "forgot_password ready", "forgot_password submit", "forgot_password success", "forgot_password error"]) {
  widget.on(name, (payload) => log(name, payload));
}
widget.show();
