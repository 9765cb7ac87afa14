/** Jobs caused by a write are enqueued in its transaction: nothing exists if it rolls back; committed ones run. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg } from "../support/factories.js";

let tp: TestPlatform;
const seen: string[] = [];

before(async () => {
  tp = await testPlatform({
    jobs: true,
    beforeStart: (p) => p.jobs.define<{ marker: string }>({ name: "test.echo", handler: async ({ marker }) => void seen.push(marker) }),
  });
});
after(() => tp.close());

const queued = async (marker: string): Promise<number> => {
  const rows = await tp.p.db.system.selectFrom("pgboss.job" as never).select("data" as never).where("name" as never, "=", "test.echo" as never).execute();
  return (rows as Array<{ data: { marker: string } }>).filter((r) => r.data.marker === marker).length;
};

test("a job sent in a transaction that rolls back never exists", async () => {
  await assert.rejects(
    tp.p.db.systemTx(async (tx) => {
      await tp.p.jobs.enqueue(tx, "test.echo", { marker: "rolled-back" });
      throw new Error("abort");
    }),
  );
  assert.equal(await queued("rolled-back"), 0);
});

test("a job sent in a committed transaction runs once", async () => {
  await tp.p.db.systemTx((tx) => tp.p.jobs.enqueue(tx, "test.echo", { marker: "committed" }));
  await tp.p.jobs.drain(["test.echo"]);
  assert.deepEqual(seen.filter((m) => m === "committed"), ["committed"]);
});

test("a tenant transaction (application role, RLS) can enqueue too", async () => {
  const org = await makeOrg(tp.p, "company");
  await tp.p.db.tenant({ orgId: org.id }, (tx) => tp.p.jobs.enqueue(tx, "test.echo", { marker: "tenant" }));
  await tp.p.jobs.drain(["test.echo"]);
  assert.ok(seen.includes("tenant"));
});

test("an unknown job name is a programming error, caught at once", async () => {
  await assert.rejects(tp.p.db.systemTx((tx) => tp.p.jobs.enqueue(tx, "no.such.job", {})), /unknown job/);
});

test("several processes starting the queues at once (a server and a worker restarted together) all start", async () => {
  const { createJobs } = await import("../../src/platform/jobs/jobs.js");
  const quiet = () => {};
  const many = Array.from({ length: 6 }, () => createJobs(tp.databaseUrl, quiet));
  try {
    // Before the grants ran under one lock, concurrent GRANTs on the pgboss schema failed with "tuple concurrently updated".
    for (let round = 0; round < 3; round++) await Promise.all(many.map((j) => j.start({ work: false })));
  } finally {
    await Promise.all(many.map((j) => j.stop()));
  }
});
