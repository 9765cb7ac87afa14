/**
 * Zip archives: a leaked file often arrives as `leak.zip`. Each member is scanned as a file of the data set, named
 * `leak.zip/顧客/customers.csv` in the report; people are joined across members as across files.
 *
 * The central directory (common/zip.ts, shared with the mail engine) lists the members; each is inflated by zlib as
 * a stream from its range of the archive into a private temporary folder (mode 0700, files 0600), so neither the
 * archive nor a member is ever held in memory, and every reader (the byte path's threads, gzip, workbooks) works on
 * the members as on files. They are deleted when the scan ends, and on exit or Ctrl-C/SIGTERM before that; what a
 * process killed outright (kill -9, out of memory) left is deleted by the next archive scan (the folder names its
 * process: sokuho-zip-<pid>-…, swept once that process is gone). Not
 * extracted, each reported by name: password-protected members (ZIP_ENCRYPTED: extract them with the password),
 * members in another method than stored or deflate or in ZIP64 form, and damaged data (ZIP_ERROR), and anything
 * past the limit (a zip bomb: ZIP_TOO_LARGE). Names without the UTF-8 flag are read as Shift_JIS when they are not
 * UTF-8 (zips made by Windows in Japanese). Workbooks (.xlsx are zips too) are not archives here.
 */
import { closeSync, createReadStream, createWriteStream, fstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { isUtf8 } from "node:buffer";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";
import { centralEntries, END_RECORD_SPAN, findEndRecord, isEncrypted, localDataStart, type CentralEntry } from "../common/zip.js";
import { looksLikeOoxml } from "./decode.js";
import type { Diagnostics } from "./diagnostics.js";

/** Bytes extracted at most from one archive: 100 × its size, and at least 1 GB. */
const limitFor = (zipBytes: number): number => Math.max(1 << 30, zipBytes * 100);
const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
const SKIPPED = /(^|\/)(__MACOSX\/|\.DS_Store$|Thumbs\.db$|desktop\.ini$)/i;

export interface ExpandedPaths {
  /** the files to scan: members of archives in place of the archive */
  paths: string[];
  /** the name to show for each extracted member's path: "/data/leak.zip/顧客/customers.csv" */
  labels: Map<string, string>;
  /** the name its tables are reported under: "leak.zip/顧客/customers.csv" */
  names: Map<string, string>;
  /** delete the extracted members */
  cleanup(): void;
}

/** Whether a file is a zip archive (not an Office document: a workbook is read as one, Word or PowerPoint not at all). */
export function isZipArchive(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(65536);
    const n = readSync(fd, head, 0, head.length, 0);
    return n >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04 && !looksLikeOoxml(head.subarray(0, n)) && !/\.(xls[xm]|docx|pptx)$/i.test(path);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}

/** A name as Windows in Japanese writes it: Shift_JIS without the UTF-8 flag (unless its bytes are UTF-8). */
const memberName = (raw: Uint8Array, utf8: boolean): string => (utf8 || isUtf8(raw) ? Buffer.from(raw).toString("utf8") : new TextDecoder("shift_jis").decode(raw));

/** Bytes [at, at + n) of an open file. */
function readAt(fd: number, at: number, n: number): Buffer {
  const b = Buffer.alloc(Math.max(0, n));
  let got = 0;
  while (got < b.length) {
    const k = readSync(fd, b, got, b.length - got, at + got);
    if (k === 0) break;
    got += k;
  }
  return b.subarray(0, got);
}

/**
 * The members of an archive by its central directory, each with where its data starts. Without a directory (a
 * download cut off), by walking the local headers from the start: `damaged` then says so.
 */
function listMembers(path: string): { members: { entry: CentralEntry; dataStart: number | null }[]; damaged: boolean } {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const tailAt = Math.max(0, size - END_RECORD_SPAN);
    const end = findEndRecord(readAt(fd, tailAt, size - tailAt));
    const listed = end === null || end.offset + end.size > size ? null : centralEntries(readAt(fd, end.offset, end.size), 0, end.count, memberName);
    if (listed === null || !listed.complete) return { members: walkLocalHeaders(fd, size), damaged: true };
    const { entries } = listed;
    const members = entries.map((entry) => {
      // the local header's own name and extra field lengths (they may differ from the directory's)
      const head = readAt(fd, entry.localOffset, 30);
      const start = localDataStart(head, 0);
      return { entry, dataStart: start === null ? null : entry.localOffset + start };
    });
    return { members, damaged: false };
  } finally {
    closeSync(fd);
  }
}

