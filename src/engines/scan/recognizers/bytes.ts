/**
 * Value checks on UTF-8 bytes, for the worker path (parsers/csv-bytes.ts): most values in dumps are ASCII or plain
 * kana and kanji, and checking them in place avoids decoding a string per field. Each check decides only the
 * shapes it knows completely, and then gives exactly the verdict of its string twin in values.ts (and, for match-key
 * components, the same hash lanes as hashing the twin's normal form: hash.ts); for anything else it answers
 * UNKNOWN and the caller decodes the field and asks the string check. `bytes.test.ts` compares the two on random
 * values. Hand-written loops, not regexes, because they run per field (measurements in docs/scan.md).
 *
 * Input: valid UTF-8 (the caller checks each chunk), a field [s, e) that holds whole characters.
 * `st` in/out: st[0], st[1] the value hash lanes (in: where to continue from; out: after the normal form),
 * st[2] a number (a date as yyyymmdd; a passport's first letter).
 */
import { ERAS, fromEra, ymd, type Era } from "../era.js";
import { MUL_A, MUL_B } from "../hash.js";
import { LOCAL_OK } from "./values.js";
import { PREFECTURES } from "./prefectures.js";
import { cardBrand, corporateNumberValid, isTestCard, licenceAuthorityKnown, luhnValid, myNumberValid } from "../validators/checkdigits.js";
import type { PiiType } from "../types.js";

// the hash steps below write hash.ts's multipliers as literals (V8 folds them; imported bindings are loads)
if (MUL_A !== 0x01000193 || MUL_B !== 0x5bd1e995) throw new Error("bytes.ts: hash multipliers differ from hash.ts");

export const UNKNOWN = -1;
export const INVALID = 0;
export const VALID = 1;
export type ByteCheck = (b: Uint8Array, s: number, e: number, st: Int32Array) => number;

/** UTF-16 units of the field being checked (decoded by decodeJa). */
const UNITS = new Uint16Array(512);

/**
 * Decode [s, e) into UNITS (UTF-16 units) as NFKC would leave them, for the characters of addresses: printable
 * ASCII; full-width digits, letters and signs (U+FF01–FF5E: 東京都品川区東品川１－１－１) as ASCII, U+3000 as a
 * space and half-width katakana as katakana, as NFKC folds them; kanji, kana and the other characters NFKC leaves
 * alone (nfkcStable). -1 for anything else (the caller answers UNKNOWN), so the check of the characters and the
 * decoding are one pass.
 */
function decodeAddress(b: Uint8Array, s: number, e: number): number {
  const units = UNITS;
  let n = 0;
  for (let i = s; i < e; ) {
    if (n === 512) return -1;
    const c = b[i] as number;
    if (c < 0x80) {
      if (c < 0x20 || c === 0x7f) return -1;
      units[n++] = c;
      i++;
      continue;
    }
    if (c < 0xe0 || c >= 0xf0 || i + 3 > e) return -1;
    const u = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
    if (u >= 0xff01 && u <= 0xff5e) units[n++] = u - 0xfee0;
    else if (u === 0x3000) units[n++] = 0x20;
    else if (u >= 0xff66 && u <= 0xff9d) {
      // half-width katakana (a building written by an older system: ｻﾝﾊｲﾂ)
      const k = halfWidthAt(b, i, e, u);
      if (k === 0) return -1;
      units[n++] = k;
      i += halfLen - 3;
    } else if (u === 0xff65) units[n++] = 0x30fb; // ･ → ・
    else if (nfkcStable(u)) units[n++] = u;
    else return -1;
    i += 3;
  }
  return n;
}

