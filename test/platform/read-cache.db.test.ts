/**
 * The kept incident list (src/platform/http/read-cache.ts): it answers without the database only while nothing it
 * depends on changed. Changes here are made as another process would make them (SQL on the database, not through
 * this server), so only the database's notice can tell this server; each test waits for the notice, then checks
 * the next read shows the change. And when the notice cannot come (the feed's connection is gone), nothing is kept.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { useTestApi } from "../support/platform.js";
import { makeOrg, signedIn } from "../support/factories.js";

const env = useTestApi();

const list = (orgId: string, headers: Record<string, string>) => env.app.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/incidents`, headers });
const titles = async (orgId: string, headers: Record<string, string>): Promise<string[]> => {
  const r = await list(orgId, headers);
  assert.equal(r.statusCode, 200, r.body);
  return (r.json().incidents as Array<{ title: string }>).map((i) => i.title);
};
const until = async (what: string, fn: () => boolean, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
};
/** Runs a change as another process would, and waits until this server has the database's notice of it. */
const elsewhere = async (change: () => Promise<unknown>) => {
  const before = env.tp.p.changes.epoch();
  await change();
  await until("the notice of the change", () => env.tp.p.changes.epoch() !== before);
};
/** Lists twice so that the second answer comes from the kept read. */
const kept = async (orgId: string, headers: Record<string, string>) => {
  await titles(orgId, headers);
  const size = env.tp.p.readCache.size();
  await titles(orgId, headers);
  assert.ok(size > 0, "the read is kept");
};

test("an incident, a clock, a rename or a new gap target made by another process shows at the next read", async () => {
  const org = await makeOrg(env.tp.p, "company");
  const s = await signedIn(env.tp.p, env.app, org.id, "responder");
  await kept(org.id, s.headers);
  await elsewhere(() => env.tp.p.db.system.insertInto("incidents").values({ org_id: org.id, ref: "X-1", title: "from elsewhere", lead_user_id: s.userId }).execute());
  assert.deepEqual(await titles(org.id, s.headers), ["from elsewhere"]);

  await kept(org.id, s.headers);
  await elsewhere(() => env.tp.p.db.system.updateTable("users").set({ display_name: "新しい名前" }).where("id", "=", s.userId).execute());
  assert.equal((await list(org.id, s.headers)).json().incidents[0].lead.name, "新しい名前");

  await kept(org.id, s.headers);
  const id = (await list(org.id, s.headers)).json().incidents[0].id as string;
  await elsewhere(() => env.tp.p.db.system.insertInto("incident_clock_events").values({ org_id: org.id, incident_id: id, clock: "detected", at: new Date(Date.now() - 60_000), evidence: "x", set_by: s.userId }).execute());
  assert.ok((await list(org.id, s.headers)).json().incidents[0].clocks.detected, "the new clock is shown");

  await kept(org.id, s.headers);
  await elsewhere(() => env.tp.p.db.system.updateTable("incidents").set({ title: "renamed elsewhere" }).where("id", "=", id).execute());
  assert.deepEqual(await titles(org.id, s.headers), ["renamed elsewhere"]);
});

test("a membership removed, a role changed or a session ended by another process is seen at the next read", async () => {
  const org = await makeOrg(env.tp.p, "company");
  const s = await signedIn(env.tp.p, env.app, org.id, "responder");
  await kept(org.id, s.headers);
  await elsewhere(() => env.tp.p.db.system.updateTable("memberships").set({ role: "viewer" }).where("user_id", "=", s.userId).execute());
  assert.equal((await list(org.id, s.headers)).json().policies.create, false, "the new role at once");

  await kept(org.id, s.headers);
  await elsewhere(() => env.tp.p.db.system.deleteFrom("memberships").where("user_id", "=", s.userId).execute());
  assert.equal((await list(org.id, s.headers)).statusCode, 404, "no longer a member: nothing of the organisation");

  const t = await signedIn(env.tp.p, env.app, org.id, "responder");
  await kept(org.id, t.headers);
  await elsewhere(() => env.tp.p.db.system.deleteFrom("sessions").where("user_id", "=", t.userId).execute());
  assert.equal((await list(org.id, t.headers)).statusCode, 401, "a session ended elsewhere is refused");
});

test("a write through this server is seen by the very next read, without waiting for the notice", async () => {
  const org = await makeOrg(env.tp.p, "company");
  const s = await signedIn(env.tp.p, env.app, org.id, "responder");
  for (let i = 0; i < 5; i++) {
    await kept(org.id, s.headers);
    const r = await env.app.inject({ method: "POST", url: `/api/v1/orgs/${org.id}/incidents`, headers: s.headers, payload: { title: `n${i}` } });
    assert.equal(r.statusCode, 201);
    assert.equal((await titles(org.id, s.headers))[0], `n${i}`);
  }
});

test("while the feed's connection is gone nothing is kept; when it is back, reads are kept again", async () => {
  const org = await makeOrg(env.tp.p, "company");
  const s = await signedIn(env.tp.p, env.app, org.id, "responder");
  await kept(org.id, s.headers);
  await env.tp.p.db.system.executeQuery(sql`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'sokuho-change-feed' AND datname = current_database()`.compile(env.tp.p.db.system));
  await until("the feed notices it is down", () => !env.tp.p.changes.live());
  await titles(org.id, s.headers); // read while down: not kept
  // The notice of this change is lost (nobody listens): the read must not come from memory.
  await env.tp.p.db.system.insertInto("incidents").values({ org_id: org.id, ref: "D-1", title: "while down" }).execute();
  assert.deepEqual(await titles(org.id, s.headers), ["while down"]);
  await until("the feed is back", () => env.tp.p.changes.live());
  await kept(org.id, s.headers);
  await elsewhere(() => env.tp.p.db.system.insertInto("incidents").values({ org_id: org.id, ref: "D-2", title: "after" }).execute());
  assert.deepEqual(await titles(org.id, s.headers), ["after", "while down"]);
});

test("a vendor's list (incidents granted to it, which expire in time) is never kept", async () => {
  const company = await makeOrg(env.tp.p, "company");
  const vendor = await makeOrg(env.tp.p, "vendor");
  const v = await signedIn(env.tp.p, env.app, vendor.id, "vendor-responder");
  const inc = await env.tp.p.db.system.insertInto("incidents").values({ org_id: company.id, ref: "G-1", title: "granted" }).returning("id").executeTakeFirstOrThrow();
  const expiresAt = Date.now() + 5000;
  await env.tp.p.db.system.insertInto("access_grants")
    .values({ org_id: company.id, vendor_org_id: vendor.id, incident_id: inc.id, access: "read", expires_at: new Date(expiresAt) }).execute();
  assert.deepEqual(await titles(vendor.id, v.headers), ["granted"]);
  assert.deepEqual(await titles(vendor.id, v.headers), ["granted"]);
  assert.ok(Date.now() < expiresAt, "both reads ran while the grant was live");
  await new Promise((r) => setTimeout(r, expiresAt - Date.now() + 100)); // the grant expires: no row changed, no notice
  assert.deepEqual(await titles(vendor.id, v.headers), [], "expired without a notice, and not served from memory");
});
