import { test } from "node:test";
import assert from "node:assert/strict";
import { contentDisposition, recordedContentType, sanitizeFilename, verifyNote, verifyOutcome, ZCustodyInput } from "./domain.js";

test("filenames lose their directories, whichever separator", () => {
  assert.equal(sanitizeFilename("../../etc/passwd"), "passwd");
  assert.equal(sanitizeFilename("C:\\Users\\sato\\顧客リスト.csv"), "顧客リスト.csv");
  assert.equal(sanitizeFilename("dir/"), "dir");
});

test("filenames are NFC: a decomposed が (macOS) becomes one code point", () => {
  const decomposed = "か\u3099いこく.txt";
  assert.equal(sanitizeFilename(decomposed), "がいこく.txt");
  assert.equal(sanitizeFilename(decomposed).length, decomposed.length - 1);
});

test("control and direction-changing characters are removed (the disguised-extension trick)", () => {
  assert.equal(sanitizeFilename("invoice\u202Efdp.exe"), "invoicefdp.exe");
  assert.equal(sanitizeFilename("a\u0000b\r\nc\u007f\u0085d\u2066e.txt"), "abcde.txt");
});

test("names are limited to 255 code points without splitting a surrogate pair", () => {
  assert.equal([...sanitizeFilename("あ".repeat(300))].length, 255);
  assert.equal(sanitizeFilename("😀".repeat(300)), "😀".repeat(255));
});

test("nothing left means 'unnamed'", () => {
  for (const raw of ["", "   ", "/", "..", ".", "\u202E", "a/.."]) assert.equal(sanitizeFilename(raw), "unnamed", JSON.stringify(raw));
});

test("the declared content type is kept when it looks like one, else octet-stream", () => {
  assert.equal(recordedContentType("image/JPEG"), "image/JPEG");
  assert.equal(recordedContentType("text/plain; charset=Shift_JIS"), "text/plain; charset=Shift_JIS");
  assert.equal(recordedContentType(undefined), "application/octet-stream");
  assert.equal(recordedContentType("<script>"), "application/octet-stream");
  assert.equal(recordedContentType("text/html\r\nx-evil: 1"), "application/octet-stream");
  assert.equal(recordedContentType(`a/${"b".repeat(300)}`), "application/octet-stream");
});

test("content-disposition: attachment, an ASCII fallback and the exact UTF-8 name (RFC 5987)", () => {
  assert.equal(contentDisposition("report.pdf"), `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  assert.equal(contentDisposition("顧客 一覧.csv"), `attachment; filename="__ __.csv"; filename*=UTF-8''%E9%A1%A7%E5%AE%A2%20%E4%B8%80%E8%A6%A7.csv`);
  assert.equal(contentDisposition(`a"b\\c%d;e'f.txt`), `attachment; filename="a_b_c_d;e'f.txt"; filename*=UTF-8''a%22b%5Cc%25d%3Be%27f.txt`);
  // What a browser decodes is the original name.
  const star = contentDisposition("ログ(1).zip").split("filename*=UTF-8''")[1]!;
  assert.equal(decodeURIComponent(star), "ログ(1).zip");
});

test("verification compares hash and size; the note says what was found", () => {
  const recorded = { sha256: "a".repeat(64), size: 10 };
  assert.equal(verifyOutcome(recorded, { sha256: "a".repeat(64), size: 10 }).status, "match");
  assert.equal(verifyOutcome(recorded, { sha256: "b".repeat(64), size: 10 }).status, "mismatch");
  assert.equal(verifyOutcome(recorded, { sha256: "a".repeat(64), size: 11 }).status, "mismatch");
  assert.equal(verifyOutcome(recorded, null).status, "missing");
  assert.match(verifyNote(recorded, verifyOutcome(recorded, { sha256: "b".repeat(64), size: 9 })), new RegExp(`^MISMATCH: recorded sha256 a{64}, 10 bytes; found sha256 b{64}, 9 bytes$`));
});

test("custody entries by hand are transfers or notes, with text", () => {
  assert.ok(ZCustodyInput.safeParse({ action: "transferred", note: "警察へ提出" }).success);
  assert.ok(!ZCustodyInput.safeParse({ action: "verified", note: "x" }).success);
  assert.ok(!ZCustodyInput.safeParse({ action: "note", note: "  " }).success);
  assert.ok(!ZCustodyInput.safeParse({ action: "note", note: "x", extra: 1 }).success);
});
