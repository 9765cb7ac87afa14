/**
 * The person stream for the registry import: one record per unique person, in a deterministic order.
 *
 * Pass 1 is the scan itself (threads allowed), which leaves the union-find over record ids (people.ts): the
 * root of a component is the person's first record, and the component size says how many records the person
 * has. Pass 2 reads the files again in this thread, in the same record order (so record ids agree), and for
 * every record adds its match keys (HMAC-SHA-256 under the caller's key, hex; the raw key never leaves) to its
 * person. A person with one record is emitted at once; a person with several is held until its last record,
 * then emitted with the keys of all its records and the contact fields of its first record. Memory is bounded
 * by the people whose records are still open, not by the file.
 *
 * Contact fields are raw values, for the platform to encrypt (AES-256-GCM) before they are stored; they must
 * never be logged.
 */
import { createHmac } from "node:crypto";
import { basename } from "node:path";
import { newContext, readInline, scannable, scanWithPeople, sniffAll, emptyPlan } from "./scan.js";
import { Tally } from "./tally.js";
import type { ColumnType, ScanOptions, ScanResult } from "./types.js";

export interface PersonContact {
  nameKanji?: string;
  nameKana?: string;
  nameRomaji?: string;
  email?: string;
  phone?: string;
  postalCode?: string;
  address?: string;
}
export interface PersonRecord {
  /** the person's first record (0-based over the data set, in file order): stable for the same files and options */
  personId: number;
  /** distinct match keys over all the person's records: kind ("email", "kana+birth", …) and HMAC-SHA-256, hex */
  keys: { kind: string; hmac: string }[];
  /** raw values from the first record (in memory only: the platform encrypts them) */
  contact: PersonContact;
  /** where the first record is */
  source: { file: string; line: number };
  /** how many records this person has */
  records: number;
}
export interface PeopleStreamOptions extends ScanOptions {
  /** the HMAC key (from configuration, at least 32 bytes) */
  hmacKey: Buffer;
  /** called once with the pass-1 scan result (counts, columns) before the first record */
  onScan?: (result: ScanResult) => void;
}

const CONTACT_OF: Partial<Record<ColumnType, keyof PersonContact>> = {
  name_kanji: "nameKanji",
  name_kana: "nameKana",
  name_romaji: "nameRomaji",
  email: "email",
  phone: "phone",
  postal_code: "postalCode",
  address: "address",
};

interface Open {
  rec: PersonRecord;
  seen: Set<string>;
  left: number;
}

export async function* streamPeople(paths: string[], options: PeopleStreamOptions): AsyncGenerator<PersonRecord> {
  if (options.hmacKey.length < 16) throw new Error("hmacKey must be at least 16 bytes");
  const { hmacKey, onScan, ...scanOptions } = options;
  const { result, people } = await scanWithPeople(paths, scanOptions);
  onScan?.(result);
  const size = people.componentSizes();

  const hmac = (text: string): { kind: string; hmac: string } => ({
    kind: text.slice(0, text.indexOf("\u0000")),
    hmac: createHmac("sha256", hmacKey).update(text, "utf8").digest("hex"),
  });
  const ctx = newContext({ ...scanOptions, threads: 1 });
  delete ctx.options.onProgress;
  const sniffs = await sniffAll(ctx, paths);
  const open = new Map<number, Open>();
  let out: PersonRecord[] = [];
  let record = 0;
  for (let i = 0; i < paths.length; i++) {
    const path = paths[i] as string;
    const sn = sniffs[i]!;
    if (!scannable(ctx, path, sn, false)) continue;
    const file = basename(path);
    const tally = new Tally(emptyPlan(scanOptions));
    tally.observer = (fields, n, line, types, keys) => {
      const id = record++;
      const root = people.rootOfRecord(id);
      let o = open.get(root);
      if (o === undefined) {
        const contact: PersonContact = {};
        for (let c = 0; c < n && c < types.length; c++) {
          const k = CONTACT_OF[types[c] as ColumnType];
          const v = fields[c];
          if (k !== undefined && contact[k] === undefined && v !== null && v !== undefined && v.trim() !== "") contact[k] = v.trim();
        }
        o = { rec: { personId: root, keys: [], contact, source: { file, line }, records: size[root] as number }, seen: new Set(), left: size[root] as number };
        if (o.left > 1) open.set(root, o);
      }
      for (const k of keys)
        if (!o.seen.has(k)) {
          o.seen.add(k);
          o.rec.keys.push(hmac(k));
        }
      if (--o.left === 0) {
        open.delete(root);
        out.push(o.rec);
      }
    };
    for await (const _ of readInline(ctx, path, path, sn, `${i}:`, tally)) {
      void _;
      if (out.length > 0) {
        const batch = out;
        out = [];
        yield* batch;
      }
    }
    const batch = out;
    out = [];
    yield* batch;
  }
  if (open.size > 0 || record !== people.records) throw new Error("person stream: the second pass did not see the same records as the scan");
}
