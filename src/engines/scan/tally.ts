/**
 * The per-record hot path: for every record, check the values of the PII columns, count the types present,
 * hash the match keys for the people count, and note passports. Allocation-free per record where possible,
 * because at 8M records every allocation costs about a second.
 *
 * The state is plain numbers and typed arrays so that worker threads can send it back cheaply (see export()).
 */
import { isNull } from "./classify.js";
import { finishLanes, hashFinish, hashLanes, hashStart, hashUnits, mixWord, numberLanes, SEED_A, SEED_B, tagLane1, tagLane2 } from "./hash.js";
import { U64IdTable } from "./hashtable.js";
import { KeyPartitions, type KeySet } from "./people.js";
import { hasTotalWord, hasTotalWordBytes, HeaderRow, isEmptyRow, isEmptyRowBytes, isTotalWord } from "./skipped-rows.js";
import { BYTE_CHECKS, byteCheck, UNKNOWN, VALID } from "./recognizers/bytes.js";
import { CHECKS, DATE_CHECK_IN_ORDER, DATE_CHECK_SERIAL, DATE_TYPES, NAME_TYPES, type Check } from "./recognizers/registry.js";
import type { DateOrder } from "./era.js";
import { isJapanesePassport, isNameKanjiAny, isNameRomaji } from "./recognizers/values.js";
import { joinParts, type SplitType } from "./split-columns.js";
import { KEY_COMPONENT_TYPE, KEY_COMPONENTS, PII_TYPES, type ColumnType, type KeyComponent, type MatchKey, type PiiType, type SplitPart } from "./types.js";

/** The serialisable description of what to do with each column of each table (built by classification). */
export interface TablePlan {
  table: string;
  header: string[];
  types: ColumnType[];
  /** whether a record is the header (CSV, sheets): the first after the title rows */
  hasHeader: boolean;
  /** records before the data: title rows above the header (and Excel's "sep=;" line), then the header if any */
  skipRecords?: number;
  /** CSV and SQL: a record whose width differs from the header is reported (RAGGED_ROW) */
  fixedWidth: boolean;
  /** columns with few distinct values (from the sample): results are memoised */
  lowCardinality?: boolean[];
  /**
   * Values written over several columns (split-columns.ts): joined column k is read from its parts and counted as
   * column header.length + k
   */
  joined?: { type: ColumnType; parts: { column: number; part: SplitPart }[] }[];
  /** name columns whose values are in several scripts (a guest register's kanji and romaji names), by column */
  mixedScripts?: boolean[];
  /** date columns written day/month/year: their order, by column (null: none; ColumnProfile.dateOrder) */
  dateOrders?: (DateOrder | null)[];
  /** date columns written as Excel serial day numbers, by column (ColumnProfile.dateSerial) */
  dateSerials?: boolean[];
  /** columns in no match key, by column (ColumnProfile.sharedContact: a company's or a contact's phone) */
  keyless?: boolean[];
}
export interface Plan {
  tables: TablePlan[];
  matchKeys: MatchKey[];
  /** column index per table of the source column, -1 if none */
  sourceColumn?: string;
}

const TYPE_INDEX = new Map<PiiType, number>(PII_TYPES.map((t, i) => [t, i]));
const COMPONENTS = KEY_COMPONENTS;
const COMPONENT_OF: Partial<Record<PiiType, KeyComponent>> = Object.fromEntries(COMPONENTS.map((c) => [KEY_COMPONENT_TYPE[c], c]));
const CONCAT: Set<KeyComponent> = new Set(["kana", "kanji", "romaji"]);
const T_PASSPORT = TYPE_INDEX.get("passport_number")!;
const T_ISSUE = TYPE_INDEX.get("passport_issue_date")!;
const T_EXPIRY = TYPE_INDEX.get("passport_expiry_date")!;
const NAME_MASK = (1 << TYPE_INDEX.get("name_kanji")!) | (1 << TYPE_INDEX.get("name_kana")!) | (1 << TYPE_INDEX.get("name_romaji")!);

interface CompiledColumn {
  index: number;
  typeIndex: number;
  check: Check;
  /** the byte path's check kind (recognizers/bytes.ts; 0: none serves this column) */
  byteKind: number;
  component: number; // index in COMPONENTS, -1 if none
  concat: boolean;
  cache: Map<string, string | number | null> | null;
  /** misses since the cache filled up (see record()) */
  cacheMisses: number;
  /** recordBytes: decoded strings of a low-cardinality column; null once the cache is off */
  interned: Interned | null;
  /** a date: its value is a number (yyyymmdd) */
  numeric: boolean;
  /** a value written over several columns (TablePlan.joined): the columns it is read from, null for a column of the file */
  parts: Int32Array | null;
  roles: SplitPart[];
  /** names in several scripts (TablePlan.mixedScripts): each value checked and counted in its own script */
  anyScript: boolean;
}
/**
 * The byte path's check kind for a column (0: none, the text check decides): a match-key component or a passport's
 * number and issue date need a check that yields the normal form; other columns take one that only validates
 * (cheaper where there is one).
 */
