/**
 * The person stream for the registry import: one record per unique person, in a deterministic order.
 *
 * Pass 1 is the scan itself (threads allowed), which leaves the union-find over record ids (people.ts): the
 * root of a component is the person's first record, and the component size says how many records the person
 * has. Pass 2 reads the files again in this thread, in the same record order (so record ids agree), and for
 * every record adds its match keys (HMAC-SHA-256 under the caller's key, hex; or, for a caller that hashes them
 * in its own threads, the key texts) and the PII types it holds to its person. A person with one record is emitted at once; a person with several is held until its last record,
 * then emitted with the keys of all its records and the contact fields of its first record. Memory is bounded
 * by the people whose records are still open, not by the file.
 *
 * Contact fields are raw values, for the platform to encrypt (AES-256-GCM) before they are stored; they must
 * never be logged.
 */
import { basename } from "node:path";
import { keyedHasher } from "./keyed-hash.js";
import { scriptOf, type Script } from "./normalize.js";
import { NAME_TYPES } from "./recognizers/registry.js";
import { newContext, readInline, scannable, scanWithPeople, sniffAll, emptyPlan } from "./scan.js";
import { Tally } from "./tally.js";
import { PII_BIT, piiTypesOf, type ColumnType, type PiiType, type ScanOptions, type ScanResult } from "./types.js";
import { isZipArchive } from "./archive.js";

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
  /** distinct match keys over all the person's records: kind ("email", "kana+birth", …) and HMAC-SHA-256, hex (empty without `hmacKey`) */
  keys: { kind: string; hmac: string }[];
  /**
   * Only without `hmacKey`: the same keys as "kind\0value" texts, for a caller that hashes them elsewhere (the
   * registry import hashes in worker threads). Raw personal data: never log or store them.
   */
  keyTexts?: string[];
  /** the PII types of the columns in which any of the person's records has a value (what a notice must name) */
  items: PiiType[];
  /** raw values from the first record (in memory only: the platform encrypts them) */
  contact: PersonContact;
  /** where the first record is */
  source: { file: string; line: number };
  /** how many records this person has */
  records: number;
}
export interface PeopleStreamOptions extends ScanOptions {
  /** the HMAC key (from configuration, at least 32 bytes); without it the keys come as `keyTexts` */
  hmacKey?: Buffer;
  /** called once with the pass-1 scan result (counts, columns) before the first record */
  onScan?: (result: ScanResult) => void;
}

/** The name type of a value's script (normalize.scriptOf). */
const NAME_OF_SCRIPT: Partial<Record<Script, ColumnType>> = { kanji: "name_kanji", kana: "name_kana", romaji: "name_romaji" };
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
  items: number;
  left: number;
}

/**
 * A copy of `s` that does not keep its source alive. A field is a slice of the decoded 64 KB chunk it came from,
 * and V8 keeps the whole chunk for as long as the slice lives: a person held open across the file kept its
 * chunks, and the JTB-size stream peaked at 4 GB. Concatenating flattens into a new string; slicing that drops
 * the space.
 */
const own = (s: string): string => (" " + s).slice(1);


export async function* streamPeople(paths: string[], options: PeopleStreamOptions): AsyncGenerator<PersonRecord> {
  const { hmacKey, onScan, ...scanOptions } = options;
  // two passes over the same files: an archive's members are extracted for one scan only (archive.ts)
  if (paths.some((p) => isZipArchive(p))) throw new Error("streamPeople: extract zip archives first; the person stream reads files twice");
  const keyedHash = hmacKey ? keyedHasher(hmacKey) : null;
  const { result, people } = await scanWithPeople(paths, scanOptions);
  onScan?.(result);
  const size = people.componentSizes();

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
    tally.collectKeys = false; // the people come from pass 1: no join here
    tally.observer = (fields, n, line, types, keys, hasPii) => {
      const id = record++;
      const root = people.rootOfRecord(id);
      if (!hasPii && size[root] === 1) return; // no personal data: not a person (scan.ts counts it so too)
      let o = open.get(root);
      const first = o === undefined;
      if (o === undefined) {
        const rec: PersonRecord = { personId: root, keys: [], items: [], contact: {}, source: { file, line }, records: size[root] as number };
        if (!keyedHash) rec.keyTexts = [];
        o = { rec, seen: new Set(), items: 0, left: size[root] as number };
        if (o.left > 1) open.set(root, o);
      }
      for (let c = 0; c < n && c < types.length; c++) {
        const v = fields[c];
        if (v === null || v === undefined || v.trim() === "") continue;
        // a name counts in its own script (a guest register's column holds kanji and romaji names: mixedScripts)
        const type = (NAME_TYPES as readonly ColumnType[]).includes(types[c] as ColumnType) ? (NAME_OF_SCRIPT[scriptOf(v)] ?? (types[c] as ColumnType)) : (types[c] as ColumnType);
        o.items |= PII_BIT.get(type) ?? 0;
        const k = first ? CONTACT_OF[type] : undefined;
        if (k !== undefined && o.rec.contact[k] === undefined) o.rec.contact[k] = o.left > 1 ? own(v.trim()) : v.trim();
      }
      const held = o.left > 1;
      for (const text of keys)
        if (!o.seen.has(text)) {
          const k = held ? own(text) : text;
          o.seen.add(k);
          if (keyedHash) o.rec.keys.push({ kind: k.slice(0, k.indexOf("\u0000")), hmac: keyedHash(k) });
          else o.rec.keyTexts!.push(k);
        }
      if (--o.left === 0) {
        open.delete(root);
        o.rec.items = piiTypesOf(o.items);
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
