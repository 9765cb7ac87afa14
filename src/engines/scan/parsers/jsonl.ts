/**
 * JSON, as exported or leaked: JSON Lines (one object a line), and JSON documents — a top-level array of objects
 * (`[{…},{…}]` on one line or pretty-printed), a stream of pretty-printed objects (`jq '.[]'`), or one object that
 * wraps arrays of records (an API response: `{"total":2,"data":{"customers":[…]}}`). Nested objects and arrays in
 * a record are flattened to dotted paths (`contact.email`, `phones.0`), each path becoming a column; columns are
 * discovered as they appear.
 *
 * The first line decides: a line starting with `[`, or a `{` line that does not close on it, is a document.
 * In a document, a record is an object that is an element of an array (the array's key path names its table:
 * `data.customers`; a top-level array is the file's own table), or a top-level object that holds no such array.
 * The document is walked character by character only to find where each record starts and ends (strings, escapes
 * and nesting); the record's text then goes to JSON.parse (native), so memory is bounded by the largest record,
 * not the file (a record over maxRecordChars is skipped with RECORD_TOO_LONG).
 */
import { BaseParser, type DiagSink, type RecordSink } from "./common.js";

export interface JsonlOptions {
  onRecord: RecordSink;
  onDiag?: DiagSink;
  maxRecordChars?: number;
  /** called when a new column path appears in the current table */
  onColumn?: (name: string, index: number) => void;
  /** the records that follow belong to this table: "" the file's own, else the key path of their array */
  onTable?: (name: string) => void;
}

/** The columns of one table (the file's own, or one array of a document). */
interface JsonTable {
  columns: string[];
  index: Map<string, number>;
  fields: (string | null)[];
}

/** An open container of a document, outside records: its kind and the key path of what it holds. */
interface Open {
  array: boolean;
  path: string;
}

const MODE_UNKNOWN = 0;
const MODE_LINES = 1;
const MODE_DOCUMENT = 2;

/** Whether the text is an object holding an array whose elements are objects or arrays (records). */
function wrapsRecords(text: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return false;
  }
  const walk = (x: unknown, depth: number): boolean => {
    if (x === null || typeof x !== "object" || depth > 8) return false;
    if (Array.isArray(x)) return x.some((e) => e !== null && typeof e === "object") || x.some((e) => walk(e, depth + 1));
    return Object.values(x).some((e) => walk(e, depth + 1));
  };
  return v !== null && typeof v === "object" && !Array.isArray(v) && walk(v, 0);
}

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0xfeff;

export class JsonlParser extends BaseParser {
  private readonly tables = new Map<string, JsonTable>();
  private table: JsonTable;
  private tableName = "";
  private mode = MODE_UNKNOWN;

  // document state (see the class comment)
  /** containers open outside any record, innermost last */
  private readonly open: Open[] = [];
  /** nesting inside the record (or candidate) being read: 0 when none is open */
  private depth = 0;
  /** the record being read is the first top-level object, a record unless an array of records turns up in it */
  private candidate = false;
  /** its text so far from earlier chunks; its start in the current chunk */
  private text = "";
  private from = 0;
  private tooLong = false;
  private recordLine = 0;
  private recordTable = "";
  private inString = false;
  private escaped = false;
  /** outside records: the last string read (an object's key once a ':' follows) and the key waiting for its value */
  private str = "";
  private collecting = false;
  /** where the string being collected started in the current chunk */
  private keyFrom = 0;
  private key = "";
  /** the top-level value was seen (a second top-level object is a record, never a wrapper) */
  private topSeen = false;
  /** the last character that was not a space, outside strings (a top-level array's scalar elements are reported) */
  private last = 0;

  constructor(private readonly opts: JsonlOptions) {
    super(opts);
    this.table = this.tableOf("");
  }

  /** The columns of the current table. */
  get columns(): string[] {
    return this.table.columns;
  }

  /** The columns of a table by its name ("" the file's own). */
  columnsOf(name: string): string[] {
    return this.tables.get(name)?.columns ?? [];
  }

  override atBoundary(): boolean {
    return this.mode === MODE_DOCUMENT ? this.depth === 0 && this.open.length === 0 : super.atBoundary();
  }

  push(chunk: string): void {
    if (this.mode === MODE_UNKNOWN) {
      this.carry += chunk;
      const mode = this.decide(false);
      if (mode === MODE_UNKNOWN) return;
      chunk = this.carry;
      this.carry = "";
      this.mode = mode;
    }
    if (this.mode === MODE_DOCUMENT) this.pushDocument(chunk);
    else this.pushLines(chunk);
  }

