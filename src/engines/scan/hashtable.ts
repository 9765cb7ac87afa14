/**
 * Open-addressing hash table from a 64-bit key (two uint32 lanes) to a dense id 0..n-1, in typed arrays
 * (12 bytes a slot, load ≤ 0.5) so that tens of millions of keys cost hundreds of MB, not GB of JS objects.
 */
export class U64IdTable {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private ids: Int32Array;
  private mask: number;
  size = 0;

  constructor(initialCapacity = 1 << 16) {
    let cap = 1 << 4;
    while (cap < initialCapacity * 2) cap <<= 1;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
  }

  /** The id of the key, inserting it with the next id if absent. `created` tells which happened. */
  created = false;
  idOf(a: number, b: number): number {
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i] as number;
      const l = this.lo[i] as number;
      if (h === 0 && l === 0) break;
      if (h === a && l === b) {
        this.created = false;
        return this.ids[i] as number;
      }
      i = (i + 1) & this.mask;
    }
    const id = this.size++;
    this.hi[i] = a;
    this.lo[i] = b;
    this.ids[i] = id;
    this.created = true;
    if (this.size * 2 > this.mask) this.grow();
    return id;
  }

  /** The id of the key or -1. */
  get(a: number, b: number): number {
    let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
    for (;;) {
      const h = this.hi[i] as number;
      const l = this.lo[i] as number;
      if (h === 0 && l === 0) return -1;
      if (h === a && l === b) return this.ids[i] as number;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { hi, lo, ids } = this;
    const cap = hi.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.ids = new Int32Array(cap);
    this.mask = cap - 1;
    for (let j = 0; j < hi.length; j++) {
      const a = hi[j] as number;
      const b = lo[j] as number;
      if (a === 0 && b === 0) continue;
      let i = (a ^ Math.imul(b, 0x9e3779b1)) & this.mask;
      while ((this.hi[i] as number) !== 0 || (this.lo[i] as number) !== 0) i = (i + 1) & this.mask;
      this.hi[i] = a;
      this.lo[i] = b;
      this.ids[i] = ids[j] as number;
    }
  }

  /** Bytes held (for the memory figures in reports). */
  get bytes(): number {
    return this.hi.byteLength * 3;
  }
}
