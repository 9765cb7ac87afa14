/**
 * `sokuho scan` from source runs from an esbuild bundle (bin/scan-bundle.js): the bundle gives the same report as the
 * command run through tsx, is reused while no input changed, is rebuilt when one did, and the command leaves no
 * process behind.
 */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { generateRows, HEADER } from "../engines/scan/generate.js";

const repo = resolve(".");
const dir = mkdtempSync(join(tmpdir(), "sokuho-scan-bundle-"));
after(() => rmSync(dir, { recursive: true, force: true }));

describe("sokuho scan from a bundle", () => {
  test("same report as through tsx; exit code 1; no process left", () => {
    const file = join(dir, "people.csv");
    const rows = [HEADER.join(",")];
    generateRows({ records: 3000, people: 2500, passports: 40, validPassports: 20, referenceDate: 20160614, dirt: 0.1, newlineEvery: 101 }, (f) => {
      rows.push(f.map((v) => (v.includes("\n") ? `"${v}"` : v)).join(","));
    });
    writeFileSync(file, rows.join("\n") + "\n");
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["bin/sokuho.js", "scan", file, "--json", "--threads", "2", "--reference-date", "2016-06-14"], { encoding: "utf8", env: { ...process.env, ...env } });
    const bundled = run({});
    const viaTsx = run({ SOKUHO_SCAN_BUNDLE: "0" });
    assert.equal(bundled.status, 1, bundled.stderr);
    assert.equal(viaTsx.status, 1, viaTsx.stderr);
    const strip = (out: string) => ({ ...(JSON.parse(out) as Record<string, unknown>), timings: null });
    assert.deepEqual(strip(bundled.stdout), strip(viaTsx.stdout));
    assert.equal((JSON.parse(bundled.stdout) as { records: number }).records, 3000);
    const left = spawnSync("ps", ["-eo", "args"], { encoding: "utf8" }).stdout.split("\n").filter((l) => l.includes(file));
    assert.deepEqual(left, [], "no process of the command is left");
  });

  test("reused while its inputs are unchanged, rebuilt when one changes, not kept when one changed during the build", async () => {
    // a copy of the sources the bundle reads, with the repository's packages
    const root = join(dir, "root");
    mkdirSync(join(root, "src", "engines"), { recursive: true });
    cpSync(join(repo, "src", "cli"), join(root, "src", "cli"), { recursive: true });
    // the scanner and what it shares with the other engines
    for (const part of ["scan", "common"]) cpSync(join(repo, "src", "engines", part), join(root, "src", "engines", part), { recursive: true });
    cpSync(join(repo, "package.json"), join(root, "package.json"));
    cpSync(join(repo, "package-lock.json"), join(root, "package-lock.json"));
    const past = new Date(Date.now() - 60_000);
    const age = (path: string) => utimesSync(path, past, past);
    const { scanBundle } = (await import(join(repo, "bin", "scan-bundle.js"))) as { scanBundle: (root: string) => string | null };
    // the cache lives in the copy's own node_modules, beside links to the packages it needs
    mkdirSync(join(root, "node_modules"));
    for (const pkg of ["esbuild", "commander", "cli-progress", "zod"]) symlinkSync(join(repo, "node_modules", pkg), join(root, "node_modules", pkg));
    symlinkSync(join(repo, "node_modules", "@esbuild"), join(root, "node_modules", "@esbuild"));
    // every input older than the build: built, then reused as it is
    const all = spawnSync("find", [join(root, "src"), "-type", "f"], { encoding: "utf8" }).stdout.trim().split("\n");
    for (const f of [...all, join(root, "package-lock.json")]) age(f);
    const entry = scanBundle(root);
    assert.ok(entry !== null && entry.startsWith(join(root, "node_modules", ".cache", "sokuho-scan")));
    const built = statSync(entry).mtimeMs;
    assert.equal(scanBundle(root), entry);
    assert.equal(statSync(entry).mtimeMs, built, "reused");
    // the packages changed (zod and commander are bundled in): rebuilt
    utimesSync(join(root, "package-lock.json"), new Date(Date.now() - 30_000), new Date(Date.now() - 30_000));
    assert.equal(scanBundle(root), entry);
    assert.notEqual(statSync(entry).mtimeMs, built, "rebuilt after the lock file changed");
    // an input changed (long ago enough): rebuilt, and the change is in the bundle
    const scanTs = join(root, "src", "engines", "scan", "scan.ts");
    appendFileSync(scanTs, '\n(globalThis as Record<string, unknown>).BUNDLE_TEST_MARK = "changed";\n');
    age(scanTs);
    assert.equal(scanBundle(root), entry);
    assert.match(readFileSync(entry, "utf8"), /BUNDLE_TEST_MARK/);
    // an input saved just now (it may have changed while esbuild read it): not kept, the caller uses tsx
    appendFileSync(scanTs, '\n(globalThis as Record<string, unknown>).BUNDLE_TEST_MARK2 = "again";\n');
    assert.equal(scanBundle(root), null);
  });
});
