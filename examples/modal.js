// log.js first: its console hook must be in place before the widget loads.
import { clientID, domain, log } from "./log.js";
import { AuthWidget } from "../dist/auth-widget.js";

const widget = new AuthWidget(clientID, domain, { closable: true, theme: { mode: "auto" } });
widget.on("show", () => log("show"));
widget.on("hide", () => log("hide"));
widget.on("signup success", (payload) => log("signup success", payload));
document.getElementById("open").addEventListener("click", () => widget.show());
