// The Rollup config of an app using auth-widget, as the README gives it:
// node-resolve finds the package, and @web/rollup-plugin-import-meta-assets
// emits the files its module names with `new URL("./…", import.meta.url)`
// (the wasm and the language files), which Rollup alone leaves as written.
// cargo xtask npm-consumers builds tests/npm/consumers/page with it (--dir sets
// the output folder).
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { importMetaAssets } from "@web/rollup-plugin-import-meta-assets";

export default {
  input: "main.js",
  output: { dir: "dist", format: "es" },
  plugins: [nodeResolve(), importMetaAssets()],
};
