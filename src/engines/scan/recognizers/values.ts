/**
 * Value recognizers: each takes one raw cell and returns its normal form when the value is a valid instance of
 * the type, or null. They are the per-value checks behind the counts, so they are written for speed
 * (character loops instead of regexes where the type is common in dumps).
 */
import { parseDate } from "../era.js";
import { digitsOf, emailKey, foldDashes, isNfkcStable, kanaKey, kanjiKey, nfkc, romajiKey, scriptOf } from "../normalize.js";
import {
  cardBrand,
  corporateNumberValid,
  isTestCard,
  licenceAuthorityKnown,
  luhnValid,
  myNumberValid,
} from "../validators/checkdigits.js";
import { PREFECTURES } from "./prefectures.js";

const isAsciiLetterDigit = (c: number): boolean =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const LOCAL_EXTRA = "!#$%&'*+/=?^_`{|}~.-";
/** ASCII code → 1 if allowed in a local part (letters, digits, LOCAL_EXTRA). A table instead of LOCAL_EXTRA.indexOf(s[i]),
 * which allocated a one-character string per '.', '-' or '_': email() was 11.7% of a 1M-row profile before. */
export const LOCAL_OK = new Uint8Array(128);
for (let c = 0; c < 128; c++) LOCAL_OK[c] = isAsciiLetterDigit(c) || LOCAL_EXTRA.includes(String.fromCharCode(c)) ? 1 : 0;

/**
 * The address in what address books and CRM exports write around it: `name <address>`, `mailto:`, a note in
 * brackets after it ((自宅)), a second address after ; , or 、 (the first is read).
 */
function emailOf(s: string): string {
  let t = s.replace(/^mailto:/, "").replace(/\s*\([^()@]{1,10}\)$/, "");
  const sep = /[;,、]|\s+(?=\S+@)/.exec(t);
  if (sep !== null && t.slice(0, sep.index).includes("@") && !t.slice(0, sep.index).includes("<")) t = t.slice(0, sep.index).trim();
  if (t.charCodeAt(t.length - 1) === 0x3e) {
    const lt = t.lastIndexOf("<");
    if (lt >= 0) t = t.slice(lt + 1, -1).trim();
  }
  return t;
}
/**
 * E-mail: normalised (lower case) address, or null. A deliberate subset of RFC 5322 (no quoted local parts); a mail
 * program's "name-addr" form, `山田太郎 <taro@example.jp>` (what an address book or a mail header export holds), is
 * read as the address in its angle brackets.
 */
export function email(raw: string): string | null {
  // fast path: plain lower-case ASCII with no surrounding space needs no normalisation
  let plain = raw.length > 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    // spaces, non-ASCII, upper case, and < : ; , ( (what emailOf reads around an address) leave the fast path
    if (c <= 0x20 || c >= 0x7f || (c >= 0x41 && c <= 0x5a) || c === 0x3c || c === 0x3a || c === 0x3b || c === 0x2c || c === 0x28) {
      plain = false;
      break;
    }
  }
  const s = plain ? raw : emailOf(emailKey(raw));
  const at = s.indexOf("@");
  if (at < 1 || at > 64 || s.length > 254 || at !== s.lastIndexOf("@")) return null;
  for (let i = 0; i < at; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || LOCAL_OK[c] === 0) return null;
  }
  let dots = 0;
  let labelLen = 0;
  for (let i = at + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x2e) {
      if (labelLen === 0) return null;
      dots++;
      labelLen = 0;
    } else if (isAsciiLetterDigit(c) || c === 0x2d) labelLen++;
    else return null;
  }
  if (dots === 0 || labelLen < 2) return null;
  return s;
}

/**
 * Phone number: a Japanese one in national form (digits only, leading 0; +81 forms become national), another
 * country's as "+" and its digits, or null.
 */
