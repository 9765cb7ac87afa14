/**
 * The test command: finds `*.test.ts` files, sorts them into tiers and runs them with node's test runner.
 *
 *   unit  `*.test.ts`       pure code, no I/O
 *   db    `*.db.test.ts`    a real PostgreSQL (DATABASE_URL, or an embedded server started here once)
 *   e2e   `*.e2e.test.ts`   Debian's Chromium through playwright-core against a real server
 *
 * One PostgreSQL serves the whole run: this script migrates a template database once and hands its URL to the
 * test processes, and each test file clones its own database from it (see test/support/db.ts).
 */
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

type Tier = "unit" | "db" | "e2e";

const { values, positionals } = parseArgs({
  options: { tier: { type: "string", multiple: true }, help: { type: "boolean" } },
  allowPositionals: true,
});
if (values.help) {
  console.log("usage: npm test [-- --tier unit|db|e2e ...] [file-filter ...]");
  process.exit(0);
}

const root = process.cwd();
const tierOf = (file: string): Tier =>
  file.endsWith(".e2e.test.ts") ? "e2e" : file.endsWith(".db.test.ts") ? "db" : "unit";

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name.startsWith(".") || name === "dist") return [];
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : name.endsWith(".test.ts") ? [path] : [];
  });

const wanted = new Set<Tier>((values.tier as Tier[] | undefined) ?? ["unit", "db", "e2e"]);
const files = ["src", "test"]
  .flatMap((d) => walk(join(root, d)))
  .map((f) => relative(root, f))
  .filter((f) => wanted.has(tierOf(f)))
  .filter((f) => positionals.length === 0 || positionals.some((p) => f.includes(p)))
  .sort();

if (files.length === 0) {
  console.error("no test files matched");
  process.exit(1);
}

const needsDb = files.some((f) => tierOf(f) !== "unit");
let stopDb: (() => Promise<void>) | undefined;
const env: NodeJS.ProcessEnv = { ...process.env, SOKUHO_LOG_LEVEL: process.env.SOKUHO_LOG_LEVEL ?? "silent" };
if (needsDb) {
  const { prepareTestDatabase } = await import("../test/support/template.js");
  const prepared = await prepareTestDatabase();
  env.SOKUHO_TEST_TEMPLATE_URL = prepared.templateUrl;
  stopDb = prepared.stop;
}

const code = await new Promise<number>((resolve) => {
  const child = spawn(
    process.execPath,
    // --test-force-exit: a file whose tests are done ends even if a handle (a child process a failed test left)
    // would keep it alive; --test-timeout: no single test may hang the run (CI has 90 minutes for everything).
    ["--import", "tsx", "--test", "--test-force-exit", `--test-timeout=${15 * 60_000}`, "--test-reporter=spec", `--test-concurrency=${process.env.SOKUHO_TEST_CONCURRENCY ?? 2}`, ...files],
    { stdio: "inherit", env },
  );
  child.on("exit", (c) => resolve(c ?? 1));
});
await stopDb?.();
process.exit(code);
