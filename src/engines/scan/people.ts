/**
 * Unique people, by partitioned key join then union-find over records.
 *
 * Every record has an id (its position in the data set). While parsing, the tally writes one key (key hash a, key
 * hash b, record id) per match key into one of 512 partitions chosen by the top 9 bits of `a` (`KeyPartitions`,
 * sequential appends: cheap, and thread-local: no sharing, no atomics), in two words (see KEY WORDS below). After the scan,
 * `PeopleCounter` joins each partition on its own with a small open-addressing table (≈41k keys for the JTB
 * file, 1 MB: in the L2 cache; one cache line a probe): the first record holding a key is remembered, every later
 * record holding it is united with that one in a union-find over record ids (link the larger root under the smaller, so a
 * component's root is its first record). People = records − successful unions − records with no personal data;
 * a record with personal data but no complete key is a component of its own (the count errs towards more people,
 * never fewer).
 *
 * Why: the previous design (one shared hashed table of all ~21M keys, 16 bytes a slot, compare-and-swap) cost
 * ~400 ns a key in cache and TLB misses and twice that with two threads writing it; the 1M-row profile in
 * docs/scan.md has the figures. Here a key costs one append while parsing and one cache-resident probe after.
 */

/**
 * 512 partitions, each joined with a table of ≥ 1.4 slots a key: for the JTB file ~41k keys and a 1 MB table, in
 * the L2 cache. Measured (2 threads, join + appends, as a share of the rest of the record's work): 256 partitions and
 * 2 slots a key (4 MB tables) 1.18–1.22; 512 and 1.4: 1.03–1.12; 1024: 1.31; 2048: 1.30–1.41, the appends to
 * that many open chunks costing more (cache and TLB) than the smaller tables saved.
 */
export const PART_BITS = 9;
export const PARTS = 1 << PART_BITS;
/** The largest chunk a partition grows to (words). */
const CHUNK_WORDS = 3 * 16384;
const FIRST_WORDS = 3 * 128;
/** Words of a slab (4 MB): chunks are carved from slabs. */
const SLAB_WORDS = 1 << 20;
const EMPTY = new Uint32Array(0);
const GOLDEN = 0x9e3779b1;
/** The most words joinEdges asks for at once (256 MB of address space); it grows past them by copies */
const MAX_EDGE_WORDS = 1 << 26;

/**
 * The keys of one range, by partition: chunk k of partition p is the triple `chunks[3k..3k+3)` = (slab, first word,
 * words) for k in [start[p], start[p + 1]).
 *
 * KEY WORDS. A key is two words, `b` and `(a << 9) | d` — a's top 9 bits are the partition's number, and d is the
 * record's distance from the chunk's previous key (from 0 at a chunk's start) — or three when d would be 511 or
 * more: d = 511 and the record itself in a third word. So the whole 64-bit hash is kept. Why: the keys are the
 * scan's only large memory (23.2M keys for the JTB file) and fresh memory is what costs here (~2.7 ms a MB on this
 * VM, more with two threads faulting: docs/scan.md); three words a key had been 278 MB, two and the escapes are
 * ~190 MB. A key costs three words at worst (a partition so sparse that every gap escapes).
 *
 * Why slabs of shared memory: each range had handed over a buffer per chunk (~1,300 per range of the JTB file,
 * 41,000 in all), transferred to the main thread and again to a joining worker; those postMessage calls held the
 * main thread ~0.3 s between the scan and the join while both workers waited (profile of the whole command,
 * docs/scan.md). Shared slabs cross threads without a copy or a transfer, and both joining workers read the same
 * slabs (each its own partitions), so the key chunks never move.
 */
export interface KeySet {
  slabs: SharedArrayBuffer[];
  start: Int32Array;
  chunks: Int32Array;
}

export const NO_KEYS: KeySet = { slabs: [], start: new Int32Array(PARTS + 1), chunks: new Int32Array(0) };

/** The record distance that means "the record follows in a word of its own" (KEY WORDS). */
const ESCAPE = 511;
const DELTA_BITS = 9;

/** Thread-local, append-only (a, b, record) keys in PARTS partitions, in KEY WORDS; `export()` gives a KeySet. */
export class KeyPartitions {
  // each partition's chunks start small and double up to CHUNK_WORDS; a full chunk is kept as it is and the next
  // one follows it (no copy). Fresh memory is what costs here (first-touch page faults: docs/scan.md), so nothing
  // is copied: chunks are carved from 4 MB slabs in order, a slab's tail too small for the next chunk is left unused
  private readonly done: number[][] = Array.from({ length: PARTS }, () => []);
  private readonly cur: Uint32Array[] = Array.from({ length: PARTS }, () => EMPTY);
  /** where each partition's current chunk lies: slab, first word */
  private readonly curSlab = new Int32Array(PARTS);
  private readonly curOff = new Int32Array(PARTS);
  private readonly pos = new Int32Array(PARTS);
  /** the record of each partition's last key in its current chunk (0 at a chunk's start) */
  private readonly last = new Int32Array(PARTS);
  private readonly slabs: SharedArrayBuffer[] = [];
  private slabTop = SLAB_WORDS;

