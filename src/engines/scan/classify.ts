/**
 * Column classification. Pure: takes a table's header and sampled rows, returns a profile per column with its
 * type and the evidence that decided it. Four kinds of evidence, weighed in this order:
 *
 * 1. the header: a keyword in Japanese or English (旅券番号, 担当者名, e-mail …); a header that names a thing
 *    (商品ｶﾅ, ホテル名) rules out the person-only types, one that names an identifier (注文番号, order_id) rules
 *    out number-shaped types;
 * 2. the values: the share that validates as each type (check digits, Luhn, era ranges, the 47 prefectures);
 * 3. the value distribution: repetition (a product code repeats, a passport number rarely does), sequences
 *    (ids), the spread of dates (birth dates span decades, booking dates do not), dictionaries (common surnames,
 *    company and place words);
 * 4. the neighbours: values that only a person file makes meaningful (a kanji name, a bare 7-digit postal
 *    code, a passport number without a header) are typed only when another column of the table is personal
 *    data, and a passport needs a name or a date beside it.
 *
 * Types whose values speak for themselves (e-mail, phone, address, card, IP, check-digit numbers) need only (2).
 */
import { dateOrderOf, parseDate, showsExcelSerial, type DateOrder } from "./era.js";
import { maskValue } from "./mask.js";
import { nfkc, scriptOf } from "./normalize.js";
import { hasSurnameKana, hasSurnameRomaji, isOrganisationWord, startsWithSurnameKanji } from "./recognizers/dictionary.js";
import { CHECKS, DATE_CHECK_IN_ORDER, DATE_CHECK_SERIAL, DATE_TYPES, headerType, NAME_TYPES, namesACard, namesACardCode, namesAnId, namesASharedLine, namesAThing, SPEC_BY_TYPE, SPECS, type Check } from "./recognizers/registry.js";
import * as v from "./recognizers/values.js";
import { isTestCard } from "./validators/checkdigits.js";
import { findSplitColumns, joinParts, PART_TYPES_ALLOWED } from "./split-columns.js";
import { embeddedCounts } from "./embedded.js";
import { credentialsEvidence, credentialsOf } from "./credentials.js";
import type { ColumnProfile, ColumnType, PiiType, SplitPart } from "./types.js";

/** Cell values that mean "no value". */
const NULLS = new Set(["", "NULL", "null", "\\N", "N/A", "n/a", "NA", "-", "－", "―", "None", "none", "nil"]);
export function isNull(s: string | null | undefined): boolean {
  return s === null || s === undefined || NULLS.has(s) || (s.length < 4 && s.trim().length === 0);
}

export interface ClassifyOptions {
  sourceColumn?: string;
  columnTypes?: Record<string, ColumnType>;
}

/** Types only a person has: a header naming a thing rules them out. */
const PERSON_ONLY = new Set<ColumnType>(["name_kanji", "name_kana", "name_romaji", "sex", "birth_date", "passport_number", "passport_issue_date", "passport_expiry_date", "my_number", "drivers_licence"]);
/** Types written as numbers or codes: under an identifier's header they are ids. */
const NUMBER_SHAPED = new Set<ColumnType>(["phone", "postal_code", "passport_number", "my_number", "corporate_number", "card_number", "bank_account", "drivers_licence", "sex"]);
/** Column types that make a table a table of people (the neighbours of step 4). */
const PERSONAL = new Set<ColumnType>(["name_kanji", "name_kana", "name_romaji", "sex", "birth_date", "email", "phone", "postal_code", "address", "passport_number", "passport_issue_date", "passport_expiry_date", "my_number", "card_number", "bank_account", "drivers_licence"]);

/** A card check for classification: published test numbers count (the column is a card column; see the note). */
const cardShape: Check = (s) => {
  const dg = cardDigits(s);
  return dg !== null && (v.cardNumber(s) !== null || isTestCard(dg)) ? dg : null;
};
const cardDigits = (s: string): string | null => {
  const t = s.replace(/[\s-]/g, "");
  return /^\d{13,19}$/.test(t) ? t : null;
};

const pct = (x: number): string => `${Math.round(x * 100)}%`;

