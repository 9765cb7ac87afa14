#!/usr/bin/env node
// The sokuho command. In a source checkout it runs the TypeScript sources through tsx, so it never runs a stale
// build; where there are no sources (a packaged install), or with SOKUHO_COMPILED=1, it runs dist/ from `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const source = join(root, "src", "cli", "main.ts");
const compiled = join(root, "dist", "server", "cli", "main.js");
let entry = compiled;
if (process.env.SOKUHO_COMPILED !== "1" && existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  entry = source;
}
const { runCli } = await import(pathToFileURL(entry).href);
await runCli(process.argv);
