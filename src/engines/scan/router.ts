/**
 * Between a parser and the tally: buffers the first rows of each table (bounded), classifies its columns,
 * decides whether a CSV's first row is a header, then streams every record to the sink.
 */
import { classifyTable, looksLikeHeader, type ClassifyOptions } from "./classify.js";
import type { TablePlan } from "./tally.js";
import type { ColumnProfile } from "./types.js";

export interface RecordTarget {
  addTable(plan: TablePlan): void;
  useTable(name: string): boolean;
  record(fields: readonly (string | null)[], n: number, line: number): void;
}

interface Pending {
  name: string;
  columns: string[];
  rows: (string | null)[][];
  lines: number[];
}

export interface RouterOptions extends ClassifyOptions {
  sampleRows: number;
  /** CSV: true/false forces the header decision */
  header?: boolean;
  /** CSV: the first record may be a header */
  headerCandidate: boolean;
  /** columns that appear later (JSON), by table name */
  columnsNow?: (table: string) => string[];
  /** JSON Lines records have a variable width */
  fixedWidth: boolean;
  /** a warning about the table being classified (title rows skipped) */
  onDiag?: (code: string, line: number, count: number) => void;
}

/** Excel's delimiter hint, the first line of some CSV exports ("sep=;"), as the parser splits it. */
const isSepHint = (row: readonly (string | null)[]): boolean =>
  row.length > 0 && /^sep=.?$/.test(row[0] ?? "") && row.slice(1).every((c) => c === null || c === "") && row.length <= 2;
const filled = (row: readonly (string | null)[]): number => row.reduce((n, c) => (c !== null && c.trim() !== "" ? n + 1 : n), 0);

/**
 * Title rows above a table's header, as business exports write them ("顧客一覧" / "出力日,2016/06/14" / a blank row,
 * then the header): leading rows with at most half as many filled cells as the rows below them, followed by a
 * row that looks like a header. Only then: a file without a header whose first records are sparse keeps them all.
 * Returns how many rows to skip (at most 20), with Excel's "sep=;" line first if it is there.
 */
export function titleRows(rows: readonly (readonly (string | null)[])[], header?: boolean): number {
  const hint = rows.length > 0 && isSepHint(rows[0]!) ? 1 : 0;
  if (header === false) return hint;
  const widths = rows.slice(hint, hint + 200).map(filled).sort((a, b) => a - b);
  const typical = widths[widths.length >> 1] ?? 0;
  if (typical < 3) return hint;
  let k = hint;
  while (k < rows.length && k < hint + 20 && filled(rows[k]!) * 2 <= typical) k++;
  if (k === hint || k >= rows.length - 1) return hint;
  const head = rows[k]!.map((c) => c ?? "");
  const isHeader = header === true || looksLikeHeader(head, rows.slice(k + 1, k + 50).map((r) => r.map((c) => c ?? "")));
  return isHeader ? k : hint;
}

export class Router {
  readonly profiles: ColumnProfile[] = [];
  readonly plans: TablePlan[] = [];
  /** profiles by table key */
  readonly byTable = new Map<string, ColumnProfile[]>();
  private pending = new Map<string, Pending>();
  private ready = new Set<string>();
  private current = "";
  /** the current table is classified: records go straight through */
  private direct = false;

  constructor(
    private readonly target: RecordTarget,
    private readonly prefix: string,
    private readonly opts: RouterOptions,
  ) {}

  table(name: string, columns: string[]): void {
    const key = this.prefix + name;
    this.current = key;
    this.direct = this.ready.has(key);
    if (this.direct) {
      this.target.useTable(key);
      return;
    }
    const p = this.pending.get(key);
    if (!p) this.pending.set(key, { name, columns, rows: [], lines: [] });
    else if (p.columns.length === 0) p.columns = columns;
  }

  record = (fields: readonly (string | null)[], n: number, line: number): void => {
    if (this.direct) {
      this.target.record(fields, n, line);
      return;
    }
    if (this.ready.has(this.current)) {
      this.target.record(fields, n, line);
      return;
    }
    let p = this.pending.get(this.current);
    if (!p) {
      this.table("", []);
      p = this.pending.get(this.current) as Pending;
    }
    p.rows.push(fields.slice(0, n) as (string | null)[]);
    p.lines.push(line);
    if (p.rows.length >= this.opts.sampleRows + (this.opts.headerCandidate ? 1 : 0)) this.flush(this.current);
  };

  private flush(key: string): void {
    const p = this.pending.get(key);
    if (!p) return;
    this.pending.delete(key);
    let rows = p.rows;
    let lines = p.lines;
    let columns = this.opts.columnsNow ? this.opts.columnsNow(p.name) : p.columns;
    let hasHeader = false;
    let skip = 0;
    if (this.opts.headerCandidate) {
      skip = titleRows(rows, this.opts.header);
      if (skip > 0) {
        this.opts.onDiag?.("TITLE_ROWS", lines[0] as number, skip);
        rows = rows.slice(skip);
        lines = lines.slice(skip);
      }
    }
    if (this.opts.headerCandidate && rows.length > 0) {
      const first = rows[0]!.map((c) => c ?? "");
      hasHeader = this.opts.header ?? looksLikeHeader(first, rows.slice(1, 50).map((r) => r.map((c) => c ?? "")));
      if (hasHeader) {
        columns = first;
        rows = rows.slice(1);
        lines = lines.slice(1);
      }
    }
    const width = Math.max(columns.length, ...rows.slice(0, 100).map((r) => r.length));
    if (columns.length < width) columns = [...columns, ...Array.from({ length: width - columns.length }, (_, i) => `column${columns.length + i + 1}`)];
    const profiles = classifyTable(p.name, columns, rows, this.opts);
    this.profiles.push(...profiles);
    this.byTable.set(key, profiles);
    const own = profiles.slice(0, columns.length);
    const joined = profiles.slice(columns.length).flatMap((c) => (c.parts ? [{ type: c.type, parts: c.parts }] : []));
    const plan: TablePlan = {
      table: key,
      header: columns,
      types: own.map((c) => c.type),
      hasHeader,
      skipRecords: skip + (hasHeader ? 1 : 0),
      fixedWidth: this.opts.fixedWidth,
      lowCardinality: own.map((c) => c.sampleSize >= 100 && c.sampleUniqueness < 0.05),
      ...(joined.length > 0 ? { joined } : {}),
      ...(own.some((c) => c.mixedScripts) ? { mixedScripts: own.map((c) => c.mixedScripts === true) } : {}),
      ...(own.some((c) => c.dateOrder) ? { dateOrders: own.map((c) => c.dateOrder ?? null) } : {}),
      ...(own.some((c) => c.dateSerial) ? { dateSerials: own.map((c) => c.dateSerial === true) } : {}),
      ...(own.some((c) => c.sharedContact) ? { keyless: own.map((c) => c.sharedContact === true) } : {}),
    };
    this.plans.push(plan);
    this.target.addTable(plan);
    this.ready.add(key);
    this.target.useTable(key);
    rows.forEach((r, i) => this.target.record(r, r.length, lines[i] as number));
    if (this.current !== key) this.target.useTable(this.current);
    this.direct = this.ready.has(this.current);
  }

  /** End of input: classify what is still buffered. */
  finish(): void {
    const cur = this.current;
    for (const key of [...this.pending.keys()]) this.flush(key);
    this.current = cur;
  }
}
