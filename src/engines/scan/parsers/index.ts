/** Parser construction by format. */
import type { Format } from "../types.js";
import type { DiagSink, RecordSink, StreamParser } from "./common.js";
import { CsvParser, sniffDelimiter } from "./csv.js";
import { JsonlParser } from "./jsonl.js";
import { SqlParser } from "./sql.js";
import { HtmlTableParser } from "./html.js";
import { SpreadsheetMlParser } from "./spreadsheetml.js";

export interface ParserHooks {
  onRecord: RecordSink;
  onDiag: DiagSink;
  /** SQL: a table's statement; JSON: the records that follow are from this array ("" the file's own table) */
  onTable?: (name: string, columns: string[]) => void;
  maxRecordChars?: number;
}
export interface MadeParser {
  parser: StreamParser;
  delimiter?: string;
  /** JSON: the columns of a table ("" the file's own) seen so far */
  columns?: (table: string) => string[];
}

export function makeParser(format: Format, sample: string, hooks: ParserHooks, delimiter?: string): MadeParser {
  const common = { onRecord: hooks.onRecord, onDiag: hooks.onDiag, ...(hooks.maxRecordChars ? { maxRecordChars: hooks.maxRecordChars } : {}) };
  if (format === "jsonl") {
    const onTable = hooks.onTable;
    const p = new JsonlParser({ ...common, ...(onTable ? { onTable: (name: string) => onTable(name, []) } : {}) });
    return { parser: p, columns: (table) => p.columnsOf(table) };
  }
  if (format === "html") {
    const onTable = hooks.onTable ?? (() => {});
    return { parser: new HtmlTableParser({ ...common, onTable: (name) => onTable(name, []) }) };
  }
  if (format === "spreadsheetml") {
    const onTable = hooks.onTable ?? (() => {});
    return { parser: new SpreadsheetMlParser({ ...common, onTable: (name) => onTable(name, []) }) };
  }
  if (format === "sql") return { parser: new SqlParser({ ...common, onTable: hooks.onTable ?? (() => {}) }) };
  // Excel's hint line ("sep=;", written by some CSV exports) names the delimiter; the Router skips the line itself
  const hint = /^\ufeff?sep=([^\r\n])\r?\n/.exec(sample)?.[1];
  const d = delimiter ?? hint ?? sniffDelimiter(sample.replace(/^\ufeff/, "").slice(0, 65536));
  return { parser: new CsvParser({ ...common, delimiter: d }), delimiter: d };
}