/** One column's sample and the measures every rule reads. */
class Column {
  readonly nonNull: string[];
  readonly distinct: number;
  readonly uniqueness: number;
  private readonly shares = new Map<Check, number>();
  constructor(
    readonly name: string,
    readonly index: number,
    readonly size: number,
    values: string[],
  ) {
    this.nonNull = values.filter((s) => !isNull(s));
    this.distinct = new Set(this.nonNull).size;
    this.uniqueness = this.nonNull.length ? this.distinct / this.nonNull.length : 0;
  }
  get n(): number {
    return this.nonNull.length;
  }
  share(check: Check): number {
    let s = this.shares.get(check);
    if (s === undefined) {
      s = shareOf(this.nonNull, check);
      this.shares.set(check, s);
    }
    return s;
  }
  typeShare(t: ColumnType): number {
    if (t === "card_number") return this.share(cardShape);
    const order = DATE_TYPES.has(t) ? this.dateOrder : undefined;
    return this.share(order !== undefined ? DATE_CHECK_IN_ORDER[order] : (SPEC_BY_TYPE.get(t)?.check ?? (() => null)));
  }
  private order: DateOrder | undefined | null = null;
  /** day/month/year dates: the order the values not in doubt show (01/15/1970 beside 06/12/1985: month first) */
  get dateOrder(): DateOrder | undefined {
    if (this.order === null) this.order = dateOrderOf(this.nonNull);
    return this.order;
  }
  /** share of values for which `test` holds */
  where(test: (s: string) => boolean): number {
    return shareOf(this.nonNull, (s) => (test(s) ? s : null));
  }
  /** A code or a label that repeats: few distinct values for the rows seen. */
  get repeats(): boolean {
    return this.n >= 5 && this.uniqueness < 0.9;
  }
  /** Numbers that mostly grow by small steps in file order: a sequence (row ids). */
  get isSequence(): boolean {
    const nums = this.nonNull.filter((s) => /^\d{1,15}$/.test(s)).map(Number);
    if (nums.length < 5 || nums.length < this.n * 0.9) return false;
    let up = 0;
    for (let i = 1; i < nums.length; i++) {
      const d = (nums[i] as number) - (nums[i - 1] as number);
      if (d > 0 && d <= 1000) up++;
    }
    return up >= (nums.length - 1) * 0.9;
  }
}
function shareOf(values: string[], check: Check): number {
  if (values.length === 0) return 0;
  let ok = 0;
  for (const s of values) if (check(s) !== null) ok++;
  return ok / values.length;
}

/**
 * `mixed`: a name column in several scripts (ColumnProfile.mixedScripts); `serial`: a date column written as Excel serial day numbers (ColumnProfile.dateSerial); `sharedBy`: a contact
 * column whose values the sample shows beside different people (sharedContacts: the evidence sentence)
 */
type Verdict = { type: ColumnType; confidence: number; basis: string; evidence: string[]; share: number; mixed?: boolean; serial?: boolean; sharedBy?: string };
const verdict = (type: ColumnType, confidence: number, basis: string, share: number, evidence: string[]): Verdict => ({ type, confidence, basis, evidence, share });

/** Types whose values alone decide (no header, no neighbour), with the share needed. */
const SELF_EVIDENT: readonly [ColumnType, number][] = [
  ["email", 0.8],
  ["address", 0.8],
  ["phone", 0.9],
  ["card_number", 0.95],
  ["ip_address", 0.95],
];

