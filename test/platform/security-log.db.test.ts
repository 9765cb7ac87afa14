/**
 * The security log: each sign-in, failed sign-in, lockout, sign-out, password reset and profile change of an account
 * is recorded (IP and user agent, never the email or the password), shown to the user and to their org-admins only.
 */
import { RESET_REQUEST_JOB } from "../../src/platform/auth/service.js";
import { securityLog } from "../../src/platform/auth/security-log.js";
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn, TEST_PASSWORD, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let admin: Session;
let member: { email: string; membershipId: string; userId: string };

type Events = { events: Array<{ kind: string; ip: string | null; userAgent: string | null; detail: { reason?: string; changed?: string[] } }> };
const UA = "Mozilla/5.0 (sokuho test)";

before(async () => {
  tp = await testPlatform({ jobs: true });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  admin = await signedIn(tp.p, app, orgId, "org-admin");
  const m = await makeMember(tp.p, orgId, "responder", "kei.tanaka@example.jp");
  member = { email: m.email, membershipId: m.membershipId, userId: m.userId };
});
after(async () => {
  await app.close();
  await tp.close();
});

const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
  app.inject({ method: "POST", url: `/api/v1${url}`, payload, headers: { "user-agent": UA, ...headers } });

test("sign-in, failures, lockout, sign-out, reset and a name change are each recorded; the user sees them newest first", async () => {
  assert.equal((await post("/auth/login", { email: member.email, password: "wrong-password-1" })).statusCode, 401);
  const s = await login(app, member.email, TEST_PASSWORD);
  const renamed = await app.inject({ method: "PATCH", url: "/api/v1/me", headers: s.headers, payload: { displayName: "田中 圭" } });
  assert.equal(renamed.statusCode, 200);
  assert.equal((await post("/auth/password-reset", { email: member.email })).statusCode, 202);
  assert.equal((await post("/auth/password-reset", { email: "nobody@example.jp" })).statusCode, 202);
  // The request only queues a job (same time for any address); the job looks the address up and logs it.
  await tp.p.jobs.drain([RESET_REQUEST_JOB]);
  const mine = await app.inject({ method: "GET", url: "/api/v1/me/security-events", headers: s.headers });
  assert.equal(mine.statusCode, 200, mine.body);
  const events = (mine.json() as Events).events;
  assert.deepEqual(events.map((e) => e.kind), ["password_reset_requested", "profile_updated", "sign_in", "sign_in_failed"]);
  assert.deepEqual(events[1]!.detail, { changed: ["displayName"] });
  assert.deepEqual(events[3]!.detail, { reason: "wrong_password" });
  assert.equal(events[3]!.ip, "127.0.0.1");
  assert.equal(events[3]!.userAgent, UA);

  const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: s.headers });
  assert.equal(out.statusCode, 204);
  const rows = await tp.p.db.system.selectFrom("security_events").selectAll().where("user_id", "=", member.userId).orderBy("id").execute();
  assert.equal(rows.at(-1)!.kind, "sign_out");
  const text = JSON.stringify(rows);
  for (const secret of [member.email, "kei.tanaka", TEST_PASSWORD, "wrong-password-1", "田中 圭"]) assert.ok(!text.includes(secret), `no "${secret}" in the log`);
  const unknown = await tp.p.db.system.selectFrom("security_events").select("id").where("user_id", "not in", [member.userId, admin.userId]).execute();
  assert.deepEqual(unknown, [], "an unknown address leaves nothing");
});

test("five failures pause that client on that address: the pause and the refused attempt are in the log", async () => {
  const m = await makeMember(tp.p, orgId, "viewer");
  for (let i = 0; i < 5; i++) await post("/auth/login", { email: m.email, password: `wrong-${i}` });
  await post("/auth/login", { email: m.email, password: TEST_PASSWORD });
  const rows = await tp.p.db.system.selectFrom("security_events").select(["kind", "detail"]).where("user_id", "=", m.userId).orderBy("id").execute();
  assert.deepEqual(rows.map((r) => r.kind), [...Array(5).fill("sign_in_failed"), "locked", "sign_in_failed"]);
  assert.deepEqual(rows.at(-1)!.detail, { reason: "throttled" });
});

test("an org-admin reads a member's log; a member cannot read another's, another organisation's admin gets 404", async () => {
  const url = `/api/v1/orgs/${orgId}/members/${member.membershipId}/security-events?limit=2`;
  const r = await app.inject({ method: "GET", url, headers: admin.headers });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((r.json() as Events).events.length, 2);
  const responder = await signedIn(tp.p, app, orgId, "responder");
  assert.equal((await app.inject({ method: "GET", url, headers: responder.headers })).statusCode, 403);
  const otherOrg = (await makeOrg(tp.p, "company")).id;
  const otherAdmin = await signedIn(tp.p, app, otherOrg, "org-admin");
  const cross = await app.inject({ method: "GET", url: `/api/v1/orgs/${otherOrg}/members/${member.membershipId}/security-events`, headers: otherAdmin.headers });
  assert.equal(cross.statusCode, 404);
  assert.equal((await app.inject({ method: "GET", url: `${url}&before=abc`, headers: admin.headers })).statusCode, 400);
});

test("the daily prune deletes events older than the retention and keeps the rest, in batches", async () => {
  const m = await makeMember(tp.p, orgId, "viewer", "retention.check@example.jp");
  const meta = { ip: "192.0.2.1", userAgent: UA, requestId: null };
  const day = 86_400_000;
  const now = Date.now();
  for (const daysAgo of [tp.p.config.securityLogDays + 30, tp.p.config.securityLogDays + 1, tp.p.config.securityLogDays - 1, 1]) {
    await securityLog.record(tp.p.db.system, m.userId, "sign_in", meta, new Date(now - daysAgo * day));
  }
  const cutoff = new Date(now - tp.p.config.securityLogDays * day);
  // A batch of 1 makes the loop run several times: the last batch is the short one.
  const deleted = await securityLog.prune(tp.p.db.system, cutoff, 1);
  assert.ok(deleted >= 2, `deleted ${deleted}`);
  const left = await tp.p.db.system.selectFrom("security_events").select("at").where("user_id", "=", m.userId).orderBy("at").execute();
  assert.equal(left.length, 2);
  assert.ok(left.every((r) => r.at.getTime() >= cutoff.getTime()));
  assert.equal(await securityLog.prune(tp.p.db.system, cutoff), 0);
});
