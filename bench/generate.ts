/**
 * Generate the JTB-size synthetic file (or a smaller one) with its ground truth beside it.
 *   node --import tsx bench/generate.ts [--records N] [--format csv|tsv|jsonl|sql-copy|sql-insert-mysql|sql-insert-pg]
 *                                       [--encoding utf-8|shift_jis] [--gzip] [--out bench/data/jtb.csv]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import { generateFile, JTB, type GenFormat } from "../src/engines/scan/generate.js";
import { jtbOptions } from "./data-file.js";

const { values } = parseArgs({
  options: {
    records: { type: "string" },
    format: { type: "string", default: "csv" },
    encoding: { type: "string", default: "utf-8" },
    gzip: { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const records = values.records ? Number(values.records) : JTB.records;
const format = values.format as GenFormat;
const ext = format.startsWith("sql") ? "sql" : format === "jsonl" ? "jsonl" : format === "tsv" ? "tsv" : "csv";
const out = values.out ?? `bench/data/jtb-dirty${values.encoding === "shift_jis" ? "-sjis" : ""}${format.startsWith("sql") ? `-${format}` : ""}.${ext}${values.gzip ? ".gz" : ""}`;
mkdirSync(dirname(out), { recursive: true });
const t0 = performance.now();
const truth = await generateFile(out, { ...jtbOptions(records), format, encoding: values.encoding as "utf-8" | "shift_jis", gzip: values.gzip });
writeFileSync(`${out}.truth.json`, JSON.stringify(truth, null, 2));
console.log(`${out}: ${truth.records} records, ${truth.people} people, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
