/**
 * Hostile input: random and truncated MIME, mutated corpus mails, nested archives and bombs. analyseMail must
 * never throw, must stay within its expansion budget, and must say which part it gave up on.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { analyseMail } from "./analyse.js";
import { DEFAULT_LIMITS } from "./archive.js";
import { buildMail, corpus, FILES, makeZip, noise } from "./corpus.js";

const mails = corpus().filter((m) => m.bytes.length < 200_000);

describe("fuzz: never a crash", () => {
  test("random bytes, random MIME-ish text", async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), async (b) => {
        const r = await analyseMail(b);
        assert.ok(["benign", "suspicious", "malicious"].includes(r.verdict));
      }),
      { numRuns: 150, seed: 42 },
    );
    const tokens = ["From: a@b.example\r\n", "Content-Type: multipart/mixed; boundary=\"x\"\r\n", "\r\n", "--x\r\n", "--x--\r\n", "Content-Transfer-Encoding: base64\r\n", "Content-Disposition: attachment; filename*0*=ISO-2022-JP''%1B%24B\r\n", "=?ISO-2022-JP?B?GyRCJCIbKEI=?=", "UEsDBBQ=\r\n", "\u202e", "Authentication-Results: ;;;==(((\r\n", "Subject: \x8d\x71\r\n"];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...tokens), { maxLength: 60 }), async (parts) => {
        const r = await analyseMail(Buffer.from(parts.join(""), "latin1"));
        assert.ok(Array.isArray(r.signals) && Array.isArray(r.warnings));
      }),
      { numRuns: 200, seed: 7 },
    );
  });
  test("every corpus mail truncated at 20 points and with bytes flipped", async () => {
    for (const m of mails) {
      for (let k = 1; k <= 20; k++) await analyseMail(m.bytes.subarray(0, Math.floor((m.bytes.length * k) / 21)));
      const flipped = Buffer.from(m.bytes);
      const rnd = noise(64, m.bytes.length);
      for (let i = 0; i < 64; i += 2) flipped[((rnd[i] as number) * 997 + (rnd[i + 1] as number) * 31) % flipped.length] = rnd[i + 1] as number;
      await analyseMail(flipped);
    }
  });
  test("archives with corrupt central directories, truncated entries and random bytes after PK", async () => {
    const zip = makeZip([{ name: "a.exe", data: FILES.exe() }, { name: "b.pdf", data: FILES.pdf() }]);
    for (let cut = 10; cut < zip.length; cut += 97) {
      const r = await analyseMail(buildMail({ from: "a@b.example", subject: "s", parts: [{ kind: "file", name: "x.zip", data: zip.subarray(0, cut) }] }));
      assert.ok(r.message.files.length >= 1);
    }
    const junk = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), noise(5000, 3)]);
    const r = await analyseMail(buildMail({ from: "a@b.example", subject: "s", parts: [{ kind: "file", name: "x.zip", data: junk }] }));
    assert.ok(r.warnings.some((w) => w.code === "ARCHIVE_CORRUPT" && w.part?.startsWith("attachment 1 (x.zip)")), JSON.stringify(r.warnings));
  });
});

describe("hostile text: linear time", () => {
  test("1 MB of unclosed anchors, data: links, a 100k-blank file name and a 400 kB Authentication-Results finish quickly", async () => {
    const started = performance.now();
    const html = `<html>${"<a href=http://x.example/>".repeat(40_000)}${"<a href=data:application ".repeat(20_000)}</html>`;
    const r = await analyseMail(
      buildMail({
        from: "a@b.example", fromName: "x".repeat(50_000), subject: "s", authResults: [`mx.example; ${"spf=pass ".repeat(50_000)}`],
        parts: [{ kind: "html", html }, { kind: "file", name: `a${" ".repeat(100_000)}.exe`, data: FILES.exe(), nameStyle: "plain" }],
      }),
    );
    assert.ok(r.message.links.length > 0);
    assert.ok(r.signals.some((s) => s.id === "attachment_padded_extension"));
    // generous for a loaded 2-core machine; the quadratic versions took tens of seconds
    assert.ok(performance.now() - started < 10_000, String(performance.now() - started));
  });
});

describe("bombs: bounded work and memory, with the part named", () => {
  const attach = (data: Uint8Array) => buildMail({ from: "a@b.example", subject: "s", parts: [{ kind: "file", name: "bomb.zip", data }] });
  test("one entry inflating past the per-file budget stops at the budget", async () => {
    const mail = attach(makeZip([{ name: "zeros.bin", data: Buffer.alloc(48 << 20) }]));
    const before = process.memoryUsage().arrayBuffers;
    const r = await analyseMail(mail, undefined, undefined, { limits: { ...DEFAULT_LIMITS, maxEntryBytes: 4 << 20, maxRatio: 1e9 } });
    const s = r.signals.find((x) => x.id === "archive_limit");
    assert.equal(s?.evidence.kind, "size");
    assert.equal(s?.evidence.part, "attachment 1 (bomb.zip) > zeros.bin");
    assert.ok(process.memoryUsage().arrayBuffers - before < 8 << 20);
  });
  test("an entry lying about its size is cut off by the inflater at the budget", async () => {
    const r = await analyseMail(attach(makeZip([{ name: "liar.bin", data: Buffer.alloc(24 << 20), declaredSize: 1000 }])), undefined, undefined, { limits: { ...DEFAULT_LIMITS, maxEntryBytes: 2 << 20 } });
    const s = r.signals.find((x) => x.id === "archive_limit");
    assert.equal(s?.evidence.kind, "size");
    assert.equal(s?.evidence.part, "attachment 1 (bomb.zip) > liar.bin");
  });
  test("a declared ratio beyond the limit is refused without inflating", async () => {
    const r = await analyseMail(attach(makeZip([{ name: "z.bin", data: Buffer.alloc(8 << 20) }])));
    assert.equal(r.signals.find((x) => x.id === "archive_limit")?.evidence.kind, "ratio");
  });
  test("nesting deeper than the limit, and more files than the limit", async () => {
    let z = makeZip([{ name: "leaf.txt", data: Buffer.from("x") }]);
    for (let i = 0; i < 10; i++) z = makeZip([{ name: `n${i}.zip`, data: z }]);
    const deep = await analyseMail(attach(z));
    assert.equal(deep.signals.find((x) => x.id === "archive_limit")?.evidence.kind, "depth");
    assert.ok(deep.message.files.length <= DEFAULT_LIMITS.maxDepth + 2);
    const many = makeZip(Array.from({ length: 700 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(`file ${i}`) })));
    const r = await analyseMail(attach(many));
    assert.equal(r.message.files.length, DEFAULT_LIMITS.maxFiles);
    assert.equal(r.signals.find((x) => x.id === "archive_limit")?.evidence.kind, "count");
  });
  test("overlapping entries (every entry pointing at the same data) are bounded by the total budget", async () => {
    const one = makeZip([{ name: "a.bin", data: Buffer.alloc(1 << 20, 1) }]);
    // a central directory of 100 entries that all point at offset 0
    const cdStart = one.readUInt32LE(one.length - 6);
    const entry = one.subarray(cdStart, one.length - 22);
    const cd = Buffer.concat(Array.from({ length: 100 }, () => entry));
    const eocd = Buffer.from(one.subarray(one.length - 22));
    eocd.writeUInt16LE(100, 8);
    eocd.writeUInt16LE(100, 10);
    eocd.writeUInt32LE(cd.length, 12);
    const bomb = Buffer.concat([one.subarray(0, cdStart), cd, eocd]);
    const r = await analyseMail(attach(bomb), undefined, undefined, { limits: { ...DEFAULT_LIMITS, maxTotalBytes: 16 << 20 } });
    assert.ok(r.message.files.length <= 18, String(r.message.files.length));
    assert.equal(r.signals.find((x) => x.id === "archive_limit")?.evidence.kind, "size");
  });
});