/** The members by their local headers, in order, until one does not fit (or its size is only in a descriptor). */
function walkLocalHeaders(fd: number, size: number): { entry: CentralEntry; dataStart: number | null }[] {
  const out: { entry: CentralEntry; dataStart: number | null }[] = [];
  for (let p = 0; p + 30 <= size && out.length < 65535; ) {
    const h = readAt(fd, p, 30);
    const start = localDataStart(h, 0);
    if (start === null) break;
    const flags = h.readUInt16LE(6);
    const csize = h.readUInt32LE(18);
    if ((flags & 0x08) !== 0 && csize === 0) break;
    const nameLen = h.readUInt16LE(26);
    const name = memberName(readAt(fd, p + 30, nameLen), (flags & 0x800) !== 0);
    out.push({ entry: { name, flags, method: h.readUInt16LE(8), csize, usize: h.readUInt32LE(22), localOffset: p }, dataStart: p + start });
    p += start + csize;
  }
  return out;
}

const TEMP_PREFIX = "sokuho-zip-";
const TEMP_OF_PROCESS = new RegExp(`^${TEMP_PREFIX}(\\d+)-`);

/** Is process `pid` still running (a process of another user counts as running)? */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Delete the extracted members a scan killed outright left behind: folders sokuho-zip-<pid>-… of processes no longer
 * running (never this process's: another scan in it may be using its folder). Returns how many were deleted.
 */
export function sweepLeftMembers(): number {
  let n = 0;
  let names: string[];
  try {
    names = readdirSync(tmpdir());
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMP_OF_PROCESS.exec(name);
    if (m === null) continue;
    const pid = Number(m[1]);
    if (pid === process.pid || alive(pid)) continue;
    try {
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
      n++;
    } catch {
      // another user's folder, or being removed by another scan: left to it
    }
  }
  return n;
}

/** Replace each zip archive among `paths` by its extracted members (see the module comment). */
export async function expandArchives(paths: string[], diags: Diagnostics, limitBytes?: number): Promise<ExpandedPaths> {
  const labels = new Map<string, string>();
  const names = new Map<string, string>();
  const out: string[] = [];
  let dir: string | null = null;
  let seq = 0;
  // members hold personal data: deleted when the scan ends, and also if the process exits or is interrupted first
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanup();
    process.kill(process.pid, signal); // the listener is gone: the signal now does what it would have done
  };
  const cleanup = (): void => {
    if (dir !== null) rmSync(dir, { recursive: true, force: true });
    dir = null;
    process.off("exit", cleanup);
    for (const s of SIGNALS) process.off(s, onSignal);
  };
  const made = (): string => {
    if (dir === null) {
      // the handlers first: a Ctrl-C between making the folder and listening for it would have left the folder
      // (CI's interrupt test caught that window once)
      process.once("exit", cleanup);
      for (const s of SIGNALS) process.once(s, onSignal);
      sweepLeftMembers();
      dir = mkdtempSync(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-`));
    }
    return dir;
  };
  try {
    for (const path of paths) {
      if (!isZipArchive(path)) {
        out.push(path);
        continue;
      }
      const into = made();
      const { members, damaged } = listMembers(path);
      if (damaged) diags.add(path, "ZIP_ERROR"); // what the local headers still give is read
      let left = limitBytes ?? limitFor(statSync(path).size);
      for (const { entry, dataStart } of members) {
        const name = entry.name;
        if (name.endsWith("/") || SKIPPED.test(name)) continue;
        const label = `${path}/${name}`;
        if (isEncrypted(entry)) {
          diags.add(label, "ZIP_ENCRYPTED");
          continue;
        }
        if (dataStart === null || (entry.method !== 0 && entry.method !== 8) || entry.csize === 0xffffffff || entry.usize === 0xffffffff) {
          diags.add(label, "ZIP_ERROR");
          continue;
        }
        if (left <= 0) {
          diags.add(path, "ZIP_TOO_LARGE");
          break;
        }
        const folder = join(into, String(seq++));
        mkdirSync(folder, { mode: 0o700 });
        const target = join(folder, basename(name) || "member");
        const budget = left;
        let written = 0;
        const limiter = new Transform({
          transform(chunk: Buffer, _enc, done) {
            written += chunk.length;
            done(written > budget ? new TooLarge() : null, chunk);
          },
        });
        const data = createReadStream(path, { start: dataStart, end: dataStart + entry.csize - 1 });
        try {
          if (entry.csize === 0) await pipeline(data, createWriteStream(target, { mode: 0o600 }));
          else if (entry.method === 8) await pipeline(data, createInflateRaw(), limiter, createWriteStream(target, { mode: 0o600 }));
          else await pipeline(data, limiter, createWriteStream(target, { mode: 0o600 }));
          // a member cut short (the archive ends inside it): what is there is not the file
          if (written !== entry.usize && !(entry.method === 8 && entry.usize === 0)) throw new Error("short member");
          left -= written;
          labels.set(target, label);
          names.set(target, `${basename(path)}/${name}`);
          out.push(target);
        } catch (e) {
          rmSync(target, { force: true });
          if (e instanceof TooLarge) {
            diags.add(path, "ZIP_TOO_LARGE");
            break;
          }
          diags.add(label, "ZIP_ERROR");
        }
      }
    }
  } catch (e) {
    cleanup();
    throw e;
  }
  return { paths: out, labels, names, cleanup };
}

/** A member inflated past what is left of the archive's budget. */
class TooLarge extends Error {}
