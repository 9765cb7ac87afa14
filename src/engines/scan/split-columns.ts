/**
 * One value written over several columns, as customer databases export it: a birth date as 生年 / 生月 / 生日, an
 * address as 都道府県 / 市区町村 / 番地 / 建物名 (also pref / city / addr1 / addr2, a JSON export's address.pref …, and
 * EC-CUBE's pref_id / addr01 / addr02 with the prefecture as its JIS code), a phone as tel01 / tel02 / tel03 (市外局番 /
 * 市内局番 / 加入者番号), a postal code as zip01 / zip02. Alone no part is a birth date, an address or a phone (a year,
 * a prefecture, "090"); together they are, and a birth date and a phone are parts of match keys. Such a group becomes a column of its own, read from
 * its parts (`ColumnProfile.parts`): the tally joins the parts of each record (`joinParts`) and checks the joined
 * value as it checks any value of the type; the parts are reported as parts.
 *
 * A group is recognised by its headers (each part has one) and confirmed by its values: each part's values have the
 * part's shape, and most joined values are valid. Pure: classify.ts calls `findSplitColumns` on the sample.
 */
import { nfkc } from "./normalize.js";
import { PREFECTURES } from "./recognizers/prefectures.js";
import { normalizeHeader, type Check } from "./recognizers/registry.js";
import type { ColumnType, SplitPart } from "./types.js";

export type SplitType = "birth_date" | "address" | "phone" | "postal_code";

/** A phone's or a postal code's parts are numbered after one stem (tel01 tel02 tel03): the stem ties them together. */
const PHONE_STEM = "(tel|phone|電話|電話番号|携帯|携帯電話|携帯番号|mobile|keitai)";
const POSTAL_STEM = "(zip|zipcode|postal|postalcode|postcode|郵便番号|郵便|〒)";
const PART_HEADERS: readonly [SplitPart, RegExp][] = [
  ["year", /^(生年|誕生年|生まれ年|出生年|生年月日年|birthyear|yearofbirth|byear|dobyear)$/],
  ["month", /^(生月|誕生月|生まれ月|出生月|生年月日月|birthmonth|monthofbirth|bmonth|dobmonth)$/],
  ["day", /^(生日|誕生日|生まれ日|出生日|生年月日日|birthday|dayofbirth|bday|dobday)$/],
  ["prefecture", /^(都道府県|都道府県名|県名|住所都道府県|住所1都道府県|都道府県コード|都道府県id|prefecture|pref|state|prefid|prefcode|prefectureid|prefecturecode)$/],
  ["city", /^(市区町村|市区町村名|市町村|市区郡|市区郡町村|住所市区町村|city|municipality)$/],
  ["street", /^(町名|町域|町名番地|町域番地|町域名|番地|丁目番地|番地等|住所番地|町名丁目番地|住所1|住所01|street|streetaddress|address1|address01|addressline1|addr1|addr01)$/],
  ["building", /^(建物名|建物|建物名部屋番号|ビル名|マンション名|建物名等|住所建物名|住所2|住所02|building|address2|address02|addressline2|addr2|addr02)$/],
  ["area", new RegExp(`^(${PHONE_STEM}0?1|市外局番|電話番号市外局番)$`)],
  ["exchange", new RegExp(`^(${PHONE_STEM}0?2|市内局番|電話番号市内局番)$`)],
  ["subscriber", new RegExp(`^(${PHONE_STEM}0?3|加入者番号|電話番号加入者番号)$`)],
  ["postal_upper", new RegExp(`^(${POSTAL_STEM}0?1|${POSTAL_STEM}上3桁|${POSTAL_STEM}前半)$`)],
  ["postal_lower", new RegExp(`^(${POSTAL_STEM}0?2|${POSTAL_STEM}下4桁|${POSTAL_STEM}後半)$`)],
];

/** A JSON path's last segment (address.pref: pref), as the header that names the part. */
const lastSegment = (header: string): string => (header.includes(".") ? (header.split(".").filter((x) => x.length > 0).pop() ?? header) : header);
/** The part a header names, and the stem it is numbered after (tel01: "tel"; "" for the other parts). */
const partOf = (header: string): { part: SplitPart; stem: string } | null => {
  const k = normalizeHeader(lastSegment(header));
  for (const [part, re] of PART_HEADERS) {
    const m = re.exec(k);
    if (m) return { part, stem: m.slice(2).find((x) => x !== undefined) ?? "" };
  }
  return null;
};
/** A prefecture by its name or its JIS X 0401 code (13: 東京都), as EC-CUBE's pref_id keeps it. */
const prefectureName = (s: string): string | null => {
  const t = nfkc(s).trim();
  if (PREFECTURES.includes(t)) return t;
  return /^\d{1,2}$/.test(t) ? (PREFECTURES[Number(t) - 1] ?? null) : null;
};

/** Without an 年/月/日 after the number (some exports keep it), after NFKC. */
const number = (s: string, unit: string): number | null => {
  const m = /^(\d{1,4})$/.exec(nfkc(s).trim().replace(unit, ""));
  return m ? Number(m[1]) : null;
};
const ERA_YEAR = /^(明治|大正|昭和|平成|令和|[MTSHR])\s*(\d{1,2}|元)年?$/i;

