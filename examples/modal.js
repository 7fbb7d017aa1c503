import { AuthWidget } from "../dist/auth-widget.js";
import { clientID, domain, log } from "./log.js";

const widget = new AuthWidget(clientID, domain, { closable: true, theme: { mode: "auto" } });
widget.on("show", () => log("show"));
widget.on("hide", () => log("hide"));
widget.on("signup success", (payload) => log("signup success", payload));
document.getElementById("open").addEventListener("click", () => widget.show());
