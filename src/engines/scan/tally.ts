/**
 * The per-record hot path: for every record, check the values of the PII columns, count the types present,
 * hash the match keys for the people count, and note passports. Allocation-free per record where possible,
 * because at 8M records every allocation costs about a second.
 *
 * The state is plain numbers and typed arrays so that worker threads can send it back cheaply (see export()).
 */
import { isNull } from "./classify.js";
import { hashFinish, hashNumber, hashStart, hashString } from "./hash.js";
import { U64IdTable } from "./hashtable.js";
import { KeyPartitions } from "./people.js";
import { CHECKS, type Check } from "./recognizers/registry.js";
import { isNameKanji, isNameRomaji } from "./recognizers/values.js";
import { PII_TYPES, type ColumnType, type KeyComponent, type MatchKey, type PiiType } from "./types.js";

/** The serialisable description of what to do with each column of each table (built by classification). */
export interface TablePlan {
  table: string;
  header: string[];
  types: ColumnType[];
  /** whether the first record of the file is the header (CSV) */
  hasHeader: boolean;
  /** CSV and SQL: a record whose width differs from the header is reported (RAGGED_ROW) */
  fixedWidth: boolean;
  /** columns with few distinct values (from the sample): results are memoised */
  lowCardinality?: boolean[];
}
export interface Plan {
  tables: TablePlan[];
  matchKeys: MatchKey[];
  /** column index per table of the source column, -1 if none */
  sourceColumn?: string;
}

const TYPE_INDEX = new Map<PiiType, number>(PII_TYPES.map((t, i) => [t, i]));
const COMPONENT_OF: Partial<Record<PiiType, KeyComponent>> = {
  email: "email",
  name_kana: "kana",
  name_kanji: "kanji",
  name_romaji: "romaji",
  phone: "phone",
  birth_date: "birth",
  passport_number: "passport",
  my_number: "my_number",
};
const COMPONENTS: KeyComponent[] = ["email", "kana", "kanji", "romaji", "phone", "birth", "passport", "my_number"];
const CONCAT: Set<KeyComponent> = new Set(["kana", "kanji", "romaji"]);
const T_PASSPORT = TYPE_INDEX.get("passport_number")!;
const T_ISSUE = TYPE_INDEX.get("passport_issue_date")!;
const NAME_MASK = (1 << TYPE_INDEX.get("name_kanji")!) | (1 << TYPE_INDEX.get("name_kana")!) | (1 << TYPE_INDEX.get("name_romaji")!);

interface CompiledColumn {
  index: number;
  typeIndex: number;
  check: Check;
  component: number; // index in COMPONENTS, -1 if none
  concat: boolean;
  cache: Map<string, string | number | null> | null;
  /** misses since the cache filled up (see record()) */
  cacheMisses: number;
}
/** Types whose normal form is not needed when they are no match-key component: validate only. */
const VALIDATE_ONLY: Partial<Record<PiiType, Check>> = { name_kanji: isNameKanji, name_romaji: isNameRomaji };
const CACHE_LIMIT = 4096;
const MISS = Symbol("miss");
/** Cheap first test for the null spellings of classify.ts (all start with one of these characters). */
const mayBeNull = (c: number): boolean => c === 0x4e || c === 0x6e || c === 0x5c || c === 0x2d || c === 0xff0d || c === 0x2015 || c <= 0x20 || c === 0x3000;
interface CompiledTable {
  plan: TablePlan;
  columns: CompiledColumn[];
  source: number;
  colNonNull: Float64Array;
  colValid: Float64Array;
  rows: number;
}

const MAX_SOURCE_VALUES = 1000;
const MAX_LINES_KEPT = 5;

/** What a tally sends back: counts plus the key and passport batches. */
export interface TallyState {
  records: number;
  recordsWithPii: number;
  recordsWithName: number;
  recordsWithoutKeys: number;
  byType: number[];
  columns: { table: string; rows: number; nonNull: number[]; valid: number[] }[];
  sources: [string, number][];
  sourceOther: number;
  ragged: { count: number; lines: number[] };
  /** passports: 4 numbers each (hash a, hash b, first-letter code, latest issue date or 0) */
  passports: Uint32Array;
  /** match-key triples (a, b, record index within this tally) by partition; see people.ts */
  keys: Uint32Array[][];
}

/** Called after each counted record when set (the person stream): the match keys as text, `kind\u0000value`. */
export type RecordObserver = (fields: readonly (string | null)[], n: number, line: number, types: readonly ColumnType[], keys: readonly string[]) => void;

