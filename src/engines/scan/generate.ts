/**
 * Synthetic JTB-like data with known ground truth. People are built so that every record of one person shares
 * at least one default match key with another of that person's records (some only transitively: a second
 * e-mail linked through a second phone), no two people share any key, and a known number of people carry no
 * key at all. Passports: a given number of distinct numbers, a given number valid at the reference date,
 * including the exact 5- and 10-year boundary days.
 *
 * Records 0..P-1 are one per person; the duplicates (another script, another e-mail, other formats) follow, so
 * that records of one person are far apart in the file, as in a real merged export.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { addYears, ERAS } from "./era.js";
import { encodeShiftJis } from "./encode-sjis.js";
import { DOMAINS, FAMILY_NAMES, GIVEN_NAMES, PLACES, SITES } from "./names.js";
import type { PiiType } from "./types.js";

/** json: an API response, `{"total":…,"data":{"customers":[…]}}`, pretty-printed (records over several lines) */
export type GenFormat = "csv" | "tsv" | "jsonl" | "json" | "sql-copy" | "sql-insert-mysql" | "sql-insert-pg";
export interface GenerateOptions {
  records: number;
  people: number;
  passports: number;
  validPassports: number;
  /** yyyymmdd */
  referenceDate: number;
  format?: GenFormat;
  encoding?: "utf-8" | "shift_jis";
  gzip?: boolean;
  /** one person in this many has no match key at all */
  keylessEvery?: number;
  /** put a line break inside a quoted address every N records (CSV) */
  newlineEvery?: number;
  /**
   * Share of the first records' values written in each other way real files use (e.g. 0.02: 2 % per kind): kana
   * half-width or in hiragana; birth and issue dates in 和暦, 年月日 or full-width digits; e-mails full-width,
   * capitalised or padded with spaces; postal codes full-width, without the hyphen or after 〒; phones without
   * hyphens, with +81, full-width or with the area code in parentheses; addresses with full-width block numbers or a
   * building after an ideographic space; sex in English (male, Female) or padded ("M "); passports full-width or in
   * lower case. Every variant normalises to the same value, so the truth is unchanged.
   */
  dirt?: number;
}

export interface GroundTruth {
  records: number;
  people: number;
  recordsWithName: number;
  recordsByType: Partial<Record<PiiType, number>>;
  passports: { distinct: number; valid: number; expired: number; referenceDate: number };
  bySource: Record<string, number>;
  keylessPeople: number;
}

export const JTB: Readonly<Omit<GenerateOptions, "format">> = {
  records: 7_930_000,
  people: 6_788_443,
  passports: 9_154,
  validPassports: 4_300,
  referenceDate: 20160614,
};

export const HEADER = ["氏名", "氏名カナ", "氏名ローマ字", "性別", "生年月日", "メールアドレス", "郵便番号", "住所", "電話番号", "旅券番号", "旅券取得日", "サイト"];
const TYPES: (PiiType | null)[] = ["name_kanji", "name_kana", "name_romaji", "sex", "birth_date", "email", "postal_code", "address", "phone", "passport_number", "passport_issue_date", null];

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
/** A multiplier coprime with n, near the wanted value: i → i*m mod n is then a bijection on [0, n). */
function coprime(n: number, want: number): number {
  let m = want % n || 1;
  while (gcd(m, n) !== 1) m++;
  return m;
}
/** i*m mod n without losing precision above 2^53. */
const mulmod = (i: number, m: number, n: number): number => Number((BigInt(i) * BigInt(m)) % BigInt(n));
const mulmodSmall = (i: number, m: number, n: number): number => (i * m < Number.MAX_SAFE_INTEGER ? (i * m) % n : mulmod(i, m, n));

