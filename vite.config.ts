/** The web UI: sources in src/web plus capability pages under src/capabilities, built into dist/web. */
import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const api = "http://127.0.0.1:3000";

export default defineConfig({
  root: here("./src/web"),
  plugins: [react()],
  build: {
    outDir: here("./dist/web"),
    emptyOutDir: true,
    sourcemap: true,
    target: "es2022",
  },
  server: {
    port: 5173,
    strictPort: true,
    // Capability pages live outside the root.
    fs: { allow: [here("./src")] },
    proxy: { "/api": api, "/healthz": api },
  },
});
