// The bare import a user writes: resolved by the bundler to the installed
// package (its `exports`), whose wasm and language files must survive bundling.
import { AuthWidget } from "auth-widget";

function log(name, payload) {
  const item = document.createElement("li");
  item.dataset.event = name;
  item.textContent = payload === undefined ? name : `${name} ${JSON.stringify(payload)}`;
  document.getElementById("log").append(item);
}

// The page is served by the tenant (the emulator in the test); ?language=fr
// makes the widget load a language file.
const language = new URLSearchParams(location.search).get("language");
const widget = new AuthWidget("demo-client", location.origin, {
  container: "signup",
  ...(language ? { language } : {}),
});
for (const name of AuthWidget.eventNames()) {
  widget.on(name, (payload) => log(name, payload));
}
widget.show();
document.documentElement.dataset.version = AuthWidget.version;