/** The normal form being built (code units), hashed by hashNorm. */
const NORM = new Uint16Array(512);
/** Continue the lanes st[0], st[1] with NORM[0..n) (the step of hash.hashUnits). */
function hashNorm(n: number, st: Int32Array): number {
  const norm = NORM;
  let ha = st[0] as number;
  let hb = st[1] as number;
  for (let i = 0; i < n; i++) {
    const c = norm[i] as number;
    ha = Math.imul(ha ^ c, 0x01000193);
    hb = Math.imul(hb ^ c, 0x5bd1e995);
    hb ^= hb >>> 13;
  }
  st[0] = ha;
  st[1] = hb;
  return VALID;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isKanji = (c: number): boolean => (c >= 0x4e00 && c <= 0x9fff) || c === 0x3005;
const isHiragana = (c: number): boolean => c >= 0x3041 && c <= 0x3096;
const isKatakana = (c: number): boolean => (c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc;

/**
 * What emailBytes needs to know of a byte, in one look-up: 1 a local-part character (values.LOCAL_OK), 2 a domain
 * label character in lower case (a–z 0–9 -), 0x20 an upper-case letter (OR-ing it in makes the letter lower case),
 * 0x80 a space, control or non-ASCII byte.
 */
const EMAIL_CLASS = Uint8Array.from({ length: 256 }, (_, c) => {
  if (c <= 0x20 || c >= 0x7f) return 0x80;
  const upper = c >= 0x41 && c <= 0x5a;
  const lower = upper ? c | 0x20 : c;
  return (LOCAL_OK[c] as number) | ((lower >= 0x61 && lower <= 0x7a) || isDigit(lower) || lower === 0x2d ? 2 : 0) | (upper ? 0x20 : 0);
});
/**
 * E-mail (values.email): printable ASCII and its full-width forms (NFKC makes them ASCII); the normal form is the
 * address in lower case. This is the common case only, a valid ASCII address: a loop over the local part and one
 * over the domain, each a class look-up a byte (EMAIL_CLASS; 220 → 95 ns a value on the bench file's e-mails with
 * few branches, → ~80 with the table). Anything else — a byte ≥ 0x80, an invalid character, a bad length — is
 * decided by emailBytesAny from the start.
 */
export function emailBytes(b: Uint8Array, s: number, e: number, st: Int32Array): number {
  const cls = EMAIL_CLASS;
  let ha = st[0] as number;
  let hb = st[1] as number;
  let ok = 1;
  let i = s;
  for (; i < e; i++) {
    let c = b[i] as number;
    if (c === 0x40) break;
    const k = cls[c] as number;
    if (k & 0x80) return emailBytesAny(b, s, e, st);
    ok &= k;
    c |= k & 0x20;
    ha = Math.imul(ha ^ c, 0x01000193);
    hb = Math.imul(hb ^ c, 0x5bd1e995);
    hb ^= hb >>> 13;
  }
  const at = i - s;
  if (i === e || at === 0 || at > 64 || ok === 0 || e - s > 254) return emailBytesAny(b, s, e, st);
  ha = Math.imul(ha ^ 0x40, 0x01000193);
  hb = Math.imul(hb ^ 0x40, 0x5bd1e995);
  hb ^= hb >>> 13;
  let dots = 0;
  let label = 0;
  for (i++; i < e; i++) {
    let c = b[i] as number;
    const k = cls[c] as number;
    c |= k & 0x20;
    ha = Math.imul(ha ^ c, 0x01000193);
    hb = Math.imul(hb ^ c, 0x5bd1e995);
    hb ^= hb >>> 13;
    if (k & 2) label++;
    else if (c === 0x2e) {
      if (label === 0) return emailBytesAny(b, s, e, st);
      dots++;
      label = 0;
    } else return emailBytesAny(b, s, e, st); // another character, a second @, a space or a byte >= 0x7f
  }
  if (dots === 0 || label < 2) return emailBytesAny(b, s, e, st);
  st[0] = ha;
  st[1] = hb;
  return VALID;
}

/** emailBytes for any value: one pass, the verdict kept until the end, since a later byte may make it UNKNOWN. */
function emailBytesAny(b: Uint8Array, s: number, e: number, st: Int32Array): number {
  const localOk = LOCAL_OK;
  const mulA = MUL_A;
  const mulB = MUL_B;
  let ha = st[0] as number;
  let hb = st[1] as number;
  let at = -1;
  let wide = 0; // bytes beyond one per character (the length limits count characters)
  let ok = true;
  let dots = 0;
  let label = 0;
  for (let i = s; i < e; i++) {
    let c = b[i] as number;
    if (c >= 0x80) {
      // full-width ASCII (U+FF01–FF5E, EF BC 81 – EF BD 9E): NFKC makes it ASCII; other characters: UNKNOWN
      if (c !== 0xef || i + 2 >= e) return UNKNOWN;
      const cp = 0xf000 | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
      if (cp < 0xff01 || cp > 0xff5e) return UNKNOWN;
      c = cp - 0xfee0;
      i += 2;
      wide += 2;
    }
    if (c <= 0x20 || c === 0x7f) return UNKNOWN; // spaces: trim decides
    // "name <address>", "mailto:", a note in brackets, a second address after ; or ,: the text check reads the address
    if (c === 0x3c || c === 0x3e || c === 0x3a || c === 0x3b || c === 0x2c || c === 0x28 || c === 0x29) return UNKNOWN;
    if (c >= 0x41 && c <= 0x5a) c |= 0x20;
    ha = Math.imul(ha ^ c, mulA);
    hb = Math.imul(hb ^ c, mulB);
    hb ^= hb >>> 13;
    if (at < 0) {
      if (c === 0x40) {
        at = i - s - wide;
        if (at === 0 || at > 64) ok = false;
      } else if (localOk[c] === 0) ok = false;
    } else if (c === 0x2e) {
      if (label === 0) ok = false;
      dots++;
      label = 0;
    } else if ((c >= 0x61 && c <= 0x7a) || isDigit(c) || c === 0x2d) label++;
    else ok = false; // a second @ too
  }
  if (!ok || at < 0 || dots === 0 || label < 2 || e - s - wide > 254) return INVALID;
  st[0] = ha;
  st[1] = hb;
  return VALID;
}

/** values.nationalPhone's test of n digits by their second and third: valid lengths and prefixes. */
const nationalOk = (n: number, d1: number, d2: number): boolean => (n === 10 ? d1 !== 0x30 && d2 !== 0x30 : n === 11 ? d1 >= 0x32 && d2 === 0x30 : false);
/** nationalOk over the digits in NORM[0..n); the lanes hash the digits. */
function nationalDigits(n: number, st: Int32Array): number {
  return nationalOk(n, NORM[1] as number, NORM[2] as number) ? hashNorm(n, st) : INVALID;
}
const MAX_DIGITS = 32;
/** Phone (values.phone): `0…` with hyphens or spaces, and `+81 …` (the country code dropped, a 0 put back). */
export function phoneBytes(b: Uint8Array, s: number, e: number, st: Int32Array): number {
  const norm = NORM;
  if (e === s) return UNKNOWN;
  let i = s;
  let n = 0;
  if (b[s] === 0x30 || b[s] === 0x28) {
    // the common shape: the digits hashed as they come (nationalDigits' test on the count and digits 2 and 3);
    // "(03)1234-5678" and "03.1234.5678" as values.phoneSlow reads them (digitsOf with " -.()", a leading 0)
    let ha = st[0] as number;
    let hb = st[1] as number;
    let d1 = 0;
    let d2 = 0;
    for (; i < e; i++) {
      const c = b[i] as number;
      if (isDigit(c)) {
        if (n === MAX_DIGITS) return INVALID;
        if (n === 0 && c !== 0x30) return UNKNOWN; // "(217) 555-0142": a foreign guest's number (values.phoneAny)
        if (n === 1) d1 = c;
        else if (n === 2) d2 = c;
        n++;
        ha = Math.imul(ha ^ c, 0x01000193);
        hb = Math.imul(hb ^ c, 0x5bd1e995);
        hb ^= hb >>> 13;
      } else if (c !== 0x2d && c !== 0x20 && c !== 0x2e && c !== 0x28 && c !== 0x29) return UNKNOWN;
    }
    // 010…: no Japanese number, maybe a Korean mobile (values.phoneAny)
    if (!nationalOk(n, d1, d2)) return d1 === 0x31 && d2 === 0x30 ? UNKNOWN : INVALID;
    st[0] = ha;
    st[1] = hb;
    return VALID;
  }
  // "+81", then at most one space or hyphen (values.phoneSlow's /^\(?\+?81\)?[\s-]?/), then digits and " -.()";
  // the digits get a leading 0 unless they have one
  if (b[s] !== 0x2b || e - s < 4 || b[s + 1] !== 0x38 || b[s + 2] !== 0x31) return UNKNOWN;
  i = s + 3;
  const sep = b[i] as number;
  if (sep === 0x29 || (sep >= 0x09 && sep <= 0x0d)) return UNKNOWN;
  if (sep === 0x20 || sep === 0x2d) i++;
  norm[0] = 0x30;
  n = 1;
  for (; i < e; i++) {
    const c = b[i] as number;
    if (isDigit(c)) {
      if (n === MAX_DIGITS) return INVALID;
      norm[n++] = c;
    } else if (c !== 0x20 && c !== 0x2d && c !== 0x2e && c !== 0x28 && c !== 0x29) return UNKNOWN;
  }
  if (n > 1 && norm[1] === 0x30) {
    norm.copyWithin(0, 1, n); // the digits had their 0
    n--;
  }
  return nationalDigits(n, st);
}

/** Up to `max` ASCII digits from b[i]: the value, and the end in NUM_END (-1 when there is none). */
let numEnd = 0;
function digitsAt(b: Uint8Array, i: number, e: number, max: number): number {
  let v = 0;
  let k = 0;
  while (k < max && i + k < e && isDigit(b[i + k] as number)) {
    v = v * 10 + (b[i + k] as number) - 0x30;
    k++;
  }
  numEnd = k === 0 ? -1 : i + k;
  return v;
}
/** 3-byte UTF-8 character at b[i] (as one number), or -1. */
const kanjiAt = (b: Uint8Array, i: number, e: number): number =>
  i + 2 < e && (b[i] as number) >= 0xe0 ? ((b[i] as number) << 16) | ((b[i + 1] as number) << 8) | (b[i + 2] as number) : -1;
const U8_YEAR = 0xe5b9b4; // 年
const U8_MONTH = 0xe69c88; // 月
const U8_DAY = 0xe697a5; // 日
const U8_GAN = 0xe58583; // 元
const isSep = (c: number): boolean => c === 0x2d || c === 0x2f || c === 0x2e;
/** Era by its first character (3 UTF-8 bytes as a number) and whether its second one follows. */
const ERA_FIRST = new Map<number, { era: Era; second: number }>();
const ERA_INITIAL = new Map<number, Era>();
const utf8Char = (ch: string): number => {
  const x = Buffer.from(ch, "utf8");
  return ((x[0] as number) << 16) | ((x[1] as number) << 8) | (x[2] as number);
}
for (const era of ERAS) {
  ERA_FIRST.set(utf8Char(era.name[0] as string), { era, second: utf8Char(era.name[1] as string) });
  ERA_INITIAL.set(era.initial.charCodeAt(0), era);
}
/** The kanji numerals of era.parseDate's patterns (〇一二三四五六七八九十) by their 3 bytes: the digit, 10 for 十. */
const KANJI_NUMERAL = new Map<number, number>([..."〇一二三四五六七八九十"].map((ch, k) => [utf8Char(ch), k]));
/**
 * A run of kanji numerals from b[i] read as era.kanjiNumber reads it (digit by digit, or with 十 the tens added:
 * 四十五 → 45, 十 → 10, 一九七〇 → 1970); at most `max` characters, 十 only when `ten`. The end in numEnd (-1: none).
 */
function kanjiNumeralsAt(b: Uint8Array, i: number, e: number, max: number, ten: boolean): number {
  let plain = 0;
  let total = 0;
  let cur = 0;
  let tens = false;
  let k = 0;
  for (; k < max; k++, i += 3) {
    const v = KANJI_NUMERAL.get(kanjiAt(b, i, e));
    if (v === undefined || (v === 10 && !ten)) break;
    if (v === 10) {
      tens = true;
      total += (cur || 1) * 10;
      cur = 0;
    } else {
      cur = v;
      plain = plain * 10 + v;
    }
  }
  numEnd = k === 0 ? -1 : i;
  return tens ? total + cur : plain;
}
/** A month, day or era year: 1–2 ASCII digits or kanji numerals (a run of up to 8); the end in numEnd. */
function numberAt(b: Uint8Array, i: number, e: number): number {
  const v = digitsAt(b, i, e, 2);
  return numEnd >= 0 ? v : kanjiNumeralsAt(b, i, e, 8, true);
}

/**
 * Month and day after the year part: sep1 (年 . / -), 1–2 digits, sep2 (月 . / -), 1–2 digits, an optional 日, the end.
 * Writes month * 100 + day to st[2] and returns VALID, or UNKNOWN for any other shape.
 */
function monthDay(b: Uint8Array, i: number, e: number, st: Int32Array): number {
  if (i < e && isSep(b[i] as number)) i++;
  else if (kanjiAt(b, i, e) === U8_YEAR) i += 3;
  else return UNKNOWN;
  const m = numberAt(b, i, e);
  if (numEnd < 0) return UNKNOWN;
  i = numEnd;
  if (i < e && isSep(b[i] as number)) i++;
  else if (kanjiAt(b, i, e) === U8_MONTH) i += 3;
  else return UNKNOWN;
  const d = numberAt(b, i, e);
  if (numEnd < 0) return UNKNOWN;
  i = numEnd;
  if (kanjiAt(b, i, e) === U8_DAY) i += 3;
  if (i !== e || m > 99 || d > 99) return UNKNOWN; // kanji numerals may say 二〇八: no month or day, and no room in m·100 + d
  st[2] = m * 100 + d;
  return VALID;
}

/**
 * Where a time after a date begins (era.parseDate's RE_SEIREKI suffix, after upper-casing: `[ T]H:MM`, then `:SS`
 * and a fraction, then `Z` or an offset, to the end), or -1. Database exports write birth dates as datetimes.
 */
function timeSuffixAt(b: Uint8Array, s: number, e: number): number {
  for (let q = s + 8; q < e; q++) {
    const c = b[q] as number;
    if (c !== 0x20 && c !== 0x54 && c !== 0x74) continue;
    let i = q + 1;
    let k = 0;
    while (k < 2 && i < e && isDigit(b[i] as number)) {
      i++;
      k++;
    }
    if (k === 0 || b[i] !== 0x3a || !isDigit(b[i + 1] as number) || !isDigit(b[i + 2] as number)) continue;
    i += 3;
    if (b[i] === 0x3a && isDigit(b[i + 1] as number) && isDigit(b[i + 2] as number)) {
      i += 3;
      if (b[i] === 0x2e && isDigit(b[i + 1] as number)) {
        i += 2;
        while (i < e && isDigit(b[i] as number)) i++;
      }
    }
    if (i < e && (b[i] === 0x5a || b[i] === 0x7a)) i++;
    else if (i < e && (b[i] === 0x2b || b[i] === 0x2d) && isDigit(b[i + 1] as number) && isDigit(b[i + 2] as number)) {
      i += 3;
      if (b[i] === 0x3a) i++;
      if (!isDigit(b[i] as number) || !isDigit(b[i + 1] as number)) continue;
      i += 2;
    }
    if (i === e) return q;
  }
  return -1;
}

/**
 * Dates (era.parseDate): `YYYYMMDD` in ASCII digits; `YYYY-M-D` with - / . or 年月日, also with a time after it;
 * 和暦 with an era name, its first character or its initial, 元 or digits; numbers in ASCII digits or kanji
 * numerals (昭和四十五年一月十五日, 一九七〇年一月十五日). Spaces inside are left to the string check.
 */
export function dateBytes(b: Uint8Array, s: number, e: number, st: Int32Array): number {
  const n = e - s;
  if (n >= 13 && n <= 40 && isDigit(b[s] as number) && !isDigit(b[s + 4] as number)) {
    // a datetime (1970-01-15 00:00:00, 1970-01-15T00:00:00Z): the date before the time, as a date of its own; only
    // a VALID one is taken (the string check reads the date part with the same rule, RE_SEIREKI)
    const q = timeSuffixAt(b, s, e);
    if (q > 0) return dateBytes(b, s, q, st) === VALID ? VALID : UNKNOWN;
  }
  if (n === 10 && isSep(b[s + 4] as number) && isSep(b[s + 7] as number)) {
    // YYYY-MM-DD (and / or .), most dates in dumps: the digits at fixed places, as the general path reads them
    const y0 = (b[s] as number) - 0x30;
    const y1 = (b[s + 1] as number) - 0x30;
    const y2 = (b[s + 2] as number) - 0x30;
    const y3 = (b[s + 3] as number) - 0x30;
    const m0 = (b[s + 5] as number) - 0x30;
    const m1 = (b[s + 6] as number) - 0x30;
    const d0 = (b[s + 8] as number) - 0x30;
    const d1 = (b[s + 9] as number) - 0x30;
    if ((y0 >>> 0) < 10 && (y1 >>> 0) < 10 && (y2 >>> 0) < 10 && (y3 >>> 0) < 10 && (m0 >>> 0) < 10 && (m1 >>> 0) < 10 && (d0 >>> 0) < 10 && (d1 >>> 0) < 10)
      return date(ymd(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1), st);
  }
  if (n < 6) return UNKNOWN;
  const y = digitsAt(b, s, e, 4);
  if (numEnd === s + 4) {
    if (n === 8) {
      const rest = digitsAt(b, s + 4, e, 4);
      if (numEnd === e) return date(ymd(y, Math.floor(rest / 100), rest % 100), st);
    }
    if (monthDay(b, s + 4, e, st) !== VALID) return UNKNOWN;
    const md = st[2] as number;
    return date(ymd(y, Math.floor(md / 100), md % 100), st);
  }
  // a year in four kanji digits (一九七〇年一月十五日)
  const ky = kanjiNumeralsAt(b, s, e, 4, false);
  if (numEnd === s + 12) {
    if (monthDay(b, s + 12, e, st) !== VALID) return UNKNOWN;
    const md = st[2] as number;
    return date(ymd(ky, Math.floor(md / 100), md % 100), st);
  }
  // 和暦
  let era: Era | undefined;
  let i = s;
  const first = ERA_FIRST.get(kanjiAt(b, s, e));
  if (first !== undefined) {
    era = first.era;
    i = s + 3;
    if (kanjiAt(b, i, e) === first.second) i += 3;
  } else {
    era = ERA_INITIAL.get(b[s] as number);
    i = s + 1;
  }
  if (era === undefined) return UNKNOWN;
  let ey: number;
  if (kanjiAt(b, i, e) === U8_GAN) {
    ey = 1;
    i += 3;
  } else {
    ey = numberAt(b, i, e);
    if (numEnd < 0) return UNKNOWN;
    i = numEnd;
  }
  if (monthDay(b, i, e, st) !== VALID) return UNKNOWN;
  const md = st[2] as number;
  return date(fromEra(era, ey, Math.floor(md / 100), md % 100), st);
}
function date(n: number | null, st: Int32Array): number {
  if (n === null) return INVALID;
  st[2] = n;
  return VALID;
}

/** Postal code (values.postalCode): `NNN-NNNN` or `NNNNNNN` in ASCII digits. */
export function postalCodeBytes(b: Uint8Array, s: number, e: number): number {
  // 〒 and the spaces after it (values.postalCode: /^〒\s*/, after NFKC: a U+3000 is met here as a folded space)
  if (b[s] === 0xe3 && b[s + 1] === 0x80 && b[s + 2] === 0x92 && e - s > 3) {
    s += 3;
    while (s < e && b[s] === 0x20) s++;
  }
  const n = e - s;
  if (n === 8 && b[s + 3] === 0x2d) {
    for (let i = s; i < e; i++) if (i !== s + 3 && !isDigit(b[i] as number)) return UNKNOWN;
    return VALID;
  }
  if (n !== 7) return UNKNOWN;
  for (let i = s; i < e; i++) if (!isDigit(b[i] as number)) return UNKNOWN;
  return VALID;
}

/**
 * Passport number (values.passportNumber), the Japanese form: ASCII letters and digits; the normal form is upper case.
 * Another shape of 6–9 letters and digits (a foreign passport's) goes to the string check.
 */
export function passportBytes(b: Uint8Array, s: number, e: number, st: Int32Array): number {
  const norm = NORM;
  for (let i = s; i < e; i++) {
    const c = (b[i] as number) & 0xdf; // letters to upper case (digits become 0x10–0x19)
    if (!((c >= 0x41 && c <= 0x5a) || isDigit(b[i] as number))) return UNKNOWN;
  }
  if (e - s !== 9) return e - s >= 6 && e - s < 9 ? UNKNOWN : INVALID;
  for (let i = 0; i < 9; i++) {
    const c = b[s + i] as number;
    if (i < 2 ? isDigit(c) : !isDigit(c)) return UNKNOWN;
  }
  for (let i = 0; i < 9; i++) norm[i] = i < 2 ? (b[s + i] as number) & 0xdf : (b[s + i] as number);
  st[2] = norm[0] as number;
  return hashNorm(9, st);
}

/**
 * Half-width katakana U+FF66–FF9D under NFKC: alone, and followed by ﾞ (U+FF9E) or ﾟ (U+FF9F) when the pair composes
 * into one character (0 otherwise). Computed with String.prototype.normalize, so the byte check agrees with it.
 */
const HALF = [0, 0xff9e, 0xff9f].map((mark) =>
  Uint16Array.from({ length: 0xff9e - 0xff66 }, (_, k) => {
    const n = (String.fromCharCode(0xff66 + k) + (mark ? String.fromCharCode(mark) : "")).normalize("NFKC");
    return n.length === 1 && isKatakana(n.charCodeAt(0)) ? n.charCodeAt(0) : 0;
  }),
) as [Uint16Array, Uint16Array, Uint16Array];
/** Bytes the last halfWidthAt read: 3, or 6 with the sound mark. */
let halfLen = 3;
/**
 * The half-width katakana at b[i] (code point cp, U+FF66–FF9D) as NFKC makes it, with a following ﾞ (EF BE 9E) or
 * ﾟ (EF BE 9F) composed into it (halfLen says how many bytes); 0 when the pair does not compose into one character.
 */
function halfWidthAt(b: Uint8Array, i: number, e: number, cp: number): number {
  let mark = 0;
  if (i + 5 < e && b[i + 3] === 0xef && b[i + 4] === 0xbe) {
    const m = b[i + 5] as number;
    mark = m === 0x9e ? 1 : m === 0x9f ? 2 : 0;
  }
  halfLen = mark === 0 ? 3 : 6;
  return (HALF[mark] as Uint16Array)[cp - 0xff66] as number;
}

/**
 * Kana name (values.nameKana of normalize.kanaKey): katakana, hiragana (→ katakana), half-width katakana with their
 * sound marks (→ katakana, as NFKC), ASCII and ideographic spaces and the separators ・ ･ = ＝ (dropped). The lanes
 * hash the katakana.
 */
export function kanaBytes(b: Uint8Array, s: number, e: number, st: Int32Array): number {
  // one pass over the bytes: kana lead with E3, half-width katakana with EF; the lanes hash the katakana as they come
  let ha = st[0] as number;
  let hb = st[1] as number;
  let k = 0;
  for (let i = s; i < e; ) {
    const c = b[i] as number;
    if (c === 0x20 || c === 0x3d) {
      i++;
      continue;
    }
    if (c !== 0xe3 && c !== 0xef) return UNKNOWN; // other scripts, separators, 4-byte characters
    const cp = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
    i += 3;
    let u: number;
    if (isKatakana(cp)) u = cp;
    else if (isHiragana(cp)) u = cp + 0x60;
    else if (cp >= 0xff66 && cp <= 0xff9d) {
      u = halfWidthAt(b, i - 3, e, cp);
      if (u === 0) return UNKNOWN; // a pair that does not compose is left to the string check
      i += halfLen - 3;
    } else if (cp === 0x3000 || cp === 0x30fb || cp === 0xff65 || cp === 0xff1d) continue; // spaces, ・ ･ ＝ (kanaKey drops them)
    else return UNKNOWN; // a lone sound mark, punctuation
    ha = Math.imul(ha ^ u, 0x01000193);
    hb = Math.imul(hb ^ u, 0x5bd1e995);
    hb ^= hb >>> 13;
    k++;
  }
  if (k < 2 || k > 30) return INVALID;
  st[0] = ha;
  st[1] = hb;
  return VALID;
}

/**
 * Kanji name (values.nameKanji / isNameKanji): kanji, kana, printable ASCII and the ideographic space (NFKC makes it
 * an ASCII space); trimmed, 1–24 characters, script "kanji" (normalize.scriptOf). With `hash`, the lanes hash the
 * characters without spaces (normalize.kanjiKey); without (the name is no match-key component), only the verdict.
 * One pass over the bytes: a character that fails the script test only marks the value, since a later character
 * the check cannot read makes it UNKNOWN (as for an address: decodeJa), not INVALID.
 */
export function kanjiBytes(b: Uint8Array, s: number, e: number, st: Int32Array, hash = true): number {
  let ha = st[0] as number;
  let hb = st[1] as number;
  let n = 0;
  let first = -1;
  let last = -1;
  let kanji = 0;
  let bad = false;
  for (let i = s; i < e; ) {
    if (n === 512) return UNKNOWN;
    const c = b[i] as number;
    let u: number;
    if (c < 0x80) {
      // "(": a reading in brackets may follow; , ; /: several names (values.nameKanji reads both)
      if (c < 0x20 || c === 0x7f || c === 0x28 || c === 0x2c || c === 0x3b || c === 0x2f) return UNKNOWN;
      u = c;
      i++;
    } else {
      if (c < 0xe3 || c > 0xe9) return UNKNOWN; // kanji U+4E00–9FFF lead with E4–E9, kana and U+3000/3005 with E3
      u = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
      if (u === 0x3000) u = 0x20;
      else if (!(isKanji(u) || isHiragana(u) || isKatakana(u) || u === 0x30fb)) return UNKNOWN;
      i += 3;
    }
    // ・ between the names is part of the value (trim keeps it) but of no script and dropped by kanjiKey
    if (u !== 0x20) {
      if (first < 0) first = n;
      last = n;
    }
    if (u !== 0x20 && u !== 0x30fb) {
      if (isKanji(u)) kanji++;
      else if (!(u === 0x2d || u === 0x27 || u === 0x30fc || isHiragana(u) || (u >= 0x30a1 && u <= 0x30fa))) bad = true; // latin, digits, punctuation
      if (hash) {
        ha = Math.imul(ha ^ u, 0x01000193);
        hb = Math.imul(hb ^ u, 0x5bd1e995);
        hb ^= hb >>> 13;
      }
    }
    n++;
  }
  const len = first < 0 ? 0 : last - first + 1;
  if (len < 1 || len > 24 || bad || kanji === 0) return INVALID;
  st[0] = ha;
  st[1] = hb;
  return VALID;
}

/** Romaji name, validation only (values.isNameRomaji): ASCII, trimmed, /^[A-Za-z][A-Za-z' .,-]*[A-Za-z.]$/, 2+ letters. */
const isSpace = (c: number): boolean => c === 0x20 || (c >= 0x09 && c <= 0x0d);
const isLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
export function romajiValidBytes(b: Uint8Array, s: number, e: number): number {
  // trim (only spaces are trimmed, so a byte >= 0x7f is inside), then one pass over the rest
  while (s < e && isSpace(b[s] as number)) s++;
  while (e > s && isSpace(b[e - 1] as number)) e--;
  let letters = 0;
  let bad = 0;
  for (let i = s; i < e; i++) {
    const c = b[i] as number;
    if (c >= 0x7f || c === 0x2f) return UNKNOWN; // "/": an airline's SURNAME/GIVEN (values.nameRomaji)
    if ((((c | 0x20) - 0x61) >>> 0) < 26) letters++;
    else if (c !== 0x27 && c !== 0x20 && c !== 0x2e && c !== 0x2c && c !== 0x2d) bad = 1;
  }
  const n = e - s;
  if (bad !== 0 || n < 2 || n > 60 || letters < 2) return INVALID;
  const z = b[e - 1] as number;
  return isLetter(b[s] as number) && (isLetter(z) || z === 0x2e) ? VALID : INVALID;
}

/**
 * Prefecture code points by their first two characters (no two prefectures share them), in an open-addressing table
 * of 128 slots: a Map keyed by `first * 0x10000 + second` had cost ~30 ns an address, its keys past the small-integer
 * range (boxed numbers).
 */
const PREF_UNITS: number[][] = PREFECTURES.map((p) => [...p].map((c) => c.charCodeAt(0)));
const prefSlot = (c0: number, c1: number): number => (Math.imul(c0 ^ (c1 << 5), 0x9e3779b1) >>> 25);
const PREF_SLOTS = new Int8Array(128).fill(-1);
PREF_UNITS.forEach((p, i) => {
  let h = prefSlot(p[0] as number, p[1] as number);
  while ((PREF_SLOTS[h] as number) >= 0) h = (h + 1) & 127;
  PREF_SLOTS[h] = i;
});
/** The prefecture whose name starts with c0 c1, or undefined. */
function prefectureAt(c0: number, c1: number): number[] | undefined {
  for (let h = prefSlot(c0, c1); ; h = (h + 1) & 127) {
    const i = PREF_SLOTS[h] as number;
    if (i < 0) return undefined;
    const p = PREF_UNITS[i] as number[];
    if (p[0] === c0 && p[1] === c1) return p;
  }
}
const CHOME = [0x4e01, 0x76ee]; // 丁目
const BANCHI = [0x756a, 0x5730]; // 番地
/**
 * Address, validation only (values.address): on the characters as NFKC leaves them (decodeAddress), trimmed and
 * without a leading postal code; a prefecture and a municipality, or a municipality and a block number. Never
 * INVALID: what is no Japanese address may be a foreign guest's (values.addressAny), which the string check decides.
 */
export function addressValidBytes(b: Uint8Array, s: number, e: number): number {
  const units = UNITS;
  const n = decodeAddress(b, s, e);
  if (n < 0) return UNKNOWN;
  // values.address: nfkc(raw).trim(), then a leading postal code /^〒?\s*\d{3}-?\d{4}\s*/ is cut off
  let a = 0;
  let z = n;
  while (a < z && units[a] === 0x20) a++;
  while (z > a && units[z - 1] === 0x20) z--;
  let k = a;
  if (k < z && units[k] === 0x3012) k++;
  while (k < z && units[k] === 0x20) k++;
  if (k + 3 <= z && isDigit(units[k] as number) && isDigit(units[k + 1] as number) && isDigit(units[k + 2] as number)) {
    let j = k + 3;
    if (units[j] === 0x2d && j < z) j++;
    if (j + 4 <= z && isDigit(units[j] as number) && isDigit(units[j + 1] as number) && isDigit(units[j + 2] as number) && isDigit(units[j + 3] as number)) {
      j += 4;
      while (j < z && units[j] === 0x20) j++;
      a = j;
    }
  }
  const len = z - a;
  if (len < 4 || len > 200) return UNKNOWN;
  const pref = prefectureAt(units[a] as number, units[a + 1] as number);
  let from = a;
  if (pref !== undefined && pref.length <= len) {
    let k = 2;
    while (k < pref.length && units[a + k] === pref[k]) k++;
    if (k === pref.length) from = a + k;
  }
  // hasMunicipality over the rest: 市 区 町 村 郡 within its first 13 characters, from the second on
  let muni = false;
  const limit = Math.min(z - from, 13);
  for (let k = 1; k < limit; k++) {
    const c = units[from + k] as number;
    if (c === 0x5e02 || c === 0x533a || c === 0x753a || c === 0x6751 || c === 0x90e1) {
      muni = true;
      break;
    }
    if (c <= 0x20 || isDigit(c)) break;
  }
  if (from > a || !muni) return muni ? VALID : UNKNOWN;
  for (let k = from; k < z; k++) {
    const c = units[k] as number;
    if (isDigit(c)) return VALID;
    if (k + 1 < z && ((c === CHOME[0] && units[k + 1] === CHOME[1]) || (c === BANCHI[0] && units[k + 1] === BANCHI[1]))) return VALID;
  }
  return UNKNOWN;
}

const SEX_KEYS = ["男", "男性", "M", "MALE", "1", "女", "女性", "F", "FEMALE", "2", "その他", "X", "不明", "OTHER", "男子", "女子", "MR", "MRS", "MS", "MISS"].map((k) => Buffer.from(k, "utf8"));
/** The spellings by their first byte (a loop over all 20 had cost ~40 ns a value). */
const SEX_BY_FIRST: Uint8Array[][] = Array.from({ length: 256 }, (_, c) => SEX_KEYS.filter((k) => k[0] === c));
/** An ASCII letter in upper case (the spellings are; values.sex upper-cases the value). */
const upper = (c: number): number => (c >= 0x61 && c <= 0x7a ? c - 0x20 : c);
/**
 * Sex, validation only (values.sex): one of its table's spellings, ASCII letters in any case, a final "." dropped
 * ("Mr.", "male"); anything else goes to the string check.
 */
export function sexBytes(b: Uint8Array, s: number, e: number): number {
  let n = e - s;
  if (n > 1 && b[e - 1] === 0x2e) n--;
  const keys = SEX_BY_FIRST[upper(b[s] as number)] as Uint8Array[];
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] as Uint8Array;
    if (key.length !== n) continue;
    let i = 1;
    while (i < n && key[i] === upper(b[s + i] as number)) i++;
    if (i === n) return VALID;
  }
  return UNKNOWN;
}

