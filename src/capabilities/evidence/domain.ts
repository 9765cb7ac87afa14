/** Evidence: pure rules for what a user sends with a file and how it is handed back. No I/O. */
import { z } from "zod";

export const MAX_FILENAME_CHARS = 255;
export const MAX_DESCRIPTION_CHARS = 2000;
export const MAX_NOTE_CHARS = 2000;

// C0 and C1 controls, DEL, and the bidirectional overrides and isolates that make "gpj.exe" read as "exe.jpg"
// (the 2016 attack disguised an executable the same way, with an icon).
// eslint-disable-next-line no-control-regex -- control characters are exactly what this removes
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu;

/**
 * The user's filename as metadata only: NFC, no directories (the part after the last `/` or `\`), no control or
 * direction-changing characters, at most 255 characters. It never names a file on disk.
 */
export const sanitizeFilename = (raw: string): string => {
  const nfc = raw.normalize("NFC");
  const base = nfc.split(/[/\\]/).filter((s) => s.trim() !== "").pop() ?? "";
  const clean = base.replace(UNSAFE, "").trim();
  const chars = [...clean]; // code points, so a surrogate pair is never cut in half
  const short = chars.length > MAX_FILENAME_CHARS ? chars.slice(0, MAX_FILENAME_CHARS).join("").trimEnd() : clean;
  return short === "" || short === "." || short === ".." ? "unnamed" : short;
};

/** The declared content type, kept as sent for the record when it looks like one; it is never used to open anything. */
export const recordedContentType = (declared: string | undefined): string => {
  const v = (declared ?? "").trim();
  const isPrintable = [...v].every((c) => c >= " " && c <= "~");
  return v.length <= 255 && isPrintable && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*(\s*;.*)?$/i.test(v) ? v : "application/octet-stream";
};

const attrChar = /[A-Za-z0-9!#$&+.^_`|~-]/;
/**
 * `attachment` with the filename twice (RFC 6266): an ASCII fallback and the exact UTF-8 name (RFC 5987), so
 * browsers save it as a file and never render it.
 */
export const contentDisposition = (filename: string): string => {
  const fallback = [...filename].map((c) => (c >= " " && c <= "~" && c !== '"' && c !== "\\" && c !== "%" ? c : "_")).join("");
  const encoded = [...Buffer.from(filename, "utf8")]
    .map((b) => {
      const c = String.fromCharCode(b);
      return b < 0x80 && attrChar.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
    })
    .join("");
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
};

export const ZDescription = z.string().trim().max(MAX_DESCRIPTION_CHARS);

export const CUSTODY_MANUAL_ACTIONS = ["transferred", "note"] as const;
export const ZCustodyInput = z.strictObject({
  action: z.enum(CUSTODY_MANUAL_ACTIONS),
  note: z.string().trim().min(1).max(MAX_NOTE_CHARS),
});

export type VerifyOutcome =
  | { status: "match"; sha256: string; size: number }
  | { status: "mismatch"; sha256: string; size: number }
  | { status: "missing" };

/** Compares a fresh hash of the stored bytes with what was recorded at upload. */
export const verifyOutcome = (recorded: { sha256: string; size: number }, found: { sha256: string; size: number } | null): VerifyOutcome => {
  if (!found) return { status: "missing" };
  const same = found.sha256 === recorded.sha256 && found.size === recorded.size;
  return { status: same ? "match" : "mismatch", sha256: found.sha256, size: found.size };
};

/** The custody note of a verification: the result and both hashes, so the log alone tells what was found. */
export const verifyNote = (recorded: { sha256: string; size: number }, o: VerifyOutcome): string =>
  o.status === "missing"
    ? `missing: no stored file (recorded sha256 ${recorded.sha256}, ${recorded.size} bytes)`
    : o.status === "match"
      ? `match: sha256 ${o.sha256}, ${o.size} bytes`
      : `MISMATCH: recorded sha256 ${recorded.sha256}, ${recorded.size} bytes; found sha256 ${o.sha256}, ${o.size} bytes`;
