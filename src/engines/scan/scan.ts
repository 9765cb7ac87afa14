/**
 * The scan: files → records → counts. This is the thin I/O layer; parsing, classification and counting are pure
 * modules. Uncompressed CSV/TSV is split across worker threads by byte ranges (see workers.ts); gzip, JSON
 * Lines and SQL dumps are read by one thread.
 */
import { basename } from "node:path";
import { todayYmd } from "./era.js";
import { countReplacement, openErrorCode, readText, sniff, type Sniffed } from "./decode.js";
import { Diagnostics } from "./diagnostics.js";
import { makeParser } from "./parsers/index.js";
import { countPassports } from "./passports.js";
import { PeopleCounter } from "./people.js";
import { Router } from "./router.js";
import { Tally, type Plan, type TallyState } from "./tally.js";
import {
  DEFAULT_MATCH_KEYS,
  DEFAULT_PASSPORT_RULE,
  PII_TYPES,
  type ColumnProfile,
  type PiiType,
  type ScanOptions,
  type ScanResult,
} from "./types.js";
import { closePool, joinPeopleInWorkers, scanCsvThreaded } from "./workers.js";
import type { Worker } from "node:worker_threads";
import { readXlsx } from "./parsers/xlsx.js";
import { expandArchives, type ExpandedPaths } from "./archive.js";

export const DEFAULT_SAMPLE_ROWS = 1000;

/** Shared state of one scan across files and threads. */
export interface ScanContext {
  options: ScanOptions;
  referenceDate: number;
  people: PeopleCounter;
  diags: Diagnostics;
  states: TallyState[];
  profiles: Map<string, ColumnProfile[]>;
  bytesDone: number;
  bytesTotal: number;
  progress: (n: number) => void;
  /** worker threads of this scan (workers.ts), if it started any */
  pool?: Worker[];
}

export function routerOptions(ctx: ScanContext, format: Sniffed["format"], label: string, columnsNow?: (table: string) => string[]) {
  return {
    onDiag: (code: string, line: number, count: number) => ctx.diags.add(label, code, line, count),
    sampleRows: ctx.options.sampleRows ?? DEFAULT_SAMPLE_ROWS,
    headerCandidate: format === "csv" || format === "xlsx" || format === "html" || format === "spreadsheetml",
    // JSON keys come and go; a sheet row ends at its last cell; HTML rows have what the page has
    fixedWidth: format === "csv" || format === "sql",
    ...(ctx.options.header !== undefined ? { header: ctx.options.header } : {}),
    ...(ctx.options.sourceColumn !== undefined ? { sourceColumn: ctx.options.sourceColumn } : {}),
    ...(ctx.options.columnTypes ? { columnTypes: ctx.options.columnTypes } : {}),
    ...(columnsNow ? { columnsNow } : {}),
  };
}

/** The plan before classification (tables are added as they are classified). */
export function emptyPlan(options: ScanOptions): Plan {
  return { tables: [], matchKeys: options.matchKeys ?? DEFAULT_MATCH_KEYS, ...(options.sourceColumn ? { sourceColumn: options.sourceColumn } : {}) };
}

/** One file in this thread. */
async function scanFileInline(ctx: ScanContext, path: string, label: string, sn: Sniffed, prefix: string): Promise<void> {
  const tally = new Tally(emptyPlan(ctx.options));
  for await (const _ of readInline(ctx, path, label, sn, prefix, tally)) void _;
  ctx.states.push(tally.export());
}

