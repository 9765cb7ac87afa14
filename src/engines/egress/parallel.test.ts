/**
 * The worker-thread path (the main thread reads every file once and sends each line to the worker of its source
 * host, or to every worker when it is not a record of one source) against the
 * single-thread path: on a generated week of conn.log with planted cases and decoys, one plain file and two gzip
 * days, and on every other format with broken lines, the same records, pairs, diagnostics and findings as one
 * thread, and every planted case is found.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { analyseEgress, fileInputs } from "./analyse.js";
import { generateConnLog, zeekHeader } from "./generate.js";
import type { EgressOptions, EgressResult } from "./types.js";

const strip = (r: EgressResult) => ({ records: r.records, egress: r.egressRecords, ignored: r.ignored, pairs: r.pairs, skipped: r.skippedLines, window: r.window, findings: r.findings, setAside: r.setAside });

describe("worker threads", () => {
  test("split by source host, a plain file and gzip days give exactly the single-thread result on a log with planted cases", async () => {
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

  test("every format split by source host: Zeek JSON, Suricata EVE, Squid, http.log through a proxy, with broken lines, as one thread", async () => {
    const dir = mkdtempSync(join(tmpdir(), "egress-par-"));
    try {
      const T0 = Date.UTC(2016, 2, 19) / 1000;
      const zj: string[] = [];
      const eve: string[] = [];
      const squid: string[] = [];
      const http = [zeekHeader("x").replace("#path\tconn", "#path\thttp").replace(/#fields\t.*\n/, "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tmethod\thost\turi\trequest_body_len\tresponse_body_len\n").replace(/#types\t.*\n/, "").trimEnd()];
      for (let i = 0; i < 4000; i++) {
        const src = `10.0.${i % 3}.${(i % 40) + 1}`;
        const dst = `198.51.100.${(i * 7) % 50}`;
        const ts = T0 + i * 37;
        zj.push(`{"ts":${ts},"id.orig_h":"${src}","id.resp_h":"${dst}","id.resp_p":443,"proto":"tcp","duration":2.5,"orig_bytes":${100 + i},"resp_bytes":200,"conn_state":"SF"}`);
        eve.push(`{"timestamp":"${new Date(ts * 1000).toISOString()}","event_type":"flow","src_ip":"${src}","dest_ip":"${dst}","dest_port":8443,"proto":"TCP","flow":{"bytes_toserver":${7000 + i},"bytes_toclient":300}}`);
        if (i % 10 === 0) eve.push(`{"event_type":"tls","dest_ip":"${dst}","tls":{"sni":"c${i % 50}.example"}}`);
        squid.push(`${ts}.123    120 ${src} TCP_MISS/200 5120 GET http://files${i % 30}.example.net/a.zip - HIER_DIRECT/${dst} application/zip`);
        http.push(`${ts}\tC9\t${src}\t5\t10.0.0.250\t3128\tPOST\tup${i % 20}.example.org\t/x\t${9000 + i}\t20`);
        // broken: a bad value with a readable source (its worker reports it), bad JSON, an unreadable source
        if (i % 501 === 0) zj.push(`{"ts":"yesterday","id.orig_h":"${src}","id.resp_h":"${dst}","id.resp_p":443,"conn_state":"SF"}`);
        if (i % 733 === 0) eve.push(`{"event_type":"flow","src_ip":"${src}"`);
        if (i % 911 === 0) squid.push(`${ts}.1 1 not-an-ip TCP_MISS/200 1 GET http://x.example/ - HIER_DIRECT/1.2.3.4 -`);
        if (i % 977 === 0) http.push(`${ts}\tC9\t${src}\t5\t10.0.0.250\tnot-a-port\tPOST\tup.example.org\t/x\t1\t1`);
      }
      const files = [["z.json", zj], ["eve.json", eve], ["access.log", squid], ["http.log", http]].map(([name, lines]) => {
        const path = join(dir, name as string);
        writeFileSync(path, (lines as string[]).join("\n") + "\n");
        return path;
      });
      const one = await analyseEgress(fileInputs(files), { threads: 1 });
      const two = await analyseEgress(fileInputs(files), { threads: 2, parallelMinBytes: 1 });
      assert.equal(two.timings.threads, 2);
      assert.deepEqual(strip(two), strip(one));
      assert.deepEqual(two.files, one.files);
      assert.deepEqual(two.diagnostics, one.diagnostics);
      assert.deepEqual(one.files.map((f) => f.format), ["zeek-json", "suricata-eve", "squid", "zeek-tsv"]);
      assert.ok(one.records > 15_000 && one.skippedLines >= 8, `${one.records} records, ${one.skippedLines} skipped`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("lines sent to the worker of their source: a second header block with the columns reordered, CRLF, IPv6 sources, lines cut before the source and too long, as one thread for 2 and 3 threads", async () => {
    const dir = mkdtempSync(join(tmpdir(), "egress-par-"));
    try {
      const parts: string[] = [];
      generateConnLog({ records: 30_000, seed: 5 }, (t) => parts.push(t));
      const lines = parts.join("").split("\n").filter((l) => l.length > 0 && !l.startsWith("#close"));
      const header = lines.filter((l) => l.startsWith("#"));
      const data = lines.filter((l) => !l.startsWith("#"));
      const names = header.find((l) => l.startsWith("#fields"))!.split("\t").slice(1);
      // the second block swaps id.orig_h and id.resp_h: a reader that kept the first block's columns would send
      // lines to the worker of their destination
      const src = names.indexOf("id.orig_h");
      const dst = names.indexOf("id.resp_h");
      const order = [...names.keys()].map((i) => (i === src ? dst : i === dst ? src : i));
      const reorder = (l: string, sep = "\t"): string => {
        const f = l.split(sep);
        return order.map((i) => f[i]).join(sep);
      };
      const half = Math.floor(data.length / 2);
      const out = [...header, ...data.slice(0, half)];
      out.push(...header.map((l) => (l.startsWith("#fields") || l.startsWith("#types") ? `${l.split("\t")[0]}\t${reorder(l.split("\t").slice(1).join("\t"))}` : l)));
      out.push(...data.slice(half).map((l) => reorder(l)));
      const v6 = data.slice(0, 400).map((l) => reorder(l.split("\t").map((f, i) => (names[i] === "id.orig_h" ? `fd00::${(i * 7 + f.length) % 50}` : f)).join("\t")));
      out.push(...v6);
      out.splice(half + 200, 0, data[0]!.split("\t").slice(0, 2).join("\t")); // cut before the source (first block)
      out.splice(half + 300, 0, "x".repeat(3 << 20)); // too long
      out.push(reorder(data[1]!).split("\t").slice(0, 5).join("\t")); // cut before the source (second block)
      const path = join(dir, "conn.log");
      writeFileSync(path, out.join("\r\n") + "\r\n");
      const one = await analyseEgress(fileInputs([path]), { threads: 1 });
      for (const threads of [2, 3]) {
        const many = await analyseEgress(fileInputs([path]), { threads, parallelMinBytes: 1 });
        assert.equal(many.timings.threads, threads);
        assert.deepEqual(strip(many), strip(one));
        assert.deepEqual(many.files, one.files);
        assert.deepEqual(many.diagnostics, one.diagnostics);
      }
      const codes = one.diagnostics.map((d) => `${d.code}:${d.lines?.join(",")}`);
      assert.ok(codes.includes(`LINE_TOO_LONG:${half + 300 + 1}`), codes.join(" "));
      assert.ok(one.diagnostics.find((d) => d.code === "FIELD_COUNT")?.count === 2, codes.join(" "));
      assert.ok(one.records > 29_000, `${one.records} records`);
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
