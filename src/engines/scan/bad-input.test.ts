/** Bad input: clear diagnostics with lines and counts, never a crash, never a raw value in a message. */
import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { encodeShiftJis } from "./encode-sjis.js";
import { scan } from "./scan.js";
import { toTerminal } from "./report/terminal.js";

const dir = mkdtempSync(join(tmpdir(), "sokuho-bad-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, data: string | Buffer): string => {
  const p = join(dir, name);
  writeFileSync(p, data);
  return p;
};
const codes = (r: Awaited<ReturnType<typeof scan>>): string[] => r.diagnostics.map((d) => `${d.code}@${d.line ?? "-"}x${d.count}`);

describe("bad input", () => {
  test("empty file: a warning, zero counts", async () => {
    const r = await scan([file("empty.csv", "")]);
    assert.equal(r.records, 0);
    assert.deepEqual(codes(r), ["EMPTY_FILE@-x1"]);
  });
  test("binary file: an error, nothing counted", async () => {
    const r = await scan([file("bin.csv", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0]))]);
    assert.equal(r.records, 0);
    assert.equal(r.diagnostics[0]?.code, "BINARY_FILE");
    assert.equal(r.diagnostics[0]?.severity, "error");
  });
  test("ragged rows and invalid bytes are counted with their first lines", async () => {
    const body = Buffer.concat([
      Buffer.from("氏名,メールアドレス,電話番号\n山田 太郎,a@example.jp,090-1234-5678\n佐藤 花子,b@example.jp\n", "utf8"),
      Buffer.from([0xff, 0xfe, 0x2c]),
      Buffer.from("c@example.jp,03-1234-5678\n", "utf8"),
    ]);
    const r = await scan([file("ragged.csv", body)], { encoding: "utf-8" });
    assert.equal(r.records, 3);
    assert.deepEqual(codes(r).sort(), ["INVALID_BYTES@4x2", "RAGGED_ROW@3x1"]);
    for (const d of r.diagnostics) assert.ok(!JSON.stringify(d).includes("example.jp"));
  });
  test("a UTF-8 file with a line in Shift_JIS stays UTF-8: the line is reported, the other lines keep their values", async () => {
    const body = Buffer.concat([
      Buffer.from("氏名,メールアドレス\n山田 太郎,a@example.jp\n佐藤 花子,b@example.jp\n", "utf8"),
      encodeShiftJis("鈴木 一郎,c@example.jp\n"),
      Buffer.from("高橋 はな,d@example.jp\n", "utf8"),
    ]);
    const r = await scan([file("mixed.csv", body)]);
    assert.equal(r.encoding, "utf-8");
    assert.deepEqual(r.columns.map((c) => c.type), ["name_kanji", "email"]);
    assert.equal(r.recordsByType.name_kanji, 3);
    assert.equal(r.recordsByType.email, 4);
    assert.equal(codes(r)[0]?.startsWith("INVALID_BYTES@4"), true);
  });
  test("a Shift_JIS file is still detected as Shift_JIS", async () => {
    const r = await scan([file("sjis.csv", encodeShiftJis("氏名,メールアドレス\n山田 太郎,a@example.jp\n佐藤 花子,b@example.jp\n"))]);
    assert.equal(r.encoding, "shift_jis");
    assert.equal(r.recordsByType.name_kanji, 2);
  });
  test("unterminated quote: reported at its line", async () => {
    const r = await scan([file("quote.csv", 'メールアドレス,備考\na@example.jp,"never closed\nb@example.jp,x\n')]);
    assert.deepEqual(codes(r), ["UNTERMINATED_QUOTE@2x1"]);
  });
  test("a line beyond the record limit is skipped with a warning", async () => {
    const r = await scan([file("long.csv", `メールアドレス,備考\na@example.jp,${"x".repeat(300_000)}\nb@example.jp,"${"y".repeat(200_000)}\n"\nc@example.jp,z\n`)], { maxRecordChars: 100_000 });
    assert.equal(r.records, 1);
    assert.deepEqual(codes(r), ["RECORD_TOO_LONG@2x2"]);
    assert.deepEqual(r.diagnostics[0]?.lines, [2, 3]);
  });
  test("corrupt gzip: counted up to the damage, then an error", async () => {
    const gz = gzipSync(Buffer.from("メールアドレス\n" + "a@example.jp\n".repeat(5000)));
    const r = await scan([file("cut.csv.gz", gz.subarray(0, gz.length - 40))]);
    assert.equal(r.diagnostics.at(-1)?.code, "GZIP_ERROR");
  });
  test("missing file, a folder: errors that say which, no crash; the other files are still counted", async () => {
    const ok = file("ok.csv", "メールアドレス\na@example.jp\n");
    const r = await scan([join(dir, "nope.csv"), dir, ok]);
    assert.deepEqual(codes(r), ["NOT_FOUND@-x1", "NOT_A_FILE@-x1"]);
    assert.equal(r.records, 1);
  });
  test("a text export with a stray NUL byte is scanned with a warning at its line, not refused as binary", async () => {
    const r = await scan([file("nul.csv", "氏名,メールアドレス\n山田 太郎,a@example.jp\n佐藤 花子,b@example.jp\0\n鈴木 一郎,c@example.jp\n")]);
    assert.equal(r.records, 3);
    assert.equal(r.recordsByType.name_kanji, 3);
    assert.deepEqual(codes(r), ["NUL_BYTES@3x1"]);
    // an image is still binary: its headers and compressed data hold far more
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), gzipSync(Buffer.from("x".repeat(1000) + Math.random().toString().repeat(500)))]);
    assert.equal((await scan([file("photo.png", png)])).diagnostics[0]?.code, "BINARY_FILE");
  });
});

describe("the terminal report", () => {
  test("control characters from the file (a hostile header, a sheet name) never reach the terminal", async () => {
    const rows = Array.from({ length: 200 }, (_, i) => `山田 太郎,taro${i}@example.jp`).join("\n");
    const r = await scan([file("esc.csv", `氏名,\u001b]0;owned\u0007メール\n${rows}\n`)]);
    const text = toTerminal(r);
    // eslint-disable-next-line no-control-regex
    assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/.test(text), JSON.stringify(text));
    assert.match(text, /\ufffd\]0;owned\ufffdメール → email/);
  });
});

describe("CLI exit codes", () => {
  const cli = (...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", "src/engines/scan/cli-main.ts", "scan", ...args], { encoding: "utf8" });
  test("1 when personal data is found; JSON output is masked", () => {
    const p = file("pii.csv", "氏名,メールアドレス\n山田 太郎,taro@example.jp\n");
    const r = cli(p, "--json");
    assert.equal(r.status, 1);
    const out = JSON.parse(r.stdout);
    assert.equal(out.records, 1);
    assert.ok(!r.stdout.includes("taro@"));
    assert.ok(!r.stdout.includes("太郎"));
  });
  test("0 when there is none", () => assert.equal(cli(file("none.csv", "a,b\n1,2\n")).status, 0));
  test("2 on a usage error", () => assert.equal(cli(file("x.csv", "a\n"), "--match-keys", "shoe+size").status, 2));
  test("3 when a file cannot be scanned", () => assert.equal(cli(file("b.bin", Buffer.from([0, 1, 2, 0, 0]))).status, 3));
});
