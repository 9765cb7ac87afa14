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
const entry = process.env.SOKUHO_COMPILED !== "1" && existsSync(source) ? source : compiled;
// from source, `scan` runs bundled (bin/scan-bundle.js: without tsx's module hooks, ~0.5–1 s less start-up here)
const bundle = isScan && entry === source && process.env.SOKUHO_SCAN_BUNDLE !== "0" ? (await import("./scan-bundle.js")).scanBundle(root) : null;
if (bundle !== null) await (await import(pathToFileURL(bundle).href)).runBundledScanCli(process.argv, pathToFileURL(source).href);
else {
  if (entry === source) {
    const { register } = await import("tsx/esm/api");
    register();
  }
  const cli = await import(pathToFileURL(entry).href);
  await (isScan ? cli.runScanCli : cli.runCli)(process.argv);
}