function byteKindOf(bytes: (typeof BYTE_CHECKS)[PiiType], component: boolean, typeIndex: number): number {
  if (bytes === undefined) return 0;
  if (component || typeIndex === T_PASSPORT || typeIndex === T_ISSUE || typeIndex === T_EXPIRY) return bytes.key ? bytes.kind : 0;
  return bytes.validKind ?? bytes.kind;
}
/** Types whose normal form is not needed when they are no match-key component: validate only. */
const VALIDATE_ONLY: Partial<Record<PiiType, Check>> = { name_kanji: isNameKanjiAny, name_romaji: isNameRomaji };
/** The three name scripts, each with its check and type (checkAnyName tries them in turn: a value is in one only). */
const NAME_SCRIPTS = NAME_TYPES.map((type) => ({ type, check: CHECKS[type], typeIndex: TYPE_INDEX.get(type)! }));
/** Numbers per passport in TallyState.passports (passports.ts reads them). */
export const PASSPORT_WORDS = 5;
/** The letter the validity rule reads (T, M), for a Japanese passport only; 0 for another country's (validity unknown). */
const passportLetter = (normal: string): number => (isJapanesePassport(normal) ? normal.charCodeAt(0) : 0);
const CACHE_LIMIT = 4096;
const MISS = Symbol("miss");
/** Cheap first test for the null spellings of classify.ts (all start with one of these characters). */
const mayBeNull = (c: number): boolean => c === 0x4e || c === 0x6e || c === 0x5c || c === 0x2d || c === 0xff0d || c === 0x2015 || c <= 0x20 || c === 0x3000;
/**
 * The same test on a field's UTF-8 bytes, sharper: N n \\ - start only the ASCII spellings of at most 4 characters;
 * a space, U+FF0D (EF BC 8D), U+2015 (E2 80 95) or U+3000 (E3 80 80) may start a null of up to 4 characters.
 */
function mayBeNullBytes(b: Uint8Array, s: number, e: number): boolean {
  const c = b[s] as number;
  if (c < 0x80) return c <= 0x20 || (e - s <= 4 && (c === 0x4e || c === 0x6e || c === 0x5c || c === 0x2d));
  if (e - s < 3) return false;
  const c1 = b[s + 1] as number;
  const c2 = b[s + 2] as number;
  return (c === 0xef && c1 === 0xbc && c2 === 0x8d) || (c === 0xe2 && c1 === 0x80 && c2 === 0x95) || (c === 0xe3 && c1 === 0x80 && c2 === 0x80);
}
/** A decoded short field (recordBytes) that is a null token. */
const isShortNull = (raw: string): boolean => raw.length <= 4 && isNull(raw);
/** A field with no value: missing, empty or a null token (NULL, \\N, -, …). */
const blank = (raw: string | null | undefined): raw is null | undefined | "" =>
  raw === null || raw === undefined || raw.length === 0 || (raw.length <= 4 && mayBeNull(raw.charCodeAt(0)) && isNull(raw));
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });
/** A field's text (the byte path's fallback). */
const decodeField = (b: Uint8Array, s: number, e: number): string => utf8.decode(b.subarray(s, e));
const INTERN_LIMIT = 768;
/**
 * Decoded strings of recurring values (a site column, a low-cardinality column) by their bytes: an open-addressing
 * table of 1024 slots indexed by the length and three bytes, confirmed by comparing the bytes. Not a Map keyed by a
 * hash of all the bytes, which cost ~150 ns a lookup on the JTB site column.
 */
class Interned {
  /** the stored values' bytes, one after another; per slot its offset and length (-1: empty) */
  private store = new Uint8Array(1 << 14);
  private storeTop = 0;
  private readonly at = new Int32Array(1024);
  private readonly len = new Int32Array(1024).fill(-1);
  private readonly texts: string[] = new Array<string>(1024).fill("");
  private size = 0;
  get(b: Uint8Array, s: number, e: number): string {
    const h = this.slot(b, s, e);
    return h >= 0 ? (this.texts[h] as string) : decodeField(b, s, e);
  }
  /** The text of a slot from slot(). */
  text(h: number): string {
    return this.texts[h] as string;
  }
  /** The slot holding these bytes (stored now if there is room), or -1 when they are not stored. */
  slot(b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    let h = (Math.imul(n, 0x9e3779b1) ^ Math.imul(b[s] as number, 0x85ebca77) ^ Math.imul(b[e - 1] as number, 0xc2b2ae3d) ^ (b[s + (n >> 1)] as number)) >>> 22;
    const store = this.store;
    for (let probe = 0; probe < 8; probe++, h = (h + 1) & 1023) {
      const m = this.len[h] as number;
      if (m < 0) return this.add(h, b, s, e);
      if (m !== n) continue;
      const o = (this.at[h] as number) - s;
      let k = s;
      while (k < e && store[o + k] === b[k]) k++;
      if (k === e) return h;
    }
    return -1;
  }
  private add(h: number, b: Uint8Array, s: number, e: number): number {
    const n = e - s;
    if (this.size >= INTERN_LIMIT) return -1;
    if (this.storeTop + n > this.store.length) {
      const next = new Uint8Array(Math.max(this.store.length * 2, this.storeTop + n));
      next.set(this.store.subarray(0, this.storeTop));
      this.store = next;
    }
    this.store.set(b.subarray(s, e), this.storeTop);
    this.at[h] = this.storeTop;
    this.len[h] = n;
    this.storeTop += n;
    this.texts[h] = decodeField(b, s, e);
    this.size++;
    return h;
  }
}

interface CompiledTable {
  plan: TablePlan;
  columns: CompiledColumn[];
  source: number;
  colNonNull: Float64Array;
  colValid: Float64Array;
  /** values the byte path left to the string check (a diagnostic: SOKUHO_SCAN_PHASES prints them) */
  colText: Float64Array;
  rows: number;
  /** the plan's types, then those of its joined columns (what the observer is given with the joined values) */
  typesWithJoined: ColumnType[];
  /** the file's header row, to tell its repeats in the data (null: the table has no header row) */
  headerRow: HeaderRow | null;
}

const MAX_SOURCE_VALUES = 1000;
const MASK_SLOT_BITS = 6;
const MAX_LINES_KEPT = 5;