/**
 * IPv4 address (values.ipAddress) when the value is digits and dots only: four numbers of 1–3 digits, each ≤ 255
 * and without a leading zero. Anything else (IPv6, letters, other spaces) is the string check's.
 */
export function ipBytes(b: Uint8Array, s: number, e: number): number {
  let groups = 1;
  let digits = 0;
  let value = 0;
  let ok = true;
  for (let i = s; i < e; i++) {
    const c = b[i] as number;
    if (isDigit(c)) {
      if (digits === 1 && value === 0) ok = false; // a leading zero
      value = value * 10 + c - 0x30;
      if (++digits > 3 || value > 255) ok = false;
    } else if (c === 0x2e) {
      if (digits === 0) ok = false;
      groups++;
      digits = 0;
      value = 0;
    } else return UNKNOWN;
  }
  return ok && groups === 4 && digits > 0 ? VALID : INVALID;
}

/** Separators a digit run may hold (values.digitsOf's `allowed`): bits of DIGIT_SPACE, DIGIT_HYPHEN, DIGIT_DOT. */
const DIGIT_SPACE = 1;
const DIGIT_HYPHEN = 2;
const DIGIT_DOT = 4;
/**
 * The ASCII digits of [s, e) into DIGITS, skipping the separators `seps` allows: their count (digits past 32 are
 * counted, not kept), or -1 for any other byte (full-width digits, other dashes: NFKC and foldDashes decide).
 */
