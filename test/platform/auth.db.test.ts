/**
 * Authentication end to end: sign-in, CSRF, lockout, sign-out, password reset through the mail outbox into the
 * dev maildir, invitations, API tokens.
 */
import { decodeMail, mailsIn } from "../support/mail.js";
import { RESET_REQUEST_JOB } from "../../src/platform/auth/service.js";
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn, TEST_PASSWORD } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";
import { FAILURES_PER_ADDRESS } from "../../src/platform/auth/throttle.js";
import { MAIL_JOB } from "../../src/platform/mail/outbox.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;

before(async () => {
  tp = await testPlatform({ jobs: true });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
});
after(async () => {
  await app.close();
  await tp.close();
});

/** Mails in the dev maildir whose raw text contains `needle`. */
const mailsTo = (needle: string): string[] => mailsIn(tp.config.maildir, needle);

describe("sessions", () => {
  test("sign in sets an httpOnly SameSite cookie and returns the user with a CSRF token", async () => {
    const m = await makeMember(tp.p, orgId, "responder");
    const r = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: m.email.toUpperCase(), password: TEST_PASSWORD } });
    assert.equal(r.statusCode, 200);
    const c = r.cookies.find((x) => x.name === "sokuho_session")!;
    assert.equal(c.httpOnly, true);
    assert.equal(c.sameSite, "Lax");
    const me = r.json() as { csrfToken: string; memberships: Array<{ orgId: string; role: string }> };
    assert.ok(me.csrfToken.length > 20);
    assert.deepEqual(me.memberships.map((x) => [x.orgId, x.role]), [[orgId, "responder"]]);
  });

  test("a wrong password is a 401 that does not say whether the account exists", async () => {
    const m = await makeMember(tp.p, orgId, "viewer");
    const wrong = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: m.email, password: "not-the-password" } });
    const none = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "nobody@example.jp", password: "not-the-password" } });
    assert.equal(wrong.statusCode, 401);
    assert.equal(none.statusCode, 401);
    assert.equal((wrong.json() as { error: { code: string } }).error.code, (none.json() as { error: { code: string } }).error.code);
  });

  test(`after ${FAILURES_PER_ADDRESS} failures a client gets the same 429 for a real and an unknown address; the owner elsewhere still signs in`, async () => {
    const m = await makeMember(tp.p, orgId, "viewer");
    const attempt = (email: string, password: string, remoteAddress: string) =>
      app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress });
    for (let i = 0; i < FAILURES_PER_ADDRESS; i++) {
      await attempt(m.email, "guess-guess-guess", "198.51.100.7");
      await attempt("nobody-here@example.jp", "guess-guess-guess", "198.51.100.7");
    }
    const real = await attempt(m.email, TEST_PASSWORD, "198.51.100.7");
    const ghost = await attempt("nobody-here@example.jp", TEST_PASSWORD, "198.51.100.7");
    assert.equal(real.statusCode, 429);
    assert.equal(ghost.statusCode, 429);
    assert.equal((real.json() as { error: { message: string } }).error.message, (ghost.json() as { error: { message: string } }).error.message);
    assert.equal(real.headers["retry-after"], ghost.headers["retry-after"]);
    const owner = await attempt(m.email, TEST_PASSWORD, "203.0.113.9");
    assert.equal(owner.statusCode, 200, "the attacker's failures do not lock the owner out");
  });

  test("the sign-in route is rate limited per address", async () => {
    const limited = await testPlatform({ jobs: false, overrides: { loginRatePerMinute: 3 } });
    const a = await testApi(limited.p);
    try {
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await a.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "x@example.jp", password: "yyyyyyyyyyyy" } })).statusCode);
      assert.deepEqual(codes, [401, 401, 401, 429, 429]);
    } finally {
      await a.close();
      await limited.close();
    }
  });

  test("writes with a session need the CSRF token", async () => {
    const s = await signedIn(tp.p, app, orgId, "responder");
    const without = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: { cookie: s.headers.cookie! }, payload: { title: "x" } });
    assert.equal(without.statusCode, 403);
    assert.equal((without.json() as { error: { code: string } }).error.code, "csrf");
    const wrong = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: { ...s.headers, "x-csrf-token": "forged" }, payload: { title: "x" } });
    assert.equal(wrong.statusCode, 403);
    const right = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: s.headers, payload: { title: "x" } });
    assert.equal(right.statusCode, 201);
  });

  test("sign out ends the session", async () => {
    const s = await signedIn(tp.p, app, orgId, "viewer");
    assert.equal((await app.inject({ url: "/api/v1/me", headers: s.headers })).statusCode, 200);
    assert.equal((await app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: s.headers })).statusCode, 204);
    assert.equal((await app.inject({ url: "/api/v1/me", headers: s.headers })).statusCode, 401);
  });

  test("changing my language is kept", async () => {
    const s = await signedIn(tp.p, app, orgId, "viewer");
    const r = await app.inject({ method: "PATCH", url: "/api/v1/me", headers: s.headers, payload: { locale: "en" } });
    assert.equal((r.json() as { user: { locale: string } }).user.locale, "en");
  });
});

