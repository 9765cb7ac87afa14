/**
 * The people of the person stream whose records are not all read yet (people-source.ts), packed in one byte arena
 * instead of an object, two arrays and a string per key each, and bounded in memory: past a budget, the blocks of
 * the people touched least recently are spilled, encrypted, to a temporary file and read back when their next
 * record arrives.
 *
 * Why: a person is held from their first record to their last, and in the bench file (as in a leak whose
 * duplicates were appended) every person with several records is held until near the end: 1.1M people at JTB
 * size. As objects and strings that was ~1 KB a person, and the JTB-size import grew past 1.8 GB; as bytes it is
 * the UTF-8 of the contact's JSON and of the key texts plus a few bytes (≈ 350 bytes a person in the bench file),
 * ~0.4 GB at JTB size, and the arena's doubling made it up to twice that in RSS: the import peaked at 1.44 GB
 * (issue 12 §3, target ≤ 1 GB). Now the arena never grows past `budget` (default 192 MB: at JTB size on a quiet machine 64 MB gave a 648 MB
 * peak and 106.3 s, 192 MB a 797 MB peak and 89.5 s, fewer people spilled and read back on pass 2's one thread).
 *
 * A person's block: u32 n + n bytes of the contact's JSON (as PackWriter.contact writes it), then per key u8 kind,
 * u32 n + n bytes of the key text, i.e. the packed batch's layout, so a closed person is copied into the batch as
 * bytes. A block that outgrows its room moves to the arena's end; the arena is compacted in place (live blocks
 * slid down in address order) when more than half of it is left behind by moved, closed and spilled blocks.
 *
 * Spilling: when the arena is full at its budget, the least recently touched people's blocks are written (each with its
 * CRC-32, checked when it is read back, and padded to 16 bytes) to a file until at most half the budget stays live,
 * then the arena is compacted. The file is created with mode 0600 under os.tmpdir() with a random name and unlinked
 * right after it is opened, so nothing of it remains once the descriptor closes: at the stream's end or failure
 * (`dispose`), when the thread is terminated (Node closes a worker's descriptors), or when the process dies, even by
 * `kill -9`. Contact details and key texts are personal data: the file holds them only encrypted, AES-256-CTR with a
 * key drawn for the stream and kept only in this thread's memory (the IV: a random 8-byte nonce and the block's file
 * offset / 16; the file is append-only, so no offset is encrypted twice). A spilled person is read back (one pread)
 * when their next record arrives; their bytes are the same as if they had stayed, so the batches are byte-identical
 * (people-source.test.ts). The file only grows (a block read back leaves a hole): at most the bytes spilled over the
 * stream.
 */