/** Does a part's value have the part's shape? */
const PART_SHAPE: Record<SplitPart, (s: string) => boolean> = {
  year: (s) => {
    const t = nfkc(s).trim();
    const y = number(t, "年");
    return (y !== null && y >= 1850 && y <= 2100) || ERA_YEAR.test(t);
  },
  month: (s) => {
    const m = number(s, "月");
    return m !== null && m >= 1 && m <= 12;
  },
  day: (s) => {
    const d = number(s, "日");
    return d !== null && d >= 1 && d <= 31;
  },
  prefecture: (s) => prefectureName(s) !== null,
  // 市区町村 as written: a name ending in its kind (千代田区, 横浜市中区, 北海道の …郡 …町)
  city: (s) => /[市区町村郡]$/.test(nfkc(s).trim()),
  street: (s) => nfkc(s).trim().length > 0,
  building: (s) => nfkc(s).trim().length > 0,
  area: (s) => /^0\d{0,4}$/.test(nfkc(s).trim()),
  exchange: (s) => /^\d{1,4}$/.test(nfkc(s).trim()),
  subscriber: (s) => /^\d{4}$/.test(nfkc(s).trim()),
  postal_upper: (s) => /^\d{3}$/.test(nfkc(s).trim()),
  postal_lower: (s) => /^\d{4}$/.test(nfkc(s).trim()),
};

/** Each type's parts in their order, and whether the parts found are enough to make one. */
const GROUPS: Readonly<Record<SplitType, { parts: readonly SplitPart[]; enough: (found: readonly SplitPart[]) => boolean }>> = {
  birth_date: { parts: ["year", "month", "day"], enough: (f) => f.length === 3 },
  // the street with what says where it is: the municipality, or the prefecture (EC-CUBE: pref_id, addr01 = 新宿区西新宿)
  address: { parts: ["prefecture", "city", "street", "building"], enough: (f) => f.includes("street") && (f.includes("city") || f.includes("prefecture")) },
  phone: { parts: ["area", "exchange", "subscriber"], enough: (f) => f.length === 3 },
  postal_code: { parts: ["postal_upper", "postal_lower"], enough: (f) => f.length === 2 },
};

/**
 * A group's value from its parts' texts (null or "" for a missing part), in the group's order: a birth date as
 * `1970年1月15日` (the date parser reads western and era years alike), an address as its parts one after another, the
 * building after a space. Null when a part it needs is missing: a year alone is no birth date.
 */
export function joinParts(type: SplitType, parts: readonly SplitPart[], values: readonly (string | null | undefined)[]): string | null {
  const text = (i: number): string => nfkc(values[i] ?? "").trim();
  if (type === "birth_date") {
    const [y, m, d] = [0, 1, 2].map(text);
    if (!y || !m || !d) return null;
    return `${y.replace(/年$/, "")}年${m.replace(/月$/, "")}月${d.replace(/日$/, "")}日`;
  }
  if (type === "phone" || type === "postal_code") {
    const all = parts.map((_, i) => text(i));
    return all.every((x) => x !== "") ? all.join("-") : null;
  }
  let out = "";
  let street = false;
  for (let i = 0; i < parts.length; i++) {
    const v = parts[i] === "prefecture" ? (prefectureName(values[i] ?? "") ?? text(i)) : text(i);
    if (v === "") continue;
    if (parts[i] === "street") street = true;
    out += parts[i] === "building" && out !== "" ? ` ${v}` : v;
  }
  return street ? out : null;
}

/** A group found in a table: its type, its columns in the group's order, and what each is. */
export interface SplitColumn {
  type: SplitType;
  columns: number[];
  parts: SplitPart[];
  /** share of sampled records whose joined value is valid */
  share: number;
  name: string;
}

/**
 * The groups among a table's columns (the sample's values by column), each confirmed: every part column has ≥ 90 %
 * of its values in the part's shape, and ≥ 80 % of the records with the parts it needs join to a valid value.
 * `free(i)`: column i is not typed as personal data on its own (a full address in 住所1 stays what it is).
 */
export function findSplitColumns(header: readonly string[], values: (i: number) => readonly string[], free: (i: number) => boolean, checks: Record<SplitType, Check>): SplitColumn[] {
  const found: SplitColumn[] = [];
  // what part each header names, once for every group
  const named = header.map(partOf);
  for (const type of Object.keys(GROUPS) as SplitType[]) {
    const g = GROUPS[type];
    const columns: number[] = [];
    const parts: SplitPart[] = [];
    let stem: string | null = null; // tel01's "tel": tel02 and tel03 must share it (not mobile02)
    for (const part of g.parts) {
      const i = named.findIndex((p, j) => p !== null && p.part === part && (stem === null || p.stem === stem) && free(j) && !columns.includes(j));
      if (i < 0) continue;
      const vs = values(i).filter((s) => s.trim() !== "");
      if (vs.length === 0 || vs.filter(PART_SHAPE[part]).length < vs.length * 0.9) continue;
      columns.push(i);
      parts.push(part);
      stem ??= (named[i] as { stem: string }).stem;
    }
    if (!g.enough(parts)) continue;
    const cols = columns.map(values);
    const rows = Math.max(...cols.map((c) => c.length));
    let joined = 0;
    let valid = 0;
    for (let r = 0; r < rows; r++) {
      const v = joinParts(type, parts, cols.map((c) => c[r]));
      if (v === null) continue;
      joined++;
      if (checks[type](v) !== null) valid++;
    }
    if (joined === 0 || valid < joined * 0.8) continue;
    found.push({ type, columns, parts, share: valid / joined, name: columns.map((i) => header[i]).join("+") });
  }
  return found;
}

/**
 * The types a column may have on its own and still be taken as a part: not personal data by itself, or an address
 * (a 市区町村 that passes as one, a 住所1 with the street) completed by the other parts.
 */
export const PART_TYPES_ALLOWED: ReadonlySet<ColumnType> = new Set(["other", "date", "empty", "free_text", "address"]);