describe("password reset by mail", () => {
  test("a reset link arrives in the maildir, sets a new password once, and ends old sessions", async () => {
    const m = await makeMember(tp.p, orgId, "viewer");
    const old = await login(app, m.email);
    const req = await app.inject({ method: "POST", url: "/api/v1/auth/password-reset", headers: { "accept-language": "en" }, payload: { email: m.email } });
    assert.equal(req.statusCode, 202);
    await tp.p.jobs.drain([RESET_REQUEST_JOB, MAIL_JOB]);
    const [raw] = mailsTo(m.email);
    assert.ok(raw, "a mail was written to the maildir");
    const token = /#token=([A-Za-z0-9_-]+)/.exec(decodeMail(raw))?.[1];
    assert.ok(token, "the mail holds a link with a token");
    const newPassword = "a-brand-new-passphrase";
    const ok = await app.inject({ method: "POST", url: "/api/v1/auth/password-reset/confirm", payload: { token, password: newPassword } });
    assert.equal(ok.statusCode, 204);
    const again = await app.inject({ method: "POST", url: "/api/v1/auth/password-reset/confirm", payload: { token, password: newPassword } });
    assert.equal(again.statusCode, 400);
    assert.equal((await app.inject({ url: "/api/v1/me", headers: old.headers })).statusCode, 401);
    await login(app, m.email, newPassword);
  });

  test("an unknown address gets the same 202 and no mail", async () => {
    const r = await app.inject({ method: "POST", url: "/api/v1/auth/password-reset", payload: { email: "ghost@example.jp" } });
    assert.equal(r.statusCode, 202);
    await tp.p.jobs.drain([RESET_REQUEST_JOB, MAIL_JOB]);
    assert.equal(mailsTo("ghost@example.jp").length, 0);
  });

  test("the request does the same work for a known and an unknown address: one queued job each, nothing else (no timing to measure)", async () => {
    const m = await makeMember(tp.p, orgId, "viewer");
    const jobs = async () => (await tp.p.db.system.selectFrom("pgboss.job" as never).select(["name" as never]).execute()) as Array<{ name: string }>;
    const count = async () => (await jobs()).length;
    const before = await count();
    await app.inject({ method: "POST", url: "/api/v1/auth/password-reset", payload: { email: m.email } });
    const afterKnown = await count();
    await app.inject({ method: "POST", url: "/api/v1/auth/password-reset", payload: { email: "ghost2@example.jp" } });
    const afterUnknown = await count();
    assert.equal(afterKnown - before, 1);
    assert.equal(afterUnknown - afterKnown, 1);
    await tp.p.jobs.drain([RESET_REQUEST_JOB, MAIL_JOB]);
  });

  test("a short new password is refused with its field", async () => {
    const r = await app.inject({ method: "POST", url: "/api/v1/auth/password-reset/confirm", payload: { token: "x".repeat(30), password: "short" } });
    assert.equal(r.statusCode, 400);
    assert.equal((r.json() as { error: { field: string } }).error.field, "body.password");
  });

  test("the job row holds the mail encrypted, never the address", async () => {
    const m = await makeMember(tp.p, orgId, "viewer", "private.person@example.jp");
    await app.inject({ method: "POST", url: "/api/v1/auth/password-reset", payload: { email: m.email } });
    const queued = await tp.p.db.system.selectFrom("pgboss.job" as never).select("data" as never).execute();
    assert.ok(!JSON.stringify(queued).includes("private.person"), "the reset request job holds the address encrypted");
    await tp.p.jobs.drain([RESET_REQUEST_JOB]);
    const rows = await tp.p.db.system.selectFrom("pgboss.job" as never).select("data" as never).execute();
    assert.ok(!JSON.stringify(rows).includes("private.person"));
    await tp.p.jobs.drain([MAIL_JOB]);
  });
});