  end(): void {
    if (this.mode === MODE_UNKNOWN) {
      this.mode = this.decide(true);
      const chunk = this.carry;
      this.carry = "";
      if (this.mode === MODE_DOCUMENT) this.pushDocument(chunk);
      else this.pushLines(chunk);
    }
    if (this.mode === MODE_DOCUMENT) {
      // a document cut off (a partial download): the open record is not valid JSON
      if (this.depth > 0) this.onDiag(this.tooLong ? "RECORD_TOO_LONG" : "INVALID_JSON", this.recordLine);
      this.depth = 0;
      this.open.length = 0;
      this.text = "";
      return;
    }
    if (this.carry.length > 0) {
      this.lineNo++;
      this.handle(this.carry);
      this.carry = "";
    }
    this.skipping = false;
  }

  /**
   * Lines or document, from the first line with text; MODE_UNKNOWN while that cannot be told yet. A `{` line that
   * closes on itself is JSON Lines once a second line follows; a file of that one line is a document when it
   * wraps an array of records (`{"data":[{…},{…}]}` from an API), else one record.
   */
  private decide(atEnd: boolean): number {
    const t = this.carry;
    let i = 0;
    while (i < t.length && isSpace(t.charCodeAt(i))) i++;
    if (i === t.length) return atEnd ? MODE_LINES : MODE_UNKNOWN;
    const c = t.charCodeAt(i);
    if (c === 0x5b) return MODE_DOCUMENT; // [
    if (c !== 0x7b) return MODE_LINES; // not an object: the lines report themselves
    const nl = t.indexOf("\n", i);
    if (nl < 0) {
      if (atEnd) return wrapsRecords(t.slice(i)) ? MODE_DOCUMENT : MODE_LINES;
      return t.length - i > this.max ? MODE_DOCUMENT : MODE_UNKNOWN;
    }
    if (!t.slice(i, nl).trimEnd().endsWith("}")) return MODE_DOCUMENT; // pretty-printed
    let j = nl + 1;
    while (j < t.length && isSpace(t.charCodeAt(j))) j++;
    if (j < t.length) return MODE_LINES;
    if (atEnd) return wrapsRecords(t.slice(i, nl)) ? MODE_DOCUMENT : MODE_LINES;
    return t.length - i > this.max ? MODE_LINES : MODE_UNKNOWN;
  }

  private pushLines(chunk: string): void {
    if (this.lineNo === 0 && this.carry.length === 0 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    let p = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", p);
      if (nl < 0) break;
      if (this.skipping) {
        this.skipping = false;
        this.lineNo++;
      } else {
        const line = this.carry.length > 0 ? this.carry + chunk.slice(p, nl) : chunk.slice(p, nl);
        this.carry = "";
        this.lineNo++;
        this.handle(line);
      }
      p = nl + 1;
    }
    if (this.skipping) return;
    this.carry += chunk.slice(p);
    if (this.carry.length > this.max) {
      this.onDiag("RECORD_TOO_LONG", this.lineNo + 1);
      this.carry = "";
      this.skipping = true;
    }
  }