function ymdFromDays(days: number): number {
  const d = new Date(days * 86400000);
  return d.getUTCFullYear() * 10000 + (d.getUTCMonth() + 1) * 100 + d.getUTCDate();
}
function daysOf(ymd: number): number {
  return Date.UTC(Math.floor(ymd / 10000), (Math.floor(ymd / 100) % 100) - 1, ymd % 100) / 86400000;
}
export const iso = (n: number): string => `${Math.floor(n / 10000)}-${String(Math.floor(n / 100) % 100).padStart(2, "0")}-${String(n % 100).padStart(2, "0")}`;
export const slashes = (n: number): string => `${Math.floor(n / 10000)}/${Math.floor(n / 100) % 100}/${n % 100}`;
export function wareki(n: number): string {
  let era = ERAS[0]!;
  for (const e of ERAS) if (n >= e.start) era = e;
  const y = Math.floor(n / 10000) - Math.floor(era.start / 10000) + 1;
  return `${era.name}${y === 1 ? "元" : y}年${Math.floor(n / 100) % 100}月${n % 100}日`;
}
export const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
export const hiragana = (s: string): string => s.replace(/[\u30a1-\u30f6]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0x60));
let halfMap: Map<string, string> | null = null;
export function halfWidthKana(s: string): string {
  if (!halfMap) {
    halfMap = new Map();
    for (let c = 0xff66; c <= 0xff9d; c++) {
      const h = String.fromCharCode(c);
      halfMap.set(h.normalize("NFKC"), h);
      for (const mark of ["\uff9e", "\uff9f"]) {
        const f = (h + mark).normalize("NFKC");
        if (f.length === 1) halfMap.set(f, h + mark);
      }
    }
    halfMap.set("ー", "ｰ");
    halfMap.set(" ", " ");
  }
  let out = "";
  for (const ch of s) out += halfMap.get(ch) ?? ch;
  return out;
}

interface Person {
  family: (typeof FAMILY_NAMES)[number];
  given: (typeof GIVEN_NAMES)[number];
  birth: number;
  email: string;
  phone: string;
  passport: string | null;
  issue: number;
  place: (typeof PLACES)[number];
  site: number;
}

