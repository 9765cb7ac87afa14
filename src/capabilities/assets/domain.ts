/**
 * The asset inventory: field rules, the segmentation warning, and the CSV import (UTF-8 or Shift_JIS, Japanese or
 * English headers), as pure functions. Every problem names its line and column in Japanese and English.
 */
import { textProblem } from "../../platform/http/text.js";
import { isIP } from "node:net";
import { z } from "zod";
import { COMPROMISE_STATES } from "../../platform/db/schema.js";

export const MAX_ADDRESSES = 64;
const ZText = z.string().max(200);
export const ZAssetInput = z.strictObject({
  hostname: z.string().max(253),
  addresses: z.array(z.string().max(64)).max(MAX_ADDRESSES).optional(),
  role: ZText.optional(),
  owner: ZText.optional(),
  vendorOrgId: z.string().uuid().nullable().optional(),
  holdsPersonalData: z.boolean().optional(),
  internetFacing: z.boolean().optional(),
  egressAllowed: z.boolean().optional(),
});
export const ZAssetPatch = ZAssetInput.partial().strict();
/** A CSV as text, or its bytes in base64 (then UTF-8 or Shift_JIS is detected). */
export const ZAssetImport = z.strictObject({
  csv: z.string().optional(),
  csvBase64: z.string().optional(),
  dryRun: z.boolean().optional(),
});
export const ZCompromise = z.enum(COMPROMISE_STATES);
export type Compromise = z.infer<typeof ZCompromise>;
const ZNote = z.string().max(2000);
export const ZIncidentAssetInput = z.strictObject({ assetId: z.string().uuid(), compromise: ZCompromise, note: ZNote.optional() });
export const ZIncidentAssetPatch = z.strictObject({ compromise: ZCompromise.optional(), note: ZNote.optional() });

// Segmentation -------------------------------------------------------------------------------------------------

export const SEGMENTATION_REASONS = ["internet_facing", "egress_allowed"] as const;
export type SegmentationReason = (typeof SEGMENTATION_REASONS)[number];
export type NetworkExposure = { holdsPersonalData: boolean; internetFacing: boolean; egressAllowed: boolean };

/**
 * Why an asset that holds personal data is badly placed: it answers the internet, or it may open connections out
 * (the path the 2016 JTB data left by). Empty when there is nothing to warn about.
 */
export const segmentationWarning = (a: NetworkExposure): SegmentationReason[] =>
  a.holdsPersonalData ? SEGMENTATION_REASONS.filter((r) => (r === "internet_facing" ? a.internetFacing : a.egressAllowed)) : [];

// Fields -------------------------------------------------------------------------------------------------------

const HOSTNAME = /^[a-z0-9_](?:[a-z0-9_.-]{0,251}[a-z0-9_])?$/;
/** Host names compare case-insensitively and full-width letters count as ASCII: `ＷＥＢ０１` is `web01`. */
export const normalizeHostname = (raw: string): string | null => {
  const h = raw.normalize("NFKC").trim().toLowerCase();
  return HOSTNAME.test(h) ? h : null;
};

/** An IPv4 or IPv6 address, optionally with a prefix length (a network). */
export const normalizeAddress = (raw: string): string | null => {
  const a = raw.normalize("NFKC").trim().toLowerCase();
  const [ip = "", prefix, extra] = a.split("/");
  const version = isIP(ip);
  if (!version || extra !== undefined) return null;
  if (prefix === undefined) return ip;
  const n = /^\d{1,3}$/.test(prefix) ? Number(prefix) : NaN;
  return n <= (version === 4 ? 32 : 128) ? `${ip}/${n}` : null;
};
export const splitAddresses = (cell: string): string[] => cell.split(/[\s,;|、，]+/).filter(Boolean);

const TRUE = new Set(["true", "yes", "y", "1", "○", "◯", "〇", "はい", "有", "あり"]);
const FALSE = new Set(["false", "no", "n", "0", "×", "✕", "いいえ", "無", "なし"]);
export const parseBoolean = (raw: string): boolean | null => {
  const v = raw.normalize("NFKC").trim().toLowerCase();
  return TRUE.has(v) ? true : FALSE.has(v) ? false : null;
};

// CSV ----------------------------------------------------------------------------------------------------------

export type AssetField = "hostname" | "addresses" | "role" | "owner" | "vendor" | "holdsPersonalData" | "internetFacing" | "egressAllowed";
export const ASSET_FIELDS: readonly AssetField[] = ["hostname", "addresses", "role", "owner", "vendor", "holdsPersonalData", "internetFacing", "egressAllowed"];