/** Parse one file in this thread into `tally`, yielding after each decoded chunk (so a consumer can stream). */
export async function* readInline(ctx: ScanContext, path: string, label: string, sn: Sniffed, prefix: string, tally: Tally): AsyncGenerator<void> {
  let router: Router | null = null;
  if (sn.format === "xlsx") {
    // a workbook: each sheet a table
    const sheets = new Router(tally, prefix, routerOptions(ctx, sn.format, label));
    try {
      const hooks = { onRecord: sheets.record, onDiag: (code: string, line: number) => ctx.diags.add(label, code, line), onTable: (name: string) => sheets.table(name, []) };
      for await (const _ of readXlsx(path, hooks, ctx.progress)) yield;
    } catch {
      ctx.diags.add(label, "XLSX_ERROR"); // the error text may quote data; only the code is reported
    }
    sheets.finish();
    for (const [k, v] of sheets.byTable) ctx.profiles.set(k, v);
    return;
  }
  // a JSON document's records of the file's own table ("") go to the table named after the file, as a CSV's do
  const file = basename(path);
  const made = makeParser(
    sn.format,
    sn.sample,
    {
      onRecord: (f, n, line) => router!.record(f, n, line),
      onDiag: (code, line) => ctx.diags.add(label, code, line),
      onTable: (name, cols) => router!.table(sn.format === "jsonl" && name === "" ? file : name, cols),
      ...(ctx.options.maxRecordChars ? { maxRecordChars: ctx.options.maxRecordChars } : {}),
    },
    ctx.options.delimiter,
  );
  const columns = made.columns;
  router = new Router(tally, prefix, routerOptions(ctx, sn.format, label, columns && ((name) => columns(name === file ? "" : name))));
  if (sn.format === "csv" || sn.format === "jsonl") router.table(file, []); // the others name their tables
  const parser = made.parser;
  try {
    for await (const text of readText(path, sn.encoding, sn.compressed, undefined, ctx.progress)) {
      if (text.indexOf("\ufffd") >= 0) {
        const r = countReplacement(text, parser.line);
        ctx.diags.add(label, "INVALID_BYTES", r.firstLine, r.count);
      }
      // a CR-only file: each CR a line feed (a CRLF later in the file then makes a blank line, which parsers skip)
      parser.push(sn.crLines ? text.replaceAll("\r", "\n") : text);
      yield;
    }
  } catch (e) {
    ctx.diags.add(label, sn.compressed ? "GZIP_ERROR" : "READ_ERROR", parser.line + 1);
    void e; // the error text may quote data; only the code is reported
  }
  parser.end();
  router.finish();
  for (const [k, v] of router.byTable) ctx.profiles.set(k, v);
}

/** Scan one or more files as one data set (people are joined across files). */
export async function scan(paths: string[], options: ScanOptions = {}): Promise<ScanResult> {
  return (await scanWithPeople(paths, options)).result;
}

/** A new scan context (also used by the person stream's second pass). */
export function newContext(options: ScanOptions): ScanContext {
  const ctx: ScanContext = {
    options,
    referenceDate: options.referenceDate ?? todayYmd(),
    people: new PeopleCounter(),
    diags: new Diagnostics(),
    states: [],
    profiles: new Map(),
    bytesDone: 0,
    bytesTotal: 0,
    progress: (n) => {
      ctx.bytesDone += n;
      options.onProgress?.(ctx.bytesDone, ctx.bytesTotal);
    },
  };
  return ctx;
}

/** Sniff each file; unreadable ones are reported (by their label, when they have one) and marked. */
export async function sniffAll(ctx: ScanContext, paths: string[], labels?: Map<string, string>): Promise<Sniffed[]> {
  const { options } = ctx;
  const sniffs: Sniffed[] = [];
  for (const path of paths) {
    let sn: Sniffed;
    try {
      sn = await sniff(path, { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.format ? { format: options.format } : {}) });
    } catch (e) {
      ctx.diags.add(labels?.get(path) ?? path, openErrorCode(e));
      sn = { size: 0, compressed: false, encoding: "utf-8", format: "csv", sample: "", empty: false, binary: false, unreadable: true };
    }
    sniffs.push(sn);
    ctx.bytesTotal += sn.size;
  }
  return sniffs;
}

/** Whether a sniffed file is scanned at all (else a diagnostic is added once). */
export function scannable(ctx: ScanContext, label: string, sn: Sniffed, report = true): boolean {
  if (sn.unreadable) return false;
  const code = sn.empty ? "EMPTY_FILE" : sn.ole ? "OFFICE_LEGACY" : sn.binary ? "BINARY_FILE" : null;
  if (code && report) ctx.diags.add(label, code);
  if (code === null && report && sn.nulLine !== undefined) ctx.diags.add(label, "NUL_BYTES", sn.nulLine);
  return code === null;
}