/** The row generator: calls `row` for every record in file order and returns the ground truth. */
export function generateRows(o: GenerateOptions, row: (fields: string[]) => void): GroundTruth {
  if (o.people > o.records || o.records - o.people > 2 * o.people) throw new Error("records must be between people and 3 × people");
  if (o.passports > o.people || o.validPassports > o.passports) throw new Error("bad passport counts");
  // unique kana per family / given entry, and no concatenation that two splits could produce alike
  const fam = [...new Map(FAMILY_NAMES.map((f) => [f[1], f])).values()];
  const givenAll = [...new Map(GIVEN_NAMES.map((g) => [g[1], g])).values()];
  const seen = new Set<string>();
  const given = givenAll.filter((g) => fam.every((f) => !seen.has(f[1] + g[1])) && (fam.forEach((f) => seen.add(f[1] + g[1])), true));
  const firstDay = daysOf(19300101);
  const DAYS = daysOf(20041231) - firstDay + 1;
  const N = fam.length * given.length * DAYS;
  if (o.people > N) throw new Error("too many people for the name space");
  const A = coprime(N, 2_654_435_761);
  const P = o.people;
  const B = coprime(200_000_000, 48_271 * 7);
  const E = coprime(36 ** 6, 1_103_515_245);
  const C = coprime(P, 40_503 * 101);
  const DUPS = o.records - P;
  const HALF = Math.ceil(DUPS / 2);
  const DM = coprime(P, 69_069 * 13);
  const keylessCount = o.keylessEvery ? Math.min(P - HALF, Math.floor(P / o.keylessEvery)) : 0;
  const keyless = new Set<number>();
  for (let j = HALF; j < HALF + keylessCount; j++) keyless.add(mulmodSmall(j, DM, P));
  const ref = o.referenceDate;
  const refDays = daysOf(ref);

  const person = (i: number): Person => {
    const x = mulmod(i, A, N);
    const nameIdx = x % (fam.length * given.length);
    const day = Math.floor(x / (fam.length * given.length));
    const f = fam[nameIdx % fam.length]!;
    const g = given[Math.floor(nameIdx / fam.length)]!;
    const q = mulmodSmall(i, B, 200_000_000);
    const phone = `${q < 100_000_000 ? "090" : "080"}${String(q % 100_000_000).padStart(8, "0")}`;
    const id = mulmodSmall(i, E, 36 ** 6).toString(36).padStart(6, "0");
    const email = `${g[2].toLowerCase()}.${f[2].toLowerCase()}.${id}@${DOMAINS[i % DOMAINS.length]}`;
    const j = mulmodSmall(i, C, P);
    let passport: string | null = null;
    let issue = 0;
    if (j < o.passports) {
      const valid = j < o.validPassports;
      const k = valid ? j : j - o.validPassports;
      let letter = k % 10 < 7 ? "T" : "M";
      // boundary cases: the last valid day and the first expired day of both book types
      if (k === 0) letter = "T";
      if (k === 1) letter = "M";
      const years = letter === "T" ? 10 : 5;
      const boundary = addYears(ref, -years); // issued on this day → expires on the reference day → still valid
      if (k <= 1) issue = valid ? boundary : ymdFromDays(daysOf(boundary) - 1);
      else if (valid) issue = ymdFromDays(refDays - ((k * 37) % (years === 10 ? 3640 : 1820)));
      else issue = ymdFromDays(daysOf(boundary) - 1 - ((k * 53) % 4000));
      passport = `${letter}${String.fromCharCode(65 + ((j * 7) % 26))}${String((j * 7919 + 1_234_567) % 10_000_000).padStart(7, "0")}`;
    }
    return { family: f, given: g, birth: ymdFromDays(firstDay + day), email, phone, passport, issue, place: PLACES[i % PLACES.length]!, site: i % SITES.length };
  };
  const phone2 = (i: number): string => `070${String(mulmodSmall(i, B, 100_000_000)).padStart(8, "0")}`;
  const email2 = (p: Person, i: number): string => `${p.family[2].toLowerCase()}${mulmodSmall(i, E, 36 ** 6).toString(36)}@alt.${DOMAINS[(i + 3) % DOMAINS.length]}`;
  const fmtPhone = (d: string): string => `${d.slice(0, 3)}-${d.slice(3, 7)}-${d.slice(7)}`;

  const truth: GroundTruth = {
    records: 0,
    people: P,
    recordsWithName: 0,
    recordsByType: {},
    passports: { distinct: o.passports, valid: o.validPassports, expired: o.passports - o.validPassports, referenceDate: ref },
    bySource: {},
    keylessPeople: keyless.size,
  };
  const counts = new Array<number>(TYPES.length).fill(0);
  const emit = (fields: string[]): void => {
    truth.records++;
    for (let c = 0; c < TYPES.length; c++) if (fields[c] !== "") counts[c]!++;
    if (fields[0] !== "" || fields[1] !== "" || fields[2] !== "") truth.recordsWithName++;
    const site = fields[11] as string;
    truth.bySource[site] = (truth.bySource[site] ?? 0) + 1;
    row(fields);
  };
  const block = (i: number): string => `${1 + (i % 5)}-${1 + (i % 20)}-${1 + (i % 30)}`;
  // dirt: kind k of record i is written the other way when a hash of (i, k) falls under the share
  const dirtCut = Math.round((o.dirt ?? 0) * 0x10000);
  const dirty = (i: number, k: number): boolean => dirtCut > 0 && (Math.imul(i ^ Math.imul(k, 0x9e3779b1), 0x85ebca77) >>> 16) < dirtCut;
  const variant = (i: number, base: number, n: number): number => {
    for (let k = 0; k < n; k++) if (dirty(i, base + k)) return k + 1;
    return 0;
  };
  const dirtyDate = (i: number, base: number, n: number): string => {
    switch (variant(i, base, 3)) {
      case 1:
        return wareki(n);
      case 2:
        return `${Math.floor(n / 10000)}年${Math.floor(n / 100) % 100}月${n % 100}日`;
      case 3:
        return fullWidth(iso(n));
      default:
        return iso(n);
    }
  };
  const dirtyKana = (i: number, kana: string): string => [kana, halfWidthKana(kana), hiragana(kana)][variant(i, 10, 2)] as string;
  const capitalise = (e: string): string => e.replace(/(^|[.@])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());
  const dirtyEmail = (i: number, e: string): string => [e, fullWidth(e), capitalise(e), `${e}  `][variant(i, 20, 3)] as string;
  const dirtyPostal = (i: number, p: string): string => [p, fullWidth(p).replace("-", "－"), p.replace("-", ""), `〒${p}`][variant(i, 30, 3)] as string;
  const dirtyPhone = (i: number, d: string): string =>
    [fmtPhone(d), d, `+81-${d.slice(1, 3)}-${d.slice(3, 7)}-${d.slice(7)}`, fullWidth(fmtPhone(d)).replace(/－/g, "ー"), `(${d.slice(0, 3)})${d.slice(3, 7)}-${d.slice(7)}`][
      variant(i, 40, 4)
    ] as string;
  // block numbers in full width, a building after an ideographic space
  const dirtyAddress = (i: number, place: string, blk: string): string => [`${place}${blk}`, `${place}${fullWidth(blk)}`, `${place}${blk}\u3000サンハイツ${101 + (i % 9)}`][variant(i, 70, 2)] as string;
  // English spellings in any case; a CHAR(n) column's padding
  const dirtySex = (i: number, male: boolean, i3: boolean): string =>
    [male ? (i3 ? "男性" : "男") : i3 ? "女性" : "女", male ? "male" : "Female", male ? "M " : "F "][variant(i, 80, 2)] as string;
  const dirtyPassport = (i: number, p: string): string => [p, fullWidth(p), p.toLowerCase()][variant(i, 50, 2)] as string;

  for (let i = 0; i < P; i++) {
    const p = person(i);
    const kl = keyless.has(i);
    const nl = o.newlineEvery && i % o.newlineEvery === 7;
    emit([
      `${p.family[0]} ${p.given[0]}`,
      kl ? "" : dirtyKana(i, `${p.family[1]} ${p.given[1]}`),
      i % 10 === 3 ? "" : `${p.family[2]} ${p.given[2]}`,
      dirtySex(i, p.given[3] === "M", i % 3 === 0),
      dirtyDate(i, 0, p.birth),
      kl ? "" : dirtyEmail(i, p.email),
      i % 17 === 5 ? "" : dirtyPostal(i, p.place[0]),
      i % 17 === 5 ? "" : dirtyAddress(i, `${p.place[1]}${nl ? "\n" : ""}`, block(i)),
      kl ? "" : dirtyPhone(i, p.phone),
      p.passport ? dirtyPassport(i, p.passport) : "",
      p.passport ? dirtyDate(i, 60, p.issue) : "",
      SITES[p.site]!,
    ]);
  }
  for (let k = 0; k < DUPS; k++) {
    const i = mulmodSmall(k >> 1, DM, P);
    const p = person(i);
    const site = SITES[(p.site + 1 + (k & 1)) % SITES.length]!;
    if ((k & 1) === 0) {
      // another script and other formats; links by e-mail (and kana + birth); brings a second phone
      const kana = `${p.family[1]} ${p.given[1]}`;
      emit([
        `${p.family[0]}\u3000${p.given[0]}`,
        k % 4 === 0 ? hiragana(kana) : halfWidthKana(kana),
        "",
        p.given[3],
        k % 3 === 0 ? wareki(p.birth) : `${Math.floor(p.birth / 10000)}年${Math.floor(p.birth / 100) % 100}月${p.birth % 100}日`,
        k % 6 === 0 ? fullWidth(p.email) : p.email.toUpperCase(),
        "",
        "",
        fmtPhone(phone2(i)),
        p.passport ? p.passport.toLowerCase() : "",
        p.passport ? slashes(p.issue) : "",
        site,
      ]);
    } else {
      // romaji only, a second e-mail: linked to the person only through the second phone + birth date
      emit([
        "",
        "",
        `${p.given[2][0]}${p.given[2].slice(1).toLowerCase()} ${p.family[2][0]}${p.family[2].slice(1).toLowerCase()}`,
        "",
        slashes(p.birth),
        email2(p, i),
        p.place[0].replace("-", ""),
        p.place[1],
        `+81 ${phone2(i).slice(1, 3)}-${phone2(i).slice(3, 7)}-${phone2(i).slice(7)}`,
        "",
        "",
        site,
      ]);
    }
  }
  TYPES.forEach((t, c) => {
    if (t && (counts[c] ?? 0) > 0) truth.recordsByType[t] = counts[c]!;
  });
  return truth;
}

