/** Hostile input: random bytes, broken lines, wrong field counts, truncated gzip. No crash, bounded memory, the line named. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import fc from "fast-check";
import { analyseEgress } from "./analyse.js";
import { input, log } from "./egress.test.js";

const T0 = Date.UTC(2016, 2, 19) / 1000;
const good = log(Array.from({ length: 200 }, (_, i) => ({ ts: T0 + i * 60, src: "10.0.0.1", dst: "203.0.113.5" })));

describe("bad input", () => {
  test("random lines spliced into a conn.log: never a crash, every bad line counted", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 30 }), fc.nat(180), async (garbage, at) => {
        const lines = good.split("\n");
        const junk = garbage.map((g) => Buffer.from(g).toString("latin1").replace(/[\n#]/g, " "));
        lines.splice(10 + at, 0, ...junk);
        const r = await analyseEgress([input("fuzz.log", lines.join("\n"))]);
        const nonEmpty = junk.filter((j) => j.replace(/\r$/, "").length > 0).length;
        // each line is either a record or a skipped line with a diagnostic: nothing vanishes
        assert.equal(r.records + r.skippedLines, 200 + nonEmpty);
        assert.equal(r.egressRecords, 200);
      }),
      { numRuns: 40 },
    );
  });

  test("wrong field counts and unreadable values are reported with their lines", async () => {
    const lines = good.split("\n");
    lines[20] = lines[20]!.split("\t").slice(0, 5).join("\t");
    lines[30] = lines[30]!.replace("10.0.0.1", "10.0.0.999");
    lines[40] = lines[40]!.replace(/^\d+\.\d+/, "yesterday");
    const r = await analyseEgress([input("bad.log", lines.join("\n"))]);
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.lines]), [["FIELD_COUNT", [21]], ["BAD_VALUE", [31, 41]]]);
    assert.equal(r.egressRecords, 197);
  });

  test("truncated gzip: counted up to the damage, GZIP_ERROR, the next file still read", async () => {
    const gz = gzipSync(good);
    const r = await analyseEgress([input("cut.log.gz", gz.subarray(0, Math.floor(gz.length * 0.6))), input("ok.log.gz", gz)]);
    assert.ok(r.diagnostics.some((d) => d.code === "GZIP_ERROR" && d.file === "cut.log.gz" && d.severity === "error"));
    assert.ok(r.files[0]!.records > 0 && r.files[0]!.records < 200);
    assert.equal(r.files[1]?.records, 200);
  });

  test("a huge line without a line feed is skipped with LINE_TOO_LONG and memory stays bounded", async () => {
    const before = process.memoryUsage().rss;
    const huge = Buffer.alloc(40 << 20, 0x41);
    const r = await analyseEgress([input("huge.log", Buffer.concat([Buffer.from(good), huge, Buffer.from("\n"), Buffer.from(good.split("\n").slice(8).join("\n"))]))]);
    assert.ok(r.diagnostics.some((d) => d.code === "LINE_TOO_LONG"));
    assert.equal(r.egressRecords, 400);
    assert.ok(process.memoryUsage().rss - before < 200e6);
  });
});
