/**
 * npm run bench:scan — the JTB-size file (generated once into bench/data/), scanned by sokuho, compared in the
 * same run with `wc -l` (the floor) and DuckDB computing the same counts (records, per-column non-empty counts,
 * people by label propagation over the same keys with the normalisation SQL can do, valid passports).
 *   options: --records N (default 7,930,000)  --threads N (default 2)  --skip-duckdb
 */
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { DuckDBInstance } from "@duckdb/node-api";
import { JTB } from "../src/engines/scan/generate.js";
import { scan } from "../src/engines/scan/scan.js";
import { benchFile } from "./data-file.js";

const { values } = parseArgs({ options: { records: { type: "string" }, threads: { type: "string", default: "2" }, "skip-duckdb": { type: "boolean", default: false } } });
const records = Number(values.records ?? JTB.records);
const { path, truth } = await benchFile(records);
const bytes = Number(execFileSync("stat", ["-c", "%s", path], { encoding: "utf8" }));
const mb = bytes / 1e6;

/**
 * CPU seconds (user + sys) of the children waited for so far, from /proc/self/stat (cutime, cstime; clock ticks of
 * 1/100 s): with other work on the machine the wall times say little, the CPU time of each contender does.
 */
const childCpu = (): number => {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[13]) + Number(f[14])) / 100; // fields 16 and 17 of the file, counted from the state (field 3)
};
const ownCpu = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

// warm the page cache so that every contender reads from memory
execFileSync("cat", [path], { stdio: ["ignore", "ignore", "inherit"], maxBuffer: 1 << 30 });
// the floor: the fastest of three `wc -l` runs (the hardest baseline to be within 25× of)
let wc = Infinity;
let wcCpu = Infinity;
let cpu0 = 0;
let t = 0;
for (let i = 0; i < 3; i++) {
  cpu0 = childCpu();
  t = performance.now();
  execFileSync("wc", ["-l", path]);
  wc = Math.min(wc, (performance.now() - t) / 1000);
  wcCpu = Math.min(wcCpu, childCpu() - cpu0);
}

const threads = Number(values.threads);
// other work on the machine slows every contender: the 1-minute load average before and after, next to the figures
const { loadavg, cpus } = await import("node:os");
const loadBefore = loadavg()[0] ?? 0;
cpu0 = ownCpu();
const r = await scan([path], { referenceDate: JTB.referenceDate, threads });
const scanCpu = ownCpu() - cpu0;
const loadAfter = loadavg()[0] ?? 0;
const exact =
  r.records === truth.records &&
  r.people.count === truth.people &&
  r.passports.valid === truth.passports.valid &&
  r.passports.expired === truth.passports.expired &&
  JSON.stringify(Object.entries(r.recordsByType).sort()) === JSON.stringify(Object.entries(truth.recordsByType).sort());

// the whole command as a user runs it (process start, bundle, scan, JSON report, exit), in the same run
const cliLoadBefore = loadavg()[0] ?? 0;
cpu0 = childCpu();
t = performance.now();
const cliRun = spawnSync(process.execPath, ["bin/sokuho.js", "scan", path, "--json", "--no-progress", "--threads", String(threads), "--reference-date", "2016-06-14"], { encoding: "utf8", maxBuffer: 64 << 20 });
const cliSeconds = (performance.now() - t) / 1000;
const cliCpu = childCpu() - cpu0;
const cli = JSON.parse(cliRun.stdout) as typeof r;
const cliExact = cli.records === truth.records && cli.people.count === truth.people && cli.passports.valid === truth.passports.valid;

// and as the README writes it, through npx (npm's own start included)
t = performance.now();
const npxRun = spawnSync("npx", ["sokuho", "scan", path, "--json", "--no-progress", "--threads", String(threads), "--reference-date", "2016-06-14"], { encoding: "utf8", maxBuffer: 64 << 20 });
const npxSeconds = (performance.now() - t) / 1000;
const npxOut = JSON.parse(npxRun.stdout) as typeof r;
const npxExact = npxOut.records === truth.records && npxOut.people.count === truth.people && npxOut.passports.valid === truth.passports.valid;

