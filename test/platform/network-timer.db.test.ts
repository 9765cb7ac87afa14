/**
 * The escalation worker on the real clock: its timer (armed to the earliest wake-up, re-armed by NOTIFY) fires each
 * step within a second of its timeout, none missed, none twice, with two worker processes' worth of workers running.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testPlatform, type TestPlatform } from "../support/platform.js";
import { createEscalationWorker } from "../../src/capabilities/network/escalation-worker.js";
import { measureEscalationLateness } from "../../bench/network-pages.js";

let tp: TestPlatform;
before(async () => {
  tp = await testPlatform({ jobs: false });
});
after(() => tp.close());

test("every step fires within a second or so of its timeout, once, with a second worker competing", async () => {
  const second = createEscalationWorker(tp.p);
  try {
    const r = await measureEscalationLateness({ p: tp.p, pages: 10, spacingMs: 200 });
    assert.equal(r.missed, 0);
    // The target is 1 s (bench:network, on a quiet machine); the test allows for a machine shared by many test runs,
    // while a timer that did not fire (the 5 s poll catching up) still fails it.
    assert.ok(r.maxMs < 1500, `a step fired ${r.maxMs} ms late`);
  } finally {
    await second.stop();
  }
  const dup = await tp.p.db.system.selectFrom("network_outbox").select(["page_id", "step"]).select((eb) => eb.fn.countAll<string>().as("n"))
    .groupBy(["page_id", "step"]).having((eb) => eb.fn.countAll(), ">", 1).execute();
  assert.deepEqual(dup, [], "no step was notified twice");
});