/** Accepted header names (compared after NFKC, lower case, without spaces, `_` and `-`). */
export const CSV_HEADERS: Record<AssetField, readonly string[]> = {
  hostname: ["hostname", "host", "ホスト名", "ホスト", "サーバー名", "サーバ名", "機器名"],
  addresses: ["addresses", "address", "ip", "ipaddress", "ipaddresses", "ipアドレス", "アドレス"],
  role: ["role", "用途", "役割"],
  owner: ["owner", "管理者", "管理部署", "担当", "担当者", "所有者"],
  vendor: ["vendor", "vendorid", "vendororgid", "委託先", "委託先id"],
  holdsPersonalData: ["holdspersonaldata", "personaldata", "pii", "個人情報", "個人データ", "個人情報あり", "個人情報保有"],
  internetFacing: ["internetfacing", "public", "外部公開", "インターネット公開", "公開"],
  egressAllowed: ["egressallowed", "egress", "外部通信", "外部通信可", "外向き通信"],
};
const headerKey = (h: string): string => h.normalize("NFKC").trim().toLowerCase().replace(/[\s_-]+/g, "");
const HEADER_INDEX = new Map(ASSET_FIELDS.flatMap((f) => CSV_HEADERS[f].map((h) => [h, f] as const)));

export type CsvProblem =
  | "encoding" | "empty" | "unterminated_quote" | "field_count" | "unknown_column" | "duplicate_column" | "missing_hostname_column"
  | "required" | "hostname" | "address" | "too_many_addresses" | "boolean" | "too_long" | "duplicate_host" | "vendor" | "bad_text";

/** The message for each problem in both languages; `{n}` is replaced by a number (a line or a count). */
export const CSV_PROBLEM_TEXT: Record<CsvProblem, { ja: string; en: string }> = {
  encoding: { ja: "UTF-8 でも Shift_JIS でもありません", en: "neither UTF-8 nor Shift_JIS text" },
  bad_text: { ja: "NUL 文字または壊れた文字が含まれています", en: "contains a NUL character or a broken character" },
  empty: { ja: "見出し行の後にデータ行がありません", en: "no data rows after the header row" },
  unterminated_quote: { ja: "引用符（\"）が閉じられていません", en: "a quote (\") is never closed" },
  field_count: { ja: "列の数が見出し行（{n} 列）と違います", en: "the number of fields differs from the header row ({n})" },
  unknown_column: { ja: "不明な列名です", en: "unknown column name" },
  duplicate_column: { ja: "同じ列が2回あります", en: "this column appears twice" },
  missing_hostname_column: { ja: "ホスト名（hostname）の列がありません", en: "there is no hostname (ホスト名) column" },
  required: { ja: "ホスト名は必須です", en: "the host name is required" },
  hostname: { ja: "ホスト名は英数字・ハイフン・ドット・下線のみで 253 文字以内です", en: "a host name has letters, digits, hyphens, dots and underscores only, at most 253" },
  address: { ja: "IPv4・IPv6 アドレス（/プレフィックス長も可）ではありません", en: "not an IPv4 or IPv6 address (a /prefix is allowed)" },
  too_many_addresses: { ja: "アドレスは {n} 個までです", en: "at most {n} addresses" },
  boolean: { ja: "はい/いいえ、○/×、true/false、yes/no、1/0 のいずれかにしてください", en: "use true/false, yes/no, 1/0, ○/×, はい/いいえ" },
  too_long: { ja: "{n} 文字以内にしてください", en: "at most {n} characters" },
  duplicate_host: { ja: "このホスト名は {n} 行目にもあります", en: "this host name is also on line {n}" },
  vendor: { ja: "この ID・スラッグの委託先組織はありません", en: "no vendor organisation with this id or slug" },
};

export type CsvError = { line: number; column: string | null; field: AssetField | null; code: CsvProblem; ja: string; en: string };
export const csvError = (line: number, column: string | null, field: AssetField | null, code: CsvProblem, n?: number): CsvError => {
  const text = CSV_PROBLEM_TEXT[code];
  const fill = (s: string) => s.replace("{n}", String(n ?? ""));
  return { line, column, field, code, ja: fill(text.ja), en: fill(text.en) };
};

/** Bytes of a CSV file as text: UTF-8 (with or without BOM) when it decodes, else Shift_JIS (Excel in Japan). */
export const decodeCsv = (bytes: Uint8Array): { text: string; encoding: "utf-8" | "shift_jis" } | null => {
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    try {
      return { text: new TextDecoder("shift_jis", { fatal: true }).decode(bytes), encoding: "shift_jis" };
    } catch {
      return null;
    }
  }
};

export type CsvRecord = { line: number; cells: string[] };

/**
 * RFC 4180 records: quoted fields with "" for a quote and line breaks inside, CRLF, LF or CR between records;
 * a tab-separated file when the first line has tabs and no commas. `line` is where each record starts.
 */
