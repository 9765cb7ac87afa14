/**
 * npm run bench:egress — a generated week of Zeek conn.log (10M records by default, bench/data/egress-N.log, made
 * once) with planted cases and decoys, analysed by sokuho and, in the same run, DuckDB computing the same per-pair
 * statistics (count, bytes out and in, first/last seen, longest connection, per-day bytes) from the same file.
 * Prints records/s, the time for 10M records, CPU seconds per million records, peak memory, precision and recall
 * against the ground truth, the ratio to DuckDB and the load average (the machine is shared: wall time alone misleads).
 *   options: --records N (default 10,000,000)  --threads N (default 2)  --skip-duckdb
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync, writeSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { analyseEgress, fileInputs } from "../src/engines/egress/analyse.js";
import { generateConnLog, type GroundTruth } from "../src/engines/egress/generate.js";

const { values } = parseArgs({ options: { records: { type: "string", default: "10000000" }, threads: { type: "string", default: "2" }, "skip-duckdb": { type: "boolean", default: false } } });
const threads = Number(values.threads);
const records = Number(values.records);
const path = `bench/data/egress-${records}.log`;
if (!existsSync(path) || !existsSync(`${path}.truth.json`)) {
  console.log(`generating ${path} …`);
  mkdirSync("bench/data", { recursive: true });
  const fd = openSync(path, "w");
  const truth = generateConnLog({ records }, (text) => writeSync(fd, text));
  closeSync(fd);
  writeFileSync(`${path}.truth.json`, JSON.stringify(truth, null, 2));
}
const truth = JSON.parse(readFileSync(`${path}.truth.json`, "utf8")) as GroundTruth;
const mb = statSync(path).size / 1e6;

const loadBefore = loadavg()[0] ?? 0;
const r = await analyseEgress(fileInputs([path]), {
  threads,
  assets: truth.assets.map((a) => ({ ...a, internetFacing: false })),
  indicators: truth.indicators.map((v) => ({ value: v, type: /^[\d.]+$/.test(v) ? "ip" : "domain", label: null })),
});
const loadAfter = loadavg()[0] ?? 0;

// precision and recall: a planted case is found when a finding of its kind names its source (and destination)
const found = truth.planted.map((p) => r.findings.some((f) => f.kind === p.kind && f.src === p.src && (p.dst === null || f.dst === p.dst)));
const plantedPairs = new Set(truth.planted.map((p) => `${p.src}>${p.dst ?? "*"}`));
const decoyDst = new Set(truth.decoys.map((d) => d.dst));
const isTrue = (f: (typeof r.findings)[number]): boolean => plantedPairs.has(`${f.src}>${f.dst}`) || (f.kind === "policy" && plantedPairs.has(`${f.src}>*`));
const truePositives = r.findings.filter(isTrue).length;
const decoysReported = r.findings.filter((f) => decoyDst.has(f.dst));
const precision = r.findings.length ? truePositives / r.findings.length : 1;
const recall = found.filter(Boolean).length / truth.planted.length;

let duck: { seconds: number; cpu: number; pairs: number; load: number } | null = null;
if (!values["skip-duckdb"]) {
  const t = performance.now();
  const c0 = process.cpuUsage();
  const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const c = await db.connect();
  // the same statistics per (internal source, outside destination) pair that sokuho's table holds; the eight
  // Zeek header lines are skipped, and ignore_errors drops the one #close line at the end

  await c.run(`CREATE TABLE conn AS SELECT * FROM read_csv('${path}', delim = '\t', skip = 8, header = false, nullstr = '-', quote = '', escape = '', ignore_errors = true, columns = {
      'ts': 'DOUBLE', 'uid': 'VARCHAR', 'orig_h': 'VARCHAR', 'orig_p': 'INTEGER', 'resp_h': 'VARCHAR', 'resp_p': 'INTEGER', 'proto': 'VARCHAR', 'service': 'VARCHAR',
      'duration': 'DOUBLE', 'orig_bytes': 'BIGINT', 'resp_bytes': 'BIGINT', 'conn_state': 'VARCHAR', 'local_orig': 'VARCHAR', 'local_resp': 'VARCHAR', 'missed_bytes': 'BIGINT',
      'history': 'VARCHAR', 'orig_pkts': 'BIGINT', 'orig_ip_bytes': 'BIGINT', 'resp_pkts': 'BIGINT', 'resp_ip_bytes': 'BIGINT', 'tunnel_parents': 'VARCHAR'})`);
  const internal = (col: string): string => `(${col} LIKE '10.%' OR ${col} LIKE '192.168.%' OR regexp_matches(${col}, '^172\\.(1[6-9]|2[0-9]|3[01])\\.'))`;
  const rows = await c.runAndReadAll(`WITH e AS (SELECT * FROM conn WHERE ${internal("orig_h")} AND NOT ${internal("resp_h")}),
      pairs AS (SELECT orig_h, resp_h, count(*) n, sum(orig_bytes) out_b, sum(resp_bytes) in_b, min(ts) first_ts, max(ts) last_ts, max(duration) longest,
               list(ts ORDER BY ts) tss FROM e GROUP BY ALL),
      days AS (SELECT orig_h, resp_h, floor(ts / 86400) d, sum(orig_bytes) out_b FROM e GROUP BY ALL)
      SELECT (SELECT count(*) FROM pairs), (SELECT count(*) FROM days)`);
  const cu = process.cpuUsage(c0);
  duck = { seconds: (performance.now() - t) / 1000, cpu: (cu.user + cu.system) / 1e6, pairs: Number(rows.getRows()[0]?.[0] ?? 0), load: loadavg()[0] ?? 0 };
  c.closeSync();
}

const fmt = (x: number, d = 2): string => x.toFixed(d);
console.log(`file: ${path} (${fmt(mb, 0)} MB, ${r.records.toLocaleString()} records); machine: ${cpus().length} cores; load average ${fmt(loadBefore)} before sokuho, ${fmt(loadAfter)} after`);
console.log(`sokuho:  ${fmt(r.timings.seconds)} s (read ${fmt(r.timings.readSeconds)} s, detect ${fmt(r.timings.detectSeconds)} s; CPU ${fmt(r.timings.cpuSeconds.read)} s + ${fmt(r.timings.cpuSeconds.detect)} s), ${threads} threads, ${r.timings.recordsPerSecond.toLocaleString()} records/s, ${fmt(mb / r.timings.seconds, 1)} MB/s, peak RSS ${r.timings.peakRssMb} MB (table ${r.timings.tableMb} MB), ${r.pairs.toLocaleString()} pairs`);
console.log(`         ${r.findings.length} findings; planted found ${found.filter(Boolean).length}/${truth.planted.length} (recall ${fmt(recall, 3)}), precision ${fmt(precision, 3)}, decoys reported ${decoysReported.length}; set aside ${r.setAside.count} (${JSON.stringify(r.setAside.byWhy)})`);
const cpu = r.timings.cpuSeconds.read + r.timings.cpuSeconds.detect;
console.log(`         CPU ${fmt(cpu)} s = ${fmt((cpu * 1e6) / r.records)} CPU-s per million records (read ${fmt((r.timings.cpuSeconds.read * 1e6) / r.records)}, detect ${fmt((r.timings.cpuSeconds.detect * 1e6) / r.records)}); 10M records would take ${fmt((r.timings.seconds * 1e7) / r.records, 1)} s at this load`);
truth.planted.forEach((p, i) => console.log(`         ${found[i] ? "found " : "MISSED"} ${p.kind} ${p.src} → ${p.dst ?? "*"}: ${p.what}`));
for (const f of r.findings.filter((x) => !isTrue(x))) console.log(`         FALSE POSITIVE ${f.kind} ${f.src} → ${f.dst} ${f.score}: ${f.reason.en}`);
if (duck) console.log(`DuckDB:  ${fmt(duck.seconds)} s (CPU ${fmt(duck.cpu)} s, ${fmt((duck.cpu * 1e6) / r.records)} CPU-s per million records) for the per-pair statistics alone (${duck.pairs.toLocaleString()} pairs; no scoring), load average ${fmt(duck.load)} after; sokuho is ${fmt(duck.seconds / r.timings.seconds, 2)}× DuckDB's speed (wall), ${fmt(duck.cpu / cpu, 2)}× (CPU)`);
if (recall < 1 || decoysReported.length > 0) process.exitCode = 1;
