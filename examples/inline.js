// log.js first: its console hook must be in place before the widget loads.
import { clientID, domain, log } from "./log.js";
import { AuthWidget } from "../dist/auth-widget.js";

const widget = new AuthWidget(clientID, domain, {
  container: "signup",
  prefill: { email: "" },
  theme: { primaryColor: "#0a7d55" },
});
// Every event the widget has (the runtime's list).
for (const name of AuthWidget.eventNames()) {
  widget.on(name, (payload) => log(name, payload));
}
widget.show();
