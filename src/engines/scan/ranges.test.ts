import assert from "node:assert/strict";
import { once } from "node:events";
import { test } from "node:test";
import { Worker } from "node:worker_threads";
import { KeyPartitions, PeopleCounter } from "./people.js";
import type { ScanContext } from "./scan.js";
import { joinPeopleInWorkers, rangeCuts } from "./workers.js";

const MB = 1 << 20;

test("guided cuts: ascending, capped, shrinking towards the end, the last ones small", () => {
  const size = 1369 * MB;
  const cuts = rangeCuts(size, 2);
  const bounds = [0, ...cuts, size];
  const lens = bounds.slice(1).map((b, i) => b - (bounds[i] as number));
  assert.ok(lens.every((l) => l > 0));
  assert.ok(Math.max(...lens) <= Math.ceil(size / 16), "no range over 1/(8·threads) of the file");
  for (let i = 1; i < lens.length - 1; i++) assert.ok((lens[i] as number) <= (lens[i - 1] as number), `range ${i} is not larger than the one before`);
  assert.ok((lens[lens.length - 2] as number) <= 4 * MB, "the ranges at the end are small");
  assert.ok(lens.length >= 16 && lens.length <= 64, `${lens.length} ranges`);
});

test("fixed cuts for tests, none for one thread, none for a small file", () => {
  assert.deepEqual(rangeCuts(10_000, 2, 997).length, 10);
  assert.deepEqual(rangeCuts(1369 * MB, 1), []);
  assert.deepEqual(rangeCuts(3 * MB, 2), []);
});

test("the join in threads rejects, not hangs, when a thread has ended or ends without answering", { timeout: 20_000 }, async () => {
  const keys = new KeyPartitions();
  keys.add(0x12345678, 1, 0);
  keys.add(0x12345678, 1, 1); // records 0 and 1 share a key
  const people = (): PeopleCounter => {
    const p = new PeopleCounter();
    p.addSource(keys.export(), 2);
    return p;
  };
  const ended = new Worker("", { eval: true });
  await once(ended, "exit");
  // ends when asked to join (as a thread killed or out of memory would: an exit without an error)
  const quits = new Worker("require('node:worker_threads').parentPort.on('message', () => process.exit(0))", { eval: true });
  for (const w of [ended, quits]) {
    const ctx = { pool: [w], people: people() } as unknown as ScanContext;
    await assert.rejects(joinPeopleInWorkers(ctx), /a scan thread/);
    // what scan() then does: the same join in this thread, over the same shared keys
    ctx.people.compute();
    assert.equal(ctx.people.people, 1);
  }
});
