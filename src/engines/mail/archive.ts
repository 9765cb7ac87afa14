/**
 * Attachments and the files inside them, opened recursively within fixed bounds (depth, number of files, bytes
 * per file, bytes in all, compression ratio), so a zip bomb costs at most the budget and never a crash. ZIP (with
 * Shift_JIS names, stored or deflated entries, encrypted entries listed by name) and gzip are opened; RAR, 7z,
 * CAB, LZH and disk images are typed by magic bytes but not opened (docs/mail.md, "Limits").
 */
import { createHash } from "node:crypto";
import { gunzipSync, inflateRawSync } from "node:zlib";
import { decodeUnlabelled, hasHighBytes } from "./charset.js";
import { oleHasMacro, smugglingIn, sniffType } from "./magic.js";
import { warning } from "./messages.js";
import { centralEntries, findEndRecord, isEncrypted, localDataStart, zipU16 as u16, zipU32 as u32 } from "../common/zip.js";
import type { FileType, MailFile, Warning } from "./types.js";

export type Limits = { maxDepth: number; maxFiles: number; maxEntryBytes: number; maxTotalBytes: number; maxRatio: number };
export const DEFAULT_LIMITS: Limits = { maxDepth: 4, maxFiles: 500, maxEntryBytes: 32 << 20, maxTotalBytes: 64 << 20, maxRatio: 1000 };

export type LimitHit = { path: string; attachment: number; kind: "depth" | "count" | "size" | "ratio" };

export type Exploded = { files: MailFile[]; hits: LimitHit[]; warnings: Warning[]; smuggling: { path: string; offset: number }[] };

export const extensionOf = (name: string): string => {
  const m = /\.([^.\s]{1,10})\s*$/.exec(name);
  return m ? (m[1] as string).toLowerCase() : "";
};

type ZipEntry = { name: string; flags: number; method: number; csize: number; usize: number; dataStart: number };

const entryName = (raw: Uint8Array, isUtf8: boolean): string => {
  const latin1 = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString("latin1");
  if (isUtf8) return Buffer.from(raw).toString("utf8");
  // Japanese archivers write Shift_JIS names without the UTF-8 flag
  return hasHighBytes(latin1) ? decodeUnlabelled(latin1).text : latin1;
};

/** Entries from the central directory; without one (a cut-off file), by walking the local headers. */
const readZip = (b: Uint8Array): { entries: ZipEntry[]; isCorrupt: boolean; declared: number } => {
  const end = findEndRecord(b);
  if (end !== null) {
    const { entries, complete } = centralEntries(b, end.offset, end.count, entryName);
    return { entries: entries.map((e) => ({ ...e, dataStart: localDataStart(b, e.localOffset) ?? -1 })), isCorrupt: !complete, declared: end.count };
  }
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 30 <= b.length && u32(b, p) === 0x04034b50) {
    const flags = u16(b, p + 6);
    const csize = u32(b, p + 18);
    const nameLen = u16(b, p + 26);
    const dataStart = p + 30 + nameLen + u16(b, p + 28);
    entries.push({ name: entryName(b.subarray(p + 30, p + 30 + nameLen), (flags & 0x800) !== 0), flags, method: u16(b, p + 8), csize, usize: u32(b, p + 22), dataStart });
    // sizes in a trailing data descriptor are unknown here: stop rather than guess
    if ((flags & 0x08) !== 0 && csize === 0) break;
    p = dataStart + csize;
  }
  return { entries, isCorrupt: true, declared: entries.length };
};

const sha256 = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");

const isHtmlName = (ext: string): boolean => ext === "html" || ext === "htm" || ext === "shtml" || ext === "svg" || ext === "xhtml";

