/** The real type of a file by its magic bytes (what it is, whatever its name says). */
import type { FileType } from "./types.js";

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => {
  if (b.length < at + sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[at + i] !== sig[i]) return false;
  return true;
};
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

const LNK = [0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const SEVEN_Z = [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c];
const CD001 = ascii("CD001");

const looksHtml = (b: Uint8Array): boolean => {
  const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 2048)).toString("latin1").toLowerCase();
  return /^\s*(\ufeff|\xef\xbb\xbf)?\s*<(!doctype html|html|head|body|script|svg|meta|iframe|form)\b/.test(head) || /<script\b/.test(head) && /<\/?(html|body|div)\b/.test(head);
};

const looksText = (b: Uint8Array): boolean => {
  const n = Math.min(b.length, 4096);
  for (let i = 0; i < n; i++) if (b[i] === 0) return false;
  return true;
};

export const sniffType = (b: Uint8Array): FileType => {
  if (b.length === 0) return "unknown";
  if (b[0] === 0x4d && b[1] === 0x5a) return "pe";
  if (startsWith(b, [0x7f, 0x45, 0x4c, 0x46])) return "elf";
  if (startsWith(b, LNK)) return "lnk";
  if (startsWith(b, OLE)) return "ole";
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) || startsWith(b, [0x50, 0x4b, 0x07, 0x08])) return "zip";
  if (startsWith(b, ascii("Rar!\x1a\x07"))) return "rar";
  if (startsWith(b, SEVEN_Z)) return "7z";
  if (startsWith(b, [0x1f, 0x8b])) return "gzip";
  if (startsWith(b, ascii("MSCF"))) return "cab";
  if (b[2] === 0x2d && b[3] === 0x6c && b[4] === 0x68 && b[6] === 0x2d) return "lzh";
  if (startsWith(b, ascii("vhdxfile"))) return "vhdx";
  if (startsWith(b, ascii("conectix")) || (b.length >= 512 && startsWith(b, ascii("conectix"), b.length - 512))) return "vhd";
  if (startsWith(b, CD001, 0x8001) || startsWith(b, CD001, 0x8801) || startsWith(b, CD001, 0x9001)) return "iso";
  if (startsWith(b, ascii("%PDF"))) return "pdf";
  if (startsWith(b, ascii("{\\rt"))) return "rtf";
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47])) return "png";
  if (startsWith(b, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(b, ascii("GIF8"))) return "gif";
  // a FAT-formatted disk image (.img): a jump instruction and the boot signature
  if (b.length >= 512 && (b[0] === 0xeb || b[0] === 0xe9) && b[510] === 0x55 && b[511] === 0xaa) return "img";
  if (looksHtml(b)) return "html";
  return looksText(b) ? "text" : "unknown";
};

const VBA_PROJECT_UTF16 = Buffer.from("_VBA_PROJECT", "utf16le");
/** An OLE compound file (.doc, .xls) holding a VBA project stream. */
export const oleHasMacro = (b: Uint8Array): boolean => Buffer.from(b.buffer, b.byteOffset, b.byteLength).indexOf(VBA_PROJECT_UTF16) >= 0;

const SMUGGLE = {
  blob: /new\s+Blob\s*\(/i,
  decode: /atob\s*\(|Uint8Array|fromCharCode|base64/i,
  save: /createObjectURL|msSaveOrOpenBlob|msSaveBlob|\.download\s*=|\bdownload\s*=\s*["']/i,
  // an opening <a> tag cannot run past the next "<", so this stays linear on hostile HTML
  anchorTag: /<a\b[^<>]*>/gi,
  dataHref: /\bhref\s*=\s*["']?data:(application|octet)/i,
  download: /\bdownload\b/i,
  longBase64: /[A-Za-z0-9+/]{4000}/,
};
/** HTML that builds a file in the browser and offers it for download: Blob + decoding + a save, or a data: link with download. */
export const smugglingIn = (html: string): { offset: number } | null => {
  const tag = SMUGGLE.anchorTag;
  tag.lastIndex = 0;
  for (let m = tag.exec(html); m; m = tag.exec(html))
    if (SMUGGLE.dataHref.test(m[0]) && SMUGGLE.download.test(m[0])) {
      tag.lastIndex = 0;
      return { offset: m.index };
    }
  const blob = SMUGGLE.blob.exec(html);
  if (blob && SMUGGLE.save.test(html) && (SMUGGLE.decode.test(html) || SMUGGLE.longBase64.test(html))) return { offset: blob.index };
  return null;
};