export class Tally {
  /** see RecordObserver; when set, emitKeys also builds the keys' text (slower: for the stream, not the scan) */
  observer: RecordObserver | null = null;
  private readonly keyTexts: string[] = [];
  private readonly specNames: string[];
  records = 0;
  recordsWithPii = 0;
  recordsWithName = 0;
  recordsWithoutKeys = 0;
  readonly byType = new Float64Array(PII_TYPES.length);
  private tables = new Map<string, CompiledTable>();
  private current: CompiledTable | null = null;
  private sources = new Map<string, number>();
  private sourceOther = 0;
  private raggedCount = 0;
  private raggedLines: number[] = [];
  // match keys, partitioned for the people join
  private readonly keyParts = new KeyPartitions();
  // passports
  private passportTable = new U64IdTable(1 << 10);
  private passportInfo = new Uint32Array(1 << 12); // per id: a, b, letter, issue
  // per-record component values (reused)
  private readonly comp: (string | number)[][] = COMPONENTS.map(() => [0, 0, 0, 0]);
  private readonly compCount = new Int32Array(COMPONENTS.length);
  private readonly keySpecs: number[][];
  private readonly usedComponents: Set<number>;
  private readonly tmp = new Uint32Array(2);
  private readonly sourceColumn: string | undefined;

  constructor(plan: Plan) {
    this.keySpecs = plan.matchKeys.map((k) => k.map((c) => COMPONENTS.indexOf(c)));
    this.specNames = plan.matchKeys.map((k) => k.join("+"));
    this.usedComponents = new Set(this.keySpecs.flat());
    this.sourceColumn = plan.sourceColumn;
    for (const t of plan.tables) this.addTable(t);
    this.current = this.tables.values().next().value ?? null;
  }

  addTable = (t: TablePlan): void => {
    const sourceColumn = this.sourceColumn;
    const columns: CompiledColumn[] = [];
    t.types.forEach((type, index) => {
      const ti = TYPE_INDEX.get(type as PiiType);
      if (ti === undefined) return;
      const c = COMPONENT_OF[type as PiiType];
      const component = c && this.usedComponents.has(COMPONENTS.indexOf(c)) ? COMPONENTS.indexOf(c) : -1;
      const check = component < 0 ? (VALIDATE_ONLY[type as PiiType] ?? CHECKS[type as PiiType]) : CHECKS[type as PiiType];
      columns.push({ index, typeIndex: ti, check, component, concat: c !== undefined && CONCAT.has(c), cache: t.lowCardinality?.[index] ? new Map() : null, cacheMisses: 0 });
    });
    const source = t.types.findIndex((ty, i) => ty === "source" && (sourceColumn === undefined || t.header[i] === sourceColumn));
    this.tables.set(t.table, {
      plan: t,
      columns,
      source,
      colNonNull: new Float64Array(t.header.length),
      colValid: new Float64Array(t.header.length),
      rows: 0,
    });
  };

  /** Select the table the next records belong to (SQL dumps hold several). */
  useTable = (name: string): boolean => {
    this.current = this.tables.get(name) ?? null;
    return this.current !== null;
  };

