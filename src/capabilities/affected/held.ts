/**
 * The people of the person stream whose records are not all read yet (people-source.ts), packed in one byte arena
 * instead of an object, two arrays and a string per key each.
 *
 * Why: a person is held from their first record to their last, and in the bench file (as in a leak whose
 * duplicates were appended) every person with several records is held until the end: 1.1M people at JTB size. As
 * objects and strings that was ~1 KB a person, and the JTB-size import grew past 1.8 GB; here it is the UTF-8 of
 * the contact's JSON and of the key texts plus a few bytes (≈ 350 bytes a person in the bench file).
 *
 * A person's block: u32 n + n bytes of the contact's JSON (as PackWriter.contact writes it), then per key u8 kind,
 * u32 n + n bytes of the key text, i.e. the packed batch's layout, so a closed person is copied into the batch as
 * bytes. A block that outgrows its room moves to the arena's end; the arena is compacted (live blocks copied into
 * a fresh one) when more than half of it is left behind by moved and closed blocks.
 */
import { contactJsonBound, writeContactJson, type PackWriter } from "./packed.js";

const FREE = -1;

export class HeldPeople {
  /** per record id (a person's root): slot + 1, 0 when not held */
  private readonly slotOf: Int32Array;
  // per slot
  private base = new Float64Array(1024);
  private used = new Int32Array(1024);
  private cap = new Int32Array(1024);
  private keys = new Int32Array(1024);
  private freeSlots: number[] = [];
  private slots = 0;
  /** items, left, records, file, line: read by the caller after `add` */
  private meta = new Float64Array(5 * 1024);
  private arena: Buffer;
  private top = 0;
  private live = 0;
  private scratch = Buffer.allocUnsafe(1024);
  /** people held now */
  size = 0;
  /** how many times the arena was compacted (for tests) */
  compactions = 0;

  /** `arena`: its first size and the size above which it is compacted (tests make them small) */
  constructor(records: number, private readonly arenaSizes: { initial: number; compactAbove: number } = { initial: 1 << 20, compactAbove: 16 << 20 }) {
    this.slotOf = new Int32Array(Math.max(1, records));
    this.arena = Buffer.allocUnsafe(arenaSizes.initial);
  }

  has(root: number): boolean {
    return this.slotOf[root] !== 0;
  }

  /** Hold a person from their first record: the contact's JSON from `values` (cleared), no keys yet. */
  open(root: number, records: number, file: number, line: number, names: readonly string[], values: (string | undefined)[]): void {
    let s = this.freeSlots.pop();
    if (s === undefined) {
      s = this.slots++;
      if (s === this.used.length) this.growSlots();
    }
    this.slotOf[root] = s + 1;
    const room = 4 + contactJsonBound(names, values) + 160;
    const at = this.alloc(room);
    const end = writeContactJson(this.arena, at + 4, names, values);
    this.arena.writeUInt32LE(end - at - 4, at);
    this.base[s] = at;
    this.used[s] = end - at;
    this.cap[s] = room;
    this.keys[s] = 0;
    this.live += room;
    const m = 5 * s;
    this.meta[m] = 0;
    this.meta[m + 1] = records;
    this.meta[m + 2] = records;
    this.meta[m + 3] = file;
    this.meta[m + 4] = line;
    this.size++;
  }

  /**
   * One record of a held person: its items and the keys not held yet (`count` texts with their batch kind).
   * Returns true when it was the person's last record (then `write` and `close`).
   */
  add(root: number, items: number, texts: readonly string[], kinds: readonly number[], count: number): boolean {
    const s = (this.slotOf[root] as number) - 1;
    const m = 5 * s;
    this.meta[m] = (this.meta[m] as number) | items;
    for (let k = 0; k < count; k++) {
      const text = texts[k] as string;
      if (this.scratch.length < 3 * text.length) this.scratch = Buffer.allocUnsafe(3 * text.length);
      const n = this.scratch.write(text, 0, "utf8");
      if (this.holds(s, n)) continue;
      if ((this.used[s] as number) + 5 + n > (this.cap[s] as number)) this.move(s, 5 + n);
      const b = this.arena;
      const at = (this.base[s] as number) + (this.used[s] as number);
      b[at] = kinds[k] as number;
      b.writeUInt32LE(n, at + 1);
      this.scratch.copy(b, at + 5, 0, n);
      this.used[s] = (this.used[s] as number) + 5 + n;
      this.keys[s] = (this.keys[s] as number) + 1;
    }
    this.meta[m + 1] = (this.meta[m + 1] as number) - 1;
    return this.meta[m + 1] === 0;
  }

