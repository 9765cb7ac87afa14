/**
 * Personal data inside text: an e-mail address, a phone number, an address or a person's name written in a note
 * (備考: "夜間は090-1234-5678へ", "連絡は taro@example.jp まで", "送付先変更：東京都新宿区西新宿2-8-1", "同伴者 佐藤花子様").
 * A column of notes is free text or other, not a column of e-mails or phones, yet what a notice must say includes
 * them: the classifier reports, per such column, how many of the sample's values hold each kind
 * (ColumnProfile.embedded), and the result raises flags.personalDataInText. Sample only: the whole file's notes are
 * not counted (a note's personal data is not a record's type either).
 */
import { nfkc } from "./normalize.js";
import { isOrganisationWord, startsWithSurnameKanji } from "./recognizers/dictionary.js";
import { PREFECTURES } from "./recognizers/prefectures.js";
import * as v from "./recognizers/values.js";
import type { PiiType } from "./types.js";

const EMAIL_IN_TEXT = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g;
/** a national number (0…, hyphens, spaces or an area code in brackets) or +81, not inside a longer run of digits */
const PHONE_IN_TEXT = /(?<![\d-])(?:\+81[-\s]?|0)\d{1,4}(?:[-\s]|\)\s?)?\d{1,4}[-\s]?\d{3,4}(?![\d-])/g;
/**
 * an address: a prefecture, a municipality (市区町村郡) within 13 characters, a block number (digits, 丁目, 番地) within
 * 20 more — not a prefecture or a city alone (東京都内のホテル, 大阪市内観光)
 */
const ADDRESS_IN_TEXT = new RegExp(`(?:${PREFECTURES.join("|")})[^\\s、。,]{0,12}?[市区町村郡][^\\s、。,]{0,20}?(?:\\d|丁目|番地)`);
/** a shop's or an inn's name (中村屋様, 松風荘様), which the dictionary's organisation words leave to the names */
const SHOP = /[屋堂亭荘園舎]$|商会$/;
/** a person with an honorific: kanji (one space at most) before 様, さん or 殿 */
const HONORIFIC_NAME = /([\p{Script=Han}々]{2,8}(?:[ \u3000][\p{Script=Han}々]{1,4})?)(?:様|さん|殿)/gu;

/**
 * A person's name with an honorific: a common surname and at least a given name's first character before it
 * (同伴者佐藤花子様 → 佐藤花子). A surname alone (田中様), ご本人様, 担当者様 and a company or a shop (鈴木商店様) are none,
 * nor is a value that is only the name and its honorific (山田太郎様: the value itself, its column's type).
 */
function nameInText(s: string): boolean {
  for (const m of s.matchAll(HONORIFIC_NAME)) {
    if (m.index === 0 && m[0].length === s.length) continue;
    const run = (m[1] as string).replace(/[ \u3000]/g, "");
    if (isOrganisationWord(run) || SHOP.test(run)) continue;
    for (let k = 0; k + 2 < run.length; k++) if (startsWithSurnameKanji(run.slice(k))) return true;
  }
  return false;
}

/**
 * An address inside a text: one with text before it (送付先変更：東京都…), or after it in a sentence (…2-8-1へ送付);
 * a value that is only an address (a building after it at most) is the value itself.
 */
function addressInText(s: string): boolean {
  const m = ADDRESS_IN_TEXT.exec(s);
  return m !== null && (m.index > 0 || /[\u3041-\u3096。、！？]/.test(s.slice(m[0].length)));
}

/** The kinds of personal data found inside a value's text (not the value as a whole: that is its column's type). */
export function embeddedIn(raw: string): PiiType[] {
  const s = nfkc(raw);
  const t = s.trim();
  // a match as long as the whole value is the value itself, not data inside a text
  const whole = t.length;
  const kinds: PiiType[] = [];
  for (const m of s.matchAll(EMAIL_IN_TEXT)) {
    if (m[0].length < whole && v.email(m[0]) !== null) {
      kinds.push("email");
      break;
    }
  }
  for (const m of s.matchAll(PHONE_IN_TEXT)) {
    if (m[0].length < whole && v.phone(m[0]) !== null) {
      kinds.push("phone");
      break;
    }
  }
  if (addressInText(t)) kinds.push("address");
  if (nameInText(t)) kinds.push("name_kanji");
  return kinds;
}

/** Per kind, how many of the values hold it inside their text (kinds found in none left out). */
export function embeddedCounts(values: readonly string[]): { type: PiiType; values: number }[] {
  const counts = new Map<PiiType, number>();
  for (const s of values) for (const k of embeddedIn(s)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].map(([type, n]) => ({ type, values: n }));
}
