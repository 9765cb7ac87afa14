/**
 * Diagnostics shared by the engines: bilingual messages by code, aggregated by (file, code) with a count and the
 * first few line numbers, so a file with a million bad lines gives one row, not a million. Never holds a value
 * from the data, only codes, files and line numbers.
 */

/** A bilingual message. Never contains a value from the data. */
export type Message = { ja: string; en: string };

export type Diagnostic = {
  code: string;
  severity: "warning" | "error";
  file: string;
  /** 1-based line of the first occurrence, when known */
  line?: number;
  /** how many times it happened */
  count: number;
  /** the first few lines (at most MAX_LINES), sorted */
  lines?: number[];
  message: Message;
};

export type MessageCatalog = Record<string, { severity: "warning" | "error"; message: Message }>;

const MAX_LINES = 5;

export class DiagnosticLog {
  private readonly byKey = new Map<string, Diagnostic>();

  constructor(private readonly messages: MessageCatalog) {}

  add(file: string, code: string, line?: number, count = 1): void {
    const key = `${file}\u0000${code}`;
    const d = this.byKey.get(key);
    if (d) {
      d.count += count;
      if (line !== undefined && (d.lines?.length ?? 0) < MAX_LINES) (d.lines ??= []).push(line);
      return;
    }
    const m = this.messages[code] ?? { severity: "warning" as const, message: { ja: code, en: code } };
    this.byKey.set(key, { code, severity: m.severity, file, ...(line !== undefined ? { line, lines: [line] } : {}), count, message: m.message });
  }

  /** Adds the rows another log listed (another thread's): counts add, the first lines of both are kept. */
  merge(rows: Diagnostic[]): void {
    for (const r of rows) {
      const key = `${r.file}\u0000${r.code}`;
      const d = this.byKey.get(key);
      if (!d) {
        this.byKey.set(key, { ...r, ...(r.lines ? { lines: [...r.lines] } : {}) });
        continue;
      }
      d.count += r.count;
      if (r.lines) {
        d.lines = [...new Set([...(d.lines ?? []), ...r.lines])].sort((a, b) => a - b).slice(0, MAX_LINES);
        d.line = d.lines[0];
      }
    }
  }

  list(): Diagnostic[] {
    return [...this.byKey.values()].map((d) => ({ ...d, ...(d.lines ? { lines: [...new Set(d.lines)].sort((a, b) => a - b) } : {}) }));
  }

  get hasErrors(): boolean {
    return [...this.byKey.values()].some((d) => d.severity === "error");
  }

  /** How many times the given codes occurred, over all files. */
  countOf(codes: ReadonlySet<string>): number {
    let n = 0;
    for (const d of this.byKey.values()) if (codes.has(d.code)) n += d.count;
    return n;
  }
}

/** One line of text for a terminal or a log: the file, the line, the code and the message; never a value. */
export function formatDiagnostic(d: Diagnostic, lang: "ja" | "en" = "en"): string {
  const where = d.line !== undefined ? `${d.file}:${d.line}` : d.file;
  const more = d.lines && d.lines.length > 1 ? ` (lines ${d.lines.join(", ")}${d.count > d.lines.length ? ", …" : ""})` : "";
  return `${where}: ${d.severity} ${d.code}: ${d.message[lang]}${d.count > 1 ? ` ×${d.count}` : ""}${more}`;
}