/** Step 1 and 2: what the header and the values of one column say on their own. */
function ownVerdict(c: Column, opts: ClassifyOptions): Verdict | Candidate {
  const forced = opts.columnTypes?.[c.name];
  if (forced) return verdict(forced, 1, "option", forced === "source" ? 1 : c.typeShare(forced), ["type given by option"]);
  if (opts.sourceColumn !== undefined && opts.sourceColumn === c.name) return verdict("source", 1, "option", 1, ["source column given by option"]);
  if (c.n === 0) return verdict("empty", 1, "values", 0, ["no values in the sample"]);

  const thing = namesAThing(c.name);
  const id = namesAnId(c.name);
  const evidence: string[] = [];
  if (thing) evidence.push(`header names a thing or a note, not a person`);
  if (id) evidence.push(`header names an identifier`);
  // a header keyword of the type itself (card_no, passport_no) outweighs the identifier word; a thing word does not
  const allowedWithKeyword = (t: ColumnType): boolean => !(thing && PERSON_ONLY.has(t));
  const allowed = (t: ColumnType): boolean => allowedWithKeyword(t) && !(id && NUMBER_SHAPED.has(t));

  // 1. header keyword, confirmed by the values
  let h = headerType(c.name);
  if (h && (h.type === "passport_expiry_date" || h.type === "passport_issue_date") && namesACard(c.name)) {
    evidence.push(`header names a payment card's date (its expiry beside the card numbers raises their severity), not a passport's`);
    h = null;
  }
  if (namesACardCode(c.name)) evidence.push(`header names a card security code (CVV/CVC): no one may keep it after the payment (PCI DSS); beside card numbers it makes them usable`);
  if (h && h.type === "source") {
    if (c.distinct <= 200 && c.distinct <= Math.max(20, c.n / 5)) return verdict("source", 0.9, "header+values", 1, [`header keyword → source`, `${c.distinct} distinct values`]);
  } else if (h && (NAME_TYPES as readonly ColumnType[]).includes(h.type)) {
    // under a name header, a foreign guest's name in a script of its own counts as a name (CHECKS: the header's checks)
    const best = bestNameScript(c, true);
    // a guest register's kanji and romaji names in one column: a name column whose values count each in its script
    const any = c.share(anyNameUnderHeader);
    if (!allowedWithKeyword(best.type)) evidence.push(`header keyword → name, overruled`);
    else if (any >= 0.8 && any - best.share >= 0.1) {
      const scripts = NAME_TYPES.map((t) => [t, c.share(CHECKS[t])] as const).filter(([, s]) => s >= 0.05).map(([t, s]) => `${pct(s)} ${t}`);
      return { ...verdict(best.type, 0.5 + 0.5 * any, "header+values", any, [`header keyword → name`, `values: names in several scripts (${scripts.join(", ")}), each counted in its own`]), mixed: true };
    } else if (best.share >= 0.5) return verdict(best.type, 0.5 + 0.5 * best.share, "header+values", best.share, [`header keyword → name`, `values: ${pct(best.share)} ${best.type}`]);
  } else if (h) {
    const spec = SPEC_BY_TYPE.get(h.type)!;
    const s = spec.headerCheck ? c.share(spec.headerCheck) : c.typeShare(h.type);
    if (!allowedWithKeyword(h.type)) evidence.push(`header keyword → ${h.type}, overruled`);
    else if (s >= spec.withHeader) {
      const ev = [`header keyword → ${h.type}`, `values: ${pct(s)} valid`];
      return withCardNote(c, verdict(h.type, 0.6 + 0.4 * s, "header+values", s, ev));
    } else {
      const serial = DATE_TYPES.has(h.type) ? serialDates(c, h.type, spec.withHeader) : null;
      if (serial !== null) return serial;
      const damaged = damagedNumbers(c, h.type);
      if (damaged !== null) return verdict(h.type, 0.6, "header+values", 0, [`header keyword → ${h.type}`, damaged]);
      evidence.push(`header keyword → ${h.type}, but only ${pct(s)} of values valid`);
    }
  }

  // 2. values that speak for themselves
  for (const [type, need] of SELF_EVIDENT) {
    if (!allowed(type)) continue;
    const s = c.typeShare(type);
    if (s < need) continue;
    if (type === "phone" && c.isSequence) continue;
    return withCardNote(c, verdict(type, 0.4 + 0.5 * s, "values", s, [...evidence, `values: ${pct(s)} valid ${type}`]));
  }
  // check digits: a 13-digit corporate number passes 1 in 9 by chance, a 12-digit My Number 1 in 11
  if (allowed("corporate_number") && !c.isSequence) {
    const invoice = c.where((s) => /^[TＴ]/.test(s.trim()));
    const s = c.typeShare("corporate_number");
    if ((s >= 0.9 && invoice >= 0.9) || (s >= 0.95 && c.n >= 5))
      return verdict("corporate_number", 0.4 + 0.5 * s, "values", s, [...evidence, invoice >= 0.9 ? `values: ${pct(s)} T + corporate number with a valid check digit (invoice registration numbers)` : `values: ${pct(s)} 13 digits with a valid check digit`]);
  }
  if (allowed("my_number") && !c.isSequence && c.n >= 10 && c.typeShare("my_number") === 1)
    return verdict("my_number", 0.6, "values", 1, [...evidence, `values: every one of ${c.n} passes the My Number check digit (chance: 1 in 11 each)`]);

  return candidate(c, allowed, evidence);
}

/** A type the values allow, kept until the neighbours are known (step 4). */
type Candidate = { candidate: ColumnType; share: number; evidence: string[]; fallback: () => Verdict };
const isCandidate = (x: Verdict | Candidate): x is Candidate => "candidate" in x;

