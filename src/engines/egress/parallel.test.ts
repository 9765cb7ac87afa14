/**
 * The worker-thread path against the single-thread path on a generated week of conn.log with planted cases and
 * decoys: byte ranges of one plain file, and one stream per gzip file, give the same records, pairs, diagnostics
 * and findings as one thread, and every planted case is found.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { analyseEgress, fileInputs } from "./analyse.js";
import { generateConnLog } from "./generate.js";
import type { EgressOptions, EgressResult } from "./types.js";

const strip = (r: EgressResult) => ({ records: r.records, egress: r.egressRecords, ignored: r.ignored, pairs: r.pairs, skipped: r.skippedLines, window: r.window, findings: r.findings, setAside: r.setAside });

describe("worker threads", () => {
  test("byte ranges and gzip streams per file give exactly the single-thread result on a log with planted cases", async () => {
    const dir = mkdtempSync(join(tmpdir(), "egress-par-"));
    try {
      const parts: string[] = [];
      const truth = generateConnLog({ records: 120_000, seed: 7 }, (t) => parts.push(t));
      const text = parts.join("");
      const lines = text.split("\n");
      // broken lines the workers must report at the same line numbers as one thread
      const bad = [5_000, 40_001, 90_002];
      for (const at of bad) lines[at] = lines[at]!.split("\t").slice(0, 7).join("\t");
      lines[60_000] = "\u0000\u0001garbage\u00ff";
      const plain = join(dir, "conn.log");
      writeFileSync(plain, lines.join("\n"));
      const header = lines.filter((l) => l.startsWith("#") && !l.startsWith("#close"));
      const data = lines.filter((l) => l.length > 0 && !l.startsWith("#"));
      const half = Math.floor(data.length / 2);
      const gz = [join(dir, "day1.log.gz"), join(dir, "day2.log.gz")];
      writeFileSync(gz[0]!, gzipSync([...header, ...data.slice(0, half)].join("\n") + "\n"));
      writeFileSync(gz[1]!, gzipSync([...header, ...data.slice(half)].join("\n") + "\n"));

      const options: EgressOptions = {
        assets: truth.assets.map((a) => ({ ...a, internetFacing: false })),
        indicators: truth.indicators.map((v) => ({ value: v, type: /^[\d.]+$/.test(v) ? "ip" : "domain", label: null })),
        parallelMinBytes: 1,
      };
      const one = await analyseEgress(fileInputs([plain]), { ...options, threads: 1 });
      const two = await analyseEgress(fileInputs([plain]), { ...options, threads: 2 });
      assert.deepEqual(strip(two), strip(one));
      assert.deepEqual(two.diagnostics, one.diagnostics);
      // the binary garbage line is a wrong field count too
      assert.deepEqual(one.diagnostics.find((d) => d.code === "FIELD_COUNT")?.lines, [...bad, 60_000].sort((a, b) => a - b).map((b) => b + 1));

      const gzOne = await analyseEgress(fileInputs(gz), { ...options, threads: 1 });
      const gzTwo = await analyseEgress(fileInputs(gz), { ...options, threads: 2 });
      assert.deepEqual(strip(gzTwo), strip(gzOne));
      assert.deepEqual(gzTwo.files, gzOne.files);
      assert.deepEqual(gzTwo.diagnostics, gzOne.diagnostics);
      assert.equal(gzTwo.records, one.records);

      for (const p of truth.planted) assert.ok(one.findings.some((f) => f.kind === p.kind && f.src === p.src && (p.dst === null || f.dst === p.dst)), `planted ${p.kind} ${p.src} → ${p.dst}`);
      const decoys = new Set(truth.decoys.map((d) => d.dst));
      assert.deepEqual(one.findings.filter((f) => decoys.has(f.dst)), []);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a truncated gzip in a worker: GZIP_ERROR naming the file, the other file still read, no crash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "egress-par-"));
    try {
      const parts: string[] = [];
      generateConnLog({ records: 20_000, seed: 3 }, (t) => parts.push(t));
      const gz = gzipSync(parts.join(""));
      const cut = join(dir, "cut.log.gz");
      const ok = join(dir, "ok.log.gz");
      writeFileSync(cut, gz.subarray(0, Math.floor(gz.length / 2)));
      writeFileSync(ok, gz);
      const r = await analyseEgress(fileInputs([cut, ok, join(dir, "missing.log.gz")]), { threads: 2, parallelMinBytes: 1 });
      const err = r.diagnostics.find((d) => d.code === "GZIP_ERROR");
      assert.equal(err?.file, cut);
      assert.ok((err?.line ?? 0) > 1);
      assert.ok(r.files[0]!.records > 0 && r.files[0]!.records < r.files[1]!.records);
      assert.ok(r.diagnostics.some((d) => d.code === "READ_ERROR" && d.file.endsWith("missing.log.gz")));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("off the caller's thread", () => {
  test("analyseEgressInWorker gives analyseEgress's result and keeps the event loop free", async () => {
    const { analyseEgressInWorker } = await import("./offthread.js");
    const dir = mkdtempSync(join(tmpdir(), "egress-off-"));
    // the time the event loop ran code (not waiting): unlike pauses between timer ticks, it does not grow when a
    // loaded machine takes the CPU from an idle loop
    const lag = async <T>(run: () => Promise<T>): Promise<{ value: T; busy: number }> => {
      const start = performance.eventLoopUtilization();
      const value = await run();
      return { value, busy: performance.eventLoopUtilization(start).active };
    };
    try {
      const parts: string[] = [];
      const truth = generateConnLog({ records: 150_000, seed: 11 }, (t) => parts.push(t));
      const path = join(dir, "conn.log");
      writeFileSync(path, parts.join(""));
      const options: EgressOptions = { assets: truth.assets.map((a) => ({ ...a, internetFacing: false })), threads: 2, parallelMinBytes: 1 };
      // the baseline is the analysis on this thread (with worker threads analyseEgress is mostly off it as well)
      const here = await lag(() => analyseEgress(fileInputs([path]), { ...options, threads: 1 }));
      let progress = 0;
      const off = await lag(() => analyseEgressInWorker([{ name: "conn.log", path }], { ...options, onProgress: () => progress++ }));
      assert.deepEqual(off.value.findings, here.value.findings);
      assert.equal(off.value.records, here.value.records);
      assert.ok(progress > 0);
      // the detection runs in the driver thread: the caller's loop never waits for it
      assert.ok(off.busy < here.busy, `event loop busy ${off.busy.toFixed(0)} ms off-thread, ${here.busy.toFixed(0)} ms in-thread`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
