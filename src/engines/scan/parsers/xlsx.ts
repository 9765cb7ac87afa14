/**
 * Excel workbooks (.xlsx, .xlsm): each worksheet a table named after its sheet, its rows the records (the first
 * row may be a header, decided as for CSV). Cells as a user sees them: shared and inline strings (without the
 * furigana Excel keeps beside a name, `<rPh>`), numbers as written (`9012345678`; Excel keeps 15 digits, so a card
 * number typed as a number has already lost its last digit in the file), dates as `yyyy-mm-dd` (a number whose
 * cell style is a date format; the 1904 date system too), booleans as TRUE/FALSE, error cells as empty.
 *
 * An .xlsx is a zip of XML parts: fflate inflates them and saxes reads the XML as a stream, so a sheet of a million
 * rows is never held as a whole (the zip itself and the shared strings are). The zip is pushed a slice at a time
 * and the caller's loop runs between slices.
 */
import { readFile } from "node:fs/promises";
import type { SaxesTagPlain } from "saxes";
import type { DiagSink, RecordSink } from "./common.js";
import { fflate, saxes } from "../libraries.js";
import { attr, localName, XmlStream } from "./xml-stream.js";

export interface XlsxHooks {
  onRecord: RecordSink;
  onDiag: DiagSink;
  /** the records that follow are the rows of this sheet */
  onTable: (name: string) => void;
}

/** Compressed bytes pushed at a time (the caller's loop runs between pushes). */
const SLICE = 1 << 20;