/** What a tally sends back: counts plus the key and passport batches. */
export interface TallyState {
  records: number;
  recordsWithPii: number;
  recordsWithName: number;
  recordsWithoutKeys: number;
  byType: number[];
  columns: { table: string; rows: number; nonNull: number[]; valid: number[]; text: number[] }[];
  sources: [string, number][];
  sourceOther: number;
  ragged: { count: number; lines: number[] };
  /** rows with no personal data that are totals (合計, 小計, Total …: skipped-rows.ts), not counted as records */
  totals: { count: number; lines: number[] };
  /** rows whose every field is empty (,,,,: skipped-rows.ts), not counted as records */
  emptyRows: { count: number; lines: number[] };
  /** the header row repeated inside the data (concatenated exports: skipped-rows.ts), not counted as records */
  headerRows: { count: number; lines: number[] };
  /** passports: PASSPORT_WORDS numbers each (hash a, hash b, first-letter code, latest issue date or 0, latest expiry date or 0) */
  passports: Uint32Array;
  /** match keys (a, b, record index within this tally) by partition; see people.ts */
  keys: KeySet;
}

/**
 * Called after each counted record when set (the person stream): the match keys as text, `kind\u0000value`, and
 * beside each its key kind as an index into the plan's `matchKeys` (so that a caller need not cut the text).
 */
export type RecordObserver = (
  fields: readonly (string | null)[],
  n: number,
  line: number,
  types: readonly ColumnType[],
  keys: readonly string[],
  hasPii: boolean,
  kinds: readonly number[],
) => void;

export class Tally {
  /** see RecordObserver; when set, emitKeys also builds the keys' text (slower: for the stream, not the scan) */
  observer: RecordObserver | null = null;
  /**
   * false: the match keys are not appended to the join partitions (the person stream's second pass, which reads
   * the people from the first pass and only needs the keys' text: the appends were 6 % of its time and fresh memory)
   */
  collectKeys = true;
  /**
   * true: only the columns that make match keys are checked, the others only while the record has no valid value
   * yet (to tell a record with personal data from one without); the tally's own counts are then not kept. For the
   * person stream's second pass, which needs the keys and whether the record is personal data, nothing else: the
   * other columns' checks (address, names, dates) were ~7 % of its time.
   */
  keysOnly = false;
  private readonly keyTexts: string[] = [];
  /** the script of the last name checkAnyName accepted: its type index and its key component (-1: in no key) */
  private scriptType = 0;
  private scriptComponent = -1;
  /** per NAME_SCRIPTS entry: its key component if a match key uses it, else -1 */
  private readonly scriptComponents: Int32Array;
  /** a joined column's parts, reused per record (joinedText, joinedBytes) */
  private readonly partValues: (string | null)[] = [];
  private readonly partText: (string | null)[] = [];
  private readonly keyKinds: number[] = [];
  private readonly specNames: string[];
  /** per key kind: the lanes its hash starts from */
  private readonly tag1: Int32Array;
  private readonly tag2: Int32Array;
  records = 0;
  /** these two and byType are complete only in export() (see endRecord) */
  private recordsWithPii = 0;
  private recordsWithName = 0;
  recordsWithoutKeys = 0;
  private readonly byType = new Float64Array(PII_TYPES.length);
  /** records by their mask of valid types, in a small direct-mapped table (endRecord) */
  private readonly maskKey = new Int32Array(1 << MASK_SLOT_BITS);
  private readonly maskCount = new Float64Array(1 << MASK_SLOT_BITS);
  private tables = new Map<string, CompiledTable>();
  private current: CompiledTable | null = null;
  /** source value → index into sourceCounts (a Map.set per record cost 0.4 s a million records) */
  private sources = new Map<string, number>();
  private sourceCounts: number[] = [];
  private readonly sourceInterned = new Interned();
  /** per slot of sourceInterned: its index into sourceCounts, -1 not looked up yet, -2 counted as other */
  private readonly sourceSlots = new Int32Array(1024).fill(-1);
  private sourceOther = 0;
  private raggedCount = 0;
  private raggedLines: number[] = [];
  /** whether the current record was counted as ragged (undone if it is a total row) */
  private rowRagged = false;
  private readonly totals = { count: 0, lines: [] as number[] };
  private readonly emptyRows = { count: 0, lines: [] as number[] };
  private readonly headerRows = { count: 0, lines: [] as number[] };
  // match keys, partitioned for the people join
  private readonly keyParts = new KeyPartitions();
  // passports
  private passportTable = new U64IdTable(1 << 10);
  private passportInfo = new Uint32Array(PASSPORT_WORDS << 10); // per id: a, b, letter, issue, expiry
  // per-record component values (reused): hash lanes of up to 4 values per component (hash.ts), and their text
  // only for the observer
  private readonly compA = new Int32Array(COMPONENTS.length * 4);
  private readonly compB = new Int32Array(COMPONENTS.length * 4);
  private readonly compText: (string | number)[][] = COMPONENTS.map(() => [0, 0, 0, 0]);
  private readonly compCount = new Int32Array(COMPONENTS.length);
  private readonly lanes = new Int32Array(3);
  private readonly keySpecs: number[][];
  /** the key specs' component indices, flattened: spec si is specComp[specOff[si], specOff[si + 1]) */
  private readonly specComp: Int32Array;
  private readonly specOff: Int32Array;
  private readonly usedComponents: Set<number>;
  private readonly usedList: Int32Array;
  private readonly tmp = new Uint32Array(2);
  private readonly sourceColumn: string | undefined;

  constructor(plan: Plan) {
    this.keySpecs = plan.matchKeys.map((k) => k.map((c) => COMPONENTS.indexOf(c)));
    this.specNames = plan.matchKeys.map((k) => k.join("+"));
    this.specComp = Int32Array.from(this.keySpecs.flat());
    this.specOff = new Int32Array(this.keySpecs.length + 1);
    this.keySpecs.forEach((k, si) => (this.specOff[si + 1] = (this.specOff[si] as number) + k.length));
    this.tag1 = Int32Array.from(plan.matchKeys, (_, si) => tagLane1(si + 1));
    this.tag2 = Int32Array.from(plan.matchKeys, (_, si) => tagLane2(si + 1));
    this.usedComponents = new Set(this.keySpecs.flat());
    this.usedList = Int32Array.from(this.usedComponents);
    this.scriptComponents = Int32Array.from(NAME_SCRIPTS, (s) => this.componentOf(s.type));
    this.sourceColumn = plan.sourceColumn;
    for (const t of plan.tables) this.addTable(t);
    this.current = this.tables.values().next().value ?? null;
  }