function digitRun(b: Uint8Array, s: number, e: number, seps: number): number {
  const out = DIGITS;
  let n = 0;
  for (let i = s; i < e; i++) {
    const c = b[i] as number;
    if (isDigit(c)) {
      if (n < 32) out[n] = c;
      n++;
    } else if (!((c === 0x20 && seps & DIGIT_SPACE) || (c === 0x2d && seps & DIGIT_HYPHEN) || (c === 0x2e && seps & DIGIT_DOT))) return -1;
  }
  return n;
}
/** The digits digitRun keeps (a Buffer: its latin1 text is one native call). */
const DIGITS = Buffer.alloc(32);
/** The first n digits as text, for the check-digit validators (they take a string; a spread into fromCharCode had cost ~1.2 µs a value). */
const digitsText = (n: number): string => DIGITS.toString("latin1", 0, n);
/**
 * Number-shaped identifiers, validation only, as values.ts checks them on digitsOf: card numbers (13–19 digits,
 * Luhn, a brand, not a published test number), My Number (12, check digit, not one digit twelve times), corporate
 * numbers (13, check digit; a leading T of the invoice number form), driving licences (12, a known authority).
 * Why: a card column of a payments dump had gone value by value through decoding, NFKC and digitsOf's string building.
 */
export function cardBytes(b: Uint8Array, s: number, e: number): number {
  const n = digitRun(b, s, e, DIGIT_SPACE | DIGIT_HYPHEN);
  if (n < 0) return UNKNOWN;
  if (n < 13 || n > 19) return INVALID;
  const dg = digitsText(n);
  return luhnValid(dg) && cardBrand(dg) !== null && !isTestCard(dg) ? VALID : INVALID;
}
export function myNumberBytes(b: Uint8Array, s: number, e: number): number {
  const n = digitRun(b, s, e, DIGIT_SPACE | DIGIT_HYPHEN | DIGIT_DOT);
  if (n < 0) return UNKNOWN;
  if (n !== 12) return INVALID;
  let same = true;
  for (let i = 1; i < 12 && same; i++) same = DIGITS[i] === DIGITS[0];
  return !same && myNumberValid(digitsText(12)) ? VALID : INVALID;
}
export function corporateBytes(b: Uint8Array, s: number, e: number): number {
  if (s < e && ((b[s] as number) | 0x20) === 0x74) s++; // /^T/i, before any trimming (" T…" is no corporate number)
  const n = digitRun(b, s, e, DIGIT_SPACE | DIGIT_HYPHEN);
  if (n < 0) return UNKNOWN;
  return n === 13 && corporateNumberValid(digitsText(13)) ? VALID : INVALID;
}
export function licenceBytes(b: Uint8Array, s: number, e: number): number {
  const n = digitRun(b, s, e, DIGIT_SPACE | DIGIT_HYPHEN);
  if (n < 0) return UNKNOWN;
  return n === 12 && licenceAuthorityKnown(digitsText(12)) ? VALID : INVALID;
}