  /** A key (a, b) of `record` (records are added in ascending order). */
  add(a: number, b: number, record: number): void {
    const p = a >>> (32 - PART_BITS);
    let o = this.pos[p] as number;
    let c = this.cur[p] as Uint32Array;
    if (o + 3 > c.length) {
      c = this.more(p, c, o);
      o = 0;
    }
    const d = record - (this.last[p] as number);
    this.last[p] = record;
    c[o] = b;
    if (d < ESCAPE) {
      c[o + 1] = (a << DELTA_BITS) | d;
      this.pos[p] = o + 2;
    } else {
      c[o + 1] = (a << DELTA_BITS) | ESCAPE;
      c[o + 2] = record;
      this.pos[p] = o + 3;
    }
  }

  /** The next chunk of partition p, twice the size of the full one `c` (`used` words of it; up to CHUNK_WORDS). */
  private more(p: number, c: Uint32Array, used: number): Uint32Array {
    if (c.length > 0) (this.done[p] as number[]).push(this.curSlab[p] as number, this.curOff[p] as number, used);
    this.last[p] = 0;
    const words = Math.min(CHUNK_WORDS, Math.max(FIRST_WORDS, c.length * 2));
    if (this.slabTop + words > SLAB_WORDS) {
      this.slabs.push(new SharedArrayBuffer(SLAB_WORDS * 4));
      this.slabTop = 0;
    }
    const slab = this.slabs.length - 1;
    this.curSlab[p] = slab;
    this.curOff[p] = this.slabTop;
    this.slabTop += words;
    return (this.cur[p] = new Uint32Array(this.slabs[slab] as SharedArrayBuffer, (this.curOff[p] as number) * 4, words));
  }

  /** Per partition, the filled chunks (the current one up to its fill). */
  export(): KeySet {
    let n = 0;
    for (let p = 0; p < PARTS; p++) n += (this.done[p] as number[]).length + ((this.pos[p] as number) > 0 ? 3 : 0);
    const chunks = new Int32Array(n);
    const start = new Int32Array(PARTS + 1);
    let k = 0;
    for (let p = 0; p < PARTS; p++) {
      start[p] = k / 3;
      const d = this.done[p] as number[];
      for (let i = 0; i < d.length; i++) chunks[k++] = d[i] as number;
      if ((this.pos[p] as number) > 0) {
        chunks[k++] = this.curSlab[p] as number;
        chunks[k++] = this.curOff[p] as number;
        chunks[k++] = this.pos[p] as number;
      }
    }
    start[PARTS] = k / 3;
    return { slabs: this.slabs.slice(), start, chunks };
  }
}

/** The keys of consecutive records numbered from `base`. */
export interface KeySource {
  base: number;
  keys: KeySet;
}

/**
 * Join partitions [from, to) of the sources: for every key, the first record holding it and each later record
 * holding it make an edge. Each partition is joined on its own with a small open-addressing table (≈41k keys for
 * the JTB file). Returns the edges as pairs of record ids.
 */
