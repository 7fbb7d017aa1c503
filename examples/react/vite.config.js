import { defineConfig } from "vite";

export default defineConfig({
  // JSX without a React plugin: esbuild's automatic runtime (react/jsx-runtime).
  esbuild: { jsx: "automatic" },
  // For `vite` (the dev server): keep the package out of dependency
  // pre-bundling, which would separate it from its wasm and language files.
  optimizeDeps: { exclude: ["auth-widget"] },
});
