/** Diagnostics: bilingual messages by code, aggregated by (file, code) with the first few line numbers and a count. */
import { DiagnosticLog, type MessageCatalog } from "../common/diagnostics.js";

export const MESSAGES: MessageCatalog = {
  FIELD_COUNT: { severity: "warning", message: { ja: "列数がヘッダー（#fields）と一致しない行を読み飛ばしました", en: "lines whose field count differs from the #fields header (skipped)" } },
  BAD_VALUE: { severity: "warning", message: { ja: "時刻・アドレス・ポート・バイト数が読めない行を読み飛ばしました", en: "lines with an unreadable time, address, port or byte count (skipped)" } },
  NO_HEADER: { severity: "warning", message: { ja: "#fields ヘッダーより前のデータ行を読み飛ばしました", en: "data lines before any #fields header (skipped)" } },
  INVALID_JSON: { severity: "warning", message: { ja: "JSONとして解釈できない行を読み飛ばしました", en: "lines that are not valid JSON (skipped)" } },
  NOT_AN_OBJECT: { severity: "warning", message: { ja: "JSONオブジェクトではない行を読み飛ばしました", en: "lines that are not JSON objects (skipped)" } },
  UNKNOWN_RECORD: { severity: "warning", message: { ja: "通信記録として解釈できない行を読み飛ばしました", en: "lines that are not a connection, flow or proxy record (skipped)" } },
  OTHER_EVENT: { severity: "warning", message: { ja: "通信の集計に使わない種類のイベント（数のみ）", en: "events of a kind not used for traffic (counted only)" } },
  LINE_TOO_LONG: { severity: "warning", message: { ja: "長すぎる行を読み飛ばしました", en: "lines too long (skipped)" } },
  BINARY_DATA: { severity: "warning", message: { ja: "制御文字・バイナリを含む行を読み飛ばしました", en: "lines with binary data (skipped)" } },
  UNKNOWN_FORMAT: { severity: "error", message: { ja: "ログの形式を判別できません（Zeek conn/http/ssl/dns、Suricata EVE、Squid に対応）", en: "unknown log format (Zeek conn/http/ssl/dns, Suricata EVE and Squid are read)" } },
  UNUSED_LOG: { severity: "warning", message: { ja: "この種類のZeekログは使いません（数のみ）", en: "a Zeek log of a kind not used (counted only)" } },
  EMPTY_FILE: { severity: "warning", message: { ja: "ファイルが空です", en: "the file is empty" } },
  GZIP_ERROR: { severity: "error", message: { ja: "gzipデータが壊れています（壊れた位置の手前まで集計しました）", en: "corrupt or truncated gzip data (counted up to the damage)" } },
  READ_ERROR: { severity: "error", message: { ja: "ファイルを読み取れません", en: "the file could not be read" } },
  BAD_LIST: { severity: "error", message: { ja: "一覧ファイルの行を解釈できません（読み飛ばしました）", en: "lines of a list file that could not be read (skipped)" } },
  NO_EGRESS_DATA: { severity: "warning", message: { ja: "内部から外部への通信が見つかりません（--internal の設定を確認してください）", en: "no traffic from inside to outside found (check --internal)" } },
};

const SKIPPING = new Set(["FIELD_COUNT", "BAD_VALUE", "NO_HEADER", "INVALID_JSON", "NOT_AN_OBJECT", "UNKNOWN_RECORD", "LINE_TOO_LONG", "BINARY_DATA"]);

export class Diagnostics extends DiagnosticLog {
  /**
   * `muted`: in worker k > 0 of a partitioned read every thread reads every line, so a diagnostic not tied to a
   * source host (a file's, a line's field count, bad JSON) is recorded by worker 0 alone (`add` does nothing here);
   * one of a record whose source is known is recorded by the worker that owns the source (`addOwned`).
   */
  constructor(readonly muted = false) {
    super(MESSAGES);
  }

  override add(file: string, code: string, line?: number, count = 1): void {
    if (!this.muted) super.add(file, code, line, count);
  }

  /** A diagnostic of a record of this thread's source host: recorded even when muted. */
  addOwned(file: string, code: string, line?: number): void {
    super.add(file, code, line);
  }

  /** Lines skipped because they could not be read (every code that says "skipped"). */
  get skipped(): number {
    return this.countOf(SKIPPING);
  }
}

export { formatDiagnostic } from "../common/diagnostics.js";