function candidate(c: Column, allowed: (t: ColumnType) => boolean, evidence: string[]): Verdict | Candidate {
  const fallback = (): Verdict => plainVerdict(c, evidence);
  const keep = (t: ColumnType, share: number, ev: string[]): Candidate => ({ candidate: t, share, evidence: [...evidence, ...ev], fallback });

  // passport numbers: two letters and seven digits that do not repeat
  const pass = c.typeShare("passport_number");
  if (pass >= 0.95 && allowed("passport_number")) {
    if (c.repeats) evidence.push(`values: ${pct(pass)} passport-shaped, but only ${c.distinct} distinct of ${c.n} (a code repeats; a passport number rarely does)`);
    else return keep("passport_number", pass, [`values: ${pct(pass)} passport-shaped, ${c.distinct} distinct of ${c.n}`]);
  }
  // names: the script, the dictionary and the shape of person names
  const name = nameCandidate(c, allowed);
  if (name) {
    if (name.ok) return keep(name.type, name.share, name.evidence);
    evidence.push(...name.evidence);
  }
  const sex = c.typeShare("sex");
  if (sex >= 0.95 && c.n >= 4 && c.distinct <= 6 && allowed("sex")) {
    if (c.where((s) => /^\s*\d\s*$/.test(s)) > 0.5) evidence.push(`values: 1/2 codes could be sex, but need a header`);
    else return keep("sex", sex, [`values: ${pct(sex)} sex (${c.distinct} distinct)`]);
  }
  const postal = c.typeShare("postal_code");
  if (postal >= 0.9 && allowed("postal_code") && !c.isSequence) return keep("postal_code", postal, [`values: ${pct(postal)} postal codes`]);
  const date = c.typeShare("date");
  if (date >= 0.8) return keep("date", date, [`values: ${pct(date)} dates`]);
  return fallback();
}

/** What a column is when no personal type fits: a date, free text or other. */
function plainVerdict(c: Column, evidence: string[]): Verdict {
  const date = c.typeShare("date");
  if (date >= 0.9) return verdict("date", 0.4 + 0.5 * date, "values", date, [...evidence, `values: ${pct(date)} dates`]);
  const avg = c.nonNull.reduce((n, x) => n + x.length, 0) / c.n;
  const sentences = c.where((s) => /[。、！？!?]|[.,]\s|\s\S+\s\S+\s/.test(s) && scriptOf(s) === "none");
  if (avg >= 15 && c.uniqueness > 0.8 && sentences >= 0.5) return verdict("free_text", 0.5, "values", sentences, [...evidence, `values: sentences (${pct(sentences)}), ${Math.round(avg)} characters on average, ${pct(c.uniqueness)} distinct`]);
  return verdict("other", 0.5, "values", 0, evidence.length ? evidence : ["no type fits the values"]);
}

/** A name in any script under a name header (kanji or a script of its own, kana, romaji: a value is in one at most). */
const anyNameUnderHeader: Check = (s) => v.nameKanjiAny(s) ?? v.nameKana(s) ?? v.nameRomaji(s);

/** Which name script the values are in, with its share (under a name header: by the header's wider checks). */
function bestNameScript(c: Column, underHeader = false): { type: ColumnType; share: number } {
  const shares = NAME_TYPES.map((t) => ({ type: t as ColumnType, share: underHeader ? c.share(CHECKS[t]) : c.typeShare(t) }));
  shares.sort((a, b) => b.share - a.share);
  return shares[0]!;
}

/** Person names without a header: script, words, dictionary hits, no organisation words, few repeats. */
function nameCandidate(c: Column, allowed: (t: ColumnType) => boolean): { ok: boolean; type: ColumnType; share: number; evidence: string[] } | null {
  const best = bestNameScript(c);
  if (best.share < 0.8 || !allowed(best.type) || c.distinct < 3) return null;
  const ev: string[] = [`values: ${pct(best.share)} ${best.type}`];
  const org = c.where(isOrganisationWord);
  if (org >= 0.1) return { ok: false, type: best.type, share: best.share, evidence: [...ev, `dictionary: ${pct(org)} hold company, place or product words`] };
  if (c.repeats && c.uniqueness < 0.6) return { ok: false, type: best.type, share: best.share, evidence: [...ev, `values repeat (${c.distinct} distinct of ${c.n}): labels, not people`] };
  if (c.where((s) => /[\r\n]/.test(s)) > 0) return { ok: false, type: best.type, share: best.share, evidence: [...ev, "values span lines: text, not names"] };
  const spaced = c.where((s) => /\S[ \u3000・,]+\S/.test(s.trim()));
  const dict = c.where(best.type === "name_kanji" ? startsWithSurnameKanji : best.type === "name_kana" ? hasSurnameKana : hasSurnameRomaji);
  if (dict >= 0.2) ev.push(`dictionary: ${pct(dict)} hold a common surname`);
  if (spaced >= 0.5) ev.push(`${pct(spaced)} are two words (family and given name)`);
  let ok = dict >= 0.2 || spaced >= 0.5;
  if (best.type === "name_kanji" && !ok) {
    // 2–6 kanji, all different: the shape of full names written without a space
    const shaped = c.where((s) => s.trim().length >= 2 && s.trim().length <= 6);
    ok = shaped >= 0.9 && c.uniqueness >= 0.9;
    if (ok) ev.push(`${pct(shaped)} are 2–6 kanji, ${pct(c.uniqueness)} distinct`);
  }
  if (best.type === "name_kana" && dict < 0.2) {
    const long = c.where((s) => /[ーｰ-]/.test(s));
    if (long >= 0.3) return { ok: false, type: best.type, share: best.share, evidence: [...ev, `${pct(long)} hold a long-vowel mark and no common surname: product words, not names`] };
  }
  if (best.type === "name_romaji" && dict < 0.2) ok = ok && c.where((s) => s === s.toUpperCase()) >= 0.8;
  return { ok, type: best.type, share: best.share, evidence: ok ? ev : [...ev, `no common surname and no family/given split`] };
}