const csvField = (s: string, d: string): string => (s.includes(d) || s.includes('"') || s.includes("\n") ? `"${s.replace(/"/g, '""')}"` : s);
const copyField = (s: string): string => (s === "" ? "\\N" : s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n"));
const mysqlString = (s: string): string => (s === "" ? "NULL" : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n")}'`);
const pgString = (s: string): string => (s === "" ? "NULL" : `'${s.replace(/'/g, "''")}'`);
const COLS = ["name_kanji", "name_kana", "name_romaji", "sex", "birth_date", "email", "postal_code", "address", "phone", "passport_no", "passport_issued", "site"];

/**
 * Write a generated file; returns the ground truth. Synchronous writes in 4 MB pieces (the generator is a
 * plain loop); with gzip each piece is one gzip member, which every gunzip reads as one stream.
 */
export async function generateFile(path: string, o: GenerateOptions): Promise<GroundTruth> {
  const format = o.format ?? "csv";
  const encode = o.encoding === "shift_jis" ? encodeShiftJis : (s: string) => Buffer.from(s, "utf8");
  const fd = openSync(path, "w");
  let buf: string[] = [];
  let size = 0;
  const flush = (): void => {
    if (buf.length === 0) return;
    const bytes = encode(buf.join(""));
    writeSync(fd, o.gzip ? gzipSync(bytes, { level: 1 }) : bytes);
    buf = [];
    size = 0;
  };
  const push = (s: string): void => {
    buf.push(s);
    size += s.length;
    if (size > 4 << 20) flush();
  };
  try {
    if (format === "csv" || format === "tsv") push(HEADER.join(format === "tsv" ? "\t" : ",") + "\n");
    if (format === "sql-copy") push(`-- generated by sokuho\nSET standard_conforming_strings = on;\nCREATE TABLE public.customers (\n${COLS.map((c) => `    ${c} text`).join(",\n")}\n);\n\nCOPY public.customers (${COLS.join(", ")}) FROM stdin;\n`);
    if (format === "sql-insert-mysql") push(`/*!40101 SET NAMES utf8mb4 */;\nCREATE TABLE \`customers\` (\n${COLS.map((c) => `  \`${c}\` varchar(255) DEFAULT NULL`).join(",\n")},\n  PRIMARY KEY (\`name_kanji\`)\n) ENGINE=InnoDB;\n`);
    if (format === "sql-insert-pg") push(`CREATE TABLE customers (${COLS.map((c) => `${c} text`).join(", ")});\n`);
    if (format === "json") push(`{\n  "total": ${o.records},\n  "data": {\n    "customers": [`);
    let n = 0;
    const truth = generateRows(o, (f) => {
      n++;
      switch (format) {
        case "csv":
          push(f.map((s) => csvField(s, ",")).join(",") + "\n");
          break;
        case "tsv":
          push(f.map((s) => csvField(s, "\t")).join("\t") + "\n");
          break;
        case "jsonl":
          push(JSON.stringify(Object.fromEntries(HEADER.map((h, i) => [h, f[i]]).filter(([, v]) => v !== ""))) + "\n");
          break;
        case "json":
          push(`${n > 1 ? "," : ""}\n      ${JSON.stringify(Object.fromEntries(HEADER.map((h, i) => [h, f[i] === "" ? null : f[i]])), null, 2).replace(/\n/g, "\n      ")}`);
          break;
        case "sql-copy":
          push(f.map(copyField).join("\t") + "\n");
          break;
        case "sql-insert-mysql":
          push(`${n % 500 === 1 ? "INSERT INTO `customers` VALUES " : ","}(${f.map(mysqlString).join(",")})${n % 500 === 0 ? ";\n" : ""}`);
          break;
        case "sql-insert-pg":
          push(`INSERT INTO customers (${COLS.join(", ")}) VALUES (${f.map(pgString).join(", ")});\n`);
          break;
      }
    });
    if (format === "sql-insert-mysql" && n % 500 !== 0) push(";\n");
    if (format === "sql-copy") push("\\.\n");
    if (format === "json") push("\n    ]\n  }\n}\n");
    flush();
    return truth;
  } finally {
    closeSync(fd);
  }
}
