/**
 * Acknowledging stops the mail: a page acknowledged (or resolved), or a broadcast recipient acknowledging, cancels
 * its messages still queued (pending, failed and waiting for a retry); a message already leased by a worker is left
 * to it. The race: delivery workers draining the outbox while the acknowledgement commits. Every row ends sent or
 * cancelled, none is sent twice, and every row sent was leased before the acknowledgement (a trigger of this test
 * logs each lease and the acknowledgement with clock_timestamp()): nothing is leased after it.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { sql } from "kysely";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { encrypt } from "../../src/platform/crypto/keys.js";
import { destinationHash, enqueueMessages, type QueuedMessage } from "../../src/capabilities/network/outbox.js";
import { createDeliveryWorker, deliverySettings, type DeliveryWorker } from "../../src/capabilities/network/delivery.js";
import { createEscalationWorker } from "../../src/capabilities/network/escalation-worker.js";
import { createBroadcastService, setBroadcastEscalation } from "../../src/capabilities/network/broadcasts-service.js";
import type { Delivery, SendResult } from "../../src/capabilities/network/transports.js";
import type { PageDetail } from "../../src/capabilities/network/pages-contract.js";
import type { BroadcastView } from "../../src/capabilities/network/broadcasts-contract.js";

let clock = Date.parse("2026-12-01T00:00:00Z");
let tp: TestPlatform;
let app: Api;
const ids = { A: "", R: "", C1: "", C2: "", u1: "", u2: "", u3: "" };
let adminA: Session;
let officer: Session;
let c1Admin: Session;

const call = (s: Session, method: "GET" | "POST", path: string, payload?: object) =>
  app.inject({ method, url: path, headers: s.headers, ...(payload ? { payload } : {}) });

before(async () => {
  tp = await testPlatform({ jobs: false, now: () => new Date(clock) });
  app = await testApi(tp.p);
  const [A, R, C1, C2] = [await makeOrg(tp.p, "company"), await makeOrg(tp.p, "regulator"), await makeOrg(tp.p, "company"), await makeOrg(tp.p, "company")];
  Object.assign(ids, { A: A.id, R: R.id, C1: C1.id, C2: C2.id });
  for (const c of [C1.id, C2.id]) await createOrgService(tp.p).relate(c, R.id, "supervised_by");
  adminA = await signedIn(tp.p, app, A.id, "org-admin");
  officer = await signedIn(tp.p, app, R.id, "regulator-officer");
  c1Admin = await signedIn(tp.p, app, C1.id, "org-admin");
  for (const k of ["u1", "u2", "u3"] as const) ids[k] = (await makeMember(tp.p, A.id, "responder")).userId;
  setBroadcastEscalation(tp.p, async () => null);
  // The test's own log of leases and acknowledgements, by the database's clock at the statement. The acknowledgement's
  // trigger is named to run after the cancelling one (triggers fire in name order).
  await sql`CREATE TABLE test_leases (id uuid NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(tp.p.db.system);
  await sql`CREATE TABLE test_acks (id uuid NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp())`.execute(tp.p.db.system);
  await sql`CREATE FUNCTION test_log_lease() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN INSERT INTO test_leases (id) VALUES (NEW.id); RETURN NULL; END $$`.execute(tp.p.db.system);
  await sql`CREATE FUNCTION test_log_ack() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$ BEGIN INSERT INTO test_acks (id) VALUES (NEW.id); RETURN NULL; END $$`.execute(tp.p.db.system);
  await sql`CREATE TRIGGER zz_test_lease AFTER UPDATE OF state ON network_outbox FOR EACH ROW WHEN (NEW.state = 'sending' AND OLD.state <> 'sending')
    EXECUTE FUNCTION test_log_lease()`.execute(tp.p.db.system);
  await sql`CREATE TRIGGER zz_test_ack AFTER UPDATE OF status ON network_pages FOR EACH ROW WHEN (NEW.status = 'acknowledged' AND OLD.status <> 'acknowledged')
    EXECUTE FUNCTION test_log_ack()`.execute(tp.p.db.system);
  await sql`CREATE TRIGGER zz_test_ack AFTER UPDATE OF acknowledged_at ON network_broadcast_recipients FOR EACH ROW
    WHEN (OLD.acknowledged_at IS NULL AND NEW.acknowledged_at IS NOT NULL) EXECUTE FUNCTION test_log_ack()`.execute(tp.p.db.system);
});
after(async () => {
  await app.close();
  await tp.close();
});

const policy = async (steps: { timeoutMinutes: number; targets: object[] }[]) => {
  const r = await call(adminA, "POST", `/api/v1/orgs/${ids.A}/network/policies`, { nameJa: "方針", nameEn: "Policy", repeat: 0, steps });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { policy: { id: string } }).policy.id;
};
const raise = async (policyId: string) => {
  const r = await call(adminA, "POST", `/api/v1/orgs/${ids.A}/network/pages`, { titleJa: "呼出", titleEn: "Page", policyId });
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as PageDetail).page.id;
};
const statesOf = async (where: { pageId?: string; broadcastId?: string; orgId?: string }) => {
  let q = tp.p.db.system.selectFrom("network_outbox").select(["id", "idempotency_key", "state", "step"]);
  if (where.pageId) q = q.where("page_id", "=", where.pageId);
  if (where.broadcastId) q = q.where("broadcast_id", "=", where.broadcastId);
  if (where.orgId) q = q.where("org_id", "=", where.orgId);
  return q.orderBy("created_at").execute();
};
const tally = (rows: { state: string }[]) => rows.reduce<Record<string, number>>((m, r) => ((m[r.state] = (m[r.state] ?? 0) + 1), m), {});

/** A transport that takes a few milliseconds, refuses (temporarily) every seventh message once, and counts. */
const fakeTransport = () => {
  const accepted = new Map<string, number>();
  const tried = new Set<string>();
  let n = 0;
  return {
    accepted,
    transport: {
      send: async (d: Delivery): Promise<SendResult> => {
        await new Promise((r) => setTimeout(r, 2 + (n++ % 3)));
        if (n % 7 === 0 && !tried.has(d.idempotencyKey)) {
          tried.add(d.idempotencyKey);
          return { ok: false, permanent: false, statusCode: 451, errorCode: "smtp_temporary" };
        }
        accepted.set(d.idempotencyKey, (accepted.get(d.idempotencyKey) ?? 0) + 1);
        return { ok: true, statusCode: 250, providerRef: null };
      },
      close: () => {},
    },
  };
};
const workers = (t: ReturnType<typeof fakeTransport>, count: number): DeliveryWorker[] =>
  Array.from({ length: count }, () => createDeliveryWorker({
    db: tp.p.db.system, keys: tp.p.keys, transports: { email: t.transport },
    settings: deliverySettings({ backoffBaseMs: 30, backoffMaxMs: 60, pollMs: 20, destLimit: 1000, destWindowMs: 1000, leaseMs: 30_000, concurrency: 6 }),
    log: { warn: () => {} }, settledSweepMs: 50,
  }));