/** A masked card number (4111-XXXX-XXXX-1111, ************4242): 13–19 places, some digits shown, ≥ 4 masked. */
const MASKED_CARD = /^(?=(?:[^0-9]*[0-9]){2,})(?=(?:[^Xx*•●]*[Xx*•●]){4,})[0-9Xx*•●](?:[ -]?[0-9Xx*•●]){12,18}$/;
/** A number Excel wrote in scientific notation (4.11111E+15): its digits past the first few are lost. */
const SCIENTIFIC = /^[1-9](?:\.\d+)?E\+(\d{1,2})$/i;

/**
 * Under a header naming a number-shaped type, values no check passes because they were damaged or hidden, which the
 * report must still name: masked card numbers (the column holds card data, but no whole number: not counted as
 * cards, no financial-damage flag) and numbers Excel wrote in scientific notation (the file Excel opened held the
 * whole numbers; this one does not). The evidence sentence, or null.
 */
function damagedNumbers(c: Column, type: ColumnType): string | null {
  if (!NUMBER_SHAPED.has(type)) return null;
  if (type === "card_number") {
    const masked = c.where((s) => MASKED_CARD.test(nfkc(s).trim()));
    if (masked >= 0.5) return `values: ${pct(masked)} masked card numbers (4111-XXXX-XXXX-1111): card data but no whole number, not counted as cards`;
  }
  const sci = c.where((s) => SCIENTIFIC.test(nfkc(s).trim()));
  if (sci >= 0.5) return `values: ${pct(sci)} numbers written by Excel in scientific notation (4.11111E+15): only their first digits are left — the file Excel opened held whole numbers; not counted as valid`;
  return null;
}

/**
 * A date column (by its header) whose values are mostly Excel serial day numbers (25583: a sheet's date column saved
 * as numbers): its dates read so, or null. Only under a date header: five digits alone are no date.
 */
function serialDates(c: Column, type: ColumnType, need: number): Verdict | null {
  const shown = c.where(showsExcelSerial);
  if (shown < 0.5) return null;
  const s = c.share(DATE_CHECK_SERIAL[c.dateOrder ?? "any"]);
  if (s < need) return null;
  const ev = [`header keyword → ${type}`, `values: ${pct(s)} valid`, `dates written as Excel serial day numbers (${pct(shown)} of the values; 25583 = 1970-01-15): a sheet's date column saved as numbers`];
  return { ...verdict(type, 0.5 + 0.4 * s, "header+values", s, ev), serial: true };
}

/** A card column: say when its values are published test numbers (they are not counted as cards). */
function withCardNote(c: Column, x: Verdict): Verdict {
  if (x.type !== "card_number") return x;
  const tests = c.where((s) => {
    const dg = cardDigits(s);
    return dg !== null && isTestCard(dg);
  });
  if (tests > 0) x.evidence.push(`${pct(tests)} of the values are published test card numbers (not counted as cards)`);
  return x;
}

/** Year of a yyyymmdd number, with the day as a fraction. */
const yearOf = (n: number): number => Math.floor(n / 10000) + ((Math.floor(n / 100) % 100) - 1) / 12;
function dateSpread(c: Column): { median: number; spread: number; latest: number } | null {
  const ys = c.nonNull.map((s) => parseDate(s, c.dateOrder)).filter((n): n is number => n !== null).map(yearOf).sort((a, b) => a - b);
  if (ys.length === 0) return null;
  const at = (q: number): number => ys[Math.min(ys.length - 1, Math.floor(q * ys.length))] as number;
  return { median: at(0.5), spread: at(0.9) - at(0.1), latest: ys[ys.length - 1] as number };
}