  /** One record: fields[0..n). `line` is the 1-based line where it starts (for diagnostics). */
  record = (fields: readonly (string | null)[], n: number, line: number): void => {
    const t = this.current;
    if (t === null) return;
    this.records++;
    t.rows++;
    if (n !== t.plan.header.length && t.plan.fixedWidth) {
      this.raggedCount++;
      if (this.raggedLines.length < MAX_LINES_KEPT) this.raggedLines.push(line);
    }
    const comp = this.comp;
    const compCount = this.compCount;
    compCount.fill(0);
    let mask = 0;
    let passport: string | null = null;
    let issue = 0;
    const cols = t.columns;
    for (let ci = 0; ci < cols.length; ci++) {
      const c = cols[ci] as CompiledColumn;
      if (c.index >= n) continue;
      const raw = fields[c.index];
      if (raw === null || raw === undefined || raw.length === 0 || (raw.length <= 4 && mayBeNull(raw.charCodeAt(0)) && isNull(raw))) continue;
      t.colNonNull[c.index] = (t.colNonNull[c.index] as number) + 1;
      let val: string | number | null;
      if (c.cache !== null) {
        const hit = c.cache.get(raw) ?? (c.cache.has(raw) ? null : MISS);
        if (hit === MISS) {
          val = c.check(raw);
          if (c.cache.size < CACHE_LIMIT) c.cache.set(raw, val);
          else if (++c.cacheMisses > CACHE_LIMIT) c.cache = null; // the sample looked low-cardinality, the file is not
        } else val = hit as string | number | null;
      } else val = c.check(raw);
      if (val === null) continue;
      t.colValid[c.index] = (t.colValid[c.index] as number) + 1;
      mask |= 1 << c.typeIndex;
      if (c.component >= 0) {
        const slot = comp[c.component] as (string | number)[];
        const k = compCount[c.component] as number;
        if (c.concat && k > 0) slot[0] = `${slot[0] as string}${val as string}`;
        else if (k < 4) {
          slot[k] = val;
          compCount[c.component] = k + 1;
        }
      }
      if (c.typeIndex === T_PASSPORT && passport === null) passport = val as string;
      else if (c.typeIndex === T_ISSUE && issue === 0) issue = val as number;
    }
    if (t.source >= 0 && t.source < n) {
      const s = fields[t.source];
      if (s !== null && s !== undefined && s.length > 0) {
        const prev = this.sources.get(s);
        if (prev !== undefined) this.sources.set(s, prev + 1);
        else if (this.sources.size < MAX_SOURCE_VALUES) this.sources.set(s, 1);
        else this.sourceOther++;
      }
    }
    if (mask !== 0) {
      this.recordsWithPii++;
      if (mask & NAME_MASK) this.recordsWithName++;
      let m = mask;
      while (m !== 0) {
        const low = m & -m;
        const b = 31 - Math.clz32(low);
        this.byType[b] = (this.byType[b] as number) + 1;
        m ^= low;
      }
    }
    if (passport !== null) this.notePassport(passport, issue);
    this.emitKeys();
    if (this.observer !== null) {
      this.observer(fields, n, line, t.plan.types, this.keyTexts);
      this.keyTexts.length = 0;
    }
  };

  private emitKeys(): void {
    const comp = this.comp;
    const count = this.compCount;
    const tmp = this.tmp;
    const record = this.records - 1;
    let m = 0;
    for (let si = 0; si < this.keySpecs.length; si++) {
      const spec = this.keySpecs[si] as number[];
      // the cartesian product of the values of each component (almost always 1 × 1)
      let combos = 1;
      for (let j = 0; j < spec.length; j++) combos *= count[spec[j] as number] as number;
      for (let k = 0; k < combos && m < 16; k++) {
        hashStart(si + 1);
        let rest = k;
        let text = this.observer !== null ? `${this.specNames[si] as string}\u0000` : null;
        for (let j = 0; j < spec.length; j++) {
          const c = spec[j] as number;
          const nv = count[c] as number;
          const v = (comp[c] as (string | number)[])[rest % nv] as string | number;
          rest = (rest / nv) | 0;
          if (typeof v === "number") hashNumber(v);
          else hashString(v);
          if (text !== null) text += j === 0 ? String(v) : `\u001f${v}`;
        }
        if (text !== null) this.keyTexts.push(text);
        hashFinish(tmp, 0);
        this.keyParts.add(tmp[0] as number, tmp[1] as number, record);
        m++;
      }
    }
    if (m === 0) this.recordsWithoutKeys++;
  }

  private notePassport(num: string, issue: number): void {
    hashStart(0x5a);
    hashString(num);
    hashFinish(this.tmp, 0);
    const a = this.tmp[0] as number;
    const b = this.tmp[1] as number;
    const id = this.passportTable.idOf(a, b);
    if (id * 4 + 4 > this.passportInfo.length) {
      const next = new Uint32Array(this.passportInfo.length * 2);
      next.set(this.passportInfo);
      this.passportInfo = next;
    }
    const o = id * 4;
    const info = this.passportInfo;
    if (this.passportTable.created) {
      info[o] = a;
      info[o + 1] = b;
      info[o + 2] = num.charCodeAt(0);
      info[o + 3] = issue;
    } else if (issue > (info[o + 3] as number)) info[o + 3] = issue;
  }

  /** The counts and the key partitions (call once, at the end). */
  export(): TallyState {
    return {
      records: this.records,
      recordsWithPii: this.recordsWithPii,
      recordsWithName: this.recordsWithName,
      recordsWithoutKeys: this.recordsWithoutKeys,
      byType: Array.from(this.byType),
      columns: [...this.tables.values()].map((t) => ({ table: t.plan.table, rows: t.rows, nonNull: Array.from(t.colNonNull), valid: Array.from(t.colValid) })),
      sources: [...this.sources.entries()],
      sourceOther: this.sourceOther,
      ragged: { count: this.raggedCount, lines: this.raggedLines },
      passports: this.passportInfo.slice(0, this.passportTable.size * 4),
      keys: this.keyParts.export(),
    };
  }
}