export function phone(raw: string): string | null {
  // fast path: ASCII digits with hyphens or spaces
  let digits = 0;
  let seps = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
    else if (c === 0x2d || c === 0x20) seps++;
    else {
      digits = -1;
      break;
    }
  }
  if (digits >= 0 && raw.charCodeAt(0) === 0x30) return nationalPhone(seps > 0 ? raw.replace(/[- ]/g, "") : raw);
  return phoneSlow(raw);
}
function nationalPhone(dg: string): string | null {
  if (dg.length === 10) return dg.charCodeAt(1) !== 0x30 && dg.charCodeAt(2) !== 0x30 ? dg : null; // 0X0 area codes are all non-geographic
  if (dg.length === 11) return dg.charCodeAt(1) >= 0x32 && dg.charCodeAt(2) === 0x30 ? dg : null;
  return null;
}
/**
 * What CRM exports write around a number: a label before it (TEL:, 電話, 携帯) and a note after it in brackets
 * ((自宅), （携帯）); where a cell holds two numbers (03-… / 090-…), the first is read.
 */
const PHONE_LABEL = /^(?:tel|phone|mobile|fax|電話番号|電話|携帯電話|携帯|自宅|勤務先)\s*[.:：]?\s*/i;
const PHONE_NOTE = /\s*\((?:[^()\d]{1,10})\)$/;
/** An extension after the number, as company registers write it (内線123, ext. 12, x123, #12, (内線12)): not part of it. */
const PHONE_EXTENSION = /\s*(?:\(\s*(?:内線|ext\.?|extension)\s*\d{1,6}\s*\)|(?:内線|ext\.?|extension|x|#)\s*\d{1,6})$/i;
const PHONE_SECOND = /\s*(?:\/|、|,|;|・)\s*(?:\+|0)[\d\s().-]+$/;
function phoneSlow(raw: string): string | null {
  let s = raw;
  let intl = false;
  let t = nfkc(s).trim();
  if (/[^\d\s+().-]/.test(t)) {
    t = t.replace(PHONE_LABEL, "").replace(PHONE_NOTE, "").replace(PHONE_EXTENSION, "");
    s = t;
  }
  const two = PHONE_SECOND.exec(t);
  if (two !== null && two.index > 0) {
    const first = phoneSlow(t.slice(0, two.index));
    if (first !== null) return first;
  }
  if (t.startsWith("+81") || t.startsWith("81-") || t.startsWith("(+81)")) {
    intl = true;
    s = t.replace(/^\(?\+?81\)?[\s-]?/, "");
  } else if (/^\(?\+/.test(t)) return foreignPhone(t);
  let dg = digitsOf(s, " -.()");
  if (dg === null) return null;
  if (intl) dg = dg.startsWith("0") ? dg : "0" + dg;
  return dg.startsWith("0") ? nationalPhone(dg) : null;
}
/**
 * Another country's number in international form (a foreign guest's: +1 217 555 0100, +44 20 7946 0958), as E.164
 * digits after a "+": a country code not starting with 0, 8–15 digits in all.
 */
function foreignPhone(t: string): string | null {
  const dg = digitsOf(t.replace(/^\(?\+/, ""), " -.()");
  return dg !== null && dg.length >= 8 && dg.length <= 15 && !dg.startsWith("0") ? `+${dg}` : null;
}
/**
 * In a phone column: also a number whose leading 0 Excel dropped when it read the column as numbers
 * (9012345678 for 090-1234-5678, 312345678 for 03-1234-5678) — 9 or 10 digits, valid with the 0 put back; else a
 * foreign guest's number as written in its own country (China 138 0013 8000, the US (217) 555-0142: 7–15 digits not
 * starting with 0, written apart; Korea's mobiles 010-1234-5678: 10 or 11 digits from 010, which no Japanese number
 * starts with, 010 being Japan's international prefix), with the usual separators, not one digit repeated (a
 * placeholder); its digits are the normal form. Never types a column from values alone: nine digits are many things.
 */
export function phoneAny(raw: string): string | null {
  const p = phone(raw);
  if (p !== null) return p;
  const t = nfkc(raw).trim();
  if (/^[1-9]\d{8,9}$/.test(t)) {
    const national = nationalPhone(`0${t}`);
    if (national !== null) return national;
  }
  const dg = /^\(?\d[\d\s().-]*\d$/.test(t) ? digitsOf(t, " -.()") : null;
  if (dg === null || /^(\d)\1*$/.test(dg)) return null;
  if (dg.startsWith("0")) return dg.startsWith("010") && (dg.length === 10 || dg.length === 11) ? dg : null;
  // written apart (a bare run of digits not starting with 0 is the Excel rule's alone: member numbers look so)
  return dg.length >= 7 && dg.length <= 15 && /[\s().-]/.test(t) ? dg : null;
}
export type PhoneKind = "mobile" | "ip" | "freedial" | "fixed" | "other";
export function phoneKind(national: string): PhoneKind {
  if (/^0[6-9]0/.test(national) && national.length === 11) return "mobile";
  if (national.startsWith("050")) return "ip";
  if (national.startsWith("0120") || national.startsWith("0800")) return "freedial";
  if (national.length === 10) return "fixed";
  return "other";
}

/** Postal code: 7 digits (`NNN-NNNN`, optional 〒), or null. */
const allDigits = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
};
export function postalCode(raw: string): string | null {
  if (raw.length === 8 && raw.charCodeAt(3) === 0x2d && allDigits(raw, 0, 3) && allDigits(raw, 4, 8)) return raw.slice(0, 3) + raw.slice(4);
  if (raw.length === 7 && allDigits(raw, 0, 7)) return raw;
  const s = foldDashes(nfkc(raw)).trim().replace(/^〒\s*/, "");
  if (s.length === 8 && (s[3] === "-" || s[3] === " ")) {
    const dg = s.slice(0, 3) + s.slice(4);
    return /^\d{7}$/.test(dg) ? dg : null;
  }
  return /^\d{7}$/.test(s) ? s : null;
}

/** Under a postal-code header: also six digits, a code starting with 0 (北海道, 060-0001) whose 0 Excel dropped. */
export function postalCodeAny(raw: string): string | null {
  const p = postalCode(raw);
  if (p !== null) return p;
  const t = raw.trim();
  return /^\d{6}$/.test(t) ? `0${t}` : null;
}

/**
 * Japanese passport number: 2 letters + 7 digits (after NFKC and upper-casing), or null. Values alone may type a
 * column by this shape (with its neighbours: classify.ts); the validity rule (T 10 years, M 5) is this form's.
 */
export function passportNumberJp(raw: string): string | null {
  if (isPassportShape(raw)) return raw;
  const s = passportKey(raw);
  return isPassportShape(s) ? s : null;
}
/** A passport number as compared: NFKC, upper case, without spaces and hyphens. */
const passportKey = (raw: string): string => nfkc(raw).trim().toUpperCase().replace(/[\s-]/g, "");
/**
 * Passport number under a header naming passports: the Japanese form, or another country's as hotels record their
 * foreign guests' (ICAO 9303: up to 9 letters and digits; US and UK 9 digits, China E + 8, Korea M + 8, Germany
 * C01X00T47): 6–9 letters and digits, at least 3 of them digits. Never from values alone (order codes look so).
 */
export function passportNumber(raw: string): string | null {
  if (isPassportShape(raw)) return raw;
  const s = passportKey(raw); // once for both forms (the Japanese one is a case of the other)
  return isPassportShape(s) || (/^[A-Z0-9]{6,9}$/.test(s) && s.replace(/\D/g, "").length >= 3) ? s : null;
}
/** Is a normal-form passport number in the Japanese form (the one the validity rule knows)? */
export const isJapanesePassport = (normal: string): boolean => isPassportShape(normal);
function isPassportShape(s: string): boolean {
  if (s.length !== 9) return false;
  for (let i = 0; i < 9; i++) {
    const x = s.charCodeAt(i);
    if (i < 2 ? x < 0x41 || x > 0x5a : x < 0x30 || x > 0x39) return false;
  }
  return true;
}

/** Sex: "M", "F" or "X" from the many ways it is written, or null. */
const SEX: Record<string, string> = {
  男: "M", 男性: "M", M: "M", MALE: "M", 1: "M", 女: "F", 女性: "F", F: "F", FEMALE: "F", 2: "F",
  その他: "X", X: "X", 不明: "X", OTHER: "X", 男子: "M", 女子: "F", MR: "M", MRS: "F", MS: "F", MISS: "F", "♂": "M", "♀": "F",
};
export function sex(raw: string): string | null {
  return SEX[raw] ?? SEX[nfkc(raw).trim().toUpperCase().replace(/\.$/, "")] ?? null;
}

/** Any date (yyyymmdd), or null. */
export const date = parseDate;

/** Kanji name (may contain kana, as in 山田 はな): NFKC, no spaces; 1–24 characters. */
export function nameKanji(raw: string): string | null {
  // a reading in brackets after the name (山田 太郎（ﾔﾏﾀﾞ ﾀﾛｳ）), as some registers write it: the name before it
  const s = nfkc(raw).trim().replace(/\s*\([^()]*\)$/, "");
  const several = severalNames(s, nameKanji);
  if (several !== undefined) return several;
  if (s.length < 1 || s.length > 24) return null; // one kanji: a given or family name of its own column (誠, 林)
  return scriptOf(s) === "kanji" ? kanjiKey(s) : null;
}
/**
 * Names between 、 , ; / (after NFKC), as a booking's 同行者 (companions) column lists them: "山田 花子、山田 一郎".
 * undefined when the value has no such separator; else, when every one (2 to 10) is a name by `check`, their normal
 * forms joined by 、 — the whole cell, so that as a key component (kana + birth date) it joins only the same cell, never
 * one companion with the birth date of the booking's holder — or null. (・ is no separator: it sits between a kana
 * name's parts.)
 */
const NAME_LIST = /\s*[、,;/]\s*/;
function severalNames(s: string, check: (name: string) => string | null): string | null | undefined {
  if (!NAME_LIST.test(s)) return undefined;
  const names = s.split(NAME_LIST);
  if (names.length < 2 || names.length > 10) return null;
  const normal: string[] = [];
  for (const n of names) {
    const one = n.length === 0 ? null : check(n);
    if (one === null) return null;
    normal.push(one);
  }
  return normal.join("、");
}
/** Kana name (katakana, hiragana or half-width): katakana match form; several between 、 , ; / (severalNames). */
export function nameKana(raw: string): string | null {
  const several = severalNames(nfkc(raw).trim(), nameKana);
  if (several !== undefined) return several;
  const k = kanaKey(raw);
  if (k.length < 2 || k.length > 30) return null;
  for (let i = 0; i < k.length; i++) {
    const c = k.charCodeAt(i);
    if (!((c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc)) return null;
  }
  return k;
}
/** Romaji name (Latin letters, spaces, hyphens, apostrophes): Hepburn-folded upper-case match form. */
const ROMAJI = /^[A-Za-z][A-Za-z' .,-]*[A-Za-z.]$/;
function romajiValid(s: string): boolean {
  if (s.length < 2 || s.length > 60 || !ROMAJI.test(s)) return false;
  let letters = 0;
  for (let i = 0; i < s.length && letters < 2; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c >= 0x61 && c <= 0x7a) letters++;
  }
  return letters >= 2;
}
export function nameRomaji(raw: string): string | null {
  const s = airlineName(latinBase(nfkc(raw).trim()));
  return romajiValid(s) ? romajiKey(s) : null;
}
/** Latin letters that are no base letter with a mark (NFD does not split them), as passports' machine zones write them. */
const LATIN_FOLD: Record<string, string> = { ß: "ss", ẞ: "SS", Æ: "AE", æ: "ae", Œ: "OE", œ: "oe", Ø: "O", ø: "o", Ł: "L", ł: "l", Đ: "D", đ: "d", Ð: "D", ð: "d", Þ: "TH", þ: "th", ı: "i" };
/**
 * A foreign guest's name with diacritics (Müller, José García, Lê Văn A) as its base letters (MULLER, JOSE GARCIA),
 * as a passport's machine-readable zone writes it; a value with no Latin letter beyond ASCII is returned as it is.
 * Other scripts (Hangul, Cyrillic) stay as they are and are no romaji.
 */
function latinBase(s: string): string {
  if (!/[\u00c0-\u024f\u1e00-\u1eff]/.test(s)) return s;
  return s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[ßẞÆæŒœØøŁłĐđÐðÞþı]/g, (c) => LATIN_FOLD[c] as string);
}
/**
 * A name as airlines and travel systems write it, SURNAME/GIVEN and a title (YAMADA/TARO MR): the name as
 * "SURNAME GIVEN" (the same key as YAMADA TARO elsewhere). Other values are returned as they are.
 */
const AIRLINE_TITLE = /\s+(?:MR|MRS|MS|MISS|MSTR|DR|CHD|INF)\.?$/i;
function airlineName(s: string): string {
  const slash = s.indexOf("/");
  if (slash <= 0 || slash !== s.lastIndexOf("/")) return s;
  return `${s.slice(0, slash).trim()} ${s.slice(slash + 1).replace(AIRLINE_TITLE, "").trim()}`;
}

/** What is written where an address is not known: no address. */
const NO_ADDRESS = new Set(["不明", "なし", "無し", "未記入", "未入力", "未定", "同上", "海外", "住所不定", "unknown", "none", "n/a", "na", "tbd", "tba"]);
/**
 * Address under a header naming addresses: a Japanese one (address), or one written as a foreign guest writes it
 * ("123 Main St, Springfield, IL", "北京市朝阳区建国路88号", "Paris 75008", "Rose Court, Kowloon, Hong Kong"): two letters
 * of any script together and a number or three parts — a place alone (東京都, 千代田区, London, test) is no address —
 * not a placeholder (不明, なし), an e-mail or a URL. Never from values alone (any text would pass).
 */
export function addressAny(raw: string): string | null {
  const jp = address(raw);
  if (jp !== null) return jp;
  const s = nfkc(raw).trim();
  if (s.length < 3 || s.length > 200 || NO_ADDRESS.has(s.toLowerCase()) || /@|:\/\/|[\r\n]/.test(s)) return null;
  if (!/\p{L}{2}/u.test(s)) return null;
  return /\d/.test(s) || s.split(/\s*[,、，]\s*/).filter((p) => p.length > 0).length >= 3 ? s : null;
}

/** Japanese address: a prefecture followed by a municipality, or a municipality with a block number. */
export function address(raw: string): string | null {
  const s = nfkc(raw).trim().replace(/^〒?\s*\d{3}-?\d{4}\s*/, "");
  if (s.length < 4 || s.length > 200) return null;
  const pref = prefectureOf(s);
  const rest = pref === null ? s : s.slice(pref.length);
  const muni = hasMunicipality(rest);
  if (pref !== null) return muni ? s : null;
  return muni && /\d|丁目|番地/.test(rest) ? s : null;
}
const PREF_BY_HEAD = new Map<string, string>(PREFECTURES.map((p) => [p.slice(0, 2), p]));
export function prefectureOf(s: string): string | null {
  const p = PREF_BY_HEAD.get(s.slice(0, 2));
  return p !== undefined && s.startsWith(p) ? p : null;
}

/** A 市/区/町/村/郡 within the first 13 characters, with no digit or space before it. */
function hasMunicipality(s: string): boolean {
  const n = Math.min(s.length, 13);
  for (let i = 1; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5e02 || c === 0x533a || c === 0x753a || c === 0x6751 || c === 0x90e1) return true; // 市 区 町 村 郡
    if (c <= 0x20 || (c >= 0x30 && c <= 0x39)) return false;
  }
  return false;
}

/** Validation only (no normal form), for names that are not part of any match key: same verdict, cheaper. */
export function isNameKanji(raw: string): string | null {
  // (a value ending in ")" may hold a reading in brackets: nameKanji reads the name before it)
  // (and a value in no one script may be several names: 山田 花子、山田 一郎)
  if (isNfkcStable(raw) && raw.length > 0 && raw.charCodeAt(0) > 0x20 && raw.charCodeAt(raw.length - 1) > 0x20 && raw.charCodeAt(raw.length - 1) !== 0x29 && scriptOf(raw) === "kanji")
    return raw.length <= 24 ? raw : null;
  return nameKanji(raw) === null ? null : raw;
}
/**
 * A name in a script of its own — neither kanji, kana nor Latin: Hangul (김민수), Cyrillic (Иванов Иван Иванович),
 * Greek, Thai, Arabic, Devanagari… — as hotels write foreign guests' names in the 氏名 column: letters (with their
 * marks) of such scripts, words apart by spaces, hyphens, dots or apostrophes; 2–60 characters. Normal form: NFKC,
 * upper case, without spaces. Only in a column a header names as names (never from values alone: a city or a
 * product is written so too).
 */
const OWN_SCRIPT_NAME = /^\p{L}[\p{L}\p{M} .'’-]*[\p{L}\p{M}.]$/u;
/** a letter of the Japanese scripts or Latin, or of none (ー, ㇿ: Common), which an own-script name has none of */
const NOT_OWN_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Latin}]|(?![ .'’-])\p{Script=Common}/u;
export function nameOwnScript(raw: string): string | null {
  const s = nfkc(raw).trim();
  if (s.length < 2 || s.length > 60 || !OWN_SCRIPT_NAME.test(s) || NOT_OWN_SCRIPT.test(s)) return null;
  return s.replace(/\s+/g, "").toUpperCase();
}
/** Under a name header: a kanji name, or a foreign guest's name in a script of its own (nameOwnScript). */
export function nameKanjiAny(raw: string): string | null {
  return nameKanji(raw) ?? nameOwnScript(raw);
}
/** isNameKanji, or a name in a script of its own (validation only, as nameKanjiAny). */
export function isNameKanjiAny(raw: string): string | null {
  return isNameKanji(raw) ?? (nameOwnScript(raw) === null ? null : raw);
}
export function isNameRomaji(raw: string): string | null {
  return romajiValid(airlineName(latinBase(isNfkcStable(raw) ? raw.trim() : nfkc(raw).trim()))) ? raw : null;
}

/** My Number: 12 digits (optionally grouped 4-4-4) with a valid check digit. */
export function myNumber(raw: string): string | null {
  const dg = digitsOf(raw, " -.");
  return dg !== null && dg.length === 12 && myNumberValid(dg) && !/^(\d)\1{11}$/.test(dg) ? dg : null;
}
/** Corporate number: 13 digits, check digit first (an optional leading T is the invoice number form). */
export function corporateNumber(raw: string): string | null {
  const dg = digitsOf(nfkc(raw).replace(/^T/i, ""), " -");
  return dg !== null && corporateNumberValid(dg) ? dg : null;
}
/** Card number: 13–19 digits, Luhn-valid, a known brand, not a published test number. */
export function cardNumber(raw: string): string | null {
  const dg = digitsOf(raw, " -");
  if (dg === null || dg.length < 13 || dg.length > 19) return null;
  return luhnValid(dg) && cardBrand(dg) !== null && !isTestCard(dg) ? dg : null;
}
/** Bank account number: 7 digits (zero-padded), optionally preceded by bank (4) and branch (3) codes; ゆうちょ 5+8. */
export function bankAccount(raw: string): string | null {
  const s = foldDashes(nfkc(raw)).trim();
  const m = /^(?:(\d{4})[\s-]?(\d{3})[\s-]?(?:(?:普通|当座|貯蓄)[\s-]?|[124][\s-])?)?(\d{6,8})$/.exec(s);
  if (m) return `${m[1] ?? ""}${m[2] ?? ""}${m[3] as string}`;
  const y = /^(\d{5})-(\d{6,8})$/.exec(s); // ゆうちょ 記号-番号
  return y ? `${y[1] as string}${y[2] as string}` : null;
}
/** Driver's licence number: 12 digits starting with a known authority code. */
export function driversLicence(raw: string): string | null {
  const dg = digitsOf(raw, " -");
  return dg !== null && dg.length === 12 && licenceAuthorityKnown(dg) ? dg : null;
}
/** IPv4 or IPv6 address. */
export function ipAddress(raw: string): string | null {
  const s = raw.trim();
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (m) return m.slice(1).every((x) => Number(x) <= 255 && (x.length === 1 || x[0] !== "0")) ? s : null;
  if (s.includes(":") && /^[0-9A-Fa-f:.]{2,45}$/.test(s)) {
    const parts = s.split("::");
    if (parts.length > 2) return null;
    const groups = parts.flatMap((p) => (p === "" ? [] : p.split(":")));
    const ok = groups.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g) || /^\d{1,3}(\.\d{1,3}){3}$/.test(g));
    return ok && (parts.length === 2 ? groups.length < 8 : groups.length === 8) ? s.toLowerCase() : null;
  }
  return null;
}