/**
 * Contact columns (e-mail, phone) whose values the sample shows beside different people: a booking's representative's
 * e-mail on each guest's row (代表者メールアドレス beside 宿泊者氏名), a family's one number. Joined by it, a family of
 * four was one person (a hotel register of 752 guests in 300 bookings: 300 people before). A person is told by the
 * birth date (read as its column is: `birthCheck`), else by the name (kana first, else kanji, else romaji), in their
 * normal forms; a value repeated beside one person is that person's (bookings again). Shared when at least 3 values
 * repeat in the sample and half of them are beside two people or more. Returns the columns with the evidence sentence.
 */
function sharedContacts(rows: (string | null)[][], decided: readonly Verdict[], birthCheck: (i: number) => Check): [number, string][] {
  const first = (t: ColumnType): number => decided.findIndex((x) => x.type === t);
  const name = [first("name_kana"), first("name_kanji"), first("name_romaji")].find((i) => i >= 0);
  const birth = first("birth_date");
  if (name === undefined && birth < 0) return [];
  const nameCheck = name !== undefined ? CHECKS[decided[name]!.type as PiiType] : null;
  const dateCheck = birth >= 0 ? birthCheck(birth) : null;
  const filled = (v: string | null | undefined): v is string => v !== null && v !== undefined && !isNull(v);
  const out: [number, string][] = [];
  decided.forEach((x, i) => {
    if (x.type !== "email" && x.type !== "phone") return;
    const check = CHECKS[x.type];
    // per value: the rows it is on, and the people beside it
    const seen = new Map<string, { rows: number; people: Set<string> }>();
    for (const r of rows) {
      const v = r[i];
      if (!filled(v)) continue;
      const key = check(v);
      if (key === null) continue;
      const at = seen.get(String(key)) ?? { rows: 0, people: new Set<string>() };
      at.rows++;
      const b = dateCheck !== null && filled(r[birth]) ? dateCheck(r[birth] as string) : null;
      const n = name !== undefined ? r[name] : null;
      // with a birth date column, rows without one tell no one apart (a person's other booking may lack it)
      const who = dateCheck !== null ? b : nameCheck !== null && filled(n) ? nameCheck(n) : null;
      if (who !== null) at.people.add(String(who));
      seen.set(String(key), at);
    }
    let repeated = 0;
    let shared = 0;
    for (const v of seen.values()) {
      if (v.rows < 2) continue;
      repeated++;
      if (v.people.size >= 2) shared++;
    }
    if (repeated >= 3 && shared >= repeated * 0.5) out.push([i, `the same ${x.type === "email" ? "e-mail address" : "number"} beside different people on ${shared} of the ${repeated} values the sample repeats (a booker's or a family's contact on each person's row): counted, not used to join records`]);
  });
  return out;
}

