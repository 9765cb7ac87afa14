/**
 * SQL dumps, streaming: PostgreSQL (`pg_dump`: COPY … FROM stdin blocks, or INSERT with --inserts) and MySQL
 * (`mysqldump`: extended INSERT … VALUES (…),(…); backslash escapes). Column names come from the INSERT column
 * list, the COPY column list, or the CREATE TABLE statement. Other statements are skipped.
 */
import { BaseParser, type DiagSink, type RecordSink } from "./common.js";

export interface SqlOptions {
  onRecord: RecordSink;
  /** the records that follow belong to this table (columns as known, may be empty) */
  onTable: (name: string, columns: string[]) => void;
  onDiag?: DiagSink;
  maxRecordChars?: number;
}

type Mode = "top" | "values" | "copy";
const RE_INSERT = /^INSERT\s+(?:IGNORE\s+)?INTO\s+((?:[`"][^`"]+[`"]|[\w$]+)(?:\.(?:[`"][^`"]+[`"]|[\w$]+))?)\s*(?:\(([^)]*)\))?\s*VALUES\s*/i;
const RE_COPY = /^COPY\s+((?:"[^"]+"|[\w$]+)(?:\.(?:"[^"]+"|[\w$]+))?)\s*(?:\(([^)]*)\))?\s+FROM\s+stdin[^\n]*\n/i;
const RE_CREATE = /^CREATE\s+(?:UNLOGGED\s+|TEMPORARY\s+|TEMP\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?((?:[`"][^`"]+[`"]|[\w$]+)(?:\.(?:[`"][^`"]+[`"]|[\w$]+))?)\s*\(/i;
const CONSTRAINT = /^(PRIMARY|KEY|UNIQUE|CONSTRAINT|INDEX|FOREIGN|CHECK|FULLTEXT|SPATIAL|EXCLUDE|LIKE)\b/i;

export function unquoteIdent(s: string): string {
  const t = s.trim();
  const last = t.split(".").pop() ?? t;
  return last.replace(/^[`"]|[`"]$/g, "").replace(/""/g, '"');
}
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let q = "";
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (q) {
      if (c === q) q = "";
      continue;
    }
    if (c === "'" || c === '"' || c === "`") q = c;
    else if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

export class SqlParser extends BaseParser {
  private mode: Mode = "top";
  private mysql = false;
  private readonly tables = new Map<string, string[]>();
  private readonly fields: (string | null)[] = [];

  constructor(private readonly opts: SqlOptions) {
    super(opts);
  }

  push(chunk: string): void {
    const s = this.carry.length > 0 ? this.carry + chunk : chunk;
    const p = this.run(s, false);
    this.carry = p < s.length ? s.slice(p) : "";
    if (this.carry.length > this.max) {
      // a statement or tuple beyond the limit: drop it and resynchronise at the next line
      this.onDiag("RECORD_TOO_LONG", this.lineNo + 1);
      this.lineNo += countNl(this.carry, 0, this.carry.length);
      this.carry = "";
      this.mode = "top";
    }
  }
  end(): void {
    if (this.carry.length > 0) {
      const s = this.carry;
      this.carry = "";
      const p = this.run(s, true);
      if (p < s.length && s.slice(p).trim().length > 0) this.onDiag("UNTERMINATED_STATEMENT", this.lineNo + 1);
    }
  }

  /** Process as much as possible; returns the index of the first unprocessed character. */
  private needMore = false;
  private run(s: string, final: boolean): number {
    let p = 0;
    this.backslashAt = -2; // a new text: the cached position is not in it
    for (;;) {
      this.needMore = false;
      if (this.mode === "copy") p = this.copyRows(s, p, final);
      else if (this.mode === "values") p = this.tuples(s, p, final);
      else p = this.statement(s, p, final);
      if (this.needMore || p >= s.length) return p;
    }
  }
  /** Stop here until more text arrives. */
  private more(p: number): number {
    this.needMore = true;
    return p;
  }

  private skipSpace(s: string, p: number): number {
    while (p < s.length) {
      const c = s.charCodeAt(p);
      if (c === 0x0a) this.lineNo++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0xfeff) break;
      p++;
    }
    return p;
  }

  /** Top level: returns the next index, -1 if the statement is incomplete. */
  private statement(s: string, p: number, final: boolean): number {
    p = this.skipSpace(s, p);
    if (p >= s.length) return p;
    const c = s[p];
    if (c === "-" && s[p + 1] === "-") return this.skipLine(s, p, final);
    if (c === "\\") return this.skipLine(s, p, final); // psql meta-commands (\connect, \restrict)
    if (c === "/" && s[p + 1] === "*") {
      const e = s.indexOf("*/", p + 2);
      if (e < 0) return final ? s.length : this.more(p);
      if (s[p + 2] === "!") this.mysql = true;
      this.lineNo += countNl(s, p, e);
      return e + 2;
    }
    if (c === ";") return p + 1;
    const head = s.slice(p, p + 4096);
    const word = /^[A-Za-z]+/.exec(head)?.[0]?.toUpperCase() ?? "";
    if (word === "INSERT") {
      const m = RE_INSERT.exec(head);
      if (!m) {
        if (!final && head.length < 4096 && !/;/.test(head)) return this.more(p);
        return this.skipStatement(s, p, final);
      }
      if (m[1]?.includes("`")) this.mysql = true;
      const table = unquoteIdent(m[1] as string);
      const cols = m[2] !== undefined ? splitTopLevel(m[2]).map(unquoteIdent) : (this.tables.get(table) ?? []);
      this.opts.onTable(table, cols);
      this.lineNo += countNl(s, p, p + m[0].length);
      this.mode = "values";
      return p + m[0].length;
    }
    if (word === "COPY") {
      const m = RE_COPY.exec(head);
      if (!m) {
        if (!final && head.indexOf("\n") < 0) return this.more(p);
        return this.skipStatement(s, p, final);
      }
      const table = unquoteIdent(m[1] as string);
      const cols = m[2] !== undefined ? splitTopLevel(m[2]).map(unquoteIdent) : (this.tables.get(table) ?? []);
      this.opts.onTable(table, cols);
      this.lineNo++;
      this.mode = "copy";
      return p + m[0].length;
    }
    if (word === "CREATE") {
      const m = RE_CREATE.exec(head);
      if (m) {
        const end = this.statementEnd(s, p);
        if (end < 0) return final ? s.length : this.more(p);
        const body = s.slice(p + m[0].length, s.lastIndexOf(")", end));
        const cols = splitTopLevel(body)
          .map((d) => d.trim())
          .filter((d) => d.length > 0 && !CONSTRAINT.test(d))
          .map((d) => unquoteIdent(/^([`"][^`"]+[`"]|\S+)/.exec(d)?.[1] ?? d));
        this.tables.set(unquoteIdent(m[1] as string), cols);
        this.lineNo += countNl(s, p, end);
        return end + 1;
      }
    }
    if (word === "SET" && /^SET\s+standard_conforming_strings\s*=\s*off/i.test(head)) this.mysql = true;
    return this.skipStatement(s, p, final);
  }

  private skipLine(s: string, p: number, final: boolean): number {
    const nl = s.indexOf("\n", p);
    if (nl < 0) return final ? s.length : this.more(p);
    this.lineNo++;
    return nl + 1;
  }
  private skipStatement(s: string, p: number, final: boolean): number {
    const end = this.statementEnd(s, p);
    if (end < 0) return final ? s.length : this.more(p);
    this.lineNo += countNl(s, p, end);
    return end + 1;
  }
  /** Index of the `;` that ends the statement at p (outside quotes and dollar quotes), or -1. */
  private statementEnd(s: string, p: number): number {
    let q = "";
    for (let i = p; i < s.length; i++) {
      const c = s[i] as string;
      if (q) {
        if (q.length > 1) {
          if (c === "$" && s.startsWith(q, i)) {
            i += q.length - 1;
            q = "";
          }
        } else if (c === "\\" && this.mysql) i++;
        else if (c === q) q = "";
        continue;
      }
      if (c === "'" || c === '"' || c === "`") q = c;
      else if (c === "$") {
        const m = /^\$[A-Za-z_]*\$/.exec(s.slice(i, i + 64));
        if (m) {
          q = m[0];
          i += q.length - 1;
        }
      } else if (c === ";") return i;
    }
    return -1;
  }

  /** VALUES (…),(…); — one record per tuple. */
  private tuples(s: string, p: number, final: boolean): number {
    for (;;) {
      p = this.skipSpace(s, p);
      if (p >= s.length) return p;
      const c = s[p];
      if (c === ",") {
        p++;
        continue;
      }
      if (c === ";") {
        this.mode = "top";
        return p + 1;
      }
      if (c !== "(") {
        this.onDiag("SQL_SYNTAX", this.lineNo + 1);
        this.mode = "top";
        return this.skipStatement(s, p, final);
      }
      const line = this.lineNo + 1;
      const next = this.tuple(s, p + 1);
      if (next < 0) {
        if (final) {
          this.onDiag("UNTERMINATED_STATEMENT", line);
          return s.length;
        }
        return this.more(p); // carry from the '('; its lines are counted when it completes
      }
      this.lineNo += countNl(s, p, next);
      this.opts.onRecord(this.fields, this.fieldCount, line);
      p = next;
    }
  }

  private fieldCount = 0;
  /**
   * The next backslash at or after a position of the current text (-1: none; -2: not looked for yet). Cached: a
   * mysqldump INSERT line of 13 MB without a backslash had made every quoted value search to the end of the text
   * (quadratic: 155 s for 200k rows; now linear).
   */
  private backslashAt = -2;
  private nextBackslash(s: string, i: number): number {
    if (this.backslashAt === -2 || (this.backslashAt >= 0 && this.backslashAt < i)) this.backslashAt = s.indexOf("\\", i);
    return this.backslashAt;
  }
  /** Parse the values of one tuple starting after '('; returns the index after ')', or -1 if incomplete. */
  private tuple(s: string, p: number): number {
    const f = this.fields;
    let n = 0;
    const len = s.length;
    for (;;) {
      while (p < len && (s[p] === " " || s[p] === "\n" || s[p] === "\r" || s[p] === "\t")) p++;
      if (p >= len) return -1;
      let c = s[p] as string;
      if (c === ")" && n === 0) {
        this.fieldCount = 0;
        return p + 1;
      }
      let escapes = this.mysql;
      if ((c === "E" || c === "e") && s[p + 1] === "'") {
        escapes = true;
        p++;
        c = "'";
      } else if (c === "_" && /^_[a-z0-9]+'/i.test(s.slice(p, p + 16))) {
        p = s.indexOf("'", p); // _binary'…', _utf8mb4'…'
        c = "'";
      }
      if (c === "'") {
        let value = "";
        let from = p + 1;
        let i = from;
        for (;;) {
          const q = s.indexOf("'", i);
          const b = escapes ? this.nextBackslash(s, i) : -1;
          if (b >= 0 && (q < 0 || b < q)) {
            if (b + 1 >= len) return -1;
            value += s.slice(from, b) + unescapeChar(s[b + 1] as string);
            i = from = b + 2;
            continue;
          }
          if (q < 0 || q + 1 >= len) return -1;
          if (s[q + 1] === "'") {
            value += s.slice(from, q + 1);
            i = from = q + 2;
            continue;
          }
          value += s.slice(from, q);
          p = q + 1;
          break;
        }
        // a cast such as '1990-01-01'::date
        while (p < len && s[p] === ":" && s[p + 1] === ":") {
          p += 2;
          while (p < len && /[\w\s[\]"]/.test(s[p] as string) && s[p] !== "\n") {
            if (s[p] === " " && !/^\s*(?:varying|precision|without|with|time|zone)/i.test(s.slice(p, p + 12))) break;
            p++;
          }
        }
        f[n++] = value;
      } else {
        // a bare value: number, NULL, TRUE, a function call
        let depth = 0;
        const from = p;
        while (p < len) {
          const ch = s[p] as string;
          if (ch === "(") depth++;
          else if (ch === ")") {
            if (depth === 0) break;
            depth--;
          } else if (ch === "," && depth === 0) break;
          else if (ch === "'") {
            const q = s.indexOf("'", p + 1);
            if (q < 0) return -1;
            p = q;
          }
          p++;
        }
        if (p >= len) return -1;
        const raw = s.slice(from, p).trim();
        f[n++] = /^null$/i.test(raw) ? null : raw.replace(/::[\w\s[\]"]+$/, "");
      }
      while (p < len && (s[p] === " " || s[p] === "\n" || s[p] === "\r" || s[p] === "\t")) p++;
      if (p >= len) return -1;
      if (s[p] === ",") {
        p++;
        continue;
      }
      if (s[p] === ")") {
        this.fieldCount = n;
        return p + 1;
      }
      return this.recover(s, p, n);
    }
  }
  /** Garbage inside a tuple: skip to the closing parenthesis and keep what was read. */
  private recover(s: string, p: number, n: number): number {
    const close = s.indexOf(")", p);
    if (close < 0) return -1;
    this.onDiag("SQL_SYNTAX", this.lineNo + 1);
    this.fieldCount = n;
    return close + 1;
  }

  /** COPY rows: tab-separated, \N is NULL, backslash escapes; the block ends with `\.`. */
  private copyRows(s: string, p: number, final: boolean): number {
    const f = this.fields;
    for (;;) {
      let nl = s.indexOf("\n", p);
      if (nl < 0) {
        if (p >= s.length) return p;
        if (!final) return this.more(p);
        nl = s.length;
      }
      let end = nl;
      if (end > p && s.charCodeAt(end - 1) === 0x0d) end--;
      this.lineNo++;
      if (end - p === 2 && s[p] === "\\" && s[p + 1] === ".") {
        this.mode = "top";
        return nl + 1;
      }
      let n = 0;
      let from = p;
      for (;;) {
        const t = s.indexOf("\t", from);
        const stop = t < 0 || t > end ? end : t;
        const raw = s.slice(from, stop);
        f[n++] = raw === "\\N" ? null : raw.indexOf("\\") >= 0 ? unescapeCopy(raw) : raw;
        if (stop === end) break;
        from = t + 1;
      }
      this.opts.onRecord(f, n, this.lineNo);
      p = nl + 1;
      if (p >= s.length) return p;
    }
  }
}

/** Line feeds in s[from, to): a loop over the range only (indexOf would look past `to` to the text's next one). */
function countNl(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (s.charCodeAt(i) === 0x0a) n++;
  return n;
}
function unescapeChar(c: string): string {
  switch (c) {
    case "n":
      return "\n";
    case "t":
      return "\t";
    case "r":
      return "\r";
    case "0":
      return "\0";
    case "b":
      return "\b";
    case "Z":
      return "\x1a";
    default:
      return c;
  }
}
function unescapeCopy(raw: string): string {
  return raw.replace(/\\([0-7]{1,3}|x[0-9a-fA-F]{1,2}|.)/g, (_, e: string) => {
    if (/^[0-7]/.test(e)) return String.fromCharCode(parseInt(e, 8));
    if (e[0] === "x" && e.length > 1) return String.fromCharCode(parseInt(e.slice(1), 16));
    return unescapeChar(e);
  });
}