const until = async (fn: () => Promise<boolean>, ms: number, what: string) => {
  const deadline = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

/** Rows to many addresses, queued as the given cause (the fan-out the race runs against). */
const queueMany = async (orgId: string, n: number, cause: QueuedMessage["cause"]) => {
  const tag = randomUUID().slice(0, 8);
  const messages: QueuedMessage[] = Array.from({ length: n }, (_, i) => {
    const address = `r${i}-${tag}@example.jp`;
    return {
      orgId, idempotencyKey: `race-test:${tag}:${i}`, destination: { channelId: null, kind: "email", address, webhookFormat: null },
      message: { locale: "ja", subject: "s", text: "t", links: [], isDrill: false }, cause,
    };
  });
  await tp.p.db.systemTx((tx) => enqueueMessages(tx, tp.p.keys, messages));
  return messages.map((m) => m.idempotencyKey);
};

/**
 * The race's verdict for the rows of one cause: all ended sent or cancelled; each accepted at most once; the
 * accepted ones are exactly the rows sent; every row sent was leased before the acknowledgement, and no row at all
 * was leased after it.
 */
const verdict = async (rows: { id: string; idempotency_key: string; state: string }[], ackOf: string, accepted: Map<string, number>) => {
  assert.deepEqual(Object.keys(tally(rows)).filter((s) => s !== "sent" && s !== "cancelled"), [], JSON.stringify(tally(rows)));
  assert.deepEqual([...accepted.entries()].filter(([, n]) => n > 1), [], "no message sent twice");
  const sent = rows.filter((r) => r.state === "sent");
  assert.deepEqual(new Set(sent.map((r) => r.idempotency_key)), new Set(rows.map((r) => r.idempotency_key).filter((k) => accepted.has(k))));
  const ack = await tp.p.db.system.selectFrom(sql<{ id: string; at: Date }>`test_acks`.as("a")).select(["a.at"]).where("a.id", "=", ackOf).executeTakeFirstOrThrow();
  const leases = await tp.p.db.system.selectFrom(sql<{ id: string; at: Date }>`test_leases`.as("l")).select(["l.id", "l.at"]).where("l.id", "in", rows.map((r) => r.id)).execute();
  const late = leases.filter((l) => l.at.getTime() >= ack.at.getTime());
  assert.deepEqual(late, [], "nothing is leased after the acknowledgement");
  const leasedBefore = new Set(leases.map((l) => l.id));
  assert.ok(sent.every((r) => leasedBefore.has(r.id)), "every row sent was leased before the acknowledgement");
  return { sent: sent.length, cancelled: rows.length - sent.length };
};

describe("a page", () => {
  test("acknowledging cancels its queued messages (pending and waiting for a retry), leaves the leased one, and no later step is queued", async () => {
    const pol = await policy([
      { timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }, { kind: "user", userId: ids.u2 }, { kind: "user", userId: ids.u3 }] },
      { timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] },
    ]);
    const id = await raise(pol);
    const esc = createEscalationWorker(tp.p, { timers: false });
    await esc.tick();
    const step0 = await statesOf({ pageId: id });
    assert.equal(step0.length, 3);
    // One message in flight (a worker leased it), one failed and waiting for its retry, one pending.
    await tp.p.db.system.updateTable("network_outbox").set({ state: "sending", lease_owner: "other-worker", lease_until: new Date(Date.now() + 60_000), attempts: 1 })
      .where("id", "=", step0[0]!.id).execute();
    await tp.p.db.system.updateTable("network_outbox").set({ state: "failed", attempts: 1 }).where("id", "=", step0[1]!.id).execute();
    const ack = await call(adminA, "POST", `/api/v1/orgs/${ids.A}/network/pages/${id}/acknowledge`);
    assert.equal(ack.statusCode, 200, ack.body);
    assert.deepEqual((await statesOf({ pageId: id })).map((r) => r.state), ["sending", "cancelled", "cancelled"]);
    clock += 10 * 60_000;
    await esc.tick();
    assert.equal((await statesOf({ pageId: id })).length, 3, "the climb stopped: nothing of step 2");
    // The one in flight fails after the acknowledgement: it is not retried.
    await tp.p.db.system.updateTable("network_outbox").set({ state: "failed", lease_owner: null, lease_until: null, next_attempt_at: new Date(0) }).where("id", "=", step0[0]!.id).execute();
    const t = fakeTransport();
    const [w] = workers(t, 1);
    await w!.runUntilIdle();
    assert.equal(t.accepted.size, 0, "a failed row of an acknowledged page is not sent again");
    await esc.stop();
  });

  test("a message of another page is not touched, and resolving cancels too", async () => {
    const pol = await policy([{ timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] }]);
    const [p1, p2] = [await raise(pol), await raise(pol)];
    const k1 = await queueMany(ids.A, 3, { pageId: p1, step: 0, round: 0 });
    const k2 = await queueMany(ids.A, 3, { pageId: p2, step: 0, round: 0 });
    const r = await call(adminA, "POST", `/api/v1/orgs/${ids.A}/network/pages/${p1}/resolve`);
    assert.equal(r.statusCode, 200, r.body);
    assert.deepEqual(tally(await statesOf({ pageId: p1 })), { cancelled: k1.length });
    assert.deepEqual(tally(await statesOf({ pageId: p2 })), { pending: k2.length });
  });

  test("the race: two workers drain 300 messages of a page while it is acknowledged; nothing after the acknowledgement but what was in flight", { timeout: 60_000 }, async () => {
    const pol = await policy([{ timeoutMinutes: 5, targets: [{ kind: "user", userId: ids.u1 }] }]);
    const id = await raise(pol);
    await queueMany(ids.A, 300, { pageId: id, step: 0, round: 0 });
    const t = fakeTransport();
    const ws = workers(t, 2);
    await Promise.all(ws.map((w) => w.start()));
    try {
      await until(async () => t.accepted.size >= 60, 30_000, "60 sent");
      const ack = await call(adminA, "POST", `/api/v1/orgs/${ids.A}/network/pages/${id}/acknowledge`);
      assert.equal(ack.statusCode, 200, ack.body);
      await until(async () => (await statesOf({ pageId: id })).every((r) => r.state === "sent" || r.state === "cancelled"), 30_000, "all settled");
      await new Promise((r) => setTimeout(r, 200)); // a retry that would come after the back-off
    } finally {
      await Promise.all(ws.map((w) => w.stop()));
    }
    const v = await verdict(await statesOf({ pageId: id }), id, t.accepted);
    assert.ok(v.sent >= 60 && v.cancelled > 0, JSON.stringify(v));
  });
});