describe("invitations and roles", () => {
  test("an org-admin invites a new member, who accepts with a new password from the mailed link", async () => {
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/members`, headers: admin.headers, payload: { email: "invitee@example.jp", displayName: "招待 花子", role: "responder" } });
    assert.equal(r.statusCode, 201, r.body);
    await tp.p.jobs.drain([MAIL_JOB]);
    const token = /#token=([A-Za-z0-9_-]+)/.exec(decodeMail(mailsTo("invitee@example.jp")[0]!))?.[1];
    const accepted = await app.inject({ method: "POST", url: "/api/v1/invitations/accept", payload: { token, password: "invitee-passphrase" } });
    assert.equal(accepted.statusCode, 200, accepted.body);
    const me = await login(app, "invitee@example.jp", "invitee-passphrase");
    assert.ok(me.csrf);
  });

  test("roles must fit the organisation, and the last org-admin stays", async () => {
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const bad = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/members`, headers: admin.headers, payload: { email: "v@example.jp", displayName: "v", role: "vendor-responder" } });
    assert.equal((bad.json() as { error: { code: string } }).error.code, "role_not_allowed");
    const solo = await makeOrg(tp.p, "company");
    const only = await signedIn(tp.p, app, solo.id, "org-admin");
    const list = await app.inject({ url: `/api/v1/orgs/${solo.id}/members`, headers: only.headers });
    const mine = (list.json() as { members: Array<{ id: string }> }).members[0]!;
    const demote = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${solo.id}/members/${mine.id}`, headers: only.headers, payload: { role: "viewer" } });
    assert.equal(demote.statusCode, 409);
  });

  test("a viewer cannot manage members (403), and sees no controls for it", async () => {
    const v = await signedIn(tp.p, app, orgId, "viewer");
    const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/members`, headers: v.headers, payload: { email: "z@example.jp", displayName: "z", role: "viewer" } });
    assert.equal(r.statusCode, 403);
    const list = await app.inject({ url: `/api/v1/orgs/${orgId}/members`, headers: v.headers });
    assert.ok((list.json() as { members: Array<{ policies: { update: boolean } }> }).members.every((m) => !m.policies.update));
  });
});

describe("API tokens", () => {
  test("a token works with its role until revoked; only its hash is stored", async () => {
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const c = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/tokens`, headers: admin.headers, payload: { name: "siem", role: "viewer", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    const { secret, token } = c.json() as { secret: string; token: { id: string } };
    assert.match(secret, /^skh_/);
    const stored = await tp.p.db.system.selectFrom("api_tokens").selectAll().where("id", "=", token.id).executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(stored).includes(secret.slice(4)));
    const bearer = { authorization: `Bearer ${secret}` };
    assert.equal((await app.inject({ url: `/api/v1/orgs/${orgId}/incidents`, headers: bearer })).statusCode, 200);
    assert.equal((await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: bearer, payload: { title: "x" } })).statusCode, 403);
    await app.inject({ method: "DELETE", url: `/api/v1/orgs/${orgId}/tokens/${token.id}`, headers: admin.headers });
    assert.equal((await app.inject({ url: `/api/v1/orgs/${orgId}/incidents`, headers: bearer })).statusCode, 401);
  });

  test("an expired token is refused", async () => {
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const c = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/tokens`, headers: admin.headers, payload: { name: "old", role: "viewer", expiresAt: new Date(Date.now() + 60_000).toISOString() } });
    const { secret, token } = c.json() as { secret: string; token: { id: string } };
    await tp.p.db.system.updateTable("api_tokens").set({ expires_at: new Date(Date.now() - 1) }).where("id", "=", token.id).execute();
    assert.equal((await app.inject({ url: `/api/v1/orgs/${orgId}/incidents`, headers: { authorization: `Bearer ${secret}` } })).statusCode, 401);
  });
});
