/** Diagnostics: bilingual messages by code, aggregated by (file, code) with the first few line numbers. */
import { DiagnosticLog, type MessageCatalog } from "../common/diagnostics.js";

export const MESSAGES: MessageCatalog = {
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
  OFFICE_LEGACY: { severity: "error", message: { ja: "Excel 97-2003形式（.xls）またはパスワード付きのOfficeファイルのため読み取れません（パスワードを外して.xlsxかCSVで保存してください）", en: "an Excel 97-2003 (.xls) or password-protected Office file; not scanned (save it without a password as .xlsx or CSV)" } },
  XLSX_SYNTAX: { severity: "warning", message: { ja: "ワークシートのXMLが壊れています（壊れた位置の手前まで集計しました）", en: "damaged worksheet XML (counted up to the damage)" } },
  XLSX_ERROR: { severity: "error", message: { ja: "xlsxファイル（zip）が壊れています（壊れた位置の手前まで集計しました）", en: "corrupt .xlsx (zip) data (counted up to the damage)" } },
  TITLE_ROWS: { severity: "warning", message: { ja: "見出し行より上の行（表題・出力日・Excelの sep= 行など）はレコードとして数えていません", en: "rows above the header (a title, an export date, Excel's sep= line) were not counted as records" } },
  TOTAL_ROWS: { severity: "warning", message: { ja: "合計・小計などの集計行（個人情報を含まない行）はレコードとして数えていません", en: "total rows (合計, 小計, Total …, holding no personal data) were not counted as records" } },
  REPEATED_HEADER: { severity: "warning", message: { ja: "データの途中に繰り返された見出し行（複数の出力を連結したファイルなど）はレコードとして数えていません", en: "the header row repeated inside the data (exports joined into one file) was not counted as a record" } },
  EMPTY_ROWS: { severity: "warning", message: { ja: "すべての列が空の行（,,,, など）はレコードとして数えていません", en: "rows with every field empty (,,,, and the like) were not counted as records" } },
  ZIP_ENCRYPTED: { severity: "error", message: { ja: "パスワード付きのzipのため読み取れません（パスワードで展開してからファイルを指定してください）", en: "password-protected zip member; not scanned (extract it with the password, then scan the files)" } },
  ZIP_ERROR: { severity: "error", message: { ja: "zipが壊れているか未対応の圧縮形式です（読めた部分だけ集計しました）", en: "damaged zip, or a compression method not supported (what could be read was counted)" } },
  ZIP_TOO_LARGE: { severity: "error", message: { ja: "zipの展開後のサイズが大きすぎます（zip爆弾の疑い）。残りは展開していません", en: "the zip expands to too much (a zip bomb?); the rest was not extracted" } },
  NOT_FOUND: { severity: "error", message: { ja: "ファイルが見つかりません", en: "no such file" } },
  NOT_A_FILE: { severity: "error", message: { ja: "ファイルではなくフォルダーです（中のファイルを指定してください）", en: "a folder, not a file (name the files in it)" } },
  NO_PERMISSION: { severity: "error", message: { ja: "ファイルを読む権限がありません", en: "no permission to read the file" } },
  NUL_BYTES: { severity: "warning", message: { ja: "NULバイトを含みます（文字として扱いました。NULを含む値は認識されないことがあります）", en: "NUL bytes in the file (kept as characters; values holding one may not be recognised)" } },
  GZIP_ERROR: { severity: "error", message: { ja: "gzipデータが壊れています（途中まで集計しました）", en: "corrupt gzip data (counted up to the damage)" } },
  NO_PII_COLUMNS: { severity: "warning", message: { ja: "個人情報の列が見つかりません", en: "no personal-data columns found" } },
  PASSPORT_ISSUE_AFTER_REFERENCE: { severity: "warning", message: { ja: "旅券の発行日が基準日より後です", en: "passport issue dates after the reference date" } },
};

export class Diagnostics extends DiagnosticLog {
  constructor() {
    super(MESSAGES);
  }
}

export { formatDiagnostic } from "../common/diagnostics.js";
