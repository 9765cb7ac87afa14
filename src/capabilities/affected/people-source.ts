/**
 * The people of an import in batches, ready for the encoding threads: pass 1 is the scan (the scanner's
 * `scanWithPeople`, threads allowed), pass 2 reads the files again in the same record order and writes each
 * person, when their last record has been read, straight into a **packed batch** (packed.ts), skipping the
 * people an interrupted run already committed.
 *
 * This is the scanner's `streamPeople` (engines/scan/people-stream.ts: same people, same order, same contact and
 * keys; `people-source.test.ts` compares the two) without an object per person: profiled on 200,000 records,
 * the object stream (a PersonRecord, a Set, arrays, a PersonIn, then JSON.stringify here and JSON.parse in the
 * encoding thread) spent 25 % of the stream thread's time in the garbage collector and 11 µs of CPU a person in
 * JSON.parse (at load ~30). A person with several records is held until their last one as bytes in one arena
 * (held.ts: the contact's JSON and the key texts in the packed layout), never as an object with strings; past the
 * arena's budget (192 MB) the least recently touched are spilled, encrypted, to an unlinked temporary file.
 *
 * The packed format is in packed.ts.
 *
 * Runs in a thread of its own (people-worker.ts) so that the thread writing the COPY streams is free.
 */
import { basename } from "node:path";
import { newContext, readInline, scannable, scanWithPeople, sniffAll, emptyPlan } from "../../engines/scan/scan.js";
import { Tally } from "../../engines/scan/tally.js";
import { PII_BIT, PII_TYPES, type ColumnType, type ScanOptions, type ScanResult } from "../../engines/scan/types.js";
import { HeldPeople, type HeldSizes } from "./held.js";
import { PackWriter } from "./packed.js";

export type SourceBatch = { buf: Uint8Array; kinds: string[]; count: number; counts: Record<string, number> };
export type SourceOptions = {
  files: string[];
  scan: Omit<ScanOptions, "onProgress">;
  resumedFrom: number;
  batchSize: number;
  fileNames: string[];
  onScan: (r: ScanResult) => void;
  onProgress?: (done: number, total: number) => void;
  /** the held people's arena: first size, compaction threshold and budget (held.ts; tests make them small) */
  heldArena?: HeldSizes;
};

/** Contact slots in domain.ts `packContact`'s order (domain.ts SHORT), and the column type that fills each. */
const CONTACT_KEYS = ["k", "a", "r", "e", "p", "z", "d"] as const;
const CONTACT_SLOT: Partial<Record<ColumnType, number>> = { name_kanji: 0, name_kana: 1, name_romaji: 2, email: 3, phone: 4, postal_code: 5, address: 6 };

