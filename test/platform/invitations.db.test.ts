/**
 * Adding someone is an invitation the person accepts. The inviter learns nothing about an account that exists in
 * another organisation (same answer, its own typed name shown); an existing account accepts signed in as itself,
 * a new one with a password; links are single use and can be withdrawn.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import type { TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import { linkTokenIn } from "../support/mail.js";
import { MAIL_JOB } from "../../src/platform/mail/outbox.js";
import type { Api } from "../../src/platform/http/server.js";
import { useCompanyWorld } from "../support/world.js";

const world = useCompanyWorld({ jobs: true });
let tp: TestPlatform;
let app: Api;
let orgId: string;
let admin: Session;
before(async () => void ({ tp, app, orgId, admin } = await world()));

type Invitation = { id: string; displayName: string; email: string; role: string };
const invite = (email: string, displayName = "招待 太郎", role = "responder", s = admin) =>
  app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/members`, headers: s.headers, payload: { email, displayName, role } });
const tokenFor = async (email: string): Promise<string> => {
  await tp.p.jobs.drain([MAIL_JOB]);
  const token = linkTokenIn(tp.config.maildir, email);
  assert.ok(token, "an invitation mail with a link arrived");
  return token;
};
const accept = (token: string, headers: Record<string, string> = {}, password?: string) =>
  app.inject({ method: "POST", url: "/api/v1/invitations/accept", headers, payload: { token, ...(password ? { password } : {}) } });

test("inviting an address with an account elsewhere answers exactly as for a new address, with the inviter's own words", async () => {
  const elsewhere = (await makeOrg(tp.p, "company")).id;
  const existing = await makeMember(tp.p, elsewhere, "ciso", `real.${Date.now()}@example.jp`);
  const a = await invite(existing.email, "typed name A");
  const b = await invite(`nobody.${Date.now()}@example.jp`, "typed name B");
  assert.equal(a.statusCode, 201);
  assert.equal(b.statusCode, 201);
  const keys = (r: typeof a) => Object.keys((r.json() as { invitation: object }).invitation).sort();
  assert.deepEqual(keys(a), keys(b));
  assert.equal((a.json() as { invitation: Invitation }).invitation.displayName, "typed name A");
  assert.ok(!a.body.includes("テスト ciso"), "the existing account's real display name is not revealed");
  const list = (await app.inject({ url: `/api/v1/orgs/${orgId}/members`, headers: admin.headers })).json() as { members: Array<{ userId: string }>; invitations: Invitation[] };
  assert.ok(!list.members.some((m) => m.userId === existing.userId), "not a member before accepting");
  assert.ok(list.invitations.some((i) => i.displayName === "typed name A"));
});

test("an existing account accepts only when signed in as itself; then it is a member with the invited role", async () => {
  const elsewhere = (await makeOrg(tp.p, "company")).id;
  const person = await makeMember(tp.p, elsewhere, "viewer", `person.${Date.now()}@example.jp`);
  assert.equal((await invite(person.email, "x", "ciso")).statusCode, 201);
  const token = await tokenFor(person.email);
  const look = await app.inject({ method: "POST", url: "/api/v1/invitations/lookup", payload: { token } });
  assert.equal(look.statusCode, 200);
  assert.deepEqual([(look.json() as { hasAccount: boolean }).hasAccount, (look.json() as { signedIn: string }).signedIn], [true, "no"]);
  assert.equal((await accept(token)).statusCode, 401);
  const someoneElse = await signedIn(tp.p, app, elsewhere, "viewer");
  assert.equal((await accept(token, someoneElse.headers)).statusCode, 401);
  const me = await login(app, person.email);
  const ok = await accept(token, me.headers);
  assert.equal(ok.statusCode, 200, ok.body);
  const members = (await app.inject({ url: `/api/v1/orgs/${orgId}/members`, headers: admin.headers })).json() as { members: Array<{ userId: string; role: string }> };
  assert.equal(members.members.find((m) => m.userId === person.userId)?.role, "ciso");
  assert.equal((await accept(token, me.headers)).statusCode, 400, "single use");
});

test("a new address accepts with a password, then signs in; a short password is refused with its field", async () => {
  const email = `new.${Date.now()}@example.jp`;
  await invite(email);
  const token = await tokenFor(email);
  const short = await accept(token, {}, "short");
  assert.equal((short.json() as { error: { field: string } }).error.field, "body.password");
  assert.equal((await accept(token, {}, "a-long-enough-passphrase")).statusCode, 200);
  assert.ok((await login(app, email, "a-long-enough-passphrase")).csrf);
});

test("a withdrawn invitation cannot be accepted; a member of this organisation cannot be invited again", async () => {
  const email = `withdrawn.${Date.now()}@example.jp`;
  const r = await invite(email);
  const id = (r.json() as { invitation: Invitation }).invitation.id;
  const token = await tokenFor(email);
  assert.equal((await app.inject({ method: "DELETE", url: `/api/v1/orgs/${orgId}/invitations/${id}`, headers: admin.headers })).statusCode, 204);
  const res = await accept(token, {}, "a-long-enough-passphrase");
  assert.equal((res.json() as { error: { code: string } }).error.code, "invitation_invalid");
  const member = await makeMember(tp.p, orgId, "viewer");
  assert.equal((await invite(member.email)).statusCode, 409);
});

test("a responder cannot invite or withdraw", async () => {
  const r = await signedIn(tp.p, app, orgId, "responder");
  assert.equal((await invite(`x.${Date.now()}@example.jp`, "x", "viewer", r)).statusCode, 403);
});
