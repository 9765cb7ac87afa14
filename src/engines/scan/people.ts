/**
 * Unique people: every match key (hashed) is a node; the keys found in one record are joined (union-find with
 * path halving and union by size). People = connected components + records that carry no match key at all
 * (each of those is counted as one person: the count errs towards more people, never fewer).
 *
 * Input is a stream of key batches: Uint32Array of [m, a1, b1, ..., am, bm]* per record with m ≥ 1 keys.
 */
import { U64IdTable } from "./hashtable.js";

export class PeopleCounter {
  private table = new U64IdTable(1 << 20);
  private parent = new Int32Array(1 << 20);
  private rank = new Uint8Array(1 << 20);
  private components = 0;
  recordsWithoutKeys = 0;
  recordsWithKeys = 0;

  private node(a: number, b: number): number {
    const id = this.table.idOf(a, b);
    if (this.table.created) {
      if (id >= this.parent.length) {
        const p = new Int32Array(this.parent.length * 2);
        p.set(this.parent);
        this.parent = p;
        const r = new Uint8Array(this.rank.length * 2);
        r.set(this.rank);
        this.rank = r;
      }
      this.parent[id] = id;
      this.components++;
    }
    return id;
  }

  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      const gp = p[p[x] as number] as number;
      p[x] = gp;
      x = gp;
    }
    return x;
  }

  private union(x: number, y: number): void {
    let rx = this.find(x);
    let ry = this.find(y);
    if (rx === ry) return;
    if ((this.rank[rx] as number) < (this.rank[ry] as number)) [rx, ry] = [ry, rx];
    this.parent[ry] = rx;
    if (this.rank[rx] === this.rank[ry]) this.rank[rx] = (this.rank[rx] as number) + 1;
    this.components--;
  }

  /** Consume one batch (as produced by the record tally). */
  addBatch(batch: Uint32Array, length: number = batch.length): void {
    let i = 0;
    while (i < length) {
      const m = batch[i++] as number;
      const first = this.node(batch[i] as number, batch[i + 1] as number);
      i += 2;
      for (let k = 1; k < m; k++, i += 2) this.union(first, this.node(batch[i] as number, batch[i + 1] as number));
      this.recordsWithKeys++;
    }
  }

  /** The root id of a key, or -1 if the key was never seen (used by the people stream). */
  rootOf(a: number, b: number): number {
    const id = this.table.get(a, b);
    return id < 0 ? -1 : this.find(id);
  }

  get keys(): number {
    return this.table.size;
  }
  get people(): number {
    return this.components + this.recordsWithoutKeys;
  }
  get linkedPeople(): number {
    return this.components;
  }
  get bytes(): number {
    return this.table.bytes + this.parent.byteLength + this.rank.byteLength;
  }
}
