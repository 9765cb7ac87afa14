/**
 * A zip written byte by byte, for tests and corpora (the mail engine's attachments, the scanner's archives): stored or
 * deflated members, a name given as bytes is written as it is without the UTF-8 flag (as Windows writes Shift_JIS
 * names), `isEncrypted` sets the password flag over bytes that are not the data, `declaredSize` lies about the
 * inflated size (as a bomb does) in both headers.
 */
import { crc32, deflateRawSync } from "node:zlib";

export type ZipMember = { name: string | Uint8Array; data: Uint8Array; isStored?: boolean; isEncrypted?: boolean; declaredSize?: number };

export const writeZip = (entries: ZipMember[]): Buffer => {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = typeof e.name === "string" ? Buffer.from(e.name, "utf8") : Buffer.from(e.name);
    const body = e.isEncrypted ? Buffer.concat([Buffer.alloc(12, 0x5a), Buffer.from(e.data).subarray(0, 64)]) : e.isStored ? Buffer.from(e.data) : deflateRawSync(e.data);
    const method = e.isStored || e.isEncrypted ? 0 : 8;
    const flags = (e.isEncrypted ? 1 : 0) | (typeof e.name !== "string" || /^[\x20-\x7e]*$/.test(e.name) ? 0 : 0x800);
    const crc = crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.declaredSize ?? e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.declaredSize ?? e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
};
