/**
 * npm run bench:import — the registry import (`sokuho scan --import`) on a generated JTB-like file, against the
 * simplest honest baseline in the same run: the same encrypted rows loaded with multi-row INSERT statements
 * (1,000 rows a statement, parameters), the way an application without COPY would load them.
 *   options: --records N (default 1,000,000; 7930000 = the JTB-size file of bench:scan)  --threads N (encoding
 *            threads, default: cores − 1)  --baseline-people N (default 100,000)
 * Database: DATABASE_URL, or an embedded PostgreSQL in a temporary folder.
 */
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { loadConfig } from "../src/platform/config/config.js";
import { bootPlatform } from "../src/platform/bootstrap.js";
import { createOrgService } from "../src/capabilities/orgs/service.js";
import { importRegistry } from "../src/capabilities/affected/import.js";
import { benchFile } from "./data-file.js";

const { values } = parseArgs({ options: { records: { type: "string", default: "1000000" }, threads: { type: "string" }, "baseline-people": { type: "string", default: "100000" } } });
const records = Number(values.records);
const { path, truth } = await benchFile(records);

const dataDir = mkdtempSync(join(tmpdir(), "sokuho-bench-import-"));
chmodSync(dataDir, 0o755); // as root, the embedded server runs as user postgres and must enter it
const config = loadConfig(
  { ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}), SOKUHO_SECRET_KEY: randomBytes(32).toString("hex"), SOKUHO_LOG_LEVEL: "warn", SOKUHO_DEMO_SEED: "false" },
  { dataDir, maildir: join(dataDir, "mail") },
);
const booted = await bootPlatform(config);
const p = booted.platform;
try {
  const org = await createOrgService(p).createOrg({ kind: "company", slug: `bench-${Date.now()}`, nameJa: "ベンチ旅行", nameEn: "Bench Travel" });
  const incident = await p.db.system.insertInto("incidents").values({ org_id: org.id, ref: `B-${Date.now()}`, title: "bench" }).returning("id").executeTakeFirstOrThrow();

  console.log(`registry import of ${path} (${records.toLocaleString("en-US")} records, ${truth.people.toLocaleString("en-US")} people) into ${process.env.DATABASE_URL ? "DATABASE_URL" : "embedded PostgreSQL"} …`);
  const rss0 = process.memoryUsage().rss;
  let peakRss = rss0;
  const timer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const r = await importRegistry(p, {
    incidentId: incident.id, files: [path], scan: { referenceDate: 20160614, threads: 2 },
    ...(values.threads ? { threads: Number(values.threads) } : {}),
  });
  clearInterval(timer);
  if (r.people !== truth.people) throw new Error(`people ${r.people} ≠ ground truth ${truth.people}`);
  const scanSeconds = r.scan?.timings.seconds ?? 0;
  const rows = r.copied.people + r.copied.identifiers;
  const copyRate = rows / r.seconds.copy;

  // Baseline: the first N people and their identifiers, already encrypted, re-inserted with multi-row INSERTs.
  const n = Math.min(Number(values["baseline-people"]), r.people);
  const client = new pg.Client({ connectionString: p.db.ownerUrl });
  await client.connect();
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
  const insertSeconds = (performance.now() - t0) / 1000;
  const insertRate = (people.length + ids.length) / insertSeconds;
  await client.query("DROP TABLE bench_people_copy, bench_ids_copy");
  await client.end();

  const f = (x: number, d = 0) => x.toLocaleString("en-US", { maximumFractionDigits: d, minimumFractionDigits: d });
  console.log(`\n| | time | rate |`);
  console.log(`|---|---|---|`);
  console.log(`| whole import (scan + person stream + encryption + COPY) | ${f(r.seconds.total, 1)} s | ${f(r.people / r.seconds.total)} people/s |`);
  console.log(`| of which pass 1 (the scan) | ${f(scanSeconds, 1)} s | |`);
  console.log(`| COPY transactions (${f(r.copied.people)} people + ${f(r.copied.identifiers)} identifiers) | ${f(r.seconds.copy, 1)} s | **${f(copyRate)} rows/s** |`);
  console.log(`| look-up index built after the load (${f(r.identifiers)} identifiers) | ${f(r.seconds.index, 1)} s | |`);
  console.log(`| baseline: multi-row INSERT of ${f(people.length)} people + ${f(ids.length)} identifiers | ${f(insertSeconds, 1)} s | ${f(insertRate)} rows/s |`);
  console.log(`\nCOPY is ${f(copyRate / insertRate, 1)}× the INSERT baseline; peak RSS ${f(peakRss / 1e6)} MB; target ≥150,000 rows/s: ${copyRate >= 150_000 ? "met" : "NOT met"}.`);
} finally {
  await booted.close();
  rmSync(dataDir, { recursive: true, force: true });
}
