/**
 * Rows that are no records, found by the tally among the rows with no personal data (so a person's record is never
 * taken for one): total rows and empty rows.
 *
 * Empty rows: every cell empty or blank (`,,,,` — Excel writes them for rows whose cells were only formatted), which
 * are no more a record than a blank line is.
 *
 * Total rows: the 合計 / 小計 / Total line that business exports (Excel above all) write under a table, or between its
 * groups. Such a row is no record of anyone; counted, it made a file's records one too many.
 *
 * A row is a total when its first filled cell is, trimmed and without a final colon, one of TOTAL_WORDS: the label
 * of a total comes first (`合計,,,,1234`, `,,合計,1234`); a record whose category or status reads 計 or total after
 * its id is no total, nor is "合計金額" or "Total Tours Ltd." (the whole cell). The label may carry its figure after
 * a colon (`件数: 40`, `合計：1,234件`, `Total: 40 records`), as a report's last line does.
 *
 * Repeated header rows: exports concatenated (`cat a.csv b.csv`) or a report that prints its header on every page
 * repeat the header row inside the data; its 氏名 and フリガナ would pass for a name (HeaderRow).
 */
const TOTAL_WORDS = new Set(["合計", "総計", "小計", "総合計", "計", "合計件数", "件数合計", "件数", "総件数", "以上", "total", "totals", "grand total", "subtotal", "sub total", "sub-total", "sum"]);
/** A figure after a total word and a colon: `: 40`, `：1,234件`, `: 40 records` */
const FIGURE_AFTER = /\s*[:：]\s*\d[\d,]*\s*(?:件|名|人|行|records?|rows?)?$/;

/** The longest cell looked at (characters, or UTF-8 bytes on the byte path): a total word with spaces and a colon. */
const MAX_CELL_BYTES = 40;

/** A cell's text is a total word. */
export function isTotalWord(cell: string): boolean {
  if (cell.length === 0 || cell.length > MAX_CELL_BYTES) return false;
  const s = cell
    .trim()
    .replace(FIGURE_AFTER, "")
    .replace(/[:：]$/, "")
    .trim()
    .toLowerCase();
  return TOTAL_WORDS.has(s);
}

const BOM = "\ufeff";
/** A file's header row, to tell its repeats inside the data (exact fields; a BOM before the first allowed). */
export class HeaderRow {
  private readonly bytes: Uint8Array[];
  constructor(private readonly header: readonly string[]) {
    this.bytes = header.map((h) => Buffer.from(h, "utf8"));
  }
  /** The record's fields are the header's. */
  matches(fields: readonly (string | null)[], n: number): boolean {
    const h = this.header;
    if (n !== h.length) return false;
    for (let i = 0; i < n; i++) {
      let f = fields[i] ?? "";
      if (i === 0 && f.startsWith(BOM)) f = f.slice(1);
      if (f !== h[i]) return false;
    }
    return true;
  }
  /** The same on a record of the byte path (fields k at [offs[base + 2k], offs[base + 2k + 1]) of buf). */
  matchesBytes(buf: Uint8Array, offs: Int32Array, base: number, n: number): boolean {
    const h = this.bytes;
    if (n !== h.length) return false;
    for (let k = 0; k < n; k++) {
      let s = offs[base + 2 * k] as number;
      const e = offs[base + 2 * k + 1] as number;
      const want = h[k] as Uint8Array;
      if (k === 0 && e - s === want.length + 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
      if (e - s !== want.length) return false;
      for (let i = 0; i < want.length; i++) if (buf[s + i] !== want[i]) return false;
    }
    return true;
  }
}

/** The row's first filled text field is a total word. */
export function hasTotalWord(fields: readonly (string | null)[], n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = fields[i];
    if (v !== null && v !== undefined && !BLANK.test(v)) return isTotalWord(v);
  }
  return false;
}

/**
 * The same on a record of the byte path (fields k at [offs[base + 2k], offs[base + 2k + 1]) of buf): the first filled
 * cell is decoded only when it is short enough and starts with a byte a total word (or a space before it) can start with.
 */
export function hasTotalWordBytes(buf: Uint8Array, offs: Int32Array, base: number, n: number, decode: (b: Uint8Array, s: number, e: number) => string): boolean {
  for (let k = 0; k < n; k++) {
    const s = offs[base + 2 * k] as number;
    const e = offs[base + 2 * k + 1] as number;
    if (blankBytes(buf, s, e)) continue;
    return e - s >= 2 && e - s <= MAX_CELL_BYTES && FIRST_BYTE[buf[s] as number] === true && isTotalWord(decode(buf, s, e));
  }
  return false;
}

/** The first bytes of the total words in UTF-8 (either case), and of the spaces that may come before them. */
const FIRST_BYTE: boolean[] = (() => {
  const first = Array.from({ length: 256 }, () => false);
  for (const w of [...TOTAL_WORDS, " ", "\u3000"]) {
    first[Buffer.from(w, "utf8")[0] as number] = true;
    first[Buffer.from(w.toUpperCase(), "utf8")[0] as number] = true;
  }
  return first;
})();

/** Every field of the row is empty or blank: spaces, tabs and U+3000 only (what isEmptyRowBytes takes, no more). */
const BLANK = /^[ \t\u3000]*$/;
export function isEmptyRow(fields: readonly (string | null)[], n: number): boolean {
  for (let i = 0; i < n; i++) {
    const v = fields[i];
    if (v !== null && v !== undefined && !BLANK.test(v)) return false;
  }
  return true;
}

/** The same on a record of the byte path: only spaces, tabs and U+3000 (E3 80 80) in every field. */
export function isEmptyRowBytes(buf: Uint8Array, offs: Int32Array, base: number, n: number): boolean {
  for (let k = 0; k < n; k++) if (!blankBytes(buf, offs[base + 2 * k] as number, offs[base + 2 * k + 1] as number)) return false;
  return true;
}

/** buf[s, e) holds only spaces, tabs and U+3000 (BLANK on bytes). */
function blankBytes(buf: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; ) {
    const c = buf[i] as number;
    if (c === 0x20 || c === 0x09) i++;
    else if (c === 0xe3 && buf[i + 1] === 0x80 && buf[i + 2] === 0x80 && i + 3 <= e) i += 3;
    else return false;
  }
  return true;
}