/** Classify every column of a table from its header and sampled rows. */
export function classifyTable(table: string, header: string[], rows: (string | null)[][], opts: ClassifyOptions = {}): ColumnProfile[] {
  const cols = header.map((name, i) => new Column(name, i, rows.length, rows.map((r) => r[i] ?? "")));
  const own = cols.map((c) => ownVerdict(c, opts));
  const decided: (Verdict | null)[] = own.map((x) => (isCandidate(x) ? null : x));

  // step 4: the neighbours. A column is personal when decided so, or when it is a candidate of a personal type
  // (a name without a header beside a birth date without a header: each is the other's neighbour).
  const spreads = cols.map((c, j) => {
    const x = own[j] as Verdict | Candidate;
    const t = isCandidate(x) ? x.candidate : x.type;
    return DATE_TYPES.has(t) ? dateSpread(c) : null;
  });
  const latestYear = Math.max(0, ...spreads.map((d) => d?.latest ?? 0));
  // birth dates spread over decades; booking, order and issue dates over a few years at most
  const birthLike = (d: { median: number; spread: number } | null): boolean => d !== null && (d.spread >= 15 || (d.spread >= 8 && latestYear - d.median >= 15));
  const personal = (i: number): boolean => {
    const x = own[i] as Verdict | Candidate;
    const t = isCandidate(x) ? x.candidate : x.type;
    if (isCandidate(x) && t === "date") return birthLike(spreads[i] ?? null);
    return PERSONAL.has(t);
  };
  const othersPersonal = (i: number): number => cols.reduce((n, _, j) => n + (j !== i && personal(j) ? 1 : 0), 0);
  const isName = (j: number): boolean => {
    const x = own[j] as Verdict | Candidate;
    return (NAME_TYPES as readonly ColumnType[]).includes(isCandidate(x) ? x.candidate : x.type);
  };
  const isDate = (j: number): boolean => {
    const x = own[j] as Verdict | Candidate;
    const t = isCandidate(x) ? x.candidate : x.type;
    return DATE_TYPES.has(t);
  };
  const typeOf = (j: number): ColumnType => {
    const x = own[j] as Verdict | Candidate;
    return isCandidate(x) ? x.candidate : x.type;
  };
  const passportCols = cols.map((_, j) => j).filter((j) => typeOf(j) === "passport_number");
  const hasPassport = passportCols.length > 0;
  // a passport's issue date is written where the passport is: a date column filled in rows with no passport number
  // (a check-in date in a register of Japanese and foreign guests) is not the passports' issue date
  const besidePassports = (i: number): boolean => {
    let filled = 0;
    let alone = 0;
    for (const r of rows) {
      if (isNull(r[i] ?? "")) continue;
      filled++;
      if (passportCols.every((j) => isNull(r[j] ?? ""))) alone++;
    }
    return filled > 0 && alone <= 0.2 * filled;
  };

  own.forEach((x, i) => {
    if (!isCandidate(x)) return;
    const c = cols[i] as Column;
    const others = othersPersonal(i);
    const ev = [...x.evidence];
    const accept = (type: ColumnType, why: string): Verdict => verdict(type, 0.5 + 0.3 * x.share, "values+neighbours", x.share, [...ev, why]);
    switch (x.candidate) {
      case "passport_number": {
        const near = cols.filter((_, j) => j !== i && (isName(j) || isDate(j))).length;
        decided[i] = near > 0 ? accept("passport_number", `neighbours: ${near} name or date column(s) beside it`) : { ...x.fallback(), evidence: [...ev, "neighbours: no name or date beside it"] };
        return;
      }
      case "date": {
        const d = spreads[i] ?? null;
        const age = d ? latestYear - d.median : 0;
        const beside = hasPassport && besidePassports(i);
        if (d && others > 0 && birthLike(d)) decided[i] = accept("birth_date", `distribution: dates spread over ${Math.round(d.spread)} years, median ${Math.round(age)} years before the latest date in the table; neighbours: ${others} personal column(s)`);
        else if (d && beside && d.spread <= 10.5 && age <= 10) decided[i] = accept("passport_issue_date", `distribution: recent dates within ${Math.round(d.spread)} years; neighbours: a passport number column`);
        else {
          const notIssue = hasPassport && !beside ? "filled in rows with no passport number: not their issue date" : "";
          decided[i] = { ...x.fallback(), evidence: [...ev, d ? `distribution: spread ${Math.round(d.spread)} years: not birth dates` : "", notIssue].filter(Boolean) };
        }
        return;
      }
      case "postal_code": {
        const addr = cols.some((_, j) => typeOf(j) === "address");
        const marked = c.where((s) => /^\s*〒|^\s*\d{3}[-－ー‐]\d{4}\s*$/.test(s));
        decided[i] = others > 0 && (addr || marked >= 0.8) ? accept("postal_code", addr ? "neighbours: an address column" : `values: ${pct(marked)} written NNN-NNNN; neighbours: ${others} personal column(s)`) : { ...x.fallback(), evidence: [...ev, "neighbours: no address column"] };
        return;
      }
      default:
        decided[i] = others > 0 ? accept(x.candidate, `neighbours: ${others} personal column(s)`) : { ...x.fallback(), evidence: [...ev, "neighbours: no other personal column"] };
    }
  });

  // an expiry date (有効期限) is a passport's only beside a passport number: a card's or a contract's is a date
  decided.forEach((x, i) => {
    if (x?.type !== "passport_expiry_date" || decided.some((y) => y?.type === "passport_number")) return;
    decided[i] = { ...verdict("date", x.confidence, x.basis, x.share, [...x.evidence, "neighbours: no passport number column, so not a passport's expiry"]), ...(x.serial ? { serial: true } : {}) };
  });

  const birthCheck = (i: number): Check => {
    const c = cols[i] as Column;
    const order = c.dateOrder;
    return (decided[i] as Verdict).serial ? DATE_CHECK_SERIAL[order ?? "any"] : order !== undefined ? DATE_CHECK_IN_ORDER[order] : CHECKS.birth_date;
  };
  for (const [i, why] of sharedContacts(rows, decided as Verdict[], birthCheck)) decided[i] = { ...(decided[i] as Verdict), sharedBy: why };

  // a value over several columns (生年 / 生月 / 生日, 都道府県 / 市区町村 / 番地): a column of its own, read from its parts
  const cells = header.map((_, i) => rows.map((r) => (isNull(r[i]) ? "" : (r[i] as string))));
  const check = (t: ColumnType): Check => SPEC_BY_TYPE.get(t)!.check;
  const groups = findSplitColumns(header, (i) => cells[i] ?? [], (i) => PART_TYPES_ALLOWED.has((decided[i] as Verdict).type), { birth_date: check("birth_date"), address: check("address"), phone: check("phone"), postal_code: check("postal_code") });
  const joined: ColumnProfile[] = groups.map((g, k) => {
    g.columns.forEach((i, j) => {
      decided[i] = verdict("other", 0.9, "header+values", 1, [`part of ${g.name} (the ${g.parts[j]}): read together with the other parts as one ${g.type}`]);
    });
    const values = rows.map((_, r) => joinParts(g.type, g.parts, g.columns.map((i) => cells[i]?.[r]))).filter((s): s is string => s !== null);
    const c = new Column(g.name, header.length + k, rows.length, values);
    const x = verdict(g.type, 0.6 + 0.4 * g.share, "header+values", g.share, [`${g.columns.length} columns hold one ${g.type} between them: ${pct(g.share)} of the records join to a valid one`]);
    return { ...profile(table, c, x), parts: g.columns.map((column, j) => ({ column, part: g.parts[j] as SplitPart })) };
  });
  return [...cols.map((c, i) => profile(table, c, decided[i] as Verdict)), ...joined];
}