const K_EMAIL = 1;
const K_PHONE = 2;
const K_DATE = 3;
const K_POSTAL = 4;
const K_PASSPORT = 5;
const K_KANA = 6;
const K_KANJI = 7;
const K_ROMAJI = 8;
const K_ADDRESS = 9;
const K_SEX = 10;
/** kanji name, validation only (no lanes): for a name that is no match-key component */
const K_KANJI_VALID = 11;
const K_CARD = 12;
const K_MY_NUMBER = 13;
const K_CORPORATE = 14;
const K_LICENCE = 15;
const K_IP = 16;
/**
 * Byte checks by type: `key` when the check also yields the normal form (lanes, or a number in st[2]); `validKind`,
 * a cheaper kind for a column that is no match-key component (the verdict alone).
 */
export const BYTE_CHECKS: Partial<Record<PiiType, { kind: number; check: ByteCheck; key: boolean; validKind?: number }>> = {
  email: { kind: K_EMAIL, check: emailBytes, key: true },
  phone: { kind: K_PHONE, check: phoneBytes, key: true },
  birth_date: { kind: K_DATE, check: dateBytes, key: true },
  passport_issue_date: { kind: K_DATE, check: dateBytes, key: true },
  passport_expiry_date: { kind: K_DATE, check: dateBytes, key: true },
  postal_code: { kind: K_POSTAL, check: postalCodeBytes, key: false },
  passport_number: { kind: K_PASSPORT, check: passportBytes, key: true },
  name_kana: { kind: K_KANA, check: kanaBytes, key: true },
  name_kanji: { kind: K_KANJI, check: kanjiBytes, key: true, validKind: K_KANJI_VALID },
  name_romaji: { kind: K_ROMAJI, check: romajiValidBytes, key: false },
  address: { kind: K_ADDRESS, check: addressValidBytes, key: false },
  sex: { kind: K_SEX, check: sexBytes, key: false },
  card_number: { kind: K_CARD, check: cardBytes, key: false },
  my_number: { kind: K_MY_NUMBER, check: myNumberBytes, key: false },
  corporate_number: { kind: K_CORPORATE, check: corporateBytes, key: false },
  drivers_licence: { kind: K_LICENCE, check: licenceBytes, key: false },
  ip_address: { kind: K_IP, check: ipBytes, key: false },
};