/** Read a workbook: the sheets' rows to the hooks; yields between slices of the file. */
export async function* readXlsx(path: string, hooks: XlsxHooks, onBytes?: (n: number) => void, partLimit = PART_LIMIT): AsyncGenerator<void> {
  const zip = await readFile(path);
  const parts = workbookParts(zip, partLimit);
  if (parts.sheets.length === 0) throw new Error("no worksheet"); // not a workbook: XLSX_ERROR, never 0 records in silence
  const sheetByPath = new Map(parts.sheets.map((s) => [s.path, s.name]));
  let failed = false;
  const { Unzip, UnzipInflate } = fflate();
  const unzip = new Unzip((file) => {
    const name = sheetByPath.get(file.name);
    if (name === undefined) return;
    const sheet = new SheetReader(name, parts, hooks);
    const text = new TextDecoder("utf-8");
    file.ondata = (err, data, final) => {
      if (err) {
        failed = true;
        return;
      }
      sheet.write(text.decode(data, { stream: !final }));
      if (final) sheet.close();
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  for (let at = 0; at < zip.length && !failed; at += SLICE) {
    const end = Math.min(zip.length, at + SLICE);
    unzip.push(zip.subarray(at, end), end === zip.length);
    onBytes?.(end - at);
    yield;
  }
  if (failed) throw new Error("corrupt zip data");
}

interface WorkbookParts {
  sheets: { name: string; path: string }[];
  shared: string[];
  /** style index → the cell shows a date */
  dateStyles: boolean[];
  date1904: boolean;
}

const PART_NAMES = new Set(["xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"]);
/**
 * These parts are inflated whole (the sheets stream): a part declaring more than this is refused (a zip bomb would
 * take the memory). fflate inflates into a buffer of the declared size, so a part that lies about its size is cut
 * there, never larger. 512 MB of shared strings is some 20 million distinct cell texts.
 */
const PART_LIMIT = 512 << 20;

/** The workbook's sheets (in order), shared strings and date styles, from the small parts of the zip. */
function workbookParts(zip: Uint8Array, partLimit: number): WorkbookParts {
  const files = fflate().unzipSync(zip, {
    filter: (f) => {
      if (!PART_NAMES.has(f.name)) return false;
      if (f.originalSize > partLimit) throw new Error("a workbook part too large");
      return true;
    },
  });
  const text = (name: string): string => (files[name] ? new TextDecoder("utf-8").decode(files[name]) : "");
  const targets = new Map<string, string>();
  sax(text("xl/_rels/workbook.xml.rels"), (t) => {
    if (t.name !== "Relationship") return;
    const target = t.attributes.Target ?? "";
    targets.set(t.attributes.Id ?? "", target.startsWith("/") ? target.slice(1) : `xl/${target}`);
  });
  const sheets: { name: string; path: string }[] = [];
  let date1904 = false;
  sax(text("xl/workbook.xml"), (t) => {
    if (t.name === "workbookPr") date1904 = t.attributes.date1904 === "1" || t.attributes.date1904 === "true";
    if (t.name !== "sheet") return;
    const path = targets.get(attr(t, "id") ?? ""); // r:id, whatever its prefix
    if (path !== undefined) sheets.push({ name: t.attributes.name ?? path, path });
  });
  return { sheets, shared: sharedStrings(text("xl/sharedStrings.xml")), dateStyles: dateStyles(text("xl/styles.xml")), date1904 };
}

/**
 * A tag by its local name (writers built on the Open XML SDK prefix the main namespace: `<x:sheet>`), as a copy:
 * saxes matches closing tags against the objects it gave out, so they are never changed in place.
 */
const local = (t: SaxesTagPlain): SaxesTagPlain => (t.name.indexOf(":") < 0 ? t : { ...t, name: localName(t.name) });

/** Run a SAX pass over a small part, with a callback per opening tag. */
function sax(xml: string, onOpen: (tag: SaxesTagPlain) => void, onText?: (text: string) => void, onClose?: (tag: SaxesTagPlain) => void): void {
  if (xml === "") return;
  const p = new (saxes().SaxesParser)();
  p.on("opentag", (t) => onOpen(local(t)));
  if (onText) p.on("text", onText);
  if (onClose) p.on("closetag", (t) => onClose(local(t)));
  p.write(xml).close();
}

/** The shared strings: each `<si>`'s text runs joined, without the phonetic runs (`<rPh>`: furigana). */
function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inT = false;
  let phonetic = 0;
  sax(
    xml,
    (t) => {
      if (t.name === "si") cur = "";
      else if (t.name === "rPh") phonetic++;
      else if (t.name === "t") inT = true;
    },
    (s) => {
      if (inT && phonetic === 0) cur += s;
    },
    (t) => {
      if (t.name === "t") inT = false;
      else if (t.name === "rPh") phonetic--;
      else if (t.name === "si") out.push(cur);
    },
  );
  return out;
}

/** Built-in number formats that show a date (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);
/** A custom format shows a date when it has y, d or m outside quotes and brackets ("yyyy/m/d", "ggge年m月d日"). */
const isDateFormat = (code: string): boolean => /[ydmge]/i.test(code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "")) && !/^(General|@|[#0.,%\s]*)$/i.test(code);

/** Per cell style (`<cellXfs>`'s `<xf>`s in order): whether its number format is a date. */
function dateStyles(xml: string): boolean[] {
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  sax(
    xml,
    (t) => {
      if (t.name === "numFmt") custom.set(Number(t.attributes.numFmtId), isDateFormat(t.attributes.formatCode ?? ""));
      else if (t.name === "cellXfs") inCellXfs = true;
      else if (t.name === "xf" && inCellXfs) {
        const id = Number(t.attributes.numFmtId ?? 0);
        styles.push(custom.get(id) ?? DATE_FORMAT_IDS.has(id));
      }
    },
    undefined,
    (t) => {
      if (t.name === "cellXfs") inCellXfs = false;
    },
  );
  return styles;
}

/** An Excel serial day as yyyy-mm-dd (with the time when it has one); the 1900 system counts a 29 Feb 1900. */
export function excelDate(serial: number, date1904: boolean): string {
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  const ms = Math.round((days - 25569) * 86400000);
  const iso = new Date(ms).toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
}

/** Column index of a cell reference ("B12" → 1). */
function columnOf(ref: string): number {
  let n = 0;
  for (let i = 0; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 0x41 || c > 0x5a) break;
    n = n * 26 + (c - 0x40);
  }
  return n - 1;
}

/** One worksheet's XML, streamed: a record per `<row>`. */
class SheetReader {
  private readonly xml: XmlStream;
  private fields: (string | null)[] = [];
  private width = 0;
  private row = 0;
  private col = 0;
  private type = "";
  private style = 0;
  private value = "";
  private inValue = false;
  private phonetic = 0;
  private started = false;

  constructor(
    private readonly name: string,
    private readonly parts: WorkbookParts,
    private readonly hooks: XlsxHooks,
  ) {
    this.xml = new XmlStream({
      open: (n, t) => this.open(n, t),
      text: (s) => {
        if (this.inValue && this.phonetic === 0) this.value += s;
      },
      close: (n) => this.closeTag(n),
      damaged: () => this.hooks.onDiag("XLSX_SYNTAX", this.row), // at the row being read; the rows after it are not
    });
  }

  write(text: string): void {
    this.xml.write(text);
  }

  close(): void {
    this.xml.close();
  }

  private open(name: string, t: SaxesTagPlain): void {
    switch (name) {
      case "row":
        this.row = t.attributes.r !== undefined ? Number(t.attributes.r) : this.row + 1;
        this.fields.fill(null);
        this.width = 0;
        this.col = -1;
        break;
      case "c":
        this.col = t.attributes.r !== undefined ? columnOf(t.attributes.r) : this.col + 1;
        this.type = t.attributes.t ?? "n";
        this.style = Number(t.attributes.s ?? 0);
        this.value = "";
        break;
      case "v":
      case "t":
        this.inValue = true;
        break;
      case "rPh":
        this.phonetic++;
        break;
    }
  }

  private closeTag(name: string): void {
    switch (name) {
      case "v":
      case "t":
        this.inValue = false;
        break;
      case "rPh":
        this.phonetic--;
        break;
      case "c":
        this.cell();
        break;
      case "row":
        if (!this.started) {
          this.started = true;
          this.hooks.onTable(this.name);
        }
        if (this.width > 0) this.hooks.onRecord(this.fields, this.width, this.row);
        break;
    }
  }

  private cell(): void {
    const v = this.value;
    if (this.col < 0 || this.col >= 16384 || v === "") return;
    let text: string | null;
    switch (this.type) {
      case "s":
        text = this.parts.shared[Number(v)] ?? null;
        break;
      case "b":
        text = v === "1" ? "TRUE" : "FALSE";
        break;
      case "e":
        text = null; // #N/A, #REF!: no value
        break;
      case "n": {
        const n = Number(v);
        if (this.parts.dateStyles[this.style] === true && Number.isFinite(n) && n > 0 && n < 2958466) text = excelDate(n, this.parts.date1904);
        else text = /e/i.test(v) && Number.isInteger(n) ? n.toFixed(0) : v; // 4.1111111111111E+15 as Excel shows it
        break;
      }
      default:
        text = v; // str (a formula's text), inlineStr, d (an ISO date)
    }
    if (text === null || text === "") return;
    while (this.fields.length <= this.col) this.fields.push(null);
    this.fields[this.col] = text;
    if (this.col + 1 > this.width) this.width = this.col + 1;
  }
}
