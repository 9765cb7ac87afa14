import assert from "node:assert/strict";
import { test } from "node:test";
import { KeyPartitions, PART_BITS, PeopleCounter, joinEdges } from "./people.js";

/** A small deterministic generator (xorshift), so a failure repeats. */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

/** The same components by a plain union-find over a Map of the keys: what the partitions must reproduce. */
function naiveRoots(keysOf: [number, number][][], records: number): number[] {
  const parent = Array.from({ length: records }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x] as number)));
  const first = new Map<string, number>();
  keysOf.forEach((keys, r) => {
    for (const [a, b] of keys) {
      const k = `${a}:${b}`;
      const f = first.get(k);
      if (f === undefined) first.set(k, r);
      else {
        const x = find(f);
        const y = find(r);
        if (x !== y) parent[Math.max(x, y)] = Math.min(x, y);
      }
    }
  });
  return parent.map((_, r) => find(r));
}

function counted(keysOf: [number, number][][]): PeopleCounter {
  const parts = new KeyPartitions();
  keysOf.forEach((keys, r) => {
    for (const [a, b] of keys) parts.add(a, b, r);
  });
  const people = new PeopleCounter();
  people.addSource(parts.export(), keysOf.length);
  return people;
}

test("keys far apart and close together in one partition (two-word keys, escapes, several chunks) join as by a plain map", () => {
  const top = 0x1a5 << (32 - PART_BITS); // every key in one partition, so the gaps between its records vary
  const next = rng(7);
  const records = 40_000;
  const keysOf: [number, number][][] = [];
  for (let r = 0; r < records; r++) {
    const keys: [number, number][] = [];
    // mostly close gaps, some records without keys (gaps of 511 and more: the escape), some with two keys
    const roll = next();
    if (roll < 0.97 || r % 700 === 0) keys.push([(top | Math.floor(next() * 3000)) >>> 0, 0xfeed]);
    if (roll < 0.05) keys.push([(top | Math.floor(next() * 3000)) >>> 0, 0xbeef]);
    if (r > 1000 && r < 3000) keys.length = 0; // a gap of 2,000 records
    keysOf.push(keys);
  }
  const people = counted(keysOf);
  const want = naiveRoots(keysOf, records);
  for (let r = 0; r < records; r++) assert.equal(people.rootOfRecord(r), want[r], `record ${r}`);
  assert.equal(people.people, new Set(want).size);
});

test("the whole 64-bit hash decides: keys differing only in a's lowest bit, in b, or in the partition bits do not join", () => {
  const a = 0x8234_5678;
  const keysOf: [number, number][][] = [[[a, 1]], [[a ^ 1, 1]], [[a, 2]], [[(a ^ (1 << 31)) >>> 0, 1]], [[a ^ (1 << 23), 1]], [[a, 1]]];
  const people = counted(keysOf);
  assert.equal(people.people, 5); // only the first and the last share a key
  assert.equal(people.rootOfRecord(5), 0);
});

test("random keys over all partitions, across record numbers past 2^20: the same components as a plain map", () => {
  const next = rng(99);
  const pool: [number, number][] = Array.from({ length: 5000 }, () => [Math.floor(next() * 2 ** 32), Math.floor(next() * 2 ** 32)]);
  const records = 1_200_000;
  const keysOf: [number, number][][] = [];
  for (let r = 0; r < records; r++) {
    // a key shared with others from a small pool now and then; else unique keys
    const keys: [number, number][] = [];
    if (r % 97 === 0) keys.push(pool[Math.floor(next() * pool.length)] as [number, number]);
    else if (r % 3 !== 0) keys.push([Math.floor(next() * 2 ** 32), r]);
    keysOf.push(keys);
  }
  const people = counted(keysOf);
  const want = naiveRoots(keysOf, records);
  assert.equal(people.people, new Set(want).size);
  for (let r = 0; r < records; r += 97) assert.equal(people.rootOfRecord(r), want[r], `record ${r}`);
});

test("joinEdges over two sources numbers the second's records after the first's", () => {
  const one = new KeyPartitions();
  one.add(0xdead_beef, 5, 0);
  const two = new KeyPartitions();
  two.add(0x0000_0001, 9, 3);
  two.add(0xdead_beef, 5, 700); // an escaped distance, then the shared key
  const edges = joinEdges([{ base: 0, keys: one.export() }, { base: 10, keys: two.export() }], 0, 1 << PART_BITS);
  assert.deepEqual(Array.from(edges), [0, 710]);
});

test("joinEdges grows its edge array past the most it asks for at once, with the same edges", () => {
  const parts = new KeyPartitions();
  for (let r = 0; r < 5000; r++) parts.add(0x4000_0000 | (r % 50), 7, r); // 50 keys, each in 100 records: 4,950 edges
  const keys = parts.export();
  const all = joinEdges([{ base: 0, keys }], 0, 1 << PART_BITS);
  const grown = joinEdges([{ base: 0, keys }], 0, 1 << PART_BITS, 4);
  assert.equal(all.length, 2 * 4950);
  assert.deepEqual(Array.from(grown), Array.from(all));
});
