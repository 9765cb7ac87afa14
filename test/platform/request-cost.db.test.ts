/**
 * The cost of one organisation request, and what it must not cost in safety. The session and the membership are
 * read with one query and nothing is cached: a member removed or demoted, or a session ended, is seen at the very
 * next request. The incident list stays within its budget of database round trips (each one a wake-up of the
 * server process; on a busy machine they, not the queries, are the cost: see bench/api.ts).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

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

const listIncidents = (orgId: string, headers: Record<string, string>) => app.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/incidents`, headers });

test("a member removed or demoted, or signed out, is refused at the very next request", async () => {
  const org = await makeOrg(tp.p, "company");
  const admin = await signedIn(tp.p, app, org.id, "org-admin");
  const member = await makeMember(tp.p, org.id, "responder");
  const s = await login(app, member.email);

  const first = await listIncidents(org.id, s.headers);
  assert.equal(first.statusCode, 200);
  assert.equal(first.json().policies.create, true);

  const demoted = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${org.id}/members/${member.membershipId}`, headers: admin.headers, payload: { role: "viewer" } });
  assert.equal(demoted.statusCode, 200);
  const asViewer = await listIncidents(org.id, s.headers);
  assert.equal(asViewer.statusCode, 200);
  assert.equal(asViewer.json().policies.create, false, "the new role applies at once");
  const create = await app.inject({ method: "POST", url: `/api/v1/orgs/${org.id}/incidents`, headers: s.headers, payload: { title: "after demotion" } });
  assert.equal(create.statusCode, 403);

  const removed = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${org.id}/members/${member.membershipId}`, headers: admin.headers });
  assert.equal(removed.statusCode, 204);
  assert.equal((await listIncidents(org.id, s.headers)).statusCode, 404, "a removed member sees nothing of the organisation");

  const out = await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: admin.headers });
  assert.ok(out.statusCode < 300);
  assert.equal((await listIncidents(org.id, admin.headers)).statusCode, 401, "an ended session is refused");
});

test("a session on another organisation's route, or on a malformed organisation id, learns nothing", async () => {
  const mine = await makeOrg(tp.p, "company");
  const other = await makeOrg(tp.p, "company");
  const s = await signedIn(tp.p, app, mine.id, "org-admin");
  assert.equal((await listIncidents(other.id, s.headers)).statusCode, 404);
  assert.equal((await listIncidents("00000000-0000-4000-8000-000000000000", s.headers)).statusCode, 404);
  assert.equal((await listIncidents("not-a-uuid'; SELECT 1 --", s.headers)).statusCode, 400);
});

test("the incident list costs at most 4 database round trips (session with membership, begin with settings, rows with clocks and targets, commit)", async () => {
  const org = await makeOrg(tp.p, "company");
  const s = await signedIn(tp.p, app, org.id, "org-admin");
  for (const title of ["one", "two"]) {
    const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${org.id}/incidents`, headers: s.headers, payload: { title } });
    assert.equal(r.statusCode, 201);
  }
  await listIncidents(org.id, s.headers); // the session's last-seen touch, at most once a minute, is not the case measured

  const texts: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0];
    texts.push(typeof q === "string" ? q : String((q as { text?: string }).text));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  let res;
  try {
    res = await listIncidents(org.id, s.headers);
  } finally {
    pg.Client.prototype.query = original;
  }
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().incidents.length, 2);
  assert.ok(texts.length <= 4, `${texts.length} round trips:\n${texts.map((t) => t.slice(0, 100)).join("\n")}`);
});