/** Names of the kinds of personal data a note may hold, for the evidence. */
const EMBEDDED_NAME: Partial<Record<ColumnType, string>> = { email: "e-mail addresses", phone: "phone numbers", address: "addresses", name_kanji: "names with an honorific (様, さん)" };

function profile(table: string, c: Column, x: Verdict): ColumnProfile {
  // a column of notes: the personal data inside its values' text (a phone number in 備考)
  const embedded = x.type === "free_text" || x.type === "other" ? embeddedCounts(c.nonNull) : [];
  const dateOrder = DATE_TYPES.has(x.type) ? c.dateOrder : undefined;
  const credentials = credentialsOf(c.name, c.nonNull);
  const sharedByHeader = x.type === "phone" && namesASharedLine(c.name);
  const shared = sharedByHeader || x.sharedBy !== undefined;
  const evidence = [...x.evidence];
  if (sharedByHeader) evidence.push("header names a number others share (a company's, a contact's, a family's line, a fax): counted as a phone, not used to join records");
  else if (x.sharedBy !== undefined) evidence.push(x.sharedBy);
  if (credentials !== null) evidence.push(credentialsEvidence(credentials));
  if (dateOrder !== undefined) evidence.push(`dates written ${dateOrder === "mdy" ? "month" : "day"} first (values whose day is over 12 show the order)`);
  for (const e of embedded) evidence.push(`${EMBEDDED_NAME[e.type] ?? e.type} inside the text of ${e.values} of ${c.n} values in the sample`);
  return {
    index: c.index,
    name: c.name,
    table,
    type: x.type,
    confidence: Math.round(x.confidence * 1000) / 1000,
    basis: x.basis,
    evidence,
    sampleMatchShare: Math.round(x.share * 1000) / 1000,
    sampleSize: c.size,
    sampleUniqueness: c.n ? c.distinct / c.n : 0,
    nonNull: 0,
    nulls: 0,
    valid: 0,
    // a password, even masked in part, is never shown
    maskedSamples: x.type === "other" || x.type === "empty" || credentials !== null ? [] : pickSamples(c.nonNull, x.type),
    ...(x.mixed ? { mixedScripts: true } : {}),
    ...(dateOrder !== undefined ? { dateOrder } : {}),
    ...(x.serial ? { dateSerial: true } : {}),
    ...(credentials !== null ? { credentials: credentials.kind } : {}),
    ...(shared ? { sharedContact: true } : {}),
    ...(embedded.length > 0 ? { embedded } : {}),
  };
}

/** One column on its own (no neighbours): the library's single-column entry point. */
export function classifyColumn(name: string, values: string[], table: string, index: number, opts: ClassifyOptions = {}): ColumnProfile {
  const [p] = classifyTable(table, [name], values.map((s) => [s]), opts);
  return { ...(p as ColumnProfile), index };
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