/** The scan, plus the people join (record ids in file order; used by the person stream). */
export async function scanWithPeople(given: string[], options: ScanOptions = {}): Promise<{ result: ScanResult; people: PeopleCounter }> {
  const t0 = performance.now();
  let peakRss = process.memoryUsage().rss;
  const rssTimer = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const ctx = newContext(options);
  let sniffs: Sniffed[] = [];
  let expanded: ExpandedPaths = { paths: given, labels: new Map(), names: new Map(), cleanup: () => {} };
  try {
    // zip archives: their members in their place, as files of the data set (archive.ts)
    expanded = await expandArchives(given, ctx.diags);
    const paths = expanded.paths;
    sniffs = await sniffAll(ctx, paths, expanded.labels);
    for (let i = 0; i < paths.length; i++) {
      const path = paths[i] as string;
      const sn = sniffs[i] as Sniffed;
      const label = expanded.labels.get(path) ?? path;
      if (!scannable(ctx, label, sn)) continue;
      const threads = options.threads ?? 1;
      // uncompressed CSV goes through the byte path (workers.ts), in this thread when there is one; a small file
      // is not worth starting threads for
      const byteRanges = sn.format === "csv" && !sn.compressed && !sn.encoding.startsWith("utf-16") && sn.crLines !== true && options.textPath !== true;
      if (byteRanges) await scanCsvThreaded(ctx, path, label, sn, `${i}:`, sn.size > (options.rangeBytes ?? 1 << 20) ? threads : 1);
      else await scanFileInline(ctx, path, label, sn, `${i}:`);
    }
    const tj = process.env.SOKUHO_SCAN_PHASES ? [performance.now(), process.cpuUsage()] as const : null;
    if (tj) console.error(`scan phase: ${((tj[0] - t0) / 1000).toFixed(2)} s wall, ${((tj[1].user + tj[1].system) / 1e6).toFixed(2)} s process CPU so far`);
    for (const s of ctx.states) ctx.people.addSource(s.keys, s.records);
    ctx.people.recordsWithoutPii = ctx.states.reduce((n, s) => n + s.records - s.recordsWithPii, 0);
    if (ctx.pool) {
      try {
        await joinPeopleInWorkers(ctx);
      } catch {
        // a thread failed or ended during the join: the key slabs are shared, so this thread joins them all
        await closePool(ctx);
        ctx.people.compute();
      }
    } else ctx.people.compute();
    if (tj) {
      const u = process.cpuUsage(tj[1]);
      console.error(`join phase: ${((performance.now() - tj[0]) / 1000).toFixed(2)} s wall, ${((u.user + u.system) / 1e6).toFixed(2)} s CPU of this thread and the workers`);
    }
  } finally {
    clearInterval(rssTimer);
    await closePool(ctx);
    expanded.cleanup();
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  // reported by the names the user knows: "leak.zip/customers.csv", not where a member was extracted
  const shown = expanded.paths.map((p) => expanded.labels.get(p) ?? p);
  const names = expanded.paths.map((p) => expanded.names.get(p) ?? basename(p));
  const result = assemble(ctx, shown, sniffs, (performance.now() - t0) / 1000, peakRss, names);
  result.files = given; // what was asked for (an archive, not its members)
  return { result, people: ctx.people };
}

/** `shownNames`: per file, the name its tables are reported under (a zip member's: "leak.zip/顧客/customers.csv"). */
function assemble(ctx: ScanContext, paths: string[], sniffs: Sniffed[], seconds: number, peakRss: number, shownNames: string[] = []): ScanResult {
  const { states, diags } = ctx;
  const sum = (f: (s: TallyState) => number): number => states.reduce((n, s) => n + f(s), 0);
  const records = sum((s) => s.records);
  const recordsWithoutKeys = sum((s) => s.recordsWithoutKeys);
  ctx.people.recordsWithoutKeys = recordsWithoutKeys;
  const recordsByType: Partial<Record<PiiType, number>> = {};
  PII_TYPES.forEach((t, i) => {
    const n = sum((s) => s.byType[i] ?? 0);
    if (n > 0) recordsByType[t] = n;
  });
  // full-scan column statistics
  const colStats = new Map<string, { rows: number; nonNull: number[]; valid: number[]; text: number[] }>();
  for (const s of states)
    for (const c of s.columns) {
      const prev = colStats.get(c.table) ?? { rows: 0, nonNull: [], valid: [], text: [] };
      prev.rows += c.rows;
      c.nonNull.forEach((v, i) => {
        prev.nonNull[i] = (prev.nonNull[i] ?? 0) + v;
        prev.valid[i] = (prev.valid[i] ?? 0) + (c.valid[i] ?? 0);
        prev.text[i] = (prev.text[i] ?? 0) + (c.text[i] ?? 0);
      });
      colStats.set(c.table, prev);
    }
  const columns: ColumnProfile[] = [];
  for (const [key, profiles] of ctx.profiles) {
    const st = colStats.get(key);
    const fileIndex = Number(key.slice(0, key.indexOf(":")));
    const own = basename(paths[fileIndex] ?? ""); // the name of a file's own table (a CSV's)
    const file = shownNames[fileIndex] ?? own;
    // a SQL dump's tables, a JSON document's arrays of records, sheets and HTML tables: named after the file and themselves
    const name = key.slice(key.indexOf(":") + 1);
    const table = sniffs[fileIndex]?.format === "sql" || name !== own ? `${file}:${name}` : file;
    for (const p of profiles) {
      const nonNull = st?.nonNull[p.index] ?? 0;
      columns.push({ ...p, table, nonNull, nulls: (st?.rows ?? 0) - nonNull, valid: st?.valid[p.index] ?? 0 });
      // where the byte path fell back to the string check, and how often (the first thing to look at when a file
      // scans slower than its size says); column names and counts only
      const text = st?.text[p.index] ?? 0;
      if (process.env.SOKUHO_SCAN_PHASES && text > 0) console.error(`text path: ${table} column ${p.index + 1} (${p.type}): ${text} of ${nonNull} values`);
    }
  }
  for (const [code, rows] of [["TOTAL_ROWS", (s: TallyState) => s.totals], ["EMPTY_ROWS", (s: TallyState) => s.emptyRows], ["REPEATED_HEADER", (s: TallyState) => s.headerRows]] as const) {
    const count = sum((s) => rows(s).count);
    if (count > 0) diags.add(paths.length === 1 ? (paths[0] as string) : "*", code, states.flatMap((s) => rows(s).lines)[0], count);
  }
  const ragged = sum((s) => s.ragged.count);
  if (ragged > 0) {
    const lines = states.flatMap((s) => s.ragged.lines).slice(0, 5);
    diags.add(paths.length === 1 ? (paths[0] as string) : "*", "RAGGED_ROW", lines[0], ragged);
  }
  const passportRule = ctx.options.passportRule ?? DEFAULT_PASSPORT_RULE;
  const passports = countPassports(states.map((s) => s.passports), ctx.referenceDate, passportRule);
  // by source
  const sourceCol = columns.find((c) => c.type === "source");
  let bySource: ScanResult["bySource"];
  if (sourceCol) {
    const recordsBy: Record<string, number> = {};
    for (const s of states) for (const [k, v] of s.sources) recordsBy[k] = (recordsBy[k] ?? 0) + v;
    bySource = { column: sourceCol.name, records: recordsBy, otherValues: sum((s) => s.sourceOther) };
  }
  if (records > 0 && !columns.some((c) => (PII_TYPES as readonly string[]).includes(c.type))) diags.add(paths.join(","), "NO_PII_COLUMNS");
  const bytes = sniffs.reduce((n, s) => n + s.size, 0);
  const matchKeys = (ctx.options.matchKeys ?? DEFAULT_MATCH_KEYS).map((k) => k.join("+"));
  const people = ctx.people.people;
  const has = (t: PiiType): boolean => (recordsByType[t] ?? 0) > 0;
  return {
    files: paths,
    format: sniffs[0]?.format ?? "csv",
    encoding: sniffs[0]?.encoding ?? "utf-8",
    compressed: sniffs.some((s) => s.compressed),
    bytes,
    records,
    recordsWithPii: sum((s) => s.recordsWithPii),
    recordsByType,
    recordsWithName: sum((s) => s.recordsWithName),
    people: {
      count: people,
      recordsWithoutKeys,
      matchKeys,
      method: `records joined when they share any match key (${matchKeys.join(" | ")}) after normalisation, transitively (union-find over 64-bit key hashes); a record with personal data but no complete key counts as one person; a record with no personal data is no person`,
    },
    passports,
    ...(bySource ? { bySource } : {}),
    columns,
    flags: {
      possiblySensitive: columns.some((c) => c.type === "free_text"),
      personalDataInText: columns.some((c) => (c.embedded?.length ?? 0) > 0),
      financialDamage: has("card_number"),
      loginCredentials: columns.some((c) => c.credentials !== undefined),
      myNumber: has("my_number"),
      identificationCodes: has("passport_number") || has("my_number") || has("drivers_licence"),
      over1000People: people > 1000,
    },
    diagnostics: diags.list(),
    timings: {
      seconds: Math.round(seconds * 1000) / 1000,
      mbPerSecond: Math.round((bytes / 1e6 / Math.max(seconds, 1e-9)) * 10) / 10,
      recordsPerSecond: Math.round(records / Math.max(seconds, 1e-9)),
      threads: ctx.options.threads ?? 1,
      peakRssMb: Math.round(peakRss / 1e6),
    },
  };
}
