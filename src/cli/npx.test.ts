/**
 * `npx sokuho` runs the project's own command at once. A root package.json whose bin is named `sokuho` makes npm 11
 * first install the whole project into its npx cache (~1.5 s here, on every run); the command comes instead from the
 * small package in bin/, linked into node_modules/.bin by the project's own install.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(".");
const cache = mkdtempSync(join(tmpdir(), "sokuho-npx-"));
after(() => rmSync(cache, { recursive: true, force: true }));

describe("npx sokuho", () => {
  test("the install links the command from bin/, and the root package names no bin of its own", () => {
    const root = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { bin?: unknown };
    assert.equal(root.bin, undefined, "a root bin named sokuho sends npx through its install step");
    assert.equal(realpathSync(join(repo, "node_modules", ".bin", "sokuho")), join(repo, "bin", "sokuho.js"));
  });

  test("runs the command without installing the project into npm's npx cache", () => {
    // a cache folder of its own: npm keeps what npx installs in <cache>/_npx
    const r = spawnSync("npm", ["exec", "--offline", `--cache=${cache}`, "--", "sokuho", "obligations", "--help"], { cwd: repo, encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /Usage: sokuho obligations/);
    assert.equal(existsSync(join(cache, "_npx")), false, "npx installed the project before running it");
  });
});
