/** What parsers hand to the engine. */
export type RecordSink = (fields: readonly (string | null)[], n: number, line: number) => void;

/** A parser diagnostic: a code, the line, and a count; never a value from the data. */
export type DiagSink = (code: string, line: number) => void;

export interface StreamParser {
  /** Feed decoded text (any split). */
  push(text: string): void;
  /** No more text: flush the last record. */
  end(): void;
  /** Lines consumed so far (newlines seen in completed records). */
  readonly line: number;
  /** True when no record is half-read (used to validate worker cut points). */
  atBoundary(): boolean;
}

export const DEFAULT_MAX_RECORD_CHARS = 16 * 1024 * 1024;

/** State every streaming parser keeps: the unfinished tail, the line count, and the skip mode for huge records. */
export abstract class BaseParser implements StreamParser {
  protected carry = "";
  protected lineNo = 0;
  protected skipping = false;
  protected readonly max: number;
  protected readonly onDiag: DiagSink;

  constructor(opts: { maxRecordChars?: number; onDiag?: DiagSink }) {
    this.max = opts.maxRecordChars ?? DEFAULT_MAX_RECORD_CHARS;
    this.onDiag = opts.onDiag ?? (() => {});
  }
  get line(): number {
    return this.lineNo;
  }
  atBoundary(): boolean {
    return this.carry.length === 0 && !this.skipping;
  }
  abstract push(text: string): void;
  abstract end(): void;
}
