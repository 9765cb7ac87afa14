/** The demo sector: the demo tourism authority reaches at least 26 organisations, each with a duty desk. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { seedDemo } from "../../src/platform/demo/seed.js";
import { DEMO_PASSWORD } from "../../src/platform/demo/data.js";
import type { AudiencePreview, BroadcastView } from "../../src/capabilities/network/broadcasts-contract.js";

let tp: TestPlatform;
let app: Api;

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  await seedDemo(tp.p);
});
after(async () => {
  await app.close();
  await tp.close();
});

test("the demo authority's broadcast reaches every demo company and association of its sector, each duty desk once", async () => {
  const s = await login(app, "officer@agency.example.jp", DEMO_PASSWORD);
  const me = (await app.inject({ url: "/api/v1/me", headers: s.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> };
  const orgId = me.memberships.find((m) => m.slug === "demo-tourism-agency")!.orgId;
  const preview = (await app.inject({ url: `/api/v1/orgs/${orgId}/broadcasts/audience?audience=related`, headers: s.headers })).json() as AudiencePreview;
  assert.ok(preview.count >= 26, `${preview.count} recipients`);
  const demoOrgs = await tp.p.db.system.selectFrom("organizations").select(["id", "kind"]).where("is_demo", "=", true).where("kind", "in", ["company", "association"]).execute();
  assert.deepEqual(preview.organisations.map((o) => o.id).sort(), demoOrgs.map((o) => o.id).sort(), "every demo company and association");
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/broadcasts`, headers: s.headers, payload: { kind: "request", titleJa: "連絡網訓練", audience: "related", isDrill: true } });
  assert.equal(r.statusCode, 201, r.body);
  const v = r.json() as BroadcastView;
  assert.equal(v.recipients.length, preview.count);
  assert.ok(v.recipients.every((x) => x.delivery?.messages === 1), "one duty-desk message per organisation");
});