export const parseCsv = (input: string): { records: CsvRecord[] } | { error: CsvError } => {
  const text = input.replace(/^\uFEFF/, "");
  const firstLine = text.slice(0, text.search(/\r|\n|$/));
  const sep = firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = "";
  let line = 1;
  let start = 1;
  let quoteLine = 0;
  let inQuotes = false;
  let quoted = false;
  const endRecord = () => {
    cells.push(cell);
    // A blank line, or one of empty cells only (Excel pads with ",,,"), is no record.
    if (quoted || cells.some((x) => x.trim() !== "")) records.push({ line: start, cells });
    cells = [];
    cell = "";
    quoted = false;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inQuotes) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') inQuotes = false;
      else {
        if (c === "\n" || (c === "\r" && text[i + 1] !== "\n")) line++;
        cell += c;
      }
      continue;
    }
    if (c === '"' && cell.trim() === "") {
      inQuotes = true;
      quoted = true;
      quoteLine = line;
      cell = "";
    } else if (c === sep) {
      cells.push(cell);
      cell = "";
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      endRecord();
      start = ++line;
    } else cell += c;
  }
  if (inQuotes) return { error: csvError(quoteLine, null, null, "unterminated_quote") };
  endRecord();
  return { records };
};

/** A row to import: undefined where the cell is empty (a new asset gets the default, an existing one keeps its value). */
export type AssetCsvRow = {
  line: number;
  hostname: string;
  addresses?: string[];
  role?: string;
  owner?: string;
  /** A vendor organisation's id or slug, resolved by the service. */
  vendor?: string;
  holdsPersonalData?: boolean;
  internetFacing?: boolean;
  egressAllowed?: boolean;
};

const TEXT_LIMITS = { role: 200, owner: 200, vendor: 100 } as const;

/** Reads the inventory CSV; every problem is reported (not only the first), with its line and column. */
export const parseAssetCsv = (text: string): { rows: AssetCsvRow[]; errors: CsvError[] } => {
  if (textProblem(text)) {
    const line = text.split("\n").findIndex((l) => textProblem(l) !== null) + 1;
    return { rows: [], errors: [csvError(line, null, null, "bad_text")] };
  }
  const parsed = parseCsv(text);
  if ("error" in parsed) return { rows: [], errors: [parsed.error] };
  const [header, ...data] = parsed.records;
  if (!header) return { rows: [], errors: [csvError(1, null, null, "missing_hostname_column")] };
  const errors: CsvError[] = [];
  const fields: Array<AssetField | null> = header.cells.map((name) => {
    const f = HEADER_INDEX.get(headerKey(name)) ?? null;
    if (!f) errors.push(csvError(header.line, name, null, "unknown_column"));
    return f;
  });
  fields.forEach((f, i) => {
    if (f && fields.indexOf(f) !== i) errors.push(csvError(header.line, header.cells[i] ?? null, f, "duplicate_column"));
  });
  if (!fields.includes("hostname")) errors.push(csvError(header.line, null, "hostname", "missing_hostname_column"));
  if (errors.length > 0) return { rows: [], errors };
  if (data.length === 0) return { rows: [], errors: [csvError(header.line, null, null, "empty")] };

  const rows: AssetCsvRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of data) {
    if (cells.length !== fields.length) {
      errors.push(csvError(line, null, null, "field_count", fields.length));
      continue;
    }
    const row: Partial<AssetCsvRow> & { line: number } = { line };
    let rowOk = true;
    const bad = (i: number, f: AssetField, code: CsvProblem, n?: number) => {
      errors.push(csvError(line, header.cells[i] ?? null, f, code, n));
      rowOk = false;
    };
    cells.forEach((raw, i) => {
      const f = fields[i]!;
      const v = raw.trim();
      if (v === "" && f !== "hostname") return;
      if (f === "hostname") {
        const h = normalizeHostname(v);
        if (!h) return bad(i, f, v === "" ? "required" : "hostname");
        const first = seen.get(h);
        if (first !== undefined) return bad(i, f, "duplicate_host", first);
        seen.set(h, line);
        row.hostname = h;
      } else if (f === "addresses") {
        const list = splitAddresses(v).map(normalizeAddress);
        if (list.length > MAX_ADDRESSES) return bad(i, f, "too_many_addresses", MAX_ADDRESSES);
        if (list.some((a) => a === null)) return bad(i, f, "address");
        row.addresses = [...new Set(list as string[])];
      } else if (f === "role" || f === "owner" || f === "vendor") {
        if (v.length > TEXT_LIMITS[f]) return bad(i, f, "too_long", TEXT_LIMITS[f]);
        row[f] = v;
      } else {
        const b = parseBoolean(v);
        if (b === null) return bad(i, f, "boolean");
        row[f] = b;
      }
    });
    if (rowOk && row.hostname) rows.push(row as AssetCsvRow);
  }
  return { rows: errors.length > 0 ? [] : rows, errors };
};
