/** Public types of the scan engine. */

export const PII_TYPES = [
  "name_kanji",
  "name_kana",
  "name_romaji",
  "sex",
  "birth_date",
  "email",
  "phone",
  "postal_code",
  "address",
  "passport_number",
  "passport_issue_date",
  "my_number",
  "corporate_number",
  "card_number",
  "bank_account",
  "drivers_licence",
  "ip_address",
  // appended, not inserted: the registry stores a person's items as a bit mask over this list
  "passport_expiry_date",
] as const;
export type PiiType = (typeof PII_TYPES)[number];

/** A set of PII types as a bit mask (bit i: PII_TYPES[i]), and back: how a person's leaked items travel and are stored. */
export const PII_BIT: ReadonlyMap<string, number> = new Map(PII_TYPES.map((t, i) => [t, 1 << i]));
export const piiMask = (types: readonly string[]): number => types.reduce((m, t) => m | (PII_BIT.get(t) ?? 0), 0);
export const piiTypesOf = (mask: number): PiiType[] => PII_TYPES.filter((_, i) => (mask & (1 << i)) !== 0);
/** Column types: a PII type, or a column that matters for the scan without being personal data. */
export type ColumnType = PiiType | "date" | "source" | "free_text" | "other" | "empty";

export type Format = "csv" | "jsonl" | "sql" | "xlsx" | "html" | "spreadsheetml";
export type Encoding = "utf-8" | "shift_jis" | "euc-jp" | "utf-16le" | "utf-16be";

export type { Diagnostic, Message } from "../common/diagnostics.js";
import type { Diagnostic } from "../common/diagnostics.js";
import type { DateOrder } from "./era.js";

export interface ColumnProfile {
  index: number;
  name: string;
  table: string;
  type: ColumnType;
  /** 0..1 */
  confidence: number;
  /** why: "header", "values", "header+values", "option" */
  basis: string;
  /** what decided, in order of weight (header keyword, value share, neighbours, repetition, dictionaries); never a value */
  evidence: string[];
  /** sample: share of non-null values that validate as the type */
  sampleMatchShare: number;
  sampleSize: number;
  /** sample: distinct / non-null */
  sampleUniqueness: number;
  /** full scan */
  nonNull: number;
  nulls: number;
  valid: number;
  /** masked examples (never raw) */
  maskedSamples: string[];
  /**
   * A value written over several columns (split-columns.ts): the columns whose values, joined, are this column's
   * (a birth date in 生年, 生月, 生日), each with its part. Such a column's index follows the table's own columns.
   */
  parts?: { column: number; part: SplitPart }[];
  /** a name column whose values are in several scripts (a guest register's kanji and romaji names): each counts in its own */
  mixedScripts?: boolean;
  /**
   * a column of notes (free text, other): the personal data its sample's values hold inside their text, by kind, with
   * how many values (embedded.ts)
   */
  embedded?: { type: PiiType; values: number }[];
  /** a date column written day/month/year: its order, read from the values that are not in doubt (era.dateOrderOf) */
  dateOrder?: DateOrder;
  /** a date column written as Excel serial day numbers (25583 = 1970-01-15), read so (era.excelSerialDate) */
  dateSerial?: boolean;
  /** a column of login credentials (its header names passwords): password hashes or passwords as typed (credentials.ts) */
  credentials?: "hashes" | "plain";
  /**
   * a phone or e-mail column others share — by its header (勤務先, 緊急連絡先, FAX: registry.namesASharedLine), or by its
   * values (the booker's e-mail on each guest's row: the same value beside different people in the sample) — counted,
   * in no match key
   */
  sharedContact?: boolean;
}

/** What a column holds of a value written over several (split-columns.ts). */
export type SplitPart = "year" | "month" | "day" | "prefecture" | "city" | "street" | "building" | "area" | "exchange" | "subscriber" | "postal_upper" | "postal_lower";

