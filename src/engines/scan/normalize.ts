/**
 * Text normalisation for matching (never for display): NFKC with a fast path, dash and long-vowel folding,
 * hiragana → katakana, and the normal forms used as match keys.
 */

/** True when NFKC would leave the string unchanged for the characters we expect in dumps. */
export function isNfkcStable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x7f) continue;
    if (c >= 0x3041 && c <= 0x3096) continue; // hiragana
    if (c >= 0x30a1 && c <= 0x30fa) continue; // katakana
    if (c === 0x30fc || c === 0x3005) continue; // ー 々
    if (c >= 0x4e00 && c <= 0x9fff) continue; // CJK unified ideographs
    return false;
  }
  return true;
}

/** NFKC, skipping `normalize()` (about 10× slower) when the string is already stable. */
export function nfkc(s: string): string {
  return isNfkcStable(s) ? s : s.normalize("NFKC");
}

/** Dash-like characters that people type between digits (NFKC does not fold them). */
const DASHES = /[\u2010-\u2015\u2212\u30fc\uff70\uff0d\ufe63\u2043\u02d7]/g;
export function foldDashes(s: string): string {
  return s.replace(DASHES, "-");
}

/** Hiragana → katakana (offset 0x60). */
export function toKatakana(s: string): string {
  let i = 0;
  while (i < s.length && !isHiragana(s.charCodeAt(i))) i++;
  if (i === s.length) return s;
  let out = s.slice(0, i);
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out += isHiragana(c) ? String.fromCharCode(c + 0x60) : s[i];
  }
  return out;
}
const isHiragana = (c: number): boolean => c >= 0x3041 && c <= 0x3096;

const KANA_SEPARATORS = /[\s\u30fb\u00b7=＝・･]/g;
const KANA_LONG = /[\u2010-\u2015\u2212\uff0d\-~〜～]/g;

/** Match form of a kana name: NFKC (half-width → full-width), katakana, no separators, one long-vowel mark. */
export function kanaKey(s: string): string {
  // Hot path (most dumps): full-width katakana with at most ASCII or ideographic spaces.
  let simple = true;
  let spaces = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30a1 && c <= 0x30fa) || c === 0x30fc) continue;
    if (c === 0x20 || c === 0x3000) {
      spaces = true;
      continue;
    }
    simple = false;
    break;
  }
  if (simple) return spaces ? s.replace(/[ \u3000]/g, "") : s;
  let k = toKatakana(nfkc(s));
  k = k.replace(KANA_SEPARATORS, "").replace(KANA_LONG, "ー");
  return k;
}

/** Match form of a romaji name: uppercase letters only, with Hepburn long-vowel spellings folded (OH/OU/OO → O, UU → U). */
export function romajiKey(s: string): string {
  const up = nfkc(s).toUpperCase().replace(/[^A-Z]/g, "");
  return up.replace(/O[HUO](?![AEIOU])/g, "O").replace(/UU/g, "U");
}

/** Match form of a kanji name: NFKC, no spaces. */
export function kanjiKey(s: string): string {
  return nfkc(s).replace(/[\s\u3000・]/g, "");
}

/** Lower-case, trimmed e-mail (local parts are treated case-insensitively, as every large provider does). */
export function emailKey(s: string): string {
  return nfkc(s).trim().toLowerCase();
}

/** Digits of a string after NFKC, or null if anything but digits and the usual separators appear. */
export function digitsOf(s: string, allowed: string = " -.()"): string | null {
  const n = foldDashes(nfkc(s));
  let out = "";
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) out += n[i];
    else if (allowed.indexOf(n[i] as string) < 0) return null;
  }
  return out;
}

/** Character class of a name: which script dominates. */
export type Script = "kanji" | "kana" | "romaji" | "mixed" | "none";
export function scriptOf(s: string): Script {
  let kanji = 0;
  let kana = 0;
  let latin = 0;
  let other = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3000 || c === 0x30fb || c === 0x2d || c === 0x30fc || c === 0xff70 || c === 0x27) continue;
    if ((c >= 0x4e00 && c <= 0x9fff) || c === 0x3005 || (c >= 0xf900 && c <= 0xfaff)) kanji++;
    else if ((c >= 0x3041 && c <= 0x3096) || (c >= 0x30a1 && c <= 0x30fa) || (c >= 0xff66 && c <= 0xff9f)) kana++;
    else if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a))
      latin++;
    else other++;
  }
  if (other > 0 || kanji + kana + latin === 0) return "none";
  if (latin > 0) return kanji + kana > 0 ? "mixed" : "romaji";
  if (kanji > 0) return "kanji"; // kanji with some kana (山田 はな) is still a kanji-script name
  return "kana";
}
