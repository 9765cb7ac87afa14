/**
 * HTML tables: what many business systems write when they "export to Excel" (a `.xls` that is HTML with
 * `xmlns:x="urn:schemas-microsoft-com:office:excel"`, Excel's own "Web page" format) and what a web page or a report
 * holds. Each `<table>` is a table (`table1`, `table2`, … in document order); each `<tr>` a record, its `<td>`/`<th>`
 * the fields as a browser shows their text (entities decoded, `<br>` as a line break, runs of spaces as one, scripts
 * and styles left out); a `colspan` adds empty fields so that the columns stay aligned. A table inside a cell is a
 * table of its own (its text is not part of the cell). The first row may be a header, as for CSV.
 *
 * htmlparser2 (streaming, forgiving of the unclosed tags such exports have) does the tokenising; this file only
 * turns its events into records. A record's line is the line of its `<tr>`.
 */
import type { Parser } from "htmlparser2";
import { BaseParser, type DiagSink, type RecordSink } from "./common.js";
import { htmlparser2 } from "../libraries.js";

export interface HtmlOptions {
  onRecord: RecordSink;
  onDiag?: DiagSink;
  /** the records that follow are the rows of this table */
  onTable: (name: string) => void;
  maxRecordChars?: number;
}

/** A table being read: its name and the row and cell being built. */
interface OpenTable {
  name: string;
  row: (string | null)[] | null;
  rowLine: number;
  cell: string | null;
  span: number;
  chars: number;
}

const MAX_SPAN = 1000;

export class HtmlTableParser extends BaseParser {
  private readonly html: Parser;
  private readonly tables: OpenTable[] = [];
  private count = 0;
  private current = "";
  /** inside <script> or <style>: text is not a value */
  private hidden = 0;
  /** the characters fed so far; where the line feeds not yet passed are, and how many were passed */
  private fed = 0;
  private nlAt: number[] = [];
  private passed = 0;

  constructor(private readonly opts: HtmlOptions) {
    super(opts);
    this.html = new (htmlparser2().Parser)(
      {
        onopentag: (name, attrs) => this.open(name, attrs),
        ontext: (text) => this.text(text.replace(/[ \t\r\n\f]+/g, " ")), // source line breaks are spaces on screen
        onclosetag: (name) => this.close(name),
      },
      { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
    );
  }

  push(text: string): void {
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) this.nlAt.push(this.fed + i);
    this.fed += text.length;
    this.html.write(text);
  }

  end(): void {
    this.html.end();
  }

  override atBoundary(): boolean {
    return this.tables.length === 0;
  }

  /** The line (from 1) of the event at character `index` (events come in document order). */
  private lineOf(index: number): number {
    const at = this.nlAt;
    let k = 0;
    while (k < at.length && (at[k] as number) < index) k++;
    if (k > 0) {
      this.passed += k;
      at.splice(0, k);
    }
    this.lineNo = this.passed + 1;
    return this.lineNo;
  }

  private get table(): OpenTable | undefined {
    return this.tables[this.tables.length - 1];
  }

  private open(name: string, attrs: Record<string, string>): void {
    if (name === "script" || name === "style") this.hidden++;
    else if (name === "table") {
      this.endCell();
      this.tables.push({ name: `table${++this.count}`, row: null, rowLine: 0, cell: null, span: 1, chars: 0 });
    } else if (name === "tr") {
      const t = this.table;
      if (t === undefined) return;
      this.endRow(t);
      t.row = [];
      t.rowLine = this.lineOf(this.html.startIndex);
      t.chars = 0;
    } else if (name === "td" || name === "th") {
      const t = this.table;
      if (t === undefined) return;
      this.endCell();
      if (t.row === null) {
        t.row = [];
        t.rowLine = this.lineOf(this.html.startIndex);
      }
      t.cell = "";
      const span = Number(attrs.colspan ?? 1);
      t.span = Number.isInteger(span) && span > 1 ? Math.min(span, MAX_SPAN) : 1;
    } else if (name === "br") this.text("\n");
    else if ((name === "p" || name === "div") && this.table?.cell) this.text("\n"); // a block starts on a new line
  }

  private text(s: string): void {
    const t = this.table;
    if (this.hidden > 0 || t === undefined || t.cell === null) return;
    if (t.chars > this.max) return; // a record beyond the limit: reported when it ends
    t.cell += s;
    t.chars += s.length;
  }

  private close(name: string): void {
    if (name === "script" || name === "style") this.hidden = Math.max(0, this.hidden - 1);
    else if (name === "td" || name === "th") this.endCell();
    else if (name === "tr") {
      const t = this.table;
      if (t !== undefined) this.endRow(t);
    } else if (name === "table") {
      const t = this.tables.pop();
      if (t !== undefined) {
        this.endCellOf(t);
        this.endRow(t);
      }
    }
  }

  private endCell(): void {
    const t = this.table;
    if (t !== undefined) this.endCellOf(t);
  }

  private endCellOf(t: OpenTable): void {
    if (t.cell === null || t.row === null) return;
    // as a browser shows it: runs of spaces as one, line breaks kept, trimmed
    const v = t.cell
      .replace(/[ \t\r\f\u00a0]+/g, " ")
      .replace(/ *\n */g, "\n")
      .trim();
    t.row.push(v === "" ? null : v);
    for (let k = 1; k < t.span; k++) t.row.push(null);
    t.cell = null;
    t.span = 1;
  }

  private endRow(t: OpenTable): void {
    this.endCellOf(t);
    const row = t.row;
    t.row = null;
    if (row === null || row.length === 0) return;
    if (t.chars > this.max) {
      this.onDiag("RECORD_TOO_LONG", t.rowLine);
      return;
    }
    if (row.every((v) => v === null)) return; // a spacer row
    if (t.name !== this.current) {
      this.current = t.name;
      this.opts.onTable(t.name);
    }
    this.opts.onRecord(row, row.length, t.rowLine);
  }
}