export function joinEdges(sources: KeySource[], from: number, to: number, maxWords = MAX_EDGE_WORDS): Int32Array {
  // a key gives at most one edge: sized for that at once, since only the pages written are ever backed by memory
  // (growing by copies had made ~2× the edges' bytes of fresh memory, which is what costs here); past 256 MB of
  // address space (a file of ~60M keys a thread) it grows again, so that no machine is asked for gigabytes at once
  let words = 0;
  for (const s of sources) for (let k = s.keys.start[from] as number; k < (s.keys.start[to] as number); k++) words += s.keys.chunks[3 * k + 2] as number;
  let edges = new Int32Array(Math.max(2, Math.min(words, maxWords))); // two or more words a key, two an edge
  let m = 0;
  let cap = 1 << 10;
  // one slot is 4 words (a, b, first record, the partition's stamp), so a probe reads one cache line (three arrays
  // had cost three misses when the tables were past the L2 cache). A
  // slot is taken only if its stamp is this partition's (p + 1), so the table is not cleared between partitions
  let tab = new Int32Array(cap * 4);
  const views = sources.map((s) => s.keys.slabs.map((b) => new Uint32Array(b)));
  for (let p = from; p < to; p++) {
    let n = 0; // at most this many keys (two words or more a key)
    for (const s of sources) for (let k = s.keys.start[p] as number; k < (s.keys.start[p + 1] as number); k++) n += (s.keys.chunks[3 * k + 2] as number) >>> 1;
    if (n === 0) continue;
    let want = cap;
    while (want < n * 1.4) want *= 2;
    if (want > cap) {
      cap = want;
      tab = new Int32Array(cap * 4);
    }
    const mask = cap - 1;
    const stamp = p + 1;
    for (let si = 0; si < sources.length; si++) {
      const { base, keys } = sources[si] as KeySource;
      const slabs = views[si] as Uint32Array[];
      for (let k = keys.start[p] as number; k < (keys.start[p + 1] as number); k++) {
        const c = slabs[keys.chunks[3 * k] as number] as Uint32Array;
        const first = keys.chunks[3 * k + 1] as number;
        const last = first + (keys.chunks[3 * k + 2] as number);
        let rec = 0;
        for (let i = first; i < last; ) {
          // KEY WORDS
          const b = (c[i] as number) | 0;
          const w = c[i + 1] as number;
          const d = w & ESCAPE;
          if (d === ESCAPE) {
            rec = c[i + 2] as number;
            i += 3;
          } else {
            rec += d;
            i += 2;
          }
          const a = w >>> DELTA_BITS; // a without its top bits, the partition's number: the same for every key here
          const r = base + rec;
          let h = (b ^ Math.imul(a, GOLDEN)) & mask;
          for (;;) {
            const o = h << 2;
            if (tab[o + 3] !== stamp) {
              tab[o] = a;
              tab[o + 1] = b;
              tab[o + 2] = r;
              tab[o + 3] = stamp;
              break;
            }
            if (tab[o] === a && tab[o + 1] === b) {
              const v = tab[o + 2] as number;
              if (v !== r) {
                if (m + 2 > edges.length) {
                  const more = new Int32Array(edges.length * 2);
                  more.set(edges);
                  edges = more;
                }
                edges[m++] = v;
                edges[m++] = r;
              }
              break;
            }
            h = (h + 1) & mask;
          }
        }
      }
    }
  }
  return edges.subarray(0, m);
}

export class PeopleCounter {
  private readonly sources: KeySource[] = [];
  private parent: Int32Array | null = null;
  /** records over all sources (set with addSource); records without keys are among them */
  records = 0;
  recordsWithoutKeys = 0;
  /** records with no personal data: no person (set by the scan once all sources are in) */
  recordsWithoutPii = 0;
  private unions = 0;

  /** The keys of `records` consecutive records, numbered from the current total. */
  addSource(keys: KeySet, records: number): void {
    this.sources.push({ base: this.records, keys });
    this.records += records;
    this.parent = null;
  }

  private find(x: number): number {
    const parent = this.parent as Int32Array;
    for (;;) {
      const p = parent[x] as number;
      if (p === 0) return x;
      const gp = parent[p - 1] as number;
      if (gp === 0) return p - 1;
      parent[x] = gp; // path halving
      x = gp - 1;
    }
  }

  private union(x: number, y: number): void {
    const rx = this.find(x);
    const ry = this.find(y);
    if (rx === ry) return;
    const parent = this.parent as Int32Array;
    if (rx < ry) parent[ry] = rx + 1;
    else parent[rx] = ry + 1;
    this.unions++;
  }

  /** Join every partition (idempotent; runs once after the last source). */
  compute(): void {
    if (this.parent !== null) return;
    this.applyEdges([joinEdges(this.sources, 0, PARTS)]);
  }

  /**
   * The same join with the partitions split between `workers` calls of `join` (worker threads: see workers.ts),
   * which read the shared key slabs of their partitions and return the edges.
   */
  async computeParallel(workers: number, join: (sources: KeySource[], from: number, to: number) => Promise<Int32Array>): Promise<void> {
    if (this.parent !== null) return;
    const step = Math.ceil(PARTS / Math.max(1, workers));
    const parts: Promise<Int32Array>[] = [];
    for (let from = 0; from < PARTS; from += step) {
      const to = Math.min(PARTS, from + step);
      parts.push(join(this.sources, from, to));
    }
    const edges = await Promise.all(parts);
    this.applyEdges(edges);
  }

  /** The union-find over all records from the join's edges (any order gives the same components and roots). */
  private applyEdges(edges: Int32Array[]): void {
    this.parent = new Int32Array(Math.max(1, this.records)); // 0 = root, else parent + 1
    this.unions = 0;
    for (const list of edges) for (let i = 0; i < list.length; i += 2) this.union(list[i] as number, list[i + 1] as number);
    this.sources.length = 0; // the key slabs are not needed any more
  }

  /** The component root (the first record of the person) of a record id. */
  rootOfRecord(record: number): number {
    this.compute();
    return this.find(record);
  }

  /** Records per person, indexed by root (0 elsewhere). */
  componentSizes(): Int32Array {
    this.compute();
    const size = new Int32Array(Math.max(1, this.records));
    for (let r = 0; r < this.records; r++) {
      const root = this.find(r);
      size[root] = (size[root] as number) + 1;
    }
    return size;
  }

  get people(): number {
    this.compute();
    return this.records - this.unions - this.recordsWithoutPii;
  }
}