export async function* peopleBatches(o: SourceOptions): AsyncGenerator<SourceBatch> {
  const fileNo = new Map(o.fileNames.map((f, i) => [f, i]));
  const { result, people } = await scanWithPeople(o.files, { ...o.scan, ...(o.onProgress ? { onProgress: o.onProgress } : {}) });
  o.onScan(result);
  const size = people.componentSizes();

  const ctx = newContext({ ...o.scan, threads: 1 });
  const sniffs = await sniffAll(ctx, o.files);
  const held = new HeldPeople(size, o.heldArena); // size[root] < 0 while the person is held (held.ts)
  // SOKUHO_IMPORT_MEMORY=1: this thread's memory and the held people (counts only) to stderr, for the bench
  const trace = process.env.SOKUHO_IMPORT_MEMORY
    ? (at: string): void => {
        const m = process.memoryUsage();
        const mb = (x: number): number => Math.round(x / 1e6);
        console.error(`person stream ${at}: process RSS ${mb(m.rss)} MB, this thread's heap ${mb(m.heapUsed)} MB, array buffers ${mb(m.arrayBuffers)} MB; held ${held.size} people, ${held.spilled} spilled, ${held.readBack} read back, spill file ${mb(held.spillBytes)} MB`);
      }
    : null;
  trace?.("after pass 1");
  const kinds: string[] = [];
  const kindIndex = new Map<string, number>();
  const kindOf = (text: string): number => {
    const kind = text.slice(0, text.indexOf("\u0000"));
    let i = kindIndex.get(kind);
    if (i === undefined) {
      i = kinds.length;
      kinds.push(kind);
      kindIndex.set(kind, i);
    }
    return i;
  };
  // per column-type list (one per table layout): each column's PII bit and contact slot
  const layouts = new WeakMap<readonly ColumnType[], { bits: Int32Array; slots: Int8Array }>();
  const layoutOf = (types: readonly ColumnType[]) => {
    let l = layouts.get(types);
    if (l === undefined) {
      l = { bits: Int32Array.from(types, (t) => PII_BIT.get(t) ?? 0), slots: Int8Array.from(types, (t) => CONTACT_SLOT[t] ?? -1) };
      layouts.set(types, l);
    }
    return l;
  };
  const contact: (string | undefined)[] = new Array(CONTACT_KEYS.length);
  const w = new PackWriter();
  // people per PII type of this batch, by the type's bit (an object keyed by type name per person was 1 % of the time)
  const perBit = new Float64Array(32);
  const ready: SourceBatch[] = [];
  const seal = (): void => {
    if (w.count === 0) return;
    const count = w.count;
    const counts: Record<string, number> = {};
    for (let bit = 0; bit < 32; bit++) {
      const t = PII_TYPES[bit];
      if ((perBit[bit] as number) > 0 && t !== undefined) counts[t] = perBit[bit] as number;
      perBit[bit] = 0;
    }
    ready.push({ buf: w.take(), kinds: kinds.slice(), count, counts });
  };
  let position = 0;
  /** The head of the next person, unless an interrupted run committed it already (false: skip it). */
  const head = (personNo: number, items: number, records: number, file: number, line: number): boolean => {
    if (position++ < o.resumedFrom) return false;
    for (let m = items; m !== 0; m &= m - 1) {
      const bit = 31 - Math.clz32(m & -m);
      perBit[bit] = (perBit[bit] as number) + 1;
    }
    w.head(personNo, items, records, file, line);
    return true;
  };
  /** The keys (texts and batch kind indices) that end a person. */
  const tail = (keys: readonly string[], kindsOf: readonly number[], count: number): void => {
    w.u16(count);
    for (let k = 0; k < count; k++) {
      w.u8(kindsOf[k] as number);
      w.text(keys[k] as string);
    }
    if (w.count >= o.batchSize) seal();
  };
  /** the batch kind index per match-key spec (the tally's kind index), found from the first text of each */
  const kindBySpec: number[] = [];
  const single: string[] = [];
  const singleKinds: number[] = [];

  let record = 0;
  try {
    for (let i = 0; i < o.files.length; i++) {
      const path = o.files[i] as string;
      const sn = sniffs[i]!;
      if (!scannable(ctx, path, sn, false)) continue;
      const file = fileNo.get(basename(path)) ?? 0;
      const tally = new Tally(emptyPlan(o.scan));
      tally.collectKeys = false; // the people come from pass 1: no join here
      tally.keysOnly = true; // the keys and whether a record is personal data: nothing else of the tally is read
      tally.observer = (fields, n, line, types, keys, hasPii, specs) => {
        const id = record++;
        if (trace !== null && id % 1_000_000 === 0) trace(`record ${id}`);
        const root = people.rootOfRecord(id);
        const total = size[root] as number; // the person's records, or < 0 when held (held.ts)
        if (!hasPii && total === 1) return; // no personal data: not a person (scan.ts counts it so too)
        const { bits, slots } = layoutOf(types);
        // a person of one record (most) is never held: no look-up of the held people
        const first = total > 0;
        let items = 0;
        const m = Math.min(n, types.length);
        for (let c = 0; c < m; c++) {
          const v = fields[c];
          if (v === null || v === undefined) continue;
          const bit = bits[c] as number;
          const slot = slots[c] as number;
          if (bit === 0 && (slot < 0 || !first)) continue;
          const t = v.trim();
          if (t === "") continue;
          items |= bit;
          if (first && slot >= 0 && contact[slot] === undefined) contact[slot] = t; // written as UTF-8 bytes: nothing of the chunk is kept
        }
        let keyCount = 0;
        for (let k = 0; k < keys.length; k++) {
          const text = keys[k] as string;
          let seen = false;
          for (let j = 0; j < keyCount && !seen; j++) seen = single[j] === text;
          if (seen) continue;
          const si = specs[k] as number;
          single[keyCount] = text;
          singleKinds[keyCount] = kindBySpec[si] ?? (kindBySpec[si] = kindOf(text));
          keyCount++;
        }
        if (total === 1) {
          // written straight into the batch: the contact's JSON without a string of its own
          if (head(root, items, 1, file, line)) {
            w.contact(CONTACT_KEYS, contact);
            tail(single, singleKinds, keyCount);
          } else contact.fill(undefined);
          return;
        }
        if (first) held.open(root, total, file, line, CONTACT_KEYS, contact);
        if (held.add(root, items, single, singleKinds, keyCount)) {
          if (head(root, held.items(root), held.records(root), held.file(root), held.line(root))) {
            held.write(root, w);
            if (w.count >= o.batchSize) seal();
          }
          held.close(root);
        }
      };
      for await (const _ of readInline(ctx, path, path, sn, `${i}:`, tally)) {
        void _;
        if (ready.length > 0) yield* ready.splice(0);
      }
    }
    seal();
    yield* ready.splice(0);
    trace?.("at the end");
    if (held.size > 0 || record !== people.records) throw new Error("person stream: the second pass did not see the same records as the scan");
  } finally {
    held.dispose();
  }
}