  private handle(line: string): void {
    const t = line.trim();
    if (t.length === 0) return;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      this.onDiag("INVALID_JSON", this.lineNo);
      return;
    }
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      this.onDiag("NOT_AN_OBJECT", this.lineNo);
      return;
    }
    this.emit(obj as Record<string, unknown>, "", this.lineNo);
  }

  /** A document's characters: find each record's extent (see the class comment). */
  private pushDocument(chunk: string): void {
    const open = this.open;
    this.from = 0;
    this.keyFrom = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (c === 0x0a) this.lineNo++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) {
          this.inString = false;
          if (this.collecting) {
            this.str += chunk.slice(this.keyFrom, i);
            this.collecting = false;
          }
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (c === 0x22) {
        this.inString = true;
        // keys matter only outside records (they name the arrays of records)
        if (this.depth === 0 || this.candidate) {
          this.str = "";
          this.collecting = true;
          this.keyFrom = i + 1;
        }
      } else if (this.depth > 0 && !this.candidate) {
        // inside a record: only its end matters
        if (c === 0x7b || c === 0x5b) this.depth++;
        else if ((c === 0x7d || c === 0x5d) && --this.depth === 0) this.endRecord(chunk, i);
      } else if (c === 0x7b || c === 0x5b) {
        const top = open[open.length - 1];
        if (top?.array === true) {
          // an element of an array is a record (an array of values too: a row); the object around it, if it was
          // the candidate, only a wrapper
          this.candidate = false;
          this.startRecord(i, top.path);
        } else if (open.length === 0 && c === 0x7b) {
          this.startRecord(i, "");
          this.candidate = !this.topSeen;
          this.topSeen = true;
          if (this.candidate) open.push({ array: false, path: "" });
        } else {
          this.topSeen = true;
          open.push({ array: c === 0x5b, path: this.childPath(top) });
          if (this.candidate) this.depth++;
        }
      } else if (c === 0x7d || c === 0x5d) {
        open.pop();
        if (this.candidate && --this.depth === 0) {
          // the first top-level object ended without an array of records in it: it is the record
          this.candidate = false;
          this.endRecord(chunk, i);
        }
      } else if (c === 0x3a) {
        try {
          this.key = JSON.parse(`"${this.str}"`) as string;
        } catch {
          this.key = this.str;
        }
      } else if (c !== 0x2c && (open.length === 0 || (open.length === 1 && open[0]?.array === true)) && (this.last === 0 || this.last === 0x2c || this.last === 0x5b || this.last === 0x5d || this.last === 0x7d)) {
        this.onDiag("NOT_AN_OBJECT", this.lineNo + 1); // a scalar where a record belongs
      }
      this.last = c;
    }
    if (this.collecting) this.str += chunk.slice(this.keyFrom);
    // the open record's text so far, unless it is over the limit (then only its end is looked for)
    if (this.depth > 0 && !this.tooLong) {
      this.text += chunk.slice(this.from);
      if (this.text.length > this.max) {
        this.tooLong = true;
        this.text = "";
      }
    }
  }

  private childPath(parent: Open | undefined): string {
    if (parent === undefined) return "";
    if (parent.array) return parent.path;
    return parent.path === "" ? this.key : `${parent.path}.${this.key}`;
  }

  private startRecord(i: number, table: string): void {
    this.depth = 1;
    this.text = "";
    this.from = i;
    this.tooLong = false;
    this.recordLine = this.lineNo + 1;
    this.recordTable = table;
  }

  private endRecord(chunk: string, i: number): void {
    if (this.tooLong || this.text.length + i + 1 - this.from > this.max) {
      this.onDiag("RECORD_TOO_LONG", this.recordLine);
      this.tooLong = false;
      return;
    }
    const text = this.text + chunk.slice(this.from, i + 1);
    this.text = "";
    let obj: unknown;
    try {
      obj = JSON.parse(text);
    } catch {
      this.onDiag("INVALID_JSON", this.recordLine);
      return;
    }
    this.emit(obj as Record<string, unknown> | unknown[], this.recordTable, this.recordLine);
  }

  /** One record into its table's fields. */
  private emit(obj: Record<string, unknown> | unknown[], tableName: string, line: number): void {
    if (tableName !== this.tableName) {
      this.tableName = tableName;
      this.table = this.tableOf(tableName);
      this.opts.onTable?.(tableName);
    }
    const fields = this.table.fields;
    fields.fill(null);
    this.flatten(obj, "", 0);
    this.opts.onRecord(fields, this.table.columns.length, line);
  }

  private tableOf(name: string): JsonTable {
    let t = this.tables.get(name);
    if (t === undefined) {
      t = { columns: [], index: new Map(), fields: [] };
      this.tables.set(name, t);
    }
    return t;
  }

  private flatten(obj: Record<string, unknown> | unknown[], prefix: string, depth: number): void {
    const t = this.table;
    const entries: [string, unknown][] = Array.isArray(obj) ? obj.map((v, i) => [String(i), v]) : Object.entries(obj);
    for (const [k, v] of entries) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === "object" && depth < 8) {
        this.flatten(v as Record<string, unknown>, path, depth + 1);
        continue;
      }
      let i = t.index.get(path);
      if (i === undefined) {
        if (t.columns.length >= 4096) continue; // bounded: ignore paths beyond 4,096 columns
        i = t.columns.length;
        t.columns.push(path);
        t.index.set(path, i);
        t.fields.push(null);
        this.opts.onColumn?.(path, i);
      }
      t.fields[i] = v === null || v === undefined ? null : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
    }
  }
}
