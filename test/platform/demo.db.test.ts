/** The demo world: idempotent, and the JTB 2016 replay shows its gaps against the default targets. */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { seedDemo } from "../../src/platform/demo/seed.js";
import { DEMO_PASSWORD } from "../../src/platform/demo/data.js";

let tp: TestPlatform;
let app: Api;

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
});
after(async () => {
  await app.close();
  await tp.close();
});

type Incident = { title: string; gaps: Array<{ key: string; status: string | null; elapsedMs: number | null }>; clocks: Record<string, { at: string } | null> };
const DAY = 86_400_000;

test("seeding twice creates the world once, with one user per role", async () => {
  assert.equal((await seedDemo(tp.p)).created, true);
  assert.equal((await seedDemo(tp.p)).created, false);
  const roles = await tp.p.db.system.selectFrom("memberships").select("role").distinct().execute();
  assert.deepEqual(roles.map((r) => r.role).sort(), ["ciso", "org-admin", "regulator-officer", "responder", "vendor-responder", "viewer"]);
});

test("the JTB 2016 replay: contained 6 days after detection and the regulator told 18 days after confirmation, both overdue", async () => {
  const s = await login(app, "ciso@sakura.example.jp", DEMO_PASSWORD);
  const me = (await app.inject({ url: "/api/v1/me", headers: s.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> };
  const orgId = me.memberships.find((m) => m.slug === "sakura-tourist")!.orgId;
  const list = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers })).json() as { incidents: Incident[] };
  const jtb = list.incidents.find((i) => i.title.includes("JTB"))!;
  assert.ok(jtb, "the replay is listed");
  const gap = (k: string) => jtb.gaps.find((g) => g.key === k)!;
  assert.deepEqual([gap("detected->contained").status, gap("detected->contained").elapsedMs], ["overdue", 6 * DAY]);
  assert.deepEqual([gap("leak_confirmed->regulator_first_contact").status, gap("leak_confirmed->regulator_first_contact").elapsedMs], ["overdue", 18 * DAY]);
  assert.equal(gap("leak_confirmed->public_announcement").elapsedMs, 32 * DAY);
  assert.equal(gap("occurred->detected").elapsedMs, 4 * DAY);
  const tl = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${(jtb as unknown as { id: string }).id}/timeline`, headers: s.headers })).json() as { events: Array<{ text: string; source: string }> };
  assert.ok(tl.events.some((e) => e.text.includes("6,788,443") && e.source.includes("ITpro")), "events cite their sources");
});

test("the replays are complete and closed: no gap of 2016 runs until today", async () => {
  const s = await login(app, "ciso@sakura.example.jp", DEMO_PASSWORD);
  const me = (await app.inject({ url: "/api/v1/me", headers: s.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> };
  const orgId = me.memberships.find((m) => m.slug === "sakura-tourist")!.orgId;
  const list = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers })).json() as {
    incidents: Array<{ title: string; status: string; clocks: Record<string, { at: string } | null>; gaps: Array<{ key: string; state: string; elapsedMs: number | null }> }>;
  };
  const jtb = list.incidents.find((i) => i.title.includes("JTB"))!;
  assert.equal(jtb.status, "closed");
  assert.equal(jtb.clocks.closed?.at, "2016-07-08T03:00:00.000Z", "closed at the last date of the public record");
  for (const c of ["occurred", "detected", "containment_decided", "contained", "leak_suspected", "leak_confirmed", "regulator_first_contact", "public_announcement", "individuals_notified_first"]) {
    assert.ok(jtb.clocks[c], `${c} is set from the public record`);
  }
  assert.ok(jtb.gaps.every((g) => g.state !== "running"), "nothing runs");
  const notices = jtb.gaps.find((g) => g.key === "individuals_notified_first->individuals_notified_last")!;
  assert.deepEqual([notices.state, notices.elapsedMs], ["not_reached", 24 * DAY], "stopped at the closing, not 3,800 days");
});
