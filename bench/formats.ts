/**
 * npm run bench:formats — the same generated records written in every format the scanner reads, each scanned by
 * the whole command in the same run, against the plain CSV of the same records (the baseline: the byte path).
 * Prints seconds, MB/s, the ratio to CSV, peak memory and whether the counts equal the ground truth.
 *   options: --records N (default 300,000)  --threads N (default 2)
 * The workbook is written here (inline strings, one sheet, fflate), the HTML table as systems export ".xls", the
 * archive is the CSV zipped by fflate: these
 * are made to measure the readers, not to trap them (the trap corpus and xlsx.test.ts do that).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, statSync, writeFileSync, readFileSync, existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { strToU8, zipSync } from "fflate";
import { generateFile, generateRows, HEADER, type GenFormat, type GroundTruth } from "../src/engines/scan/generate.js";
import { jtbOptions } from "./data-file.js";
import type { ScanResult } from "../src/engines/scan/types.js";

const { values } = parseArgs({ options: { records: { type: "string", default: "300000" }, threads: { type: "string", default: "2" } } });
const records = Number(values.records);
const opts = jtbOptions(records);
const dir = `bench/data/formats-${records}`;
mkdirSync(dir, { recursive: true });

const formats: { name: string; file: string; make: () => Promise<GroundTruth> | GroundTruth }[] = [];
const gen = (format: GenFormat, file: string, gzip = false) => (): Promise<GroundTruth> => generateFile(`${dir}/${file}`, { ...opts, format, ...(gzip ? { gzip } : {}) });
formats.push({ name: "CSV (baseline)", file: "data.csv", make: gen("csv", "data.csv") });
formats.push({ name: "TSV", file: "data.tsv", make: gen("tsv", "data.tsv") });
formats.push({ name: "CSV, gzip", file: "data.csv.gz", make: gen("csv", "data.csv.gz", true) });
formats.push({ name: "JSON Lines", file: "data.jsonl", make: gen("jsonl", "data.jsonl") });
formats.push({ name: "JSON (API response, pretty)", file: "data.json", make: gen("json", "data.json") });
formats.push({ name: "SQL COPY", file: "copy.sql", make: gen("sql-copy", "copy.sql") });
formats.push({ name: "SQL MySQL INSERT", file: "mysql.sql", make: gen("sql-insert-mysql", "mysql.sql") });
formats.push({ name: "SQL PostgreSQL INSERT", file: "pg.sql", make: gen("sql-insert-pg", "pg.sql") });
formats.push({
  name: "zip of the CSV",
  file: "data.zip",
  make: () => {
    const truth = JSON.parse(readFileSync(`${dir}/data.csv.truth.json`, "utf8")) as GroundTruth;
    writeFileSync(`${dir}/data.zip`, zipSync({ "export/data.csv": readFileSync(`${dir}/data.csv`) }, { level: 6 }));
    return truth;
  },
});
formats.push({
  name: "Excel workbook",
  file: "data.xlsx",
  make: () => {
    const esc = (v: string): string => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    const col = (i: number): string => String.fromCharCode(65 + i);
    const rows: string[] = [];
    const row = (r: number, f: readonly string[]): string => `<row r="${r}">${f.map((v, i) => (v === "" ? "" : `<c r="${col(i)}${r}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`)).join("")}</row>`;
    rows.push(row(1, HEADER));
    const truth = generateRows(opts, (f) => rows.push(row(rows.length + 1, f)));
    const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
    writeFileSync(
      `${dir}/data.xlsx`,
      zipSync(
        {
          "[Content_Types].xml": strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
          "xl/workbook.xml": strToU8(`<workbook ${ns}><sheets><sheet name="customers" sheetId="1" r:id="rId1"/></sheets></workbook>`),
          "xl/_rels/workbook.xml.rels": strToU8('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
          "xl/worksheets/sheet1.xml": strToU8(`<worksheet ${ns}><sheetData>${rows.join("")}</sheetData></worksheet>`),
        },
        { level: 6 },
      ),
    );
    return truth;
  },
});

formats.push({
  name: "HTML table (.xls export)",
  file: "data.xls",
  make: () => {
    const esc = (v: string): string => v.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/\n/g, "<br>");
    const out: string[] = [`<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head><body><table border=1>\n<tr>${HEADER.map((h) => `<th>${h}</th>`).join("")}</tr>\n`];
    const truth = generateRows(opts, (f) => out.push(`<tr>${f.map((v) => `<td>${esc(v)}</td>`).join("")}</tr>\n`));
    out.push("</table></body></html>\n");
    writeFileSync(`${dir}/data.xls`, out.join(""));
    return truth;
  },
});

const results: { name: string; mb: number; seconds: number; rss: number; exact: boolean }[] = [];
for (const f of formats) {
  const path = `${dir}/${f.file}`;
  let truth: GroundTruth;
  if (existsSync(path) && existsSync(`${path}.truth.json`)) truth = JSON.parse(readFileSync(`${path}.truth.json`, "utf8")) as GroundTruth;
  else {
    process.stderr.write(`writing ${path} …\n`);
    truth = await f.make();
    writeFileSync(`${path}.truth.json`, JSON.stringify(truth));
  }
  readFileSync(path); // into the page cache
  const t = performance.now();
  const run = spawnSync(process.execPath, ["bin/sokuho.js", "scan", path, "--json", "--no-progress", "--threads", values.threads as string, "--reference-date", "2016-06-14"], { encoding: "utf8", maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t) / 1000;
  const r = JSON.parse(run.stdout) as ScanResult;
  const exact = r.records === truth.records && r.people.count === truth.people && r.passports.valid === truth.passports.valid && r.diagnostics.length === 0;
  results.push({ name: f.name, mb: statSync(path).size / 1e6, seconds, rss: r.timings.peakRssMb, exact });
}
const base = results[0]!.seconds;
console.log(`${records.toLocaleString()} records, ${values.threads} threads; the whole command (start, scan, report) per format`);
console.log("format".padEnd(30) + "MB".padStart(8) + "s".padStart(8) + "MB/s".padStart(8) + "× CSV".padStart(8) + "RSS MB".padStart(8) + "  counts");
for (const r of results)
  console.log(r.name.padEnd(30) + r.mb.toFixed(0).padStart(8) + r.seconds.toFixed(2).padStart(8) + (r.mb / r.seconds).toFixed(0).padStart(8) + (r.seconds / base).toFixed(1).padStart(8) + String(r.rss).padStart(8) + `  ${r.exact ? "exact" : "DIFFER"}`);
if (results.some((r) => !r.exact)) process.exitCode = 1;
