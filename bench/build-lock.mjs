// make bench: Lock 14.3 bundled the way an app would ship it (esbuild,
// minified, production) into bench/out/lock.js.
//
// auth0-js sits in a "type": "module" package, so esbuild reads its UMD
// build (dist/auth0.min.js, which Lock require()s) as an ES module with no
// exports, and Lock then fails at construction (auth0.default.version). This
// plugin loads that one file as the CommonJS it is.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";

const esbuild = (await import(process.env.ESBUILD_MODULE)).default;
const require = createRequire(import.meta.url);
const umd = path.join(path.dirname(require.resolve("auth0-js/package.json")), "dist/auth0.min.js");

await esbuild.build({
  entryPoints: [new URL("lock-entry.js", import.meta.url).pathname],
  outfile: new URL("out/lock.js", import.meta.url).pathname,
  bundle: true,
  minify: true,
  format: "iife",
  logLevel: "error",
  define: { "process.env.NODE_ENV": '"production"', global: "window" },
  plugins: [
    {
      name: "auth0-js-umd",
      setup(build) {
        build.onResolve({ filter: /^auth0-js$/ }, () => ({ path: umd, namespace: "auth0-umd" }));
        build.onLoad({ filter: /.*/, namespace: "auth0-umd" }, async () => ({
          contents: await readFile(umd, "utf8"),
          loader: "js",
          resolveDir: path.dirname(umd),
        }));
      },
    },
  ],
});