describe("a broadcast recipient", () => {
  const send = async () => {
    const r = await call(officer, "POST", `/api/v1/orgs/${ids.R}/broadcasts`, {
      kind: "alert", titleJa: "注意喚起", audience: "supervised", reminderMinutes: 10, maxReminders: 3,
    });
    assert.equal(r.statusCode, 201, r.body);
    return (r.json() as BroadcastView).broadcast.id;
  };
  const addDesks = async (orgId: string, n: number) => {
    const tag = randomUUID().slice(0, 8);
    await tp.p.db.system.insertInto("network_channels").values(Array.from({ length: n }, (_, i) => {
      const address = `desk${i}-${tag}@example.jp`;
      return { org_id: orgId, user_id: null, kind: "email" as const, label: "desk", address_enc: encrypt(tp.p.keys.encryption, address), address_hash: destinationHash(tp.p.keys, "email", address) };
    })).execute();
  };

  test("acknowledging cancels its queued messages and its reminders stop; the other recipient's go on", { timeout: 60_000 }, async () => {
    await addDesks(ids.C1, 2);
    await addDesks(ids.C2, 2);
    const b = await send();
    assert.deepEqual(tally(await statesOf({ broadcastId: b, orgId: ids.C1 })), { pending: 2 });
    const ack = await call(c1Admin, "POST", `/api/v1/orgs/${ids.C1}/broadcasts/${b}/acknowledge`);
    assert.equal(ack.statusCode, 200, ack.body);
    assert.deepEqual(tally(await statesOf({ broadcastId: b, orgId: ids.C1 })), { cancelled: 2 });
    assert.deepEqual(tally(await statesOf({ broadcastId: b, orgId: ids.C2 })), { pending: 2 });
    clock += 11 * 60_000;
    assert.equal(await createBroadcastService(tp.p).remindDue(), 1, "only the recipient that has not acknowledged is reminded");
    assert.deepEqual(tally(await statesOf({ broadcastId: b, orgId: ids.C1 })), { cancelled: 2 });
    assert.deepEqual(tally(await statesOf({ broadcastId: b, orgId: ids.C2 })), { pending: 4 });
  });

  test("the race: workers drain a broadcast's messages while one recipient acknowledges", { timeout: 60_000 }, async () => {
    await addDesks(ids.C1, 150);
    const b = await send();
    const c1Rows = await statesOf({ broadcastId: b, orgId: ids.C1 });
    assert.ok(c1Rows.length >= 150);
    const t = fakeTransport();
    const ws = workers(t, 2);
    await Promise.all(ws.map((w) => w.start()));
    const recipient = await tp.p.db.system.selectFrom("network_broadcast_recipients").select("id").where("broadcast_id", "=", b).where("org_id", "=", ids.C1).executeTakeFirstOrThrow();
    try {
      await until(async () => t.accepted.size >= 30, 30_000, "30 sent");
      const ack = await call(c1Admin, "POST", `/api/v1/orgs/${ids.C1}/broadcasts/${b}/acknowledge`);
      assert.equal(ack.statusCode, 200, ack.body);
      await until(async () => (await statesOf({ broadcastId: b })).every((r) => r.state === "sent" || r.state === "cancelled"), 30_000, "all settled");
      await new Promise((r) => setTimeout(r, 200));
    } finally {
      await Promise.all(ws.map((w) => w.stop()));
    }
    const v = await verdict(await statesOf({ broadcastId: b, orgId: ids.C1 }), recipient.id, t.accepted);
    assert.ok(v.cancelled > 0, JSON.stringify(v));
    assert.deepEqual(tally(await statesOf({ broadcastId: b, orgId: ids.C2 })), { sent: (await statesOf({ broadcastId: b, orgId: ids.C2 })).length }, "the other recipient's messages all went out");
  });
});