  /** The match-key component a type's values make (an index into COMPONENTS), -1 when no match key uses it. */
  private componentOf(type: PiiType): number {
    const c = COMPONENT_OF[type];
    return c !== undefined && this.usedComponents.has(COMPONENTS.indexOf(c)) ? COMPONENTS.indexOf(c) : -1;
  }

  addTable = (t: TablePlan): void => {
    const sourceColumn = this.sourceColumn;
    const columns: CompiledColumn[] = [];
    t.types.forEach((type, index) => {
      const ti = TYPE_INDEX.get(type as PiiType);
      if (ti === undefined) return;
      const c = COMPONENT_OF[type as PiiType];
      const component = t.keyless?.[index] === true ? -1 : this.componentOf(type as PiiType);
      const order = t.dateOrders?.[index] ?? null;
      const serial = t.dateSerials?.[index] === true;
      const check = serial ? DATE_CHECK_SERIAL[order ?? "any"] : order !== null ? DATE_CHECK_IN_ORDER[order] : component < 0 ? (VALIDATE_ONLY[type as PiiType] ?? CHECKS[type as PiiType]) : CHECKS[type as PiiType];
      const anyScript = t.mixedScripts?.[index] === true;
      const bytes = anyScript ? undefined : BYTE_CHECKS[type as PiiType];
      const lowCardinality = t.lowCardinality?.[index] === true && !anyScript;
      columns.push({
        index,
        typeIndex: ti,
        check,
        byteKind: byteKindOf(bytes, component >= 0, ti),
        component,
        concat: c !== undefined && CONCAT.has(c),
        cache: lowCardinality ? new Map() : null,
        cacheMisses: 0,
        // a low-cardinality column without a byte check is looked up by its interned text in the cache
        interned: lowCardinality && !bytes ? new Interned() : null,
        numeric: DATE_TYPES.has(type),
        parts: null,
        roles: [],
        anyScript,
      });
    });
    // values over several columns: counted as columns after the file's own, checked as text once joined
    (t.joined ?? []).forEach((j, k) => {
      const type = j.type as PiiType;
      const ti = TYPE_INDEX.get(type);
      if (ti === undefined) return;
      const c = COMPONENT_OF[type];
      const component = this.componentOf(type);
      columns.push({
        index: t.header.length + k,
        typeIndex: ti,
        check: component < 0 ? (VALIDATE_ONLY[type] ?? CHECKS[type]) : CHECKS[type],
        byteKind: 0,
        component,
        concat: c !== undefined && CONCAT.has(c),
        cache: null,
        cacheMisses: 0,
        interned: null,
        numeric: type === "birth_date",
        parts: Int32Array.from(j.parts, (p) => p.column),
        roles: j.parts.map((p) => p.part),
        anyScript: false,
      });
    });
    const width = t.header.length + (t.joined?.length ?? 0);
    const source = t.types.findIndex((ty, i) => ty === "source" && (sourceColumn === undefined || t.header[i] === sourceColumn));
    this.tables.set(t.table, {
      plan: t,
      columns,
      source,
      colNonNull: new Float64Array(width),
      colValid: new Float64Array(width),
      colText: new Float64Array(width),
      rows: 0,
      typesWithJoined: [...t.types, ...(t.joined ?? []).map((j) => j.type)],
      headerRow: t.hasHeader ? new HeaderRow(t.header) : null,
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
    if (t.headerRow !== null && t.headerRow.matches(fields, n)) return this.skipHeaderRow(line);
    this.beginRecord(t, n, line);
    let mask = 0;
    let passport: string | null = null;
    let issue = 0;
    let expiry = 0;
    const cols = t.columns;
    if (this.keysOnly) mask = this.keyColumns(t, fields, n);
    else {
      for (let ci = 0; ci < cols.length; ci++) {
        const c = cols[ci] as CompiledColumn;
        if (c.parts === null && c.index >= n) continue;
        const raw = c.parts === null ? fields[c.index] : this.joinedText(c, fields, n);
        if (blank(raw)) continue;
        t.colNonNull[c.index] = (t.colNonNull[c.index] as number) + 1;
        const val = this.checkText(c, raw);
        if (val === null) continue;
        t.colValid[c.index] = (t.colValid[c.index] as number) + 1;
        mask |= this.validBit(c, val);
        if (c.typeIndex === T_PASSPORT && passport === null) passport = val as string;
        else if (c.typeIndex === T_ISSUE && issue === 0) issue = val as number;
        else if (c.typeIndex === T_EXPIRY && expiry === 0) expiry = val as number;
      }
    }
    if (mask === 0 && isEmptyRow(fields, n)) {
      this.dropRow(t, line, this.emptyRows);
      return;
    }
    // a total row's 合計 may sit in a name column and pass for a name: so any row with no personal data but names
    if ((mask & ~NAME_MASK) === 0 && hasTotalWord(fields, n)) {
      const field = (ix: number): string | null => (ix < n ? (fields[ix] ?? null) : null);
      if (this.namesAreTotalWords(t, field)) {
        if (!this.keysOnly) {
          for (const c of cols) if (!blank(c.parts === null ? field(c.index) : this.joinedText(c, fields, n))) t.colNonNull[c.index] = (t.colNonNull[c.index] as number) - 1;
          this.undoValidNames(t, field);
        }
        this.dropRow(t, line, this.totals);
        return;
      }
    }
    if (t.source >= 0 && t.source < n) {
      const v = fields[t.source];
      if (v !== null && v !== undefined && v.length > 0) this.countSource(v);
    }
    if (passport !== null) {
      const lanes = this.lanes;
      lanes[0] = SEED_A;
      lanes[1] = SEED_B;
      hashUnits(passport, lanes);
      this.notePassport(lanes[0] as number, lanes[1] as number, passportLetter(passport), issue, expiry);
    }
    this.endRecord(mask);
    if (this.observer !== null) {
      if (t.plan.joined !== undefined) {
        // the joined values as columns after the file's own, so that the observer sees them as it sees a column
        const { fields: all, types } = this.withJoined(t, fields, n);
        this.observer(all, all.length, line, types, this.keyTexts, mask !== 0, this.keyKinds);
      } else this.observer(fields, n, line, t.plan.types, this.keyTexts, mask !== 0, this.keyKinds);
      this.keyTexts.length = 0;
      this.keyKinds.length = 0;
    }
  };

  /** record() for `keysOnly`: the key columns' values, then the others' only until one is valid; returns the mask. */
  private keyColumns(t: CompiledTable, fields: readonly (string | null)[], n: number): number {
    let mask = 0;
    const cols = t.columns;
    for (let pass = 0; pass < 2 && (pass === 0 || mask === 0); pass++) {
      for (let ci = 0; ci < cols.length; ci++) {
        const c = cols[ci] as CompiledColumn;
        // a column of names in several scripts may hold a key component: with the key columns
        if ((c.parts === null && c.index >= n) || (c.component >= 0 || c.anyScript) !== (pass === 0)) continue;
        const raw = c.parts === null ? fields[c.index] : this.joinedText(c, fields, n);
        if (blank(raw)) continue;
        const val = this.checkText(c, raw);
        if (val === null) continue;
        mask |= this.validBit(c, val);
        if (pass === 1) break;
      }
    }
    return mask;
  }

  /**
   * One record of a UTF-8 file as field offsets into `buf` (parsers/csv-bytes.ts): field k is [offs[base + 2k],
   * offs[base + 2k + 1]).
   * Same counts and keys as record() on the decoded fields; a value its byte check cannot decide is decoded and
   * checked as text. Not for the observer (the person stream reads text).
   */
  recordBytes = (buf: Uint8Array, offs: Int32Array, base: number, n: number, line: number): void => {
    const t = this.current;
    if (t === null) return;
    if (t.headerRow !== null && t.headerRow.matchesBytes(buf, offs, base, n)) return this.skipHeaderRow(line);
    this.beginRecord(t, n, line);
    let mask = 0;
    let passport = false;
    let passA = 0;
    let passB = 0;
    let passLetter = 0;
    let issue = 0;
    let expiry = 0;
    // loaded once here: V8 reloads fields read inside the loop after each call (the checks)
    const lanes = this.lanes;
    const cols = t.columns;
    const nonNull = t.colNonNull;
    const valid = t.colValid;
    const compCount = this.compCount;
    for (let ci = 0; ci < cols.length; ci++) {
      const c = cols[ci] as CompiledColumn;
      const ix = c.index;
      if (c.parts !== null) {
        mask |= this.joinedBytes(t, c, buf, offs, base, n);
        continue;
      }
      if (ix >= n) continue;
      const s = offs[base + 2 * ix] as number;
      const e = offs[base + 2 * ix + 1] as number;
      if (s === e) continue;
      let raw: string | null = null;
      if (e - s <= 12 && mayBeNullBytes(buf, s, e)) {
        raw = decodeField(buf, s, e);
        if (isShortNull(raw)) continue;
      }
      nonNull[ix] = (nonNull[ix] as number) + 1;
      let verdict = UNKNOWN;
      // also when the null test decoded the field (" M", a short date after a space): the byte check is cheaper
      if (c.byteKind !== 0) {
        const k = c.component >= 0 ? (compCount[c.component] as number) : 0;
        if (c.concat && k > 0) {
          lanes[0] = this.compA[c.component * 4] as number;
          lanes[1] = this.compB[c.component * 4] as number;
        } else {
          lanes[0] = SEED_A;
          lanes[1] = SEED_B;
        }
        verdict = byteCheck(c.byteKind, buf, s, e, lanes);
      }
      if (verdict === UNKNOWN) {
        t.colText[ix] = (t.colText[ix] as number) + 1;
        if (raw === null) raw = c.interned !== null ? c.interned.get(buf, s, e) : decodeField(buf, s, e);
        const val = this.checkText(c, raw);
        if (val === null) continue;
        valid[ix] = (valid[ix] as number) + 1;
        mask |= this.validBit(c, val);
        if (c.typeIndex === T_PASSPORT && !passport) {
          passport = true;
          lanes[0] = SEED_A;
          lanes[1] = SEED_B;
          hashUnits(val as string, lanes);
          passA = lanes[0] as number;
          passB = lanes[1] as number;
          passLetter = passportLetter(val as string);
        } else if (c.typeIndex === T_ISSUE && issue === 0) issue = val as number;
        else if (c.typeIndex === T_EXPIRY && expiry === 0) expiry = val as number;
        continue;
      }
      if (verdict !== VALID) continue;
      valid[ix] = (valid[ix] as number) + 1;
      mask |= 1 << c.typeIndex;
      if (c.typeIndex === T_PASSPORT && !passport) {
        passport = true;
        passA = lanes[0] as number;
        passB = lanes[1] as number;
        passLetter = lanes[2] as number;
      } else if (c.typeIndex === T_ISSUE && issue === 0) issue = lanes[2] as number;
      else if (c.typeIndex === T_EXPIRY && expiry === 0) expiry = lanes[2] as number;
      if (c.component >= 0) {
        if (c.numeric) numberLanes(lanes[2] as number, lanes);
        this.componentLanes(c, lanes[0] as number, lanes[1] as number);
      }
    }
    if (mask === 0 && isEmptyRowBytes(buf, offs, base, n)) {
      this.dropRow(t, line, this.emptyRows);
      return;
    }
    if ((mask & ~NAME_MASK) === 0 && hasTotalWordBytes(buf, offs, base, n, decodeField)) {
      const field = (ix: number): string | null => {
        const s = ix < n ? (offs[base + 2 * ix] as number) : 0;
        const e = ix < n ? (offs[base + 2 * ix + 1] as number) : 0;
        return e > s ? decodeField(buf, s, e) : null;
      };
      if (this.namesAreTotalWords(t, field)) {
        this.undoNonNullBytes(t, buf, offs, base, n);
        this.undoValidNames(t, field);
        this.dropRow(t, line, this.totals);
        return;
      }
    }
    if (t.source >= 0 && t.source < n) {
      const s = offs[base + 2 * t.source] as number;
      const e = offs[base + 2 * t.source + 1] as number;
      if (e > s) {
        // by the interned slot, not a Map look-up of the text per record (what countSource does once per slot)
        const h = this.sourceInterned.slot(buf, s, e);
        const i = h >= 0 ? (this.sourceSlots[h] as number) : -1;
        if (i >= 0) this.sourceCounts[i] = (this.sourceCounts[i] as number) + 1;
        else if (i === -2) this.sourceOther++;
        else if (h < 0) this.countSource(decodeField(buf, s, e));
        else {
          const text = this.sourceInterned.text(h);
          this.countSource(text);
          this.sourceSlots[h] = this.sources.get(text) ?? -2;
        }
      }
    }
    if (passport) this.notePassport(passA, passB, passLetter, issue, expiry);
    this.endRecord(mask);
  };

  /**
   * A valid value's type bit, its match-key component noted; a column of names in several scripts counts the value
   * in its own script (checkText set which).
   */
  private validBit(c: CompiledColumn, val: string | number): number {
    if (c.anyScript) {
      if (this.scriptComponent >= 0) this.componentAt(this.scriptComponent, false, val);
      return 1 << this.scriptType;
    }
    if (c.component >= 0) this.componentText(c, val);
    return 1 << c.typeIndex;
  }

  /** A name in any of the three scripts: its normal form, and which script (scriptType, scriptComponent). */
  private checkAnyName(raw: string): string | null {
    for (let k = 0; k < NAME_SCRIPTS.length; k++) {
      const script = NAME_SCRIPTS[k] as (typeof NAME_SCRIPTS)[number];
      const v = script.check(raw);
      if (v === null) continue;
      this.scriptType = script.typeIndex;
      this.scriptComponent = this.scriptComponents[k] as number;
      return v as string;
    }
    return null;
  }

  /** A joined column's value from the text fields of a record (null when a part it needs is missing). */
  private joinedText(c: CompiledColumn, fields: readonly (string | null)[], n: number): string | null {
    const parts = c.parts as Int32Array;
    const values = this.partValues;
    values.length = parts.length;
    for (let i = 0; i < parts.length; i++) {
      const ix = parts[i] as number;
      values[i] = ix < n ? (fields[ix] ?? null) : null;
    }
    return this.joinValues(c, values);
  }

  /** The parts' values (by part, null for none) joined; a null token (NULL, -) is no value. */
  private joinValues(c: CompiledColumn, values: (string | null)[]): string | null {
    for (let i = 0; i < values.length; i++) if (blank(values[i])) values[i] = null;
    return joinParts(PII_TYPES[c.typeIndex] as SplitType, c.roles, values);
  }

  /** recordBytes for a joined column: its parts decoded, joined and checked as text; returns its mask bit or 0. */
  private joinedBytes(t: CompiledTable, c: CompiledColumn, buf: Uint8Array, offs: Int32Array, base: number, n: number): number {
    const raw = this.joinedRawBytes(c, buf, offs, base, n);
    if (blank(raw)) return 0;
    t.colNonNull[c.index] = (t.colNonNull[c.index] as number) + 1;
    t.colText[c.index] = (t.colText[c.index] as number) + 1;
    const val = this.checkText(c, raw);
    if (val === null) return 0;
    t.colValid[c.index] = (t.colValid[c.index] as number) + 1;
    return this.validBit(c, val);
  }

  /** A joined column's value from the fields of a byte-path record (null when a part it needs is missing). */
  private joinedRawBytes(c: CompiledColumn, buf: Uint8Array, offs: Int32Array, base: number, n: number): string | null {
    const parts = c.parts as Int32Array;
    const text = this.partText;
    text.length = parts.length;
    for (let i = 0; i < parts.length; i++) {
      const ix = parts[i] as number;
      const s = ix < n ? (offs[base + 2 * ix] as number) : 0;
      const e = ix < n ? (offs[base + 2 * ix + 1] as number) : 0;
      text[i] = e > s ? decodeField(buf, s, e) : null;
    }
    return this.joinValues(c, text);
  }

  /** recordBytes' non-null counts of a record taken back (a total row): the same tests as there. */
  private undoNonNullBytes(t: CompiledTable, buf: Uint8Array, offs: Int32Array, base: number, n: number): void {
    for (const c of t.columns) {
      let filled: boolean;
      if (c.parts !== null) filled = !blank(this.joinedRawBytes(c, buf, offs, base, n));
      else if (c.index >= n) filled = false;
      else {
        const s = offs[base + 2 * c.index] as number;
        const e = offs[base + 2 * c.index + 1] as number;
        filled = s !== e && !(e - s <= 12 && mayBeNullBytes(buf, s, e) && isShortNull(decodeField(buf, s, e)));
      }
      if (filled) t.colNonNull[c.index] = (t.colNonNull[c.index] as number) - 1;
    }
  }

  /** Every name column of the record is empty or holds a total word (合計 passes for a kanji name, Total for a romaji one). */
  private namesAreTotalWords(t: CompiledTable, field: (ix: number) => string | null): boolean {
    for (const c of t.columns) {
      if (c.parts !== null || !(c.anyScript || NAME_MASK & (1 << c.typeIndex))) continue;
      const v = field(c.index);
      if (!blank(v) && !isTotalWord(v)) return false;
    }
    return true;
  }

  /** The valid counts of a total row's name columns taken back (the only valid values it had). */
  private undoValidNames(t: CompiledTable, field: (ix: number) => string | null): void {
    for (const c of t.columns) {
      if (c.parts !== null || !(c.anyScript || NAME_MASK & (1 << c.typeIndex))) continue;
      const v = field(c.index);
      if (!blank(v) && (c.anyScript ? this.checkAnyName(v) : c.check(v)) !== null) t.colValid[c.index] = (t.colValid[c.index] as number) - 1;
    }
  }

  /** The header row again inside the data: not counted (nothing was), its line kept. */
  private skipHeaderRow(line: number): void {
    this.headerRows.count++;
    if (this.headerRows.lines.length < MAX_LINES_KEPT) this.headerRows.lines.push(line);
  }

  /** A row that is no record (a total, an empty row: skipped-rows.ts): its counting undone, its line kept in `into`. */
  private dropRow(t: CompiledTable, line: number, into: { count: number; lines: number[] }): void {
    this.records--;
    t.rows--;
    if (this.rowRagged) {
      this.raggedCount--;
      if (this.raggedLines[this.raggedLines.length - 1] === line) this.raggedLines.pop();
    }
    into.count++;
    if (into.lines.length < MAX_LINES_KEPT) into.lines.push(line);
  }

  /** A record's fields with its joined values after them, and the types to go with them (for the observer). */
  private withJoined(t: CompiledTable, fields: readonly (string | null)[], n: number): { fields: (string | null)[]; types: ColumnType[] } {
    const width = t.plan.header.length;
    const all: (string | null)[] = [];
    for (let i = 0; i < width; i++) all.push(i < n ? (fields[i] ?? null) : null);
    for (const c of t.columns) if (c.parts !== null) all[c.index] = this.joinedText(c, fields, n);
    return { fields: all, types: t.typesWithJoined };
  }

  private beginRecord(t: CompiledTable, n: number, line: number): void {
    this.records++;
    t.rows++;
    this.rowRagged = n !== t.plan.header.length && t.plan.fixedWidth;
    if (this.rowRagged) {
      this.raggedCount++;
      if (this.raggedLines.length < MAX_LINES_KEPT) this.raggedLines.push(line);
    }
    // a loop, not fill(): a builtin call per record cost more than the few stores; only the components a match key
    // uses are ever set (addTable)
    const count = this.compCount;
    const used = this.usedList;
    for (let i = 0; i < used.length; i++) count[used[i] as number] = 0;
  }

  private endRecord(mask: number): void {
    if (mask === 0) return; // a record with no personal data is no person (an order line, a product): no keys either
    // counted by mask: a file has few distinct masks, so most records cost one slot increment instead of a loop
    // over their ~9 type bits (the counts per type are made from the masks in flushMasks)
    const h = Math.imul(mask, 0x9e3779b1) >>> (32 - MASK_SLOT_BITS);
    if (this.maskKey[h] !== mask) {
      this.flushMask(h);
      this.maskKey[h] = mask;
    }
    this.maskCount[h] = (this.maskCount[h] as number) + 1;
    this.emitKeys();
  }

  /** Slot h's records into the per-type counts. */
  private flushMask(h: number): void {
    const n = this.maskCount[h] as number;
    if (n === 0) return;
    const mask = this.maskKey[h] as number;
    this.recordsWithPii += n;
    if (mask & NAME_MASK) this.recordsWithName += n;
    for (let m = mask; m !== 0; ) {
      const low = m & -m;
      const b = 31 - Math.clz32(low);
      this.byType[b] = (this.byType[b] as number) + n;
      m ^= low;
    }
    this.maskCount[h] = 0;
  }

  /** A column's check on text, through the column's cache when it is low-cardinality. */
  private checkText(c: CompiledColumn, raw: string): string | number | null {
    if (c.anyScript) return this.checkAnyName(raw);
    const cache = c.cache;
    if (cache === null) return c.check(raw);
    const hit = cache.get(raw) ?? (cache.has(raw) ? null : MISS);
    if (hit !== MISS) return hit as string | number | null;
    const val = c.check(raw);
    if (cache.size < CACHE_LIMIT) cache.set(raw, val);
    else if (++c.cacheMisses > CACHE_LIMIT) {
      c.cache = null; // the sample looked low-cardinality, the file is not
      c.interned = null;
    }
    return val;
  }

  /** A match-key component value given as text (a string, or a date number). */
  private componentText(c: CompiledColumn, val: string | number): void {
    this.componentAt(c.component, c.concat, val);
  }

  private componentAt(ci: number, concat: boolean, val: string | number): void {
    const lanes = this.lanes;
    const k = this.compCount[ci] as number;
    if (concat && k > 0) {
      lanes[0] = this.compA[ci * 4] as number;
      lanes[1] = this.compB[ci * 4] as number;
      if (this.collectKeys) hashUnits(val as string, lanes);
      this.compA[ci * 4] = lanes[0] as number;
      this.compB[ci * 4] = lanes[1] as number;
      if (this.observer !== null) (this.compText[ci] as (string | number)[])[0] = `${(this.compText[ci] as (string | number)[])[0] as string}${val as string}`;
      return;
    }
    if (k >= 4) return;
    if (!this.collectKeys) lanes[0] = lanes[1] = 0; // the lanes only feed the join partitions
    else if (typeof val === "number") numberLanes(val, lanes);
    else {
      lanes[0] = SEED_A;
      lanes[1] = SEED_B;
      hashUnits(val, lanes);
    }
    if (this.observer !== null) (this.compText[ci] as (string | number)[])[k] = val;
    this.compA[ci * 4 + k] = lanes[0] as number;
    this.compB[ci * 4 + k] = lanes[1] as number;
    this.compCount[ci] = k + 1;
  }

  /** A match-key component value given as its lanes (the byte path; a concatenated one continued from slot 0). */
  private componentLanes(c: CompiledColumn, a: number, b: number): void {
    const ci = c.component;
    const k = this.compCount[ci] as number;
    if (c.concat && k > 0) {
      this.compA[ci * 4] = a;
      this.compB[ci * 4] = b;
    } else if (k < 4) {
      this.compA[ci * 4 + k] = a;
      this.compB[ci * 4 + k] = b;
      this.compCount[ci] = k + 1;
    }
  }

  private countSource(v: string): void {
    const i = this.sources.get(v);
    if (i !== undefined) this.sourceCounts[i] = (this.sourceCounts[i] as number) + 1;
    else if (this.sources.size < MAX_SOURCE_VALUES) {
      this.sources.set(v, this.sourceCounts.length);
      this.sourceCounts.push(1);
    }
    else this.sourceOther++;
  }

  private emitKeys(): void {
    const count = this.compCount;
    const compA = this.compA;
    const compB = this.compB;
    const tmp = this.tmp;
    const record = this.records - 1;
    const specComp = this.specComp;
    const specOff = this.specOff;
    const nSpecs = specOff.length - 1;
    let m = 0;
    for (let si = 0; si < nSpecs; si++) {
      const from = specOff[si] as number;
      const to = specOff[si + 1] as number;
      // the cartesian product of the values of each component (almost always 1 × 1)
      let combos = 1;
      for (let j = from; j < to; j++) combos *= count[specComp[j] as number] as number;
      if (combos === 0) continue;
      if (combos === 1 && m < 16 && this.observer === null) {
        // the common case, one value per component: the same hash as below without the k-th combination's
        // arithmetic, the spec arrays or the text (measured: emitKeys was ~10 % of a record's time)
        let h1 = this.tag1[si] as number;
        let h2 = this.tag2[si] as number;
        for (let j = from; j < to; j++) {
          const c = (specComp[j] as number) * 4;
          h1 = mixWord(h1, compA[c] as number); // hash.hashLanes
          h2 = mixWord(h2, compB[c] as number);
        }
        if (this.collectKeys) {
          finishLanes(h1, h2, tmp, 0);
          this.keyParts.add(tmp[0] as number, tmp[1] as number, record);
        }
        m++;
        continue;
      }
      for (let k = 0; k < combos && m < 16; k++) {
        let h1 = this.tag1[si] as number;
        let h2 = this.tag2[si] as number;
        let rest = k;
        let text = this.observer !== null ? `${this.specNames[si] as string}\u0000` : null;
        for (let j = from; j < to; j++) {
          const c = specComp[j] as number;
          const nv = count[c] as number;
          let v = 0;
          if (nv > 1) {
            // several values of one component (rare): the k-th combination
            v = rest % nv;
            rest = (rest / nv) | 0;
          }
          const a = compA[c * 4 + v] as number;
          const b = compB[c * 4 + v] as number;
          h1 = mixWord(h1, a); // hash.hashLanes
          h2 = mixWord(h2, b);
          if (text !== null) {
            const x = (this.compText[c] as (string | number)[])[v] as string | number;
            text += j === from ? String(x) : `\u001f${x}`;
          }
        }
        if (text !== null) {
          this.keyTexts.push(text);
          this.keyKinds.push(si);
        }
        if (this.collectKeys) {
          finishLanes(h1, h2, tmp, 0);
          this.keyParts.add(tmp[0] as number, tmp[1] as number, record);
        }
        m++;
      }
    }
    if (m === 0) this.recordsWithoutKeys++;
  }

  /** A passport by the lanes of its normal form and its first letter. */
  private notePassport(la: number, lb: number, letter: number, issue: number, expiry: number): void {
    hashStart(0x5a);
    hashLanes(la, lb);
    hashFinish(this.tmp, 0);
    const a = this.tmp[0] as number;
    const b = this.tmp[1] as number;
    const id = this.passportTable.idOf(a, b);
    if (id * PASSPORT_WORDS + PASSPORT_WORDS > this.passportInfo.length) {
      const next = new Uint32Array(this.passportInfo.length * 2);
      next.set(this.passportInfo);
      this.passportInfo = next;
    }
    const o = id * PASSPORT_WORDS;
    const info = this.passportInfo;
    if (this.passportTable.created) {
      info[o] = a;
      info[o + 1] = b;
      info[o + 2] = letter;
      info[o + 3] = issue;
      info[o + 4] = expiry;
    } else {
      if (issue > (info[o + 3] as number)) info[o + 3] = issue;
      if (expiry > (info[o + 4] as number)) info[o + 4] = expiry;
    }
  }

  /** The counts and the key partitions (call once, at the end). */
  export(): TallyState {
    for (let h = 0; h < this.maskCount.length; h++) this.flushMask(h);
    return {
      records: this.records,
      recordsWithPii: this.recordsWithPii,
      recordsWithName: this.recordsWithName,
      recordsWithoutKeys: this.recordsWithoutKeys,
      byType: Array.from(this.byType),
      columns: [...this.tables.values()].map((t) => ({ table: t.plan.table, rows: t.rows, nonNull: Array.from(t.colNonNull), valid: Array.from(t.colValid), text: Array.from(t.colText) })),
      sources: [...this.sources].map(([k, i]) => [k, this.sourceCounts[i] as number]),
      sourceOther: this.sourceOther,
      ragged: { count: this.raggedCount, lines: this.raggedLines },
      totals: this.totals,
      emptyRows: this.emptyRows,
      headerRows: this.headerRows,
      passports: this.passportInfo.slice(0, this.passportTable.size * PASSPORT_WORDS),
      keys: this.keyParts.export(),
    };
  }
}