let duck: { seconds: number; cpu: number; records: number; people: number; valid: number; iterations: number } | null = null;
if (!values["skip-duckdb"]) {
  cpu0 = ownCpu();
  t = performance.now();
  const db = await DuckDBInstance.create(":memory:", { threads: String(threads) });
  const c = await db.connect();
  const one = async (sql: string): Promise<number> => Number((await (await c.runAndReadAll(sql)).getRows())[0]?.[0] ?? 0);
  await c.run(`CREATE TABLE t AS SELECT row_number() OVER () AS rid, * FROM read_csv('${path}', header = true, all_varchar = true, quote = '"', escape = '"', strict_mode = false)`);
  const n = await one("SELECT count(*) FROM t");
  await c.run(`SELECT ${["氏名", "氏名カナ", "氏名ローマ字", "性別", "生年月日", "メールアドレス", "郵便番号", "住所", "電話番号", "旅券番号", "旅券取得日"].map((h) => `count("${h}")`).join(", ")} FROM t`);
  // keys with the normalisation SQL offers (lower case, separators removed, ISO and slashed dates)
  await c.run(`CREATE TABLE k AS SELECT rid,
      lower(trim("メールアドレス")) AS email,
      replace(replace("氏名カナ", ' ', ''), chr(12288), '') AS kana,
      regexp_replace(replace("電話番号", '+81 ', '0'), '[^0-9]', '', 'g') AS phone,
      coalesce(try_strptime("生年月日", '%Y-%m-%d'), try_strptime("生年月日", '%Y/%m/%d'), try_strptime("生年月日", '%Y年%m月%d日'))::DATE AS birth
    FROM t`);
  await c.run(`CREATE TABLE e AS
      SELECT rid, 'e' || email AS key FROM k WHERE email IS NOT NULL
      UNION ALL SELECT rid, 'k' || kana || birth FROM k WHERE kana IS NOT NULL AND birth IS NOT NULL
      UNION ALL SELECT rid, 'p' || phone || birth FROM k WHERE length(phone) >= 10 AND birth IS NOT NULL`);
  await c.run("CREATE TABLE lab AS SELECT rid, rid AS c FROM t");
  let iterations = 0;
  for (;;) {
    iterations++;
    await c.run("CREATE OR REPLACE TABLE km AS SELECT e.key, min(l.c) AS c FROM e JOIN lab l USING (rid) GROUP BY e.key");
    await c.run("CREATE OR REPLACE TABLE lab2 AS SELECT l.rid, least(l.c, coalesce(min(km.c), l.c)) AS c FROM lab l LEFT JOIN e USING (rid) LEFT JOIN km USING (key) GROUP BY l.rid, l.c");
    const changed = await one("SELECT count(*) FROM lab JOIN lab2 USING (rid) WHERE lab.c <> lab2.c");
    await c.run("DROP TABLE lab; ALTER TABLE lab2 RENAME TO lab");
    if (changed === 0 || iterations > 30) break;
  }
  const people = await one("SELECT count(DISTINCT c) FROM lab");
  const valid = await one(`SELECT count(DISTINCT upper("旅券番号")) FROM t WHERE "旅券番号" IS NOT NULL AND
      DATE '2016-06-14' <= coalesce(try_strptime("旅券取得日", '%Y-%m-%d'), try_strptime("旅券取得日", '%Y/%m/%d'))::DATE + (CASE WHEN upper("旅券番号") LIKE 'T%' THEN INTERVAL 10 YEAR ELSE INTERVAL 5 YEAR END)`);
  duck = { seconds: (performance.now() - t) / 1000, cpu: ownCpu() - cpu0, records: n, people, valid, iterations };
  c.closeSync();
}

const fmt = (x: number, d = 2): string => x.toFixed(d);
console.log(`file: ${path} (${fmt(mb, 0)} MB, ${truth.records.toLocaleString()} records); machine: ${cpus().length} cores; load average ${fmt(loadBefore)} before sokuho, ${fmt(loadAfter)} after`);
console.log(`wc -l:   ${fmt(wc)} s (${fmt(mb / wc, 0)} MB/s), CPU ${fmt(wcCpu)} s`);
console.log(`sokuho:  ${fmt(r.timings.seconds)} s, ${fmt(mb / r.timings.seconds, 1)} MB/s, ${Math.round(r.records / r.timings.seconds).toLocaleString()} rows/s, peak RSS ${r.timings.peakRssMb} MB, ${threads} threads; ${fmt(r.timings.seconds / wc, 1)}× wc -l; CPU ${fmt(scanCpu)} s (${fmt(scanCpu / wcCpu, 1)}× wc -l's)`);
console.log(`         counts ${exact ? "EQUAL" : "DIFFER FROM"} the ground truth: records ${r.records}, people ${r.people.count} (truth ${truth.people}), passports valid ${r.passports.valid} / expired ${r.passports.expired} (truth ${truth.passports.valid} / ${truth.passports.expired})`);
console.log(`sokuho scan --json (the whole command): ${fmt(cliSeconds)} s, ${fmt(cliSeconds / wc, 1)}× wc -l, peak RSS ${cli.timings.peakRssMb} MB, exit code ${cliRun.status}; CPU ${fmt(cliCpu)} s (${fmt(cliCpu / wcCpu, 1)}× wc -l's); load average ${fmt(cliLoadBefore)} before; counts ${cliExact ? "EQUAL" : "DIFFER FROM"} the ground truth`);
console.log(`npx sokuho scan --json: ${fmt(npxSeconds)} s, ${fmt(npxSeconds / wc, 1)}× wc -l, exit code ${npxRun.status}; counts ${npxExact ? "EQUAL" : "DIFFER FROM"} the ground truth`);
if (duck)
  console.log(
    `DuckDB:  ${fmt(duck.seconds)} s, CPU ${fmt(duck.cpu)} s (${duck.iterations} label-propagation rounds); records ${duck.records}, people ${duck.people}, valid passports ${duck.valid}; sokuho is ${fmt(duck.seconds / r.timings.seconds, 1)}× faster`,
  );
if (!exact || !cliExact || !npxExact) process.exitCode = 1;