  /** items, records, file and line of a held person */
  items(root: number): number {
    return this.meta[5 * ((this.slotOf[root] as number) - 1)] as number;
  }
  records(root: number): number {
    return this.meta[5 * ((this.slotOf[root] as number) - 1) + 2] as number;
  }
  file(root: number): number {
    return this.meta[5 * ((this.slotOf[root] as number) - 1) + 3] as number;
  }
  line(root: number): number {
    return this.meta[5 * ((this.slotOf[root] as number) - 1) + 4] as number;
  }

  /** The person's contact and keys into the batch, in the packed layout (after the caller's `head`). */
  write(root: number, w: PackWriter): void {
    const s = (this.slotOf[root] as number) - 1;
    const base = this.base[s] as number;
    const contact = 4 + this.arena.readUInt32LE(base);
    w.raw(this.arena, base, contact);
    w.u16(this.keys[s] as number);
    w.raw(this.arena, base + contact, (this.used[s] as number) - contact);
  }

  close(root: number): void {
    const s = (this.slotOf[root] as number) - 1;
    this.slotOf[root] = 0;
    this.live -= this.cap[s] as number;
    this.base[s] = FREE;
    this.freeSlots.push(s);
    this.size--;
  }

  /** whether slot s holds a key with the n bytes of the scratch buffer */
  private holds(s: number, n: number): boolean {
    const b = this.arena;
    const base = this.base[s] as number;
    const end = base + (this.used[s] as number);
    let at = base + 4 + b.readUInt32LE(base);
    while (at < end) {
      const len = b.readUInt32LE(at + 1);
      if (len === n) {
        let j = 0;
        while (j < n && b[at + 5 + j] === this.scratch[j]) j++;
        if (j === n) return true;
      }
      at += 5 + len;
    }
    return false;
  }

  /** Slot s's block to a room with `more` bytes free at the arena's end. */
  private move(s: number, more: number): void {
    const used = this.used[s] as number;
    const room = Math.max(2 * (this.cap[s] as number), used + more);
    this.live -= this.cap[s] as number;
    this.cap[s] = 0; // out of the live set while moving (a compaction in alloc skips it)
    const from = this.base[s] as number;
    const block = Buffer.from(this.arena.subarray(from, from + used)); // a copy: alloc may replace the arena
    const at = this.alloc(room);
    block.copy(this.arena, at);
    this.base[s] = at;
    this.cap[s] = room;
    this.live += room;
  }

  private alloc(n: number): number {
    if (this.top + n > this.arena.length) {
      if (this.top - this.live > this.top / 2 && this.top > this.arenaSizes.compactAbove) this.compact(n);
      if (this.top + n > this.arena.length) {
        const bigger = Buffer.allocUnsafe(Math.max(2 * this.arena.length, this.top + n));
        this.arena.copy(bigger, 0, 0, this.top);
        this.arena = bigger;
      }
    }
    const at = this.top;
    this.top += n;
    return at;
  }

  /** Live blocks (their used bytes, room as they had) into a fresh arena; moved and closed blocks are dropped. */
  private compact(n: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.arenaSizes.initial, 2 * (this.live + n)));
    let top = 0;
    for (let s = 0; s < this.slots; s++) {
      const base = this.base[s] as number;
      if (base === FREE || this.cap[s] === 0) continue;
      this.arena.copy(next, top, base, base + (this.used[s] as number));
      this.base[s] = top;
      top += this.cap[s] as number;
    }
    this.arena = next;
    this.top = top;
    this.compactions++;
  }

  private growSlots(): void {
    const n = this.used.length * 2;
    const grow = <T extends Float64Array | Int32Array>(a: T, size: number): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a);
      return b;
    };
    this.base = grow(this.base, n);
    this.used = grow(this.used, n);
    this.cap = grow(this.cap, n);
    this.keys = grow(this.keys, n);
    this.meta = grow(this.meta, 5 * n);
  }
}
