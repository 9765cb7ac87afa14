/**
 * Accuracy against a labelled corpus of files (bench/corpus/traps.tsv): each file is scanned as a user would
 * scan it, and every column's type and the record and people counts are compared with the labels. Used by
 * `npm run bench:accuracy` and by the unit test that keeps the corpus right.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { scan } from "./scan.js";
import type { ScanOptions } from "./types.js";

export type Confusion = { tp: number; fp: number; fn: number };
/** One classification into per-type true/false positives and false negatives. */
export function addConfusion(m: Map<string, Confusion>, expected: string, got: string): void {
  for (const t of new Set([expected, got])) {
    const c = m.get(t) ?? { tp: 0, fp: 0, fn: 0 };
    if (t === expected && t === got) c.tp++;
    else if (t === got) c.fp++;
    else c.fn++;
    m.set(t, c);
  }
}
export const precision = (c: Confusion): number => (c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1);
export const recall = (c: Confusion): number => (c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1);

export type ColumnCheck = { table: string; index: number; name: string; expected: string; got: string; evidence: string[] };
export type FileCheck = { file: string; trap: string; records: [expected: number, got: number]; people: [expected: number, got: number]; columns: ColumnCheck[]; countsExact: boolean };
export type CorpusResult = { files: FileCheck[]; byType: Map<string, Confusion>; right: number; total: number; countsExact: number };

/** Rows of a tab-separated file, without blank lines and # comments. */
export const readTsv = (path: string): string[][] =>
  readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("\t"));

/**
 * Scan every file of a manifest (file, records, people, column types, trap) found in `dir`. Column types are
 * listed in column order; for files of several tables (SQL dumps, workbooks, HTML, JSON documents, zip archives) per
 * table as `table=t1,t2;table2=…`, the table as the report names it or its part after the file's name and a colon.
 */
export async function checkCorpus(manifest: string, dir: string, options: ScanOptions = {}): Promise<CorpusResult> {
  const out: CorpusResult = { files: [], byType: new Map(), right: 0, total: 0, countsExact: 0 };
  for (const [file, records, people, spec, trap] of readTsv(manifest)) {
    const r = await scan([join(dir, file as string)], options);
    const columns: ColumnCheck[] = [];
    for (const part of (spec as string).split(";")) {
      const eq = part.indexOf("=");
      const table = eq < 0 ? "" : part.slice(0, eq);
      const got = r.columns.filter((c) => table === "" || c.table === table || c.table.endsWith(`:${table}`));
      (eq < 0 ? part : part.slice(eq + 1)).split(",").forEach((expected, index) => {
        const c = got.find((x) => x.index === index);
        columns.push({ table, index, name: c?.name ?? "", expected, got: c?.type ?? "(missing)", evidence: c?.evidence ?? [] });
      });
    }
    for (const c of columns) {
      out.total++;
      if (c.got === c.expected) out.right++;
      addConfusion(out.byType, c.expected, c.got);
    }
    const check: FileCheck = { file: file as string, trap: trap ?? "", records: [Number(records), r.records], people: [Number(people), r.people.count], columns, countsExact: false };
    check.countsExact = check.records[0] === check.records[1] && check.people[0] === check.people[1];
    if (check.countsExact) out.countsExact++;
    out.files.push(check);
  }
  return out;
}
