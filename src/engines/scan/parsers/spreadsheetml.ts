/**
 * XML Spreadsheet 2003 (SpreadsheetML): Excel's XML format before .xlsx, still what many systems write when they
 * export a ".xls" (`<?mso-application progid="Excel.Sheet"?>`, `<Workbook xmlns="urn:schemas-microsoft-com:office:
 * spreadsheet">`). Each `<Worksheet ss:Name>` is a table, each `<Row>` a record, each `<Cell><Data>` a field: an
 * `ss:Index` on a row or cell skips to that position, `ss:MergeAcross` adds empty fields so the columns stay aligned,
 * `ss:Type="DateTime"` values read as `yyyy-mm-dd` (with the time when it has one). Comments and rich text inside
 * a cell are the cell's text (comments `<Comment>` are not). saxes reads the XML as a stream; a record's line is the
 * line of its `<Row>`.
 */
import type { SaxesTagPlain } from "saxes";
import { BaseParser, type DiagSink, type RecordSink } from "./common.js";
import { attr, XmlStream } from "./xml-stream.js";

export interface SpreadsheetMlOptions {
  onRecord: RecordSink;
  onDiag?: DiagSink;
  /** the records that follow are the rows of this worksheet */
  onTable: (name: string) => void;
  maxRecordChars?: number;
}

const MAX_COLUMNS = 16384;

export class SpreadsheetMlParser extends BaseParser {
  private readonly xml: XmlStream;
  private sheet = 0;
  /** the worksheet being read, and the one whose records were last emitted */
  private pendingName = "";
  private current = "";
  private row: (string | null)[] | null = null;
  private rowLine = 0;
  private col = 0;
  private value: string | null = null;
  private type = "";
  private merge = 0;
  private chars = 0;
  private comment = 0;

  constructor(private readonly opts: SpreadsheetMlOptions) {
    super(opts);
    this.xml = new XmlStream({
      open: (n, t) => this.open(n, t),
      text: (s) => this.text(s),
      close: (n) => this.close(n),
      damaged: (line) => this.onDiag("XLSX_SYNTAX", line),
    });
  }

  push(text: string): void {
    this.xml.write(text);
  }

  end(): void {
    this.xml.close();
  }

  override atBoundary(): boolean {
    return this.row === null;
  }

  private open(name: string, t: SaxesTagPlain): void {
    switch (name) {
      case "Worksheet":
        this.sheet++;
        this.pendingName = attr(t, "Name") ?? `Sheet${this.sheet}`;
        break;
      case "Row": // a row's ss:Index skips empty rows: nothing to emit for them
        this.row = [];
        this.rowLine = this.xml.line;
        this.col = 0;
        this.chars = 0;
        break;
      case "Cell": {
        const index = Number(attr(t, "Index"));
        if (Number.isInteger(index) && index > 0) this.col = Math.min(index - 1, MAX_COLUMNS);
        const merge = Number(attr(t, "MergeAcross"));
        this.merge = Number.isInteger(merge) && merge > 0 ? Math.min(merge, MAX_COLUMNS) : 0;
        break;
      }
      case "Data":
        if (this.comment === 0) {
          this.value = "";
          this.type = attr(t, "Type") ?? "String";
        }
        break;
      case "Comment":
        this.comment++;
        break;
    }
  }

  private text(s: string): void {
    if (this.value === null || this.comment > 0) return;
    this.chars += s.length;
    if (this.chars <= this.max) this.value += s;
  }

  private close(name: string): void {
    switch (name) {
      case "Data": {
        if (this.comment > 0 || this.value === null) break;
        const row = this.row;
        let v: string | null = this.value.trim() === "" ? null : this.value;
        if (v !== null && this.type === "DateTime") v = /T00:00:00(\.0+)?$/.test(v) ? v.slice(0, 10) : v.replace("T", " ").replace(/\.0+$/, "");
        if (row !== null && this.col < MAX_COLUMNS) {
          while (row.length < this.col) row.push(null);
          row[this.col] = v;
        }
        this.value = null;
        break;
      }
      case "Cell":
        this.col += 1 + this.merge;
        this.merge = 0;
        break;
      case "Comment":
        this.comment--;
        break;
      case "Row": {
        const row = this.row;
        this.row = null;
        if (row === null || row.every((v) => v === null)) break;
        if (this.chars > this.max) {
          this.onDiag("RECORD_TOO_LONG", this.rowLine);
          break;
        }
        const table = this.pendingName;
        if (table !== this.current) {
          this.current = table;
          this.opts.onTable(table);
        }
        this.lineNo = this.rowLine;
        this.opts.onRecord(row, row.length, this.rowLine);
        break;
      }
    }
  }
}