/** A match key: the components that, all present and valid in one record, identify one person. */
export type KeyComponent = "email" | "kana" | "kanji" | "romaji" | "phone" | "birth" | "passport" | "my_number";
/** Each key component and the column type its values come from (the scan, the CLI and look-ups share this). */
export const KEY_COMPONENT_TYPE: Readonly<Record<KeyComponent, PiiType>> = {
  email: "email", kana: "name_kana", kanji: "name_kanji", romaji: "name_romaji", phone: "phone", birth: "birth_date",
  passport: "passport_number", my_number: "my_number",
};
export const KEY_COMPONENTS = Object.keys(KEY_COMPONENT_TYPE) as KeyComponent[];
export type MatchKey = KeyComponent[];
export const DEFAULT_MATCH_KEYS: MatchKey[] = [["email"], ["kana", "birth"], ["phone", "birth"]];

export interface PassportRule {
  /** first letter → validity in years */
  yearsByPrefix: Record<string, number>;
}
export const DEFAULT_PASSPORT_RULE: PassportRule = { yearsByPrefix: { T: 10, M: 5 } };

export interface ScanOptions {
  format?: Format;
  encoding?: Encoding;
  delimiter?: string;
  /** true/false forces; undefined = detect */
  header?: boolean;
  /** yyyymmdd; default today */
  referenceDate?: number;
  matchKeys?: MatchKey[];
  passportRule?: PassportRule;
  /** worker threads (1 = in-process) */
  threads?: number;
  /** name of the column to count by (e.g. site); default: detected */
  sourceColumn?: string;
  /** rows sampled per table for classification */
  sampleRows?: number;
  /** force column types by column name */
  columnTypes?: Record<string, ColumnType>;
  /** longest record kept in memory, in characters; longer ones are skipped with a warning */
  maxRecordChars?: number;
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** size of one byte range for worker threads (default: file size / (16 × threads), at least 1 MB) */
  rangeBytes?: number;
  /** read CSV as decoded text with the string parser and checks (the reference the byte path is tested against) */
  textPath?: boolean;
}

export interface PassportCounts {
  distinct: number;
  valid: number;
  expired: number;
  /** a number with no issue date, or an unknown first letter whose validity depends on the book type */
  unknown: number;
  /** passports with no issue date */
  withoutIssueDate: number;
  referenceDate: string;
  method: string;
}

export interface ScanResult {
  files: string[];
  format: Format;
  encoding: Encoding;
  compressed: boolean;
  bytes: number;
  records: number;
  /** records that carried at least one PII type */
  recordsWithPii: number;
  recordsByType: Partial<Record<PiiType, number>>;
  /** records with any name script */
  recordsWithName: number;
  people: {
    count: number;
    /** records that had no match key; each counted as one person */
    recordsWithoutKeys: number;
    matchKeys: string[];
    method: string;
  };
  passports: PassportCounts;
  bySource?: { column: string; records: Record<string, number>; otherValues: number };
  columns: ColumnProfile[];
  flags: {
    /** 要配慮個人情報: the scanner cannot see categories of content, so this flag is raised only for free-text columns */
    possiblySensitive: boolean;
    /** e-mail addresses, phone numbers, addresses or names with an honorific inside a column of notes (ColumnProfile.embedded) */
    personalDataInText: boolean;
    /** 財産的被害: card numbers (APPI Art. 7 (2)) */
    financialDamage: boolean;
    /** login credentials: a column of passwords or password hashes (ColumnProfile.credentials; Rules Art. 7 (2) for a service that can pay or send money) */
    loginCredentials: boolean;
    myNumber: boolean;
    /** 個人識別符号 present (passport, My Number, licence) */
    identificationCodes: boolean;
    /** reportable by size: > 1,000 people */
    over1000People: boolean;
  };
  diagnostics: Diagnostic[];
  timings: { seconds: number; mbPerSecond: number; recordsPerSecond: number; threads: number; peakRssMb: number };
}
