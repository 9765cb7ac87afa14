/**
 * npm run bench:import — the registry import (`sokuho scan --import`) on a generated JTB-like file, against its
 * floor measured in the same run: a bare binary COPY of the same rows (the people and identifiers the import
 * wrote, dumped to files first) into tables of the same shape, one COPY per table, no scan, no encryption.
 * Prints the ratio (target: the whole import ≤ 2× the bare COPY), the import's peak RSS (target ≤ 1 GB; this
 * process only, PostgreSQL apart), its CPU time (all threads), the load average and, last, one JSON line with
 * every figure.
 *   options: --stages (only the CPU stages, no database: the person source and the encoding, wall and CPU time)
 *            --records N (default 1,000,000; 7930000 = the JTB-size file of bench:scan)  --threads N (encoding
 *            threads, default: cores − 1)  --source-thread 0|1 (the person stream in its own thread; default 1)  --baseline-people N (also load the first N people again with multi-row
 *            INSERTs, the way an application without COPY would; default 0: skipped)
 * Database: DATABASE_URL, or an embedded PostgreSQL in a temporary folder.
 */
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { randomBytes, randomUUID } from "node:crypto";
import { loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { parseArgs } from "node:util";
import pg from "pg";
import { from as copyFrom, to as copyTo } from "pg-copy-streams";
import { loadConfig } from "../src/platform/config/config.js";
import { bootPlatform } from "../src/platform/bootstrap.js";
import { createOrgService } from "../src/capabilities/orgs/service.js";
import { importRegistry } from "../src/capabilities/affected/import.js";
import { makePackedEncoder } from "../src/capabilities/affected/batch.js";
import { peopleBatches, type SourceBatch } from "../src/capabilities/affected/people-source.js";
import { benchFile } from "./data-file.js";

const { values } = parseArgs({ options: { stages: { type: "boolean", default: false }, records: { type: "string", default: "1000000" }, threads: { type: "string" }, "source-thread": { type: "string" }, "baseline-people": { type: "string", default: "0" } } });
const records = Number(values.records);
const { path, truth } = await benchFile(records);

if (values.stages) {
  // The CPU stages apart, in this thread, no database: the person source (pass 1 + pass 2 into packed batches),
  // then the encoding of those batches (AES-GCM + HMAC into binary COPY data). Wall and CPU time of each.
  const cpu = (): number => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  };
  const lap = async (name: string, run: () => Promise<void>): Promise<void> => {
    const [t, c] = [performance.now(), cpu()];
    await run();
    console.log(`${name}: ${((performance.now() - t) / 1000).toFixed(2)} s wall, ${(cpu() - c).toFixed(2)} s CPU, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB`);
  };
  const batches: SourceBatch[] = [];
  let pass1 = 0;
  console.log(`stages of ${path} (${records.toLocaleString("en-US")} records), load average ${loadavg().map((x) => x.toFixed(1)).join(" ")}`);
  await lap("person source (pass 1 + pass 2, packed)", async () => {
    for await (const b of peopleBatches({ files: [path], scan: { referenceDate: 20160614, threads: 1 }, resumedFrom: 0, batchSize: 20_000, fileNames: [basename(path)], onScan: (r) => (pass1 = r.timings.seconds) })) batches.push(b);
  });
  console.log(`  of which pass 1 (the scan): ${pass1.toFixed(2)} s wall`);
  const encode = makePackedEncoder({ identifier: randomBytes(32), encryption: randomBytes(32) }, { importId: randomUUID(), orgId: randomUUID(), incidentId: randomUUID() });
  await lap(`encoding ${batches.reduce((n, b) => n + b.count, 0).toLocaleString("en-US")} people`, async () => {
    for (const b of batches) encode(b);
  });
  process.exit(0);
}

