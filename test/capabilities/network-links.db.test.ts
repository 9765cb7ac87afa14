/**
 * One table and one handler for the single-use links of pages and broadcasts (migration 0020): each route knows only
 * its own purpose; a token tried on the other route is unknown there and stays usable on its own.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { decrypt, encrypt } from "../../src/platform/crypto/keys.js";
import { destinationHash, type OutgoingMessage } from "../../src/capabilities/network/outbox.js";
import { createEscalationWorker } from "../../src/capabilities/network/escalation-worker.js";
import { setBroadcastEscalation } from "../../src/capabilities/network/broadcasts-service.js";
import type { PageDetail } from "../../src/capabilities/network/pages-contract.js";
import type { BroadcastView } from "../../src/capabilities/network/broadcasts-contract.js";

let tp: TestPlatform;
let app: Api;
before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  setBroadcastEscalation(tp.p, async () => null);
});
after(async () => {
  await app.close();
  await tp.close();
});

const messageOf = (r: { payload_enc: Buffer }) => JSON.parse(decrypt(tp.p.keys.encryption, r.payload_enc)) as OutgoingMessage;

test("a page's token is unknown on the broadcast route and a broadcast's on the page route; each still works on its own", async () => {
  const [R, C] = [await makeOrg(tp.p, "regulator"), await makeOrg(tp.p, "company")];
  await createOrgService(tp.p).relate(C.id, R.id, "supervised_by");
  const address = `desk-${randomUUID().slice(0, 8)}@example.jp`;
  await tp.p.db.system.insertInto("network_channels").values({
    org_id: C.id, user_id: null, kind: "email", label: "desk", address_enc: encrypt(tp.p.keys.encryption, address), address_hash: destinationHash(tp.p.keys, "email", address),
  }).execute();
  const officer = await signedIn(tp.p, app, R.id, "regulator-officer");
  const adminC = await signedIn(tp.p, app, C.id, "org-admin");

  const b = await app.inject({ method: "POST", url: `/api/v1/orgs/${R.id}/broadcasts`, headers: officer.headers, payload: { kind: "alert", titleJa: "注意", audience: "supervised" } });
  assert.equal(b.statusCode, 201, b.body);
  const broadcastId = (b.json() as BroadcastView).broadcast.id;
  const bRow = await tp.p.db.system.selectFrom("network_outbox").select("payload_enc").where("broadcast_id", "=", broadcastId).executeTakeFirstOrThrow();
  const bToken = messageOf(bRow).links.find((l) => l.rel === "acknowledge")!.url.split("/").at(-1)!;

  const pol = await app.inject({ method: "POST", url: `/api/v1/orgs/${C.id}/network/policies`, headers: adminC.headers, payload: {
    nameJa: "方針", nameEn: "Policy", repeat: 0, steps: [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: adminC.userId }] }],
  } });
  assert.equal(pol.statusCode, 201, pol.body);
  const pg = await app.inject({ method: "POST", url: `/api/v1/orgs/${C.id}/network/pages`, headers: adminC.headers, payload: {
    titleJa: "呼出", policyId: (pol.json() as { policy: { id: string } }).policy.id,
  } });
  assert.equal(pg.statusCode, 201, pg.body);
  const pageId = (pg.json() as PageDetail).page.id;
  const esc = createEscalationWorker(tp.p, { timers: false });
  await esc.tick();
  await esc.stop();
  const pRow = await tp.p.db.system.selectFrom("network_outbox").select("payload_enc").where("page_id", "=", pageId).executeTakeFirstOrThrow();
  const pToken = new URL(messageOf(pRow).links.find((l) => l.rel === "acknowledge")!.url).hash.replace("#token=", "");

  const stored = await tp.p.db.system.selectFrom("network_links").select(["purpose"]).where((eb) => eb.or([eb("page_id", "=", pageId), eb("broadcast_id", "=", broadcastId)])).execute();
  assert.deepEqual(stored.map((l) => l.purpose).sort(), ["broadcast", "page", "page"], "both kinds in the one table (acknowledge and resolve for the page)");

  const wrong1 = await app.inject({ method: "POST", url: `/api/v1/network/broadcast-links/${pToken}/acknowledge` });
  assert.equal(wrong1.statusCode, 400);
  assert.equal((wrong1.json() as { error: { code: string } }).error.code, "broadcast_link_invalid");
  assert.equal((await app.inject({ method: "GET", url: `/api/v1/network/actions/${bToken}` })).statusCode, 404);
  const wrong2 = await app.inject({ method: "POST", url: `/api/v1/network/actions/${bToken}` });
  assert.equal(wrong2.statusCode, 404);
  assert.equal((wrong2.json() as { error: { code: string } }).error.code, "action_link_invalid");

  const ok1 = await app.inject({ method: "POST", url: `/api/v1/network/actions/${pToken}` });
  assert.equal(ok1.statusCode, 200, ok1.body);
  assert.equal((ok1.json() as { status: string }).status, "acknowledged");
  const ok2 = await app.inject({ method: "POST", url: `/api/v1/network/broadcast-links/${bToken}/acknowledge` });
  assert.equal(ok2.statusCode, 200, ok2.body);
  assert.equal((ok2.json() as { acknowledged: boolean }).acknowledged, true);
  const again = await app.inject({ method: "POST", url: `/api/v1/network/actions/${pToken}` });
  assert.equal((again.json() as { error: { code: string } }).error.code, "action_link_used");
});