/** The folded field (foldWide). */
const FOLD = new Uint8Array(1536);
/** Characters NFKC leaves alone among those the folded checks may meet (they then answer UNKNOWN or read them). */
const nfkcStable = (cp: number): boolean =>
  isKanji(cp) ||
  isHiragana(cp) ||
  isKatakana(cp) ||
  cp === 0x3012 ||
  cp === 0x2010 ||
  (cp >= 0x2012 && cp <= 0x2015) ||
  cp === 0x2212 ||
  cp === 0x3007 || // 〇, a zero in addresses
  cp === 0x30fb || // ・
  cp === 0x25cb; // ○
/** The dash marks values.foldDashes turns into '-' (3-byte ones; U+02D7 is left to the string path). */
const isDash = (cp: number): boolean => (cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0x30fc || cp === 0xff70 || cp === 0xff0d || cp === 0xfe63 || cp === 0x2043;
/**
 * Full-width digits, letters and signs (U+FF01–FF5E) as ASCII and U+3000 as a space — what NFKC does to them —
 * into FOLD, other characters copied when NFKC leaves them alone; with `dashes` the dash marks become '-' too
 * (what foldDashes does after NFKC for phones and postal codes). The length, or -1 when a character would change
 * in some other way (the string path decides those). So "０９０ー１２３４ー５６７８" is checked as 090-1234-5678.
 */
function foldWide(b: Uint8Array, s: number, e: number, dashes: boolean): number {
  const out = FOLD;
  let n = 0;
  for (let i = s; i < e; ) {
    if (n + 3 > out.length) return -1;
    const c = b[i] as number;
    if (c < 0x80) {
      out[n++] = c;
      i++;
      continue;
    }
    if (c < 0xe0 || c >= 0xf0) return -1;
    const cp = ((c & 0x0f) << 12) | (((b[i + 1] as number) & 0x3f) << 6) | ((b[i + 2] as number) & 0x3f);
    if (cp >= 0xff01 && cp <= 0xff5e) out[n++] = cp - 0xfee0;
    else if (cp === 0x3000) out[n++] = 0x20;
    else if (dashes && isDash(cp)) out[n++] = 0x2d;
    else if (nfkcStable(cp)) {
      out[n++] = c;
      out[n++] = b[i + 1] as number;
      out[n++] = b[i + 2] as number;
    } else return -1;
    i += 3;
  }
  return n;
}
/** A check again on the folded field, when the field has a byte ≥ 0x80 that folding changes. */
function folded(kind: number, b: Uint8Array, s: number, e: number, st: Int32Array, dashes: boolean): number {
  let i = s;
  while (i < e && (b[i] as number) < 0x80) i++;
  if (i === e) return UNKNOWN;
  const n = foldWide(b, s, e, dashes);
  return n < 0 ? UNKNOWN : byteCheckAscii(kind, FOLD, 0, n, st);
}

/**
 * The check of a kind (BYTE_CHECKS[type].kind); values with full-width digits, letters or dashes are folded and
 * checked again (foldWide). A switch of direct calls rather than a call through a function per column: the call
 * sites stay monomorphic, so V8 can inline them.
 */
export function byteCheck(kind: number, b: Uint8Array, s: number, e: number, st: Int32Array): number {
  const r = byteCheckAscii(kind, b, s, e, st);
  if (r !== UNKNOWN) return r;
  if (kind === K_PHONE || kind === K_POSTAL || kind === K_DATE || kind === K_PASSPORT) {
    const f = folded(kind, b, s, e, st, kind === K_PHONE || kind === K_POSTAL);
    if (f !== UNKNOWN) return f;
  }
  // spaces around the value (CHAR(n) padding, a pasted space, U+3000): every string check trims after NFKC (or
  // allows spaces anywhere), so the value without them gets the same verdict and normal form — but the corporate
  // number's, which cuts a leading T before it would trim
  if (kind === K_CORPORATE) return UNKNOWN;
  let ts = s;
  let te = e;
  for (;;) {
    if (ts < te && b[ts] === 0x20) ts++;
    else if (ts + 3 <= te && b[ts] === 0xe3 && b[ts + 1] === 0x80 && b[ts + 2] === 0x80) ts += 3;
    else break;
  }
  for (;;) {
    if (te > ts && b[te - 1] === 0x20) te--;
    else if (te - 3 >= ts && b[te - 3] === 0xe3 && b[te - 2] === 0x80 && b[te - 1] === 0x80) te -= 3;
    else break;
  }
  return (ts !== s || te !== e) && te > ts ? byteCheck(kind, b, ts, te, st) : UNKNOWN;
}
function byteCheckAscii(kind: number, b: Uint8Array, s: number, e: number, st: Int32Array): number {
  switch (kind) {
    case K_EMAIL:
      return emailBytes(b, s, e, st);
    case K_PHONE:
      return phoneBytes(b, s, e, st);
    case K_DATE:
      return dateBytes(b, s, e, st);
    case K_POSTAL:
      return postalCodeBytes(b, s, e);
    case K_PASSPORT:
      return passportBytes(b, s, e, st);
    case K_KANA:
      return kanaBytes(b, s, e, st);
    case K_KANJI:
      return kanjiBytes(b, s, e, st, true);
    case K_KANJI_VALID:
      return kanjiBytes(b, s, e, st, false);
    case K_ROMAJI:
      return romajiValidBytes(b, s, e);
    case K_ADDRESS:
      return addressValidBytes(b, s, e);
    case K_SEX:
      return sexBytes(b, s, e);
    case K_CARD:
      return cardBytes(b, s, e);
    case K_MY_NUMBER:
      return myNumberBytes(b, s, e);
    case K_CORPORATE:
      return corporateBytes(b, s, e);
    case K_LICENCE:
      return licenceBytes(b, s, e);
    case K_IP:
      return ipBytes(b, s, e);
    default:
      return UNKNOWN;
  }
}
