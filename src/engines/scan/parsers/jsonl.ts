/**
 * JSON Lines: one JSON object per line. Nested objects and arrays are flattened to dotted paths
 * (`contact.email`, `phones.0`), each path becoming a column. Columns are discovered as they appear.
 */
import { BaseParser, type DiagSink, type RecordSink } from "./common.js";

export interface JsonlOptions {
  onRecord: RecordSink;
  onDiag?: DiagSink;
  maxRecordChars?: number;
  /** called when a new column path appears */
  onColumn?: (name: string, index: number) => void;
}

export class JsonlParser extends BaseParser {
  readonly columns: string[] = [];
  private readonly index = new Map<string, number>();
  private fields: (string | null)[] = [];

  constructor(private readonly opts: JsonlOptions) {
    super(opts);
  }

  push(chunk: string): void {
    if (this.lineNo === 0 && this.carry.length === 0 && chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    let p = 0;
    for (;;) {
      const nl = chunk.indexOf("\n", p);
      if (nl < 0) break;
      if (this.skipping) {
        this.skipping = false;
        this.lineNo++;
      } else {
        const line = this.carry.length > 0 ? this.carry + chunk.slice(p, nl) : chunk.slice(p, nl);
        this.carry = "";
        this.lineNo++;
        this.handle(line);
      }
      p = nl + 1;
    }
    if (this.skipping) return;
    this.carry += chunk.slice(p);
    if (this.carry.length > this.max) {
      this.onDiag("RECORD_TOO_LONG", this.lineNo + 1);
      this.carry = "";
      this.skipping = true;
    }
  }

  end(): void {
    if (this.carry.length > 0) {
      this.lineNo++;
      this.handle(this.carry);
      this.carry = "";
    }
    this.skipping = false;
  }

  private handle(line: string): void {
    const t = line.trim();
    if (t.length === 0) return;
    let obj: unknown;
    try {
      obj = JSON.parse(t);
    } catch {
      this.onDiag("INVALID_JSON", this.lineNo);
      return;
    }
    if (obj === null || typeof obj !== "object" || Array.isArray(obj)) {
      this.onDiag("NOT_AN_OBJECT", this.lineNo);
      return;
    }
    const fields = this.fields;
    fields.fill(null);
    this.flatten(obj as Record<string, unknown>, "", 0);
    this.opts.onRecord(fields, this.columns.length, this.lineNo);
  }

  private flatten(obj: Record<string, unknown> | unknown[], prefix: string, depth: number): void {
    const entries: [string, unknown][] = Array.isArray(obj) ? obj.map((v, i) => [String(i), v]) : Object.entries(obj);
    for (const [k, v] of entries) {
      const path = prefix ? `${prefix}.${k}` : k;
      if (v !== null && typeof v === "object" && depth < 8) {
        this.flatten(v as Record<string, unknown>, path, depth + 1);
        continue;
      }
      let i = this.index.get(path);
      if (i === undefined) {
        if (this.columns.length >= 4096) continue; // bounded: ignore paths beyond 4,096 columns
        i = this.columns.length;
        this.columns.push(path);
        this.index.set(path, i);
        this.fields.push(null);
        this.opts.onColumn?.(path, i);
      }
      this.fields[i] = v === null || v === undefined ? null : typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
    }
  }
}
