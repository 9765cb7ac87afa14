/**
 * The directory of a zip file: where it is (the end record) and what it lists. Shared by the mail engine (archives
 * attached to a mail, held in memory) and the scanner (leaked archives, read from disk a range at a time); each
 * decodes names its own way and inflates the members itself.
 */

export interface CentralEntry {
  name: string;
  flags: number;
  method: number;
  /** compressed and uncompressed sizes (0xFFFFFFFF: in a ZIP64 field, not read here) */
  csize: number;
  usize: number;
  /** where the member's local header starts */
  localOffset: number;
}

/** Decodes a member's name from its bytes; `isUtf8` when the entry has the UTF-8 flag (bit 11). */
export type NameDecoder = (raw: Uint8Array, isUtf8: boolean) => string;

const u16 = (b: Uint8Array, i: number): number => (b[i] as number) | ((b[i + 1] as number) << 8);
const u32 = (b: Uint8Array, i: number): number => (u16(b, i) | (u16(b, i + 2) << 16)) >>> 0;

/** The largest tail that can hold the end record: the record (22 bytes) and a comment of up to 65,535. */
export const END_RECORD_SPAN = 65557;

/**
 * The end of central directory record in `tail` (the file's last bytes): the number of entries and where the
 * directory starts (an offset in the file); null when there is none (a cut-off file, or not a zip).
 */
export function findEndRecord(tail: Uint8Array): { count: number; offset: number; size: number } | null {
  for (let i = tail.length - 22; i >= Math.max(0, tail.length - END_RECORD_SPAN); i--)
    if (u32(tail, i) === 0x06054b50) return { count: u16(tail, i + 10), size: u32(tail, i + 12), offset: u32(tail, i + 16) };
  return null;
}

/**
 * The entries of a central directory held in `b` from `at`, up to `count` (at most 65,535); `complete` is false
 * when an entry's signature or length does not fit (the entries before it are returned).
 */
export function centralEntries(b: Uint8Array, at: number, count: number, decodeName: NameDecoder): { entries: CentralEntry[]; complete: boolean } {
  const entries: CentralEntry[] = [];
  let p = at;
  for (let n = 0; n < count && n < 65535; n++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50) return { entries, complete: false };
    const nameLen = u16(b, p + 28);
    const flags = u16(b, p + 8);
    entries.push({ name: decodeName(b.subarray(p + 46, p + 46 + nameLen), (flags & 0x800) !== 0), flags, method: u16(b, p + 10), csize: u32(b, p + 20), usize: u32(b, p + 24), localOffset: u32(b, p + 42) });
    p += 46 + nameLen + u16(b, p + 30) + u16(b, p + 32);
  }
  return { entries, complete: true };
}

/** Where a member's data starts, from its local header held in `b` at `offset`; null when no header is there. */
export function localDataStart(b: Uint8Array, offset: number): number | null {
  if (offset + 30 > b.length || u32(b, offset) !== 0x04034b50) return null;
  return offset + 30 + u16(b, offset + 26) + u16(b, offset + 28);
}

/** Password-protected: the encryption flag (ZipCrypto) or method 99 (WinZip AES). */
export const isEncrypted = (e: { flags: number; method: number }): boolean => (e.flags & 1) !== 0 || e.method === 99;

export { u16 as zipU16, u32 as zipU32 };