import { closeSync, openSync, readSync, unlinkSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { contactJsonBound, writeContactJson, type PackWriter } from "./packed.js";

/** A block's bytes in the spill file: the block, its CRC-32 (damage is found, not read as a contact), padding to 16. */
const spilledSize = (used: number): number => (used + 4 + 15) & ~15;
const FREE = -1;
/** base of a slot whose block is in the spill file (at spillAt) */
const SPILLED = -2;

export type HeldSizes = {
  /** the arena's first size */
  initial: number;
  /** the arena size above which it is compacted rather than grown when half of it is dead */
  compactAbove: number;
  /** the arena's largest size: past it, blocks are spilled (default 192 MB; tests make it tiny) */
  budget?: number;
};

export class HeldPeople {
  /**
   * per record id (a person's root): −(slot + 1) when held, else left as it is (≥ 0). The caller's array of
   * records per person (people-source.ts) serves: a held person's count is in `meta`, and a third array of 4 bytes
   * a record (32 MB at JTB size) is saved.
   */
  private readonly slotOf: Int32Array;
  // per slot
  private base = new Float64Array(1024);
  private used = new Int32Array(1024);
  private cap = new Int32Array(1024);
  private keys = new Int32Array(1024);
  /** when the slot was last opened or added to (the clock), for choosing whom to spill */
  private touched = new Float64Array(1024);
  /** the block's offset in the spill file, when spilled */
  private spillAt = new Float64Array(1024);
  private freeSlots: number[] = [];
  private slots = 0;
  private clock = 0;
  /** items, left, records, file, line: read by the caller after `add` */
  private meta = new Float64Array(5 * 1024);
  private arena: Buffer;
  private top = 0;
  private live = 0;
  private scratch = Buffer.allocUnsafe(1024);
  private readonly budget: number;
  private spill: { fd: number; key: Buffer; nonce: Buffer; top: number; stage: Buffer; staged: number; read: Buffer } | null = null;
  /** people held now */
  size = 0;
  /** how many times the arena was compacted (for tests) */
  compactions = 0;
  /** how many blocks were spilled and read back, and the spill file's size (for tests and the bench) */
  spilled = 0;
  readBack = 0;
  get spillBytes(): number {
    return this.spill?.top ?? 0;
  }

  /**
   * `roots`: the number of records (an array of that size is made), or an array by record id whose entries are ≥ 0,
   * lent to this (people-source.ts: the records per person); a held person's entry is −(slot + 1) and is given back
   * as their record count when they close. `arenaSizes`: the arena's first size, compaction threshold and budget
   * (tests make them small).
   */
  constructor(roots: number | Int32Array, private readonly arenaSizes: HeldSizes = { initial: 1 << 20, compactAbove: 16 << 20 }) {
    this.slotOf = typeof roots === "number" ? new Int32Array(Math.max(1, roots)) : roots;
    this.arena = Buffer.allocUnsafe(arenaSizes.initial);
    this.budget = Math.max(arenaSizes.budget ?? 192 << 20, arenaSizes.initial);
  }

  has(root: number): boolean {
    return (this.slotOf[root] as number) < 0;
  }

  /** The slot of a held person (their entry in slotOf is −(slot + 1)). */
  private slot(root: number): number {
    return -(this.slotOf[root] as number) - 1;
  }

  /** Hold a person from their first record: the contact's JSON from `values` (cleared), no keys yet. */
  open(root: number, records: number, file: number, line: number, names: readonly string[], values: (string | undefined)[]): void {
    let s = this.freeSlots.pop();
    if (s === undefined) {
      s = this.slots++;
      if (s === this.used.length) this.growSlots();
    }
    this.slotOf[root] = -(s + 1);
    const room = 4 + contactJsonBound(names, values) + 160;
    this.base[s] = FREE; // not a candidate for spilling while its room is found
    const at = this.alloc(room);
    const end = writeContactJson(this.arena, at + 4, names, values);
    this.arena.writeUInt32LE(end - at - 4, at);
    this.base[s] = at;
    this.used[s] = end - at;
    this.cap[s] = room;
    this.keys[s] = 0;
    this.touched[s] = this.clock++;
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
    const s = this.slot(root);
    if (this.base[s] === SPILLED) this.readBackSlot(s);
    this.touched[s] = this.clock++;
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
    return this.meta[5 * this.slot(root)] as number;
  }
  records(root: number): number {
    return this.meta[5 * this.slot(root) + 2] as number;
  }
  file(root: number): number {
    return this.meta[5 * this.slot(root) + 3] as number;
  }
  line(root: number): number {
    return this.meta[5 * this.slot(root) + 4] as number;
  }

  /** The person's contact and keys into the batch, in the packed layout (after the caller's `head`). */
  write(root: number, w: PackWriter): void {
    const s = this.slot(root);
    if (this.base[s] === SPILLED) this.readBackSlot(s);
    const base = this.base[s] as number;
    const contact = 4 + this.arena.readUInt32LE(base);
    w.raw(this.arena, base, contact);
    w.u16(this.keys[s] as number);
    w.raw(this.arena, base + contact, (this.used[s] as number) - contact);
  }

  close(root: number): void {
    const s = this.slot(root);
    this.slotOf[root] = this.meta[5 * s + 2] as number;
    if (this.base[s] !== SPILLED) this.live -= this.cap[s] as number;
    this.base[s] = FREE;
    this.freeSlots.push(s);
    this.size--;
  }

  /** Closes the spill file (already unlinked: its blocks are gone with it). Idempotent. */
  dispose(): void {
    if (this.spill === null) return;
    const fd = this.spill.fd;
    this.spill.key.fill(0);
    this.spill = null;
    closeSync(fd);
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
    const from = this.base[s] as number;
    const block = Buffer.from(this.arena.subarray(from, from + used)); // a copy: alloc may compact the arena
    this.base[s] = FREE; // out of the live set while moving (compaction and spilling skip it)
    const at = this.alloc(room);
    block.copy(this.arena, at);
    this.base[s] = at;
    this.cap[s] = room;
    this.live += room;
  }

  private alloc(n: number): number {
    if (this.top + n > this.arena.length) this.makeRoom(n);
    const at = this.top;
    this.top += n;
    return at;
  }

  /** Room for n more bytes at the top: compact if half is dead, else grow up to the budget, else spill. */
  private makeRoom(n: number): void {
    if (this.top - this.live > this.top / 2 && this.top > this.arenaSizes.compactAbove) this.compact();
    if (this.top + n <= this.arena.length) return;
    if (this.arena.length < this.budget) {
      this.grow(Math.min(this.budget, Math.max(2 * this.arena.length, this.top + n)));
      if (this.top + n <= this.arena.length) return;
    }
    if (this.live + n > this.budget / 2) this.spillOldest(Math.max(0, this.budget / 2 - n));
    this.compact();
    if (this.top + n > this.arena.length) this.grow(this.top + n); // one block larger than the budget's half
  }

  private grow(length: number): void {
    const bigger = Buffer.allocUnsafe(length);
    this.arena.copy(bigger, 0, 0, this.top);
    this.arena = bigger;
  }

  /** The slots whose blocks are in the arena, in `order` (ascending), each key packing `order` and the slot. */
  private inArena(order: Float64Array | Int32Array | null): number[] | Float64Array {
    const list: number[] = [];
    for (let s = 0; s < this.slots; s++) if ((this.base[s] as number) >= 0) list.push(s);
    if (order === null) return list;
    // one numeric sort of (order · 2^24 + slot) when they fit in a double's 53 bits, else a comparator sort
    if (this.slots < 1 << 24 && this.clock < 2 ** 29 && this.top < 2 ** 29) {
      const packed = new Float64Array(list.length);
      for (let i = 0; i < list.length; i++) packed[i] = (order[list[i] as number] as number) * 16777216 + (list[i] as number);
      packed.sort();
      for (let i = 0; i < packed.length; i++) packed[i] = (packed[i] as number) % 16777216;
      return packed;
    }
    return list.sort((a, b) => (order[a] as number) - (order[b] as number));
  }

  /** Live blocks slid down, in address order, to the arena's start; moved, closed and spilled blocks are dropped. */
  private compact(): void {
    const byBase = this.inArena(this.base);
    let top = 0;
    for (let i = 0; i < byBase.length; i++) {
      const s = byBase[i] as number;
      const base = this.base[s] as number;
      if (base !== top) this.arena.copyWithin(top, base, base + (this.used[s] as number));
      this.base[s] = top;
      top += this.cap[s] as number;
    }
    this.top = top;
    this.compactions++;
  }

  /** The least recently touched people's blocks to the spill file until at most `target` bytes stay live. */
  private spillOldest(target: number): void {
    const sp = this.spill ?? this.openSpill();
    const byAge = this.inArena(this.touched);
    for (let i = 0; i < byAge.length && this.live > target; i++) {
      const s = byAge[i] as number;
      const used = this.used[s] as number;
      const padded = spilledSize(used);
      if (sp.staged + padded > sp.stage.length) {
        this.flushSpill(sp);
        if (padded > sp.stage.length) sp.stage = Buffer.allocUnsafe(padded);
      }
      const base = this.base[s] as number;
      this.arena.copy(sp.stage, sp.staged, base, base + used);
      sp.stage.writeUInt32LE(crc32(sp.stage.subarray(sp.staged, sp.staged + used)), sp.staged + used);
      this.spillAt[s] = sp.top + sp.staged;
      sp.staged += padded;
      this.base[s] = SPILLED;
      this.live -= this.cap[s] as number;
      this.spilled++;
    }
    this.flushSpill(sp);
  }

  private openSpill(): NonNullable<HeldPeople["spill"]> {
    const path = join(tmpdir(), `sokuho-held-${randomUUID()}`);
    const fd = openSync(path, "wx+", 0o600);
    unlinkSync(path); // nothing remains once the descriptor closes, even after kill -9
    this.spill = { fd, key: randomBytes(32), nonce: randomBytes(8), top: 0, stage: Buffer.allocUnsafe(1 << 20), staged: 0, read: Buffer.allocUnsafe(1024) };
    return this.spill;
  }

  /** the CTR IV of the 16-byte block at a file offset */
  private iv(sp: NonNullable<HeldPeople["spill"]>, offset: number): Buffer {
    const iv = Buffer.allocUnsafe(16);
    sp.nonce.copy(iv, 0);
    const block = offset / 16;
    iv.writeUInt32BE(Math.floor(block / 4294967296), 8);
    iv.writeUInt32BE(block >>> 0, 12);
    return iv;
  }

  private flushSpill(sp: NonNullable<HeldPeople["spill"]>): void {
    if (sp.staged === 0) return;
    const sealed = createCipheriv("aes-256-ctr", sp.key, this.iv(sp, sp.top)).update(sp.stage.subarray(0, sp.staged));
    let done = 0;
    while (done < sealed.length) done += writeSync(sp.fd, sealed, done, sealed.length - done, sp.top + done);
    sp.top += sp.staged;
    sp.staged = 0;
  }

  /**
   * A spilled block back into the arena (its room as it had). Measured on the 1M bench file with an 8 MB budget
   * (load ~8–9): ~11 µs a person read back, 8.4 µs of it the pread, the rest the decipher object; ≈ 6 s of the
   * stream thread for the JTB file's ~526k read-backs at that load.
   */
  private readBackSlot(s: number): void {
    const sp = this.spill as NonNullable<HeldPeople["spill"]>;
    const used = this.used[s] as number;
    const padded = spilledSize(used);
    const offset = this.spillAt[s] as number;
    if (sp.read.length < padded) sp.read = Buffer.allocUnsafe(Math.max(padded, 2 * sp.read.length));
    let got = 0;
    while (got < padded) {
      const r = readSync(sp.fd, sp.read, got, padded - got, offset + got);
      if (r === 0) throw new Error("held people: the spill file is shorter than written");
      got += r;
    }
    const block = createDecipheriv("aes-256-ctr", sp.key, this.iv(sp, offset)).update(sp.read.subarray(0, padded));
    if (crc32(block.subarray(0, used)) !== block.readUInt32LE(used)) throw new Error("held people: a spilled block was damaged in the temporary file (its checksum does not match); the import stops rather than keep wrong contacts");
    const room = this.cap[s] as number;
    const at = this.alloc(room); // may spill others (this one is not in the arena: not a candidate)
    block.copy(this.arena, at, 0, used);
    this.base[s] = at;
    this.live += room;
    this.readBack++;
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
    this.touched = grow(this.touched, n);
    this.spillAt = grow(this.spillAt, n);
    this.meta = grow(this.meta, 5 * n);
  }
}