const dataDir = mkdtempSync(join(tmpdir(), "sokuho-bench-import-"));
chmodSync(dataDir, 0o755); // as root, the embedded server runs as user postgres and must enter it
const config = loadConfig(
  { ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}), SOKUHO_SECRET_KEY: randomBytes(32).toString("hex"), SOKUHO_LOG_LEVEL: "warn", SOKUHO_DEMO_SEED: "false" },
  { dataDir, maildir: join(dataDir, "mail") },
);
const booted = await bootPlatform(config);
const p = booted.platform;
let benchIncident: string | null = null;
try {
  const org = await createOrgService(p).createOrg({ kind: "company", slug: `bench-${Date.now()}`, nameJa: "ベンチ旅行", nameEn: "Bench Travel" });
  const incident = await p.db.system.insertInto("incidents").values({ org_id: org.id, ref: `B-${Date.now()}`, title: "bench" }).returning("id").executeTakeFirstOrThrow();
  benchIncident = incident.id;

  console.log(`registry import of ${path} (${records.toLocaleString("en-US")} records, ${truth.people.toLocaleString("en-US")} people) into ${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL"} …`);
  const load0 = loadavg();
  const cpu0 = process.cpuUsage();
  let peakRss = process.memoryUsage().rss;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  const r = await importRegistry(p, {
    incidentId: incident.id, files: [path], scan: { referenceDate: 20160614, threads: 2 },
    ...(values.threads ? { threads: Number(values.threads) } : {}),
    ...(values["source-thread"] ? { sourceThread: values["source-thread"] !== "0" } : {}),
  });
  clearInterval(timer);
  const cpu1 = process.cpuUsage(cpu0);
  const importCpu = (cpu1.user + cpu1.system) / 1e6; // every thread of this process; PostgreSQL apart
  if (r.people !== truth.people) throw new Error(`people ${r.people} ≠ ground truth ${truth.people}`);
  const scanSeconds = r.scan?.timings.seconds ?? 0;
  const rows = r.copied.people + r.copied.identifiers;
  const copyRate = rows / r.seconds.copy;

  // The floor: the same rows, dumped to files (not timed), then COPYed bare into fresh tables of the same shape
  // (people with their primary key, identifiers like an import's partition: no index), one COPY per table.
  const client = new pg.Client({ connectionString: p.db.ownerUrl });
  await client.connect();
  const dump = async (query: string, file: string): Promise<void> => {
    await pipeline(client.query(copyTo(`COPY (${query}) TO STDOUT (FORMAT binary)`)), createWriteStream(file));
  };
  const peopleFile = join(dataDir, "people.bin");
  const idsFile = join(dataDir, "ids.bin");
  await dump(`SELECT import_id, person_no, org_id, incident_id, contact, items, records, file_no, line FROM affected_people WHERE import_id = '${r.importId}'`, peopleFile);
  await dump(`SELECT import_id, person_no, org_id, incident_id, kind, hmac FROM affected_identifiers WHERE import_id = '${r.importId}'`, idsFile);
  await client.query("CREATE TABLE bench_floor_people (LIKE affected_people INCLUDING ALL); CREATE TABLE bench_floor_ids (LIKE affected_identifiers)");
  await client.query("CHECKPOINT");
  await client.query("SET synchronous_commit = off");
  const f0 = performance.now();
  await client.query("BEGIN");
  await pipeline(createReadStream(peopleFile), client.query(copyFrom("COPY bench_floor_people FROM STDIN (FORMAT binary)")));
  await pipeline(createReadStream(idsFile), client.query(copyFrom("COPY bench_floor_ids FROM STDIN (FORMAT binary)")));
  await client.query("COMMIT");
  const floorSeconds = (performance.now() - f0) / 1000;
  const load1 = loadavg();
  const floorBytes = statSync(peopleFile).size + statSync(idsFile).size;
  await client.query("DROP TABLE bench_floor_people, bench_floor_ids");
  rmSync(peopleFile);
  rmSync(idsFile);

  // Baseline (optional): the first N people and their identifiers, already encrypted, re-inserted with multi-row INSERTs.
  const n = Math.min(Number(values["baseline-people"]), r.people);
  let insertRate = 0;
  let insertSeconds = 0;
  if (n > 0) {
  // Ordinary (logged) tables of the same shape and keys, as the registry's own: a temporary table would skip the WAL.
  await client.query("CREATE TABLE bench_people_copy (LIKE affected_people INCLUDING ALL); CREATE TABLE bench_ids_copy (LIKE affected_identifiers INCLUDING ALL)");
  const people = (await client.query({ text: "SELECT * FROM affected_people WHERE import_id = $1 ORDER BY person_no LIMIT $2", values: [r.importId, n], rowMode: "array" })).rows as unknown[][];
  const last = people.at(-1)?.[1] as string;
  const ids = (await client.query({ text: "SELECT * FROM affected_identifiers WHERE import_id = $1 AND person_no <= $2", values: [r.importId, last], rowMode: "array" })).rows as unknown[][];
  const insertAll = async (table: string, cols: number, all: unknown[][]): Promise<void> => {
    for (let i = 0; i < all.length; i += 1000) {
      const chunk = all.slice(i, i + 1000);
      const params = chunk.map((_, j) => `(${Array.from({ length: cols }, (_, c) => `$${j * cols + c + 1}`).join(",")})`).join(",");
      await client.query(`INSERT INTO ${table} VALUES ${params}`, chunk.flat());
    }
  };
  const t0 = performance.now();
  await client.query("BEGIN");
  await insertAll("bench_people_copy", 9, people);
  await insertAll("bench_ids_copy", 6, ids);
  await client.query("COMMIT");
  insertSeconds = (performance.now() - t0) / 1000;
  insertRate = (people.length + ids.length) / insertSeconds;
  await client.query("DROP TABLE bench_people_copy, bench_ids_copy");
  }
  await client.end();

  const f = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  const ratio = r.seconds.total / floorSeconds;
  console.log(`\n| | time | rate |`);
  console.log(`|---|---|---|`);
  console.log(`| whole import (scan + person stream + encryption + COPY + index) | ${f(r.seconds.total, 1)} s | ${f(r.people / r.seconds.total)} people/s |`);
  console.log(`| of which pass 1 (the scan) | ${f(scanSeconds, 1)} s | |`);
  console.log(`| of which COPY transactions (${f(r.copied.people)} people + ${f(r.copied.identifiers)} identifiers) | ${f(r.seconds.copy, 1)} s | ${f(copyRate)} rows/s |`);
  console.log(`| of which the look-up index (${f(r.identifiers)} identifiers) | ${f(r.seconds.index, 1)} s | |`);
  console.log(`| **floor: bare binary COPY of the same ${f(rows)} rows** (${f(floorBytes / 1e6)} MB) | ${f(floorSeconds, 1)} s | ${f(rows / floorSeconds)} rows/s |`);
  if (n > 0) console.log(`| baseline: multi-row INSERT of the first ${f(n)} people + identifiers | ${f(insertSeconds, 1)} s | ${f(insertRate)} rows/s |`);
  console.log(`\nimport CPU time (all threads of this process, PostgreSQL apart): ${f(importCpu, 1)} s = ${f(importCpu / r.seconds.total, 2)} cores busy on average; load average ${load0.map((x) => x.toFixed(1)).join(" ")} at the start, ${load1.map((x) => x.toFixed(1)).join(" ")} after the floor`);
  console.log(`whole import = ${f(ratio, 2)}× the bare COPY (target ≤ 2: ${ratio <= 2 ? "met" : "NOT met"}); peak RSS ${f(peakRss / 1e6)} MB (target ≤ 1,000: ${peakRss <= 1e9 ? "met" : "NOT met"}); people equal the ground truth.`);
  console.log(JSON.stringify({
    bench: "import", records, people: r.people, identifiers: r.identifiers, importSeconds: +r.seconds.total.toFixed(2), scanSeconds: +scanSeconds.toFixed(2),
    copyTxSeconds: +r.seconds.copy.toFixed(2), indexSeconds: +r.seconds.index.toFixed(2), floorCopySeconds: +floorSeconds.toFixed(2), ratio: +ratio.toFixed(3),
    peakRssMB: Math.round(peakRss / 1e6), importCpuSeconds: +importCpu.toFixed(1), loadStart: load0.map((x) => +x.toFixed(1)), loadEnd: load1.map((x) => +x.toFixed(1)), threads: values.threads ? Number(values.threads) : null, sourceThread: values["source-thread"] ?? "default", ...(n > 0 ? { insertRowsPerSecond: Math.round(insertRate) } : {}),
  }));
} finally {
  // The bench's rows go, also after a failure: against a shared DATABASE_URL each JTB-size run had left ~6 GB
  // behind (its import and, when it failed, the floor's tables) and filled the disk after a dozen runs.
  const client = new pg.Client({ connectionString: p.db.ownerUrl });
  await client.connect();
  try {
    await client.query("DROP TABLE IF EXISTS bench_floor_people, bench_floor_ids, bench_people_copy, bench_ids_copy");
    if (benchIncident !== null) await client.query("DELETE FROM affected_imports WHERE incident_id = $1", [benchIncident]); // drops its partition and people (migration 0017)
  } finally {
    await client.end();
  }
  await booted.close();
  rmSync(dataDir, { recursive: true, force: true });
}
