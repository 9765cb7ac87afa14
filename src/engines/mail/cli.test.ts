/** The command: the --json shape of issue 11 (an array for several files), exit codes, bad context files. */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { corpus, CORPUS_CONTEXT } from "./corpus.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-mail-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const byName = new Map(corpus().map((m) => [m.name, m]));
const write = (name: string): string => {
  const p = join(dir, `${name}.eml`);
  writeFileSync(p, byName.get(name)?.bytes ?? "");
  return p;
};
const contextFile = join(dir, "context.json");
writeFileSync(contextFile, JSON.stringify(CORPUS_CONTEXT));

const run = async (args: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
  try {
    const r = await promisify(execFile)(process.execPath, ["--import", "tsx", "src/engines/mail/cli-main.ts", "mail", "analyse", ...args], { encoding: "utf8" });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (e) {
    const x = e as { code: number; stdout: string; stderr: string };
    return { code: x.code, stdout: x.stdout, stderr: x.stderr };
  }
};

describe("sokuho mail analyse", () => {
  test("--json for several files is an array of {file, verdict, signals[{id, reason{ja,en}, evidence}], indicators}; exit 4 when one is malicious", async () => {
    const files = [write("jtb-2016-partner-spoof"), write("business-shift_jis")];
    const r = await run([...files, "--json", "--context", contextFile]);
    assert.equal(r.code, 4, r.stderr);
    const out = JSON.parse(r.stdout) as { file: string; verdict: string; signals: { id: string; reason: { ja: string; en: string }; evidence: object }[]; indicators: Record<string, string[]> }[];
    assert.equal(out.length, 2);
    assert.deepEqual(out.map((o) => [o.file, o.verdict]), [[files[0], "malicious"], [files[1], "benign"]]);
    const s = out[0]?.signals.find((x) => x.id === "auth_partner_domain_fail");
    assert.ok(s && s.reason.ja && s.reason.en && s.evidence);
    assert.deepEqual(Object.keys(out[0]?.indicators ?? {}).sort(), ["domains", "ips", "sha256", "urls"]);
    assert.equal(out[0]?.indicators.sha256?.length, 3);
  });
  test("one file gives one object; a missing file exits 3 and the others are still analysed; suspicious exits 1", async () => {
    const one = await run([write("vip-display-name"), "--json", "--context", contextFile]);
    assert.equal(one.code, 1);
    assert.equal((JSON.parse(one.stdout) as { verdict: string }).verdict, "suspicious");
    const missing = await run([join(dir, "nope.eml"), write("business-utf-8"), "--context", contextFile]);
    assert.equal(missing.code, 3);
    assert.match(missing.stdout, /business-utf-8\.eml: 問題なし \/ benign/);
  });
  test("a context file with a bad field exits 2 naming the field in both languages", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ partners: [{ name: "x", domains: ["not a domain"] }] }));
    const r = await run([write("business-utf-8"), "--context", bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /partners\[0\]\.domains\[0\]: ドメイン名ではありません.* \/ not a domain name/);
  });
});
