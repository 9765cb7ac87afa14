#!/usr/bin/env node
// The sokuho command. In a source checkout it runs the TypeScript sources through tsx, so it never runs a stale
// build; where there are no sources (a packaged install), or with SOKUHO_COMPILED=1, it runs dist/ from `npm run build`.
import { existsSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// `sokuho scan` starts from the scan command alone, without loading the platform (src/cli/scan.ts)
const isScan = process.argv[2] === "scan";
const source = join(root, "src", "cli", isScan ? "scan.ts" : "main.ts");
const compiled = join(root, "dist", "server", "cli", isScan ? "scan.js" : "main.js");
let entry = compiled;
if (process.env.SOKUHO_COMPILED !== "1" && existsSync(source)) {
  const { register } = await import("tsx/esm/api");
  register();
  entry = source;
}
const cli = await import(pathToFileURL(entry).href);
await (isScan ? cli.runScanCli : cli.runCli)(process.argv);
