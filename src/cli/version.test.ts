import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

test("sokuho --version prints the project's version (not bin/'s package)", () => {
  const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
  const r = spawnSync(process.execPath, ["bin/sokuho.js", "--version"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), version);
});
