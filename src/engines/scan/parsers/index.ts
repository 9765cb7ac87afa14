/** Parser construction by format. */
import type { Format } from "../types.js";
import type { DiagSink, RecordSink, StreamParser } from "./common.js";
import { CsvParser, sniffDelimiter } from "./csv.js";
import { JsonlParser } from "./jsonl.js";
import { SqlParser } from "./sql.js";

export interface ParserHooks {
  onRecord: RecordSink;
  onDiag: DiagSink;
  onTable?: (name: string, columns: string[]) => void;
  maxRecordChars?: number;
}
export interface MadeParser {
  parser: StreamParser;
  delimiter?: string;
  /** JSON Lines: the columns seen so far */
  columns?: () => string[];
}

export function makeParser(format: Format, sample: string, hooks: ParserHooks, delimiter?: string): MadeParser {
  const common = { onRecord: hooks.onRecord, onDiag: hooks.onDiag, ...(hooks.maxRecordChars ? { maxRecordChars: hooks.maxRecordChars } : {}) };
  if (format === "jsonl") {
    const p = new JsonlParser(common);
    return { parser: p, columns: () => p.columns };
  }
  if (format === "sql") return { parser: new SqlParser({ ...common, onTable: hooks.onTable ?? (() => {}) }) };
  const d = delimiter ?? sniffDelimiter(sample.replace(/^\ufeff/, "").slice(0, 65536));
  return { parser: new CsvParser({ ...common, delimiter: d }), delimiter: d };
}
