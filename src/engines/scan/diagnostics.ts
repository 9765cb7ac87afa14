/** Diagnostics: bilingual messages by code, aggregated by (file, code) with the first few line numbers. */
import type { Diagnostic, Message } from "./types.js";

export const MESSAGES: Record<string, { severity: "warning" | "error"; message: Message }> = {
  RECORD_TOO_LONG: { severity: "warning", message: { ja: "レコードが長すぎるため読み飛ばしました", en: "record too long; skipped" } },
  UNTERMINATED_QUOTE: { severity: "warning", message: { ja: "引用符が閉じられていません（ファイル末尾まで1フィールドとして扱いました）", en: "unterminated quote (read to the end of the file as one field)" } },
  STRAY_QUOTE: { severity: "warning", message: { ja: "引用符の位置が不正です（文字として扱いました）", en: "misplaced quote (kept as a character)" } },
  RAGGED_ROW: { severity: "warning", message: { ja: "列数がヘッダーと一致しない行があります", en: "rows whose field count differs from the header" } },
  INVALID_BYTES: { severity: "warning", message: { ja: "文字コードとして不正なバイトがあります（置換文字として扱いました）", en: "invalid bytes for the encoding (replaced)" } },
  INVALID_JSON: { severity: "warning", message: { ja: "JSONとして解釈できない行があります", en: "lines that are not valid JSON" } },
  NOT_AN_OBJECT: { severity: "warning", message: { ja: "JSONオブジェクトではない行があります", en: "lines that are not JSON objects" } },
  SQL_SYNTAX: { severity: "warning", message: { ja: "SQLとして解釈できない箇所があります", en: "SQL that could not be parsed" } },
  UNTERMINATED_STATEMENT: { severity: "warning", message: { ja: "SQL文が途中で終わっています", en: "SQL statement cut off at the end of the file" } },
  EMPTY_FILE: { severity: "warning", message: { ja: "ファイルが空です", en: "the file is empty" } },
  BINARY_FILE: { severity: "error", message: { ja: "バイナリファイルのため読み取れません", en: "binary file; not scanned" } },
  READ_ERROR: { severity: "error", message: { ja: "ファイルを読み取れません", en: "the file could not be read" } },
  GZIP_ERROR: { severity: "error", message: { ja: "gzipデータが壊れています（途中まで集計しました）", en: "corrupt gzip data (counted up to the damage)" } },
  NO_PII_COLUMNS: { severity: "warning", message: { ja: "個人情報の列が見つかりません", en: "no personal-data columns found" } },
  PASSPORT_ISSUE_AFTER_REFERENCE: { severity: "warning", message: { ja: "旅券の発行日が基準日より後です", en: "passport issue dates after the reference date" } },
};

const MAX_LINES = 5;

export class Diagnostics {
  private readonly byKey = new Map<string, Diagnostic>();

  add(file: string, code: string, line?: number, count = 1): void {
    const key = `${file}\u0000${code}`;
    const d = this.byKey.get(key);
    if (d) {
      d.count += count;
      if (line !== undefined && (d.lines?.length ?? 0) < MAX_LINES) (d.lines ??= []).push(line);
      return;
    }
    const m = MESSAGES[code] ?? { severity: "warning" as const, message: { ja: code, en: code } };
    this.byKey.set(key, { code, severity: m.severity, file, ...(line !== undefined ? { line, lines: [line] } : {}), count, message: m.message });
  }

  list(): Diagnostic[] {
    return [...this.byKey.values()].map((d) => ({ ...d, lines: d.lines ? [...new Set(d.lines)].sort((a, b) => a - b) : undefined }) as Diagnostic);
  }
  get hasErrors(): boolean {
    return [...this.byKey.values()].some((d) => d.severity === "error");
  }
}

/** One line of text for a terminal or a log: never includes a value. */
export function formatDiagnostic(d: Diagnostic, lang: "ja" | "en" = "en"): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}` : d.file;
  return `${where}: ${d.severity} ${d.code}: ${d.message[lang]}${d.count > 1 ? ` (×${d.count})` : ""}`;
}
