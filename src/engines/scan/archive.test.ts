/** Zip archives: members scanned as files of one data set, reported by their names; what cannot be read says why. */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { strToU8, zipSync } from "fflate";
import { writeZip } from "../common/zip-writer.js";
import { expandArchives, isZipArchive } from "./archive.js";
import { Diagnostics } from "./diagnostics.js";
import { encodeShiftJis } from "./encode-sjis.js";
import { generateRows, HEADER } from "./generate.js";
import { streamPeople } from "./people-stream.js";
import { scan } from "./scan.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-archive-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));
// members are extracted under TMPDIR: a folder of this file's own (and its children's), so other test files
// scanning archives at the same time do not count
const temp = join(dir, "tmp");
mkdirSync(temp);
process.env.TMPDIR = temp;
const extracted = (): string[] => readdirSync(temp).filter((f) => f.startsWith("sokuho-zip-"));

const customers = "氏名,メールアドレス,電話番号,生年月日\n山田 太郎,taro@example.jp,090-1234-5678,1970/01/15\n佐藤 花子,hanako@example.jp,03-1234-5678,1985/12/03\n";
const orders = "注文番号,メール,金額\nA-1,TARO@EXAMPLE.JP,1200\nA-2,ichiro@example.jp,800\n";

/** `sokuho scan` started on a zip of 300,000 records, once it has extracted the members (`made`: their folder). */
async function scanningArchive(name: string): Promise<{ child: ChildProcess; exited: Promise<unknown[]>; before: Set<string>; made: string }> {
  const lines = [HEADER.join(",")];
  generateRows({ records: 300_000, people: 250_000, passports: 100, validPassports: 50, referenceDate: 20160614 }, (f) => lines.push(f.map((v) => (v.includes("\n") ? `"${v}"` : v)).join(",")));
  const path = join(dir, name);
  writeFileSync(path, zipSync({ "big.csv": strToU8(lines.join("\n")) }, { level: 1 }));
  const before = new Set(extracted());
  const child = spawn(process.execPath, ["bin/sokuho.js", "scan", path, "--json"], { stdio: "ignore" });
  const exited = once(child, "exit");
  let made: string[] = [];
  for (let i = 0; i < 500 && made.length === 0; i++) {
    made = extracted().filter((d) => !before.has(d));
    if (made.length === 0) await new Promise((r) => setTimeout(r, 10));
  }
  assert.equal(made.length, 1, "the members were extracted");
  return { child, exited, before, made: made[0]! };
}

describe("zip archives", () => {
  test("members scanned as files of one data set (people joined across them), named in the report; no extracted file stays", async () => {
    const path = join(dir, "leak.zip");
    const before = extracted().length;
    writeFileSync(path, zipSync({ "顧客/customers.csv": strToU8(customers), "orders.json": strToU8(JSON.stringify([{ id: 1, mail: "hanako@example.jp" }])), "__MACOSX/._customers.csv": strToU8("\0\0"), "注文/": {}, "注文/orders.csv": strToU8(orders) }));
    assert.equal(isZipArchive(path), true);
    const r = await scan([path], { referenceDate: 20160614 });
    assert.deepEqual(r.files, [path]);
    assert.equal(r.records, 5);
    assert.equal(r.people.count, 3); // taro in customers and orders, hanako in customers and the JSON, ichiro
    assert.deepEqual([...new Set(r.columns.map((c) => c.table))].sort(), ["leak.zip/orders.json", "leak.zip/注文/orders.csv", "leak.zip/顧客/customers.csv"]);
    assert.deepEqual(r.diagnostics, []);
    assert.equal(extracted().length, before);
  });
  test("Shift_JIS member names (Windows); password-protected members and damaged archives say so by name", async () => {
    const sjis = join(dir, "sjis.zip");
    // as Windows' Explorer writes Japanese names: Shift_JIS without the UTF-8 flag
    writeFileSync(sjis, writeZip([{ name: encodeShiftJis("顧客一覧.csv"), data: strToU8(customers), isStored: true }, { name: "secret.csv", data: strToU8(orders), isEncrypted: true }]));
    const r = await scan([sjis]);
    assert.equal(r.records, 2);
    assert.deepEqual(r.columns.map((c) => c.table)[0], "sjis.zip/顧客一覧.csv");
    assert.deepEqual(r.diagnostics.map((d) => `${d.code} ${d.file}`), [`ZIP_ENCRYPTED ${sjis}/secret.csv`]);
    const cut = join(dir, "cut.zip");
    // a download cut off inside its second member: no directory; the first member is still read
    const whole = zipSync({ "a.csv": strToU8(customers), "b.csv": strToU8(orders.repeat(2000)) });
    writeFileSync(cut, whole.subarray(0, whole.length >> 1));
    const c = await scan([cut]);
    assert.equal(c.records, 2);
    assert.deepEqual(c.diagnostics.map((d) => `${d.code}/${d.severity} ${d.file}`).sort(), [`ZIP_ERROR/error ${cut}`, `ZIP_ERROR/error ${cut}/b.csv`]);
  });
  test("a zip bomb stops at the limit; a workbook is not an archive; the person stream refuses archives", async () => {
    const bomb = join(dir, "bomb.zip");
    writeFileSync(bomb, zipSync({ "a.csv": new Uint8Array(3 << 20), "b.csv": new Uint8Array(3 << 20) }));
    const diags = new Diagnostics();
    const e = await expandArchives([bomb], diags, 4 << 20);
    try {
      assert.deepEqual(diags.list().map((d) => d.code), ["ZIP_TOO_LARGE"]);
      assert.equal(e.paths.length, 1); // the first member fitted
    } finally {
      e.cleanup();
    }
    assert.equal(isZipArchive(new URL("./fixtures/guests-xlsxwriter.xlsx", import.meta.url).pathname), false);
    await assert.rejects(async () => {
      for await (const _ of streamPeople([bomb], {})) void _;
    }, /extract zip archives first/);
  });
  test("killed outright (kill -9) while scanning an archive: the next archive scan deletes what it left; a running scan's folder is kept", async () => {
    const { child, exited, before, made } = await scanningArchive("big9.zip");
    assert.match(made, new RegExp(`^sokuho-zip-${child.pid}-`), "the folder names its process");
    child.kill("SIGKILL");
    await exited;
    assert.deepEqual(extracted().filter((d) => !before.has(d)), [made], "kill -9 leaves the members (no handler runs)");
    // a folder of a process still running (this one's parent, the test runner) is not touched
    const running = join(temp, `sokuho-zip-${process.ppid}-keep`);
    mkdirSync(running);
    const small = join(dir, "small9.zip");
    writeFileSync(small, zipSync({ "c.csv": strToU8(customers) }));
    const r = await scan([small]);
    assert.equal(r.records, 2);
    assert.deepEqual(extracted().filter((d) => !before.has(d)), [`sokuho-zip-${process.ppid}-keep`]);
    rmSync(running, { recursive: true });
  });

  test("interrupted (Ctrl-C) while scanning an archive: the extracted members are deleted", async () => {
    const { child, exited, before } = await scanningArchive("big.zip");
    child.kill("SIGINT");
    const [code, signal] = (await exited) as [number | null, string | null];
    assert.equal(signal, "SIGINT", `interrupted, not finished (exit ${code})`);
    assert.deepEqual(extracted().filter((d) => !before.has(d)), []);
  });
});
