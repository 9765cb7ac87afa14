/**
 * A light walk over the raw MIME tree, on the bytes, without decoding: it finds multipart delimiters (to warn
 * about missing ones, naming the part as "1.2") and large base64 leaf parts. postal-mime stays the parser of record;
 * the large parts are decoded here in 1 MB windows and shown to postal-mime as a short stub, because postal-mime
 * keeps every base64 line as a string before decoding and so needs about 7× a 5 MB mail (bench/mail.ts).
 */
import { warning } from "./messages.js";
import type { Warning } from "./types.js";

export const LARGE_PART_BYTES = 256 * 1024;
const MAX_DEPTH = 32;
const MAX_PARTS = 2000;

export type LargePart = { start: number; end: number; path: string };

type PartHeaders = { contentType: string; boundary: string | null; encoding: string; bodyStart: number };

/**
 * Where the header block that starts at `start` ends (the first blank line, CRLF or LF), searched before `end`.
 * First within the first 64 KiB (nearly always there), then to `end`: an unbounded search for "\n\n" in a CRLF mail
 * read the whole rest of the mail once per part (10 % of the analysis of a 5 MB mail).
 */
export const blankLineAfter = (buf: Buffer, start: number, end: number, first = 64 * 1024): { at: number; len: number } | null => {
  for (const stop of [Math.min(end, start + first), end]) {
    // a blank line that starts before `stop` counts even when it runs past it (as a search from `start` would find it)
    const win = buf.subarray(start, Math.min(buf.length, stop + 3));
    let crlf = win.indexOf("\r\n\r\n");
    let lf = win.indexOf("\n\n");
    if (start + crlf >= stop) crlf = -1;
    if (start + lf >= stop) lf = -1;
    if (crlf >= 0 && (lf < 0 || crlf < lf)) return { at: start + crlf, len: 4 };
    if (lf >= 0) return { at: start + lf, len: 2 };
    if (stop === end) break;
  }
  return null;
};

const headersOf = (buf: Buffer, start: number, end: number): PartHeaders => {
  const blank = blankLineAfter(buf, start, end);
  const bodyStart = blank ? blank.at + blank.len : end;
  const block = buf.toString("latin1", start, Math.min(bodyStart, start + 64 * 1024)).replace(/\r?\n[ \t]+/g, " ");
  const ct = /^content-type:[ \t]*([^\r\n]*)/im.exec(block)?.[1] ?? "text/plain";
  const boundary = /boundary\s*=\s*(?:"([^"]{1,200})"|([^\s";]{1,200}))/i.exec(ct);
  const enc = /^content-transfer-encoding:[ \t]*([^\s;]*)/im.exec(block)?.[1] ?? "7bit";
  return { contentType: ct.toLowerCase(), boundary: boundary ? (boundary[1] ?? boundary[2] ?? null) : null, encoding: enc.toLowerCase(), bodyStart };
};

export const walkMime = (bytes: Uint8Array): { warnings: Warning[]; large: LargePart[] } => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const warnings: Warning[] = [];
  const large: LargePart[] = [];
  let parts = 0;

  const visit = (start: number, end: number, path: string, depth: number): void => {
    if (++parts > MAX_PARTS || depth > MAX_DEPTH) return;
    const h = headersOf(buf, start, end);
    if (h.contentType.startsWith("multipart/") && h.boundary) {
      const delim = Buffer.from(`--${h.boundary}`, "latin1");
      const starts: number[] = [];
      let closed = false;
      for (let p = buf.indexOf(delim, h.bodyStart); p >= 0 && p < end; p = buf.indexOf(delim, p + delim.length)) {
        if (p !== h.bodyStart && buf[p - 1] !== 0x0a) continue;
        if (buf[p + delim.length] === 0x2d && buf[p + delim.length + 1] === 0x2d) {
          closed = true;
          starts.push(p);
          break;
        }
        starts.push(p);
      }
      if (starts.length === 0) return void warnings.push(warning("NO_PARTS", { part: path || "0", offset: start }));
      if (!closed) warnings.push(warning("MISSING_CLOSING_BOUNDARY", { part: path || "0", offset: start }));
      const count = closed ? starts.length - 1 : starts.length;
      for (let i = 0; i < count; i++) {
        const lineEnd = buf.indexOf(0x0a, starts[i] as number);
        if (lineEnd < 0) break;
        const next = i + 1 < starts.length ? (starts[i + 1] as number) : end;
        // the CRLF before the next delimiter belongs to the delimiter
        const partEnd = next > 0 && buf[next - 1] === 0x0a ? next - (buf[next - 2] === 0x0d ? 2 : 1) : next;
        visit(lineEnd + 1, Math.max(lineEnd + 1, partEnd), path ? `${path}.${i + 1}` : String(i + 1), depth + 1);
      }
      return;
    }
    if (h.encoding === "base64" && end - h.bodyStart >= LARGE_PART_BYTES && !h.contentType.startsWith("text/") && !h.contentType.startsWith("message/"))
      large.push({ start: h.bodyStart, end, path: path || "1" });
  };
  visit(0, buf.length, "", 0);
  return { warnings, large };
};

const WINDOW = 1 << 20;
const JUNK = /[^A-Za-z0-9+/\r\n]/;
const NOT_BASE64 = /[^A-Za-z0-9+/]/g;

/**
 * Base64 of bytes[start, end) decoded in 1 MB windows: memory is the output plus one window, not a whole string.
 * A window of base64 and line breaks only (the usual case) goes to Node's decoder as it is (it skips line breaks);
 * anything else is cleaned first. Characters past a multiple of 4 are carried to the next window, so the bytes
 * equal a decode of the whole part at once (tested on odd line lengths and stray characters).
 */
export const decodeBase64Range = (bytes: Uint8Array, start: number, end: number): Buffer => {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = Buffer.allocUnsafe(Math.ceil(((end - start) * 3) / 4) + 3);
  let o = 0;
  let carry = "";
  for (let p = start; p < end; p += WINDOW) {
    const cut = Math.min(end, p + WINDOW);
    let s = buf.toString("latin1", p, cut);
    const eq = s.indexOf("=");
    // padding at the very end is dropped (a trailing partial group decodes the same without it)
    if (eq >= 0 && cut === end && /^[=\r\n\t ]*$/.test(s.slice(eq))) s = s.slice(0, eq);
    let n: number;
    if (JUNK.test(s)) {
      s = s.replace(NOT_BASE64, "");
      n = s.length;
    } else {
      let breaks = 0;
      for (let i = s.indexOf("\n"); i >= 0; i = s.indexOf("\n", i + 1)) breaks++;
      for (let i = s.indexOf("\r"); i >= 0; i = s.indexOf("\r", i + 1)) breaks++;
      n = s.length - breaks;
    }
    // keep back the characters past a multiple of 4 (with any line breaks among them)
    let keep = (carry.length + n) % 4;
    let at = s.length;
    while (keep > 0 && at > 0) {
      const c = s.charCodeAt(at - 1);
      if (c !== 0x0a && c !== 0x0d) keep--;
      at--;
    }
    o += out.write(carry + s.slice(0, at), o, "base64");
    carry = s.slice(at).replace(/[\r\n]/g, "");
  }
  if (carry.length > 1) o += out.write(carry, o, "base64");
  return out.subarray(0, o);
};
