/**
 * Column classification: header keywords + sampled values + validators → type, confidence, share matching,
 * nulls and uniqueness (on the sample). Pure: takes the header and sampled rows, returns profiles.
 */
import { maskValue } from "./mask.js";
import { scriptOf } from "./normalize.js";
import { headerType, NAME_TYPES, SPEC_BY_TYPE, SPECS, type Check } from "./recognizers/registry.js";
import * as v from "./recognizers/values.js";
import type { ColumnProfile, ColumnType } from "./types.js";

/** Cell values that mean "no value". */
const NULLS = new Set(["", "NULL", "null", "\\N", "N/A", "n/a", "NA", "-", "－", "―", "None", "none", "nil"]);
export function isNull(s: string | null | undefined): boolean {
  return s === null || s === undefined || NULLS.has(s) || (s.length < 4 && s.trim().length === 0);
}

export interface ClassifyOptions {
  sourceColumn?: string;
  columnTypes?: Record<string, ColumnType>;
}

function share(values: string[], check: Check): number {
  if (values.length === 0) return 0;
  let ok = 0;
  for (const s of values) if (check(s) !== null) ok++;
  return ok / values.length;
}

/** Which name script the values are in, with its share. */
function nameScript(values: string[]): { type: ColumnType; share: number } {
  const shares = NAME_TYPES.map((t) => ({ type: t as ColumnType, share: share(values, SPEC_BY_TYPE.get(t)!.check) }));
  shares.sort((a, b) => b.share - a.share);
  return shares[0]!;
}

export function classifyColumn(name: string, values: string[], table: string, index: number, opts: ClassifyOptions = {}): ColumnProfile {
  const nonNull = values.filter((s) => !isNull(s));
  const distinct = new Set(nonNull).size;
  const base = {
    index,
    name,
    table,
    sampleSize: values.length,
    sampleUniqueness: nonNull.length ? distinct / nonNull.length : 0,
    nonNull: 0,
    nulls: 0,
    valid: 0,
  };
  const done = (type: ColumnType, confidence: number, basis: string, matchShare: number): ColumnProfile => ({
    ...base,
    type,
    confidence: Math.round(confidence * 1000) / 1000,
    basis,
    sampleMatchShare: Math.round(matchShare * 1000) / 1000,
    maskedSamples: type === "other" || type === "empty" ? [] : pickSamples(nonNull, type),
  });

  const forced = opts.columnTypes?.[name];
  if (forced) return done(forced, 1, "option", forced === "source" ? 1 : share(nonNull, SPEC_BY_TYPE.get(forced)?.check ?? (() => null)));
  if (opts.sourceColumn !== undefined && opts.sourceColumn === name) return done("source", 1, "option", 1);
  if (nonNull.length === 0) return done("empty", 1, "values", 0);

  const h = headerType(name);
  if (h) {
    if (h.type === "source") {
      if (distinct <= 200 && distinct <= Math.max(20, nonNull.length / 5)) return done("source", 0.9, "header+values", 1);
    } else if ((NAME_TYPES as readonly ColumnType[]).includes(h.type)) {
      const best = nameScript(nonNull);
      if (best.share >= 0.5) return done(best.type, 0.5 + 0.5 * best.share, "header+values", best.share);
    } else {
      const spec = SPEC_BY_TYPE.get(h.type)!;
      const s = share(nonNull, spec.check);
      if (s >= spec.withHeader) return done(h.type, 0.6 + 0.4 * s, "header+values", s);
    }
  }

  // Values alone: only types whose values speak for themselves.
  let best: { type: ColumnType; share: number } | null = null;
  for (const spec of SPECS) {
    if (spec.valuesAlone === undefined) continue;
    const s = share(nonNull, spec.check);
    if (s >= spec.valuesAlone && (best === null || s > best.share)) best = { type: spec.type, share: s };
  }
  if (best && best.type === "phone" && share(nonNull, (x) => (/^\d+$/.test(x.trim()) ? x : null)) > 0.5) best = null; // bare digit ids
  if (best) return done(best.type, 0.4 + 0.5 * best.share, "values", best.share);

  // Katakana names with a space between family and given name are distinctive even without a header.
  const kana = share(nonNull, (x) => (/[\s\u3000]/.test(x.trim()) ? v.nameKana(x) : null));
  if (kana >= 0.9) return done("name_kana", 0.6, "values", kana);
  const text = nonNull.reduce((n, x) => n + x.length, 0) / nonNull.length;
  if (text > 40 && distinct > nonNull.length * 0.8 && nonNull.some((x) => scriptOf(x) === "none")) return done("free_text", 0.5, "values", 1);
  return done("other", 0.5, "values", 0);
}

function pickSamples(values: string[], type: ColumnType): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const s of values) {
    const m = maskValue(type, s);
    if (m && !seen.has(m)) {
      seen.add(m);
      out.push(m);
      if (out.length === 3) break;
    }
  }
  return out;
}

/** Classify every column of a table from its header and sampled rows. */
export function classifyTable(table: string, header: string[], rows: (string | null)[][], opts: ClassifyOptions = {}): ColumnProfile[] {
  return header.map((name, i) => {
    const values = rows.map((r) => r[i] ?? "");
    return classifyColumn(name, values as string[], table, i, opts);
  });
}

/** Does a row look like a header? True when no cell validates as any PII type and most cells are words. */
export function looksLikeHeader(row: string[], next: string[][]): boolean {
  if (row.length === 0) return false;
  let known = 0;
  let valueLike = 0;
  for (const cell of row) {
    if (headerType(cell)) known++;
    if (SPECS.some((s) => s.type !== "source" && s.type !== "date" && s.check(cell) !== null && !s.type.startsWith("name_"))) valueLike++;
    if (/^\d[\d\s\-./:]*$/.test(cell.trim())) valueLike++;
  }
  if (known >= Math.max(1, row.length / 3) && valueLike === 0) return true;
  if (valueLike > 0) return false;
  // a first row that repeats in no later row and has no digits
  return next.length > 0 && row.every((c) => !/\d/.test(c)) && next.some((r) => r.some((c) => /\d/.test(c)));
}
