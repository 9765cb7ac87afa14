/** The outbox's write side: rows queued in the cause's transaction, once per idempotency key, readable by the owner only. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg } from "../support/factories.js";
import { enqueueMessages, type QueuedMessage } from "../../src/capabilities/network/outbox.js";
import { decrypt } from "../../src/platform/crypto/keys.js";

let tp: TestPlatform;
before(async () => {
  tp = await testPlatform({});
});
after(() => tp.close());

const channel = async (orgId: string): Promise<string> => {
  const row = await tp.p.db.system
    .insertInto("network_channels")
    .values({ org_id: orgId, kind: "email", address_enc: Buffer.from("x"), address_hash: Buffer.from("y") })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
};
const message = (orgId: string, channelId: string, key: string): QueuedMessage => ({
  orgId,
  idempotencyKey: key,
  destination: { channelId, kind: "email", address: "duty@example.jp", webhookFormat: null },
  message: { locale: "ja", subject: "【訓練】連絡網", text: "本文", links: [], isDrill: true },
  cause: { pageId: randomUUID(), step: 0, round: 0 },
});

test("a message queued twice under one key is one row, its address and body encrypted", async () => {
  const org = await makeOrg(tp.p, "company");
  const ch = await channel(org.id);
  const key = `k-${randomUUID()}`;
  const first = await tp.p.db.systemTx((tx) => enqueueMessages(tx, tp.p.keys, [message(org.id, ch, key)]));
  const again = await tp.p.db.systemTx((tx) => enqueueMessages(tx, tp.p.keys, [message(org.id, ch, key), message(org.id, ch, `${key}-2`)]));
  assert.equal(first, 1);
  assert.equal(again, 1);
  const rows = await tp.p.db.system.selectFrom("network_outbox").selectAll().where("org_id", "=", org.id).execute();
  assert.equal(rows.length, 2);
  const row = rows.find((r) => r.idempotency_key === key)!;
  assert.equal(row.state, "pending");
  assert.equal(row.is_drill, true);
  assert.ok(!row.destination_enc.toString("latin1").includes("duty@example.jp"));
  assert.equal(JSON.parse(decrypt(tp.p.keys.encryption, row.destination_enc)).address, "duty@example.jp");
  assert.equal(JSON.parse(decrypt(tp.p.keys.encryption, row.payload_enc)).subject, "【訓練】連絡網");
});

test("nothing is queued when the cause rolls back; another organisation cannot read or queue the rows", async () => {
  const org = await makeOrg(tp.p, "company");
  const other = await makeOrg(tp.p, "company");
  const ch = await channel(org.id);
  const key = `k-${randomUUID()}`;
  await assert.rejects(
    tp.p.db.systemTx(async (tx) => {
      await enqueueMessages(tx, tp.p.keys, [message(org.id, ch, key)]);
      throw new Error("abort");
    }),
  );
  assert.equal((await tp.p.db.system.selectFrom("network_outbox").select("id").where("idempotency_key", "=", key).execute()).length, 0);
  await tp.p.db.systemTx((tx) => enqueueMessages(tx, tp.p.keys, [message(org.id, ch, key)]));
  const seenByOther = await tp.p.db.tenant({ orgId: other.id }, (tx) => tx.db.selectFrom("network_outbox").select("id").where("idempotency_key", "=", key).execute());
  assert.equal(seenByOther.length, 0);
  const seenByOwner = await tp.p.db.tenant({ orgId: org.id }, (tx) => tx.db.selectFrom("network_outbox").select("id").where("idempotency_key", "=", key).execute());
  assert.equal(seenByOwner.length, 1);
  await assert.rejects(tp.p.db.tenant({ orgId: other.id }, (tx) => enqueueMessages(tx, tp.p.keys, [message(org.id, ch, `${key}-x`)])), /row-level security/);
});