export const explode = (
  attachments: { filename: string; mimeType: string; content: Uint8Array }[],
  limits: Limits = DEFAULT_LIMITS,
  /** told the path of each file before it is inspected (a worker reports it, so a timeout can name the part) */
  onPart?: (path: string) => void,
): Exploded => {
  const out: Exploded = { files: [], hits: [], warnings: [], smuggling: [] };
  let total = 0;

  const push = (f: Omit<MailFile, "extension" | "hasMacro" | "isSmuggling"> & Partial<MailFile>): MailFile => {
    // absurdly long names (a hostile MIME parameter) keep their start and their end, where the extension is
    const name = f.name.length > 1024 ? `${f.name.slice(0, 200)}…${f.name.slice(-800)}` : f.name;
    const file: MailFile = { extension: extensionOf(name), hasMacro: false, isSmuggling: false, ...f, name };
    out.files.push(file);
    return file;
  };

  const visit = (bytes: Uint8Array, name: string, declaredType: string | null, depth: number, attachment: number, path: string): void => {
    onPart?.(path);
    if (out.files.length >= limits.maxFiles) {
      if (!out.hits.some((h) => h.kind === "count")) out.hits.push({ path, attachment, kind: "count" });
      return;
    }
    let realType: FileType = sniffType(bytes);
    const file = push({ path, name, declaredType, realType, size: bytes.length, sha256: sha256(bytes), depth, attachment, isEncrypted: false });
    if (realType === "ole") file.hasMacro = oleHasMacro(bytes);
    if (realType === "html" || (realType === "text" && isHtmlName(file.extension))) {
      const found = smugglingIn(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"));
      if (found) {
        file.isSmuggling = true;
        out.smuggling.push({ path, offset: found.offset });
      }
    }
    if (realType === "gzip") {
      if (depth + 1 > limits.maxDepth) return void out.hits.push({ path, attachment, kind: "depth" });
      try {
        const inner = gunzipSync(bytes, { maxOutputLength: Math.max(1, Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total)) });
        total += inner.length;
        visit(inner, name.replace(/\.(gz|tgz)$/i, ""), null, depth + 1, attachment, `${path} > ${name.replace(/\.(gz|tgz)$/i, "")}`);
      } catch (e) {
        if ((e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") out.hits.push({ path, attachment, kind: "size" });
        else out.warnings.push(warning("ARCHIVE_CORRUPT", { part: path }));
      }
      return;
    }
    if (realType !== "zip") return;
    const zip = readZip(bytes);
    if (zip.isCorrupt) out.warnings.push(warning("ARCHIVE_CORRUPT", { part: path }));
    if (zip.entries.some((e) => e.name === "[Content_Types].xml")) {
      realType = file.realType = "ooxml";
      file.hasMacro = zip.entries.some((e) => /(^|\/)vbaProject\.bin$/i.test(e.name));
      return;
    }
    for (const e of zip.entries) {
      if (e.name.endsWith("/")) continue;
      const childPath = `${path} > ${e.name}`;
      const childName = e.name.split("/").pop() ?? e.name;
      if (out.files.length >= limits.maxFiles) {
        out.hits.push({ path, attachment, kind: "count" });
        return;
      }
      if (isEncrypted(e)) {
        // the central directory's names are never encrypted: an .exe in a password ZIP is still seen by name
        file.isEncrypted = true;
        push({ path: childPath, name: childName, declaredType: null, realType: "unknown", size: e.usize, sha256: null, depth: depth + 1, attachment, isEncrypted: true });
        continue;
      }
      if (depth + 1 > limits.maxDepth) {
        out.hits.push({ path: childPath, attachment, kind: "depth" });
        continue;
      }
      if (e.csize > 0 && e.usize / e.csize > limits.maxRatio && e.usize > 1 << 20) {
        out.hits.push({ path: childPath, attachment, kind: "ratio" });
        continue;
      }
      if (e.dataStart < 0 || e.dataStart + e.csize > bytes.length) {
        out.warnings.push(warning("ARCHIVE_CORRUPT", { part: childPath }));
        continue;
      }
      const budget = Math.min(limits.maxEntryBytes, limits.maxTotalBytes - total);
      if (budget <= 0 || e.usize > budget) {
        out.hits.push({ path: childPath, attachment, kind: "size" });
        continue;
      }
      const raw = bytes.subarray(e.dataStart, e.dataStart + e.csize);
      let inner: Uint8Array;
      try {
        if (e.method === 0) inner = raw;
        else if (e.method === 8) inner = inflateRawSync(raw, { maxOutputLength: budget });
        else {
          push({ path: childPath, name: childName, declaredType: null, realType: "unknown", size: e.usize, sha256: null, depth: depth + 1, attachment, isEncrypted: false });
          out.warnings.push(warning("ARCHIVE_CORRUPT", { part: childPath }));
          continue;
        }
      } catch (err) {
        if ((err as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") out.hits.push({ path: childPath, attachment, kind: "size" });
        else out.warnings.push(warning("ARCHIVE_CORRUPT", { part: childPath }));
        continue;
      }
      total += inner.length;
      visit(inner, childName, null, depth + 1, attachment, childPath);
    }
  };

  attachments.forEach((a, i) => visit(a.content, a.filename, a.mimeType, 0, i, `attachment ${i + 1} (${a.filename})`));
  return out;
};
