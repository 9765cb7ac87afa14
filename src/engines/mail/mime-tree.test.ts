/** The raw MIME walk and the windowed base64 decoder that keep a 5 MB mail within its memory budget. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { analyseMail } from "./analyse.js";
import { buildMail, FILES, noise } from "./corpus.js";
import { blankLineAfter, decodeBase64Range, LARGE_PART_BYTES, walkMime } from "./mime-tree.js";

describe("windowed base64", () => {
  test("equals a whole decode for any line length, length mod 3, padding and stray characters across 1 MB windows", () => {
    for (const len of [57, 61, 76, 77, 1000])
      for (const size of [2_500_000, 2_500_001, 2_500_002]) {
        const data = noise(size, len + size);
        const text = Buffer.from(data.toString("base64").replace(new RegExp(`.{1,${len}}`, "g"), "$&\r\n"));
        assert.ok(decodeBase64Range(text, 0, text.length).equals(data), `${len} ${size}`);
        const stray = Buffer.from(text.toString("latin1").replace(/(.{4999})/g, "$1 *"), "latin1");
        assert.ok(decodeBase64Range(stray, 0, stray.length).equals(data), `stray ${len} ${size}`);
      }
  });
});

describe("large parts", () => {
  test("a large attachment is decoded outside postal-mime with the same bytes and hash, and the rest of the mail is intact", async () => {
    const pdf = Buffer.concat([FILES.pdf(), noise(LARGE_PART_BYTES * 2, 5)]);
    const mail = buildMail({ from: "a@b.example", subject: "大きな添付", parts: [{ kind: "text", text: "本文です。" }, { kind: "file", name: "big.pdf", data: pdf }, { kind: "file", name: "small.exe", data: FILES.exe() }] });
    assert.equal(walkMime(mail).large.length, 1);
    const r = await analyseMail(mail);
    const { createHash } = await import("node:crypto");
    assert.equal(r.message.files[0]?.sha256, createHash("sha256").update(pdf).digest("hex"));
    assert.equal(r.message.files[0]?.realType, "pdf");
    assert.equal(r.message.files[1]?.realType, "pe");
    assert.equal(r.message.text.trim(), "本文です。");
    assert.equal(r.message.subject, "大きな添付");
  });
  test("a mail that writes the stub marker itself cannot stand in for a large part (the marker carries a random nonce)", async () => {
    const fake = Buffer.from("sokuho-stub:000000000000000000000000:0");
    const mail = buildMail({ from: "a@b.example", subject: "s", parts: [{ kind: "file", name: "a.bin", data: fake }, { kind: "file", name: "big.bin", data: noise(LARGE_PART_BYTES * 2, 6) }] });
    const r = await analyseMail(mail);
    assert.equal(r.message.files[0]?.size, fake.length);
    assert.equal(r.message.files[1]?.size, LARGE_PART_BYTES * 2);
  });
});

describe("end of a header block", () => {
  test("the first blank line, CRLF or LF, inside the part; one past the first 64 KiB is still found", () => {
    const crlf = Buffer.from("A: 1\r\nB: 2\r\n\r\nbody\n\nmore");
    assert.deepEqual(blankLineAfter(crlf, 0, crlf.length), { at: 10, len: 4 });
    const lf = Buffer.from("A: 1\n\nbody\r\n\r\n");
    assert.deepEqual(blankLineAfter(lf, 0, lf.length), { at: 4, len: 2 });
    const long = Buffer.from(`X: ${"a".repeat(70_000)}\r\n\r\nbody`);
    assert.deepEqual(blankLineAfter(long, 0, long.length), { at: 70_003, len: 4 });
    // none before the end of the part, though the mail has one after it
    const two = Buffer.from("A: 1\r\nB: 2\r\n--b\r\n\r\n");
    assert.equal(blankLineAfter(two, 0, 8), null);
    // one that starts before the end counts (as a search from the start would find it)
    assert.deepEqual(blankLineAfter(crlf, 0, 11), { at: 10, len: 4 });
  });
});
