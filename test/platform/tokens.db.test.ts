/**
 * The API token model: a token acts for its creator's membership. Removing the member revokes it at once,
 * demoting the member limits it at once, a token never mints a token with more rights or a later expiry than
 * itself, and every token has an expiry in the future within the configured maximum.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, type Session } from "../support/factories.js";
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

const inDays = (d: number): string => new Date(Date.now() + d * 86_400_000).toISOString();
const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

/** An organisation with two org-admins: `owner` (who makes tokens) and `other` (who removes or demotes owner). */
const world = async () => {
  const orgId = (await makeOrg(tp.p, "company")).id;
  const owner = await makeMember(tp.p, orgId, "org-admin");
  const other = await makeMember(tp.p, orgId, "org-admin");
  return { orgId, owner, ownerSession: await login(app, owner.email), otherSession: await login(app, other.email) };
};
const mint = async (orgId: string, headers: Record<string, string>, payload: object) =>
  app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/tokens`, headers, payload });
const secretOf = (r: { statusCode: number; body: string; json: () => unknown }): string => {
  assert.equal(r.statusCode, 201, r.body);
  return (r.json() as { secret: string }).secret;
};

test("removing the member who made a token revokes the token at once", async () => {
  const w = await world();
  const secret = secretOf(await mint(w.orgId, w.ownerSession.headers, { name: "ci", role: "org-admin", expiresAt: inDays(30) }));
  assert.equal((await app.inject({ url: `/api/v1/orgs/${w.orgId}/members`, headers: bearer(secret) })).statusCode, 200);
  const del = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${w.orgId}/members/${w.owner.membershipId}`, headers: w.otherSession.headers });
  assert.equal(del.statusCode, 204, del.body);
  assert.equal((await app.inject({ url: `/api/v1/orgs/${w.orgId}/members`, headers: bearer(secret) })).statusCode, 401);
  assert.equal((await mint(w.orgId, bearer(secret), { name: "again", role: "org-admin", expiresAt: inDays(1) })).statusCode, 401);
  const row = await tp.p.db.system.selectFrom("api_tokens").select("revoked_at").where("org_id", "=", w.orgId).executeTakeFirstOrThrow();
  assert.ok(row.revoked_at, "the token row shows it was revoked");
});

test("demoting the member limits the token to the member's new role at once", async () => {
  const w = await world();
  const secret = secretOf(await mint(w.orgId, w.ownerSession.headers, { name: "ci", role: "org-admin", expiresAt: inDays(30) }));
  const r = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${w.orgId}/members/${w.owner.membershipId}`, headers: w.otherSession.headers, payload: { role: "viewer" } });
  assert.equal(r.statusCode, 200, r.body);
  assert.equal((await app.inject({ url: `/api/v1/orgs/${w.orgId}/tokens`, headers: bearer(secret) })).statusCode, 403, "no longer manages tokens");
  assert.equal((await mint(w.orgId, bearer(secret), { name: "x", role: "viewer", expiresAt: inDays(1) })).statusCode, 403);
  const created = await app.inject({ method: "POST", url: `/api/v1/orgs/${w.orgId}/incidents`, headers: bearer(secret), payload: { title: "x" } });
  assert.equal(created.statusCode, 403, "a viewer cannot create incidents");
  assert.equal((await app.inject({ url: `/api/v1/orgs/${w.orgId}/incidents`, headers: bearer(secret) })).statusCode, 200, "but may still read");
});

test("a token cannot mint a token without expiry, with a later expiry, or with a role it does not cover", async () => {
  const w = await world();
  const parent = secretOf(await mint(w.orgId, w.ownerSession.headers, { name: "p", role: "org-admin", expiresAt: inDays(10) }));
  assert.equal((await mint(w.orgId, bearer(parent), { name: "c", role: "viewer" })).statusCode, 400);
  const later = await mint(w.orgId, bearer(parent), { name: "c", role: "viewer", expiresAt: inDays(20) });
  assert.equal(later.statusCode, 400);
  assert.equal((later.json() as { error: { field: string } }).error.field, "body.expiresAt");
  const child = await mint(w.orgId, bearer(parent), { name: "c", role: "viewer", expiresAt: inDays(5) });
  assert.equal(child.statusCode, 201, child.body);
  // A ciso token (were it able to call the route) could not reach org-admin: the role check is there too.
  const viewerToken = secretOf(await mint(w.orgId, w.ownerSession.headers, { name: "v", role: "viewer", expiresAt: inDays(5) }));
  assert.equal((await mint(w.orgId, bearer(viewerToken), { name: "up", role: "org-admin", expiresAt: inDays(1) })).statusCode, 403);
});

test("expiry is required, in the future and within the maximum", async () => {
  const w = await world();
  const s: Session = w.ownerSession;
  assert.equal((await mint(w.orgId, s.headers, { name: "a", role: "viewer" })).statusCode, 400);
  const past = await mint(w.orgId, s.headers, { name: "a", role: "viewer", expiresAt: inDays(-1) });
  assert.equal(past.statusCode, 400);
  assert.equal((past.json() as { error: { code: string } }).error.code, "token_expiry");
  assert.equal((await mint(w.orgId, s.headers, { name: "a", role: "viewer", expiresAt: inDays(tp.p.config.tokenMaxDays + 2) })).statusCode, 400);
  assert.equal((await mint(w.orgId, s.headers, { name: "a", role: "viewer", expiresAt: inDays(tp.p.config.tokenMaxDays - 1) })).statusCode, 201);
});

test("an expiry that is not an instant (null, true, a bare number, a date without offset) is refused with the field named", async () => {
  const w = await world();
  for (const expiresAt of [null, true, 0, "2027-01-01T00:00:00"]) {
    const r = await mint(w.orgId, w.ownerSession.headers, { name: "a", role: "viewer", expiresAt });
    assert.equal(r.statusCode, 400, `${JSON.stringify(expiresAt)}: ${r.body}`);
    const fields = (r.json() as { error: { fields: { field: string; message: string }[] } }).error.fields;
    assert.deepEqual(fields.map((f) => f.field), ["body.expiresAt"]);
    assert.doesNotMatch(fields[0]!.message, /body\.|expected/i);
  }
});
