/**
 * The cost of one organisation request, and what it must not cost in safety. The session and the membership are
 * read with one query: a member removed or demoted, or a session ended, is seen at the very next request. The
 * incident list stays within its budget of database round trips (each one a wake-up of the server process; on a
 * busy machine they, not the queries, are the cost: see bench/api.ts): one, the session read with the rows
 * (db.sessionRead), and none while the read is kept because nothing changed (read-cache.db.test.ts).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import pg from "pg";
import { sql } from "kysely";
import { useTestApi } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn } from "../support/factories.js";

const env = useTestApi();

const listIncidents = (orgId: string, headers: Record<string, string>) => env.app.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/incidents`, headers });

test("a member removed or demoted, or signed out, is refused at the very next request", async () => {
  const org = await makeOrg(env.tp.p, "company");
  const admin = await signedIn(env.tp.p, env.app, org.id, "org-admin");
  const member = await makeMember(env.tp.p, org.id, "responder");
  const s = await login(env.app, member.email);

  const first = await listIncidents(org.id, s.headers);
  assert.equal(first.statusCode, 200, first.body);
  assert.equal(first.json().policies.create, true);

  const demoted = await env.app.inject({ method: "PATCH", url: `/api/v1/orgs/${org.id}/members/${member.membershipId}`, headers: admin.headers, payload: { role: "viewer" } });
  assert.equal(demoted.statusCode, 200);
  const asViewer = await listIncidents(org.id, s.headers);
  assert.equal(asViewer.statusCode, 200, asViewer.body);
  assert.equal(asViewer.json().policies.create, false, "the new role applies at once");
  const create = await env.app.inject({ method: "POST", url: `/api/v1/orgs/${org.id}/incidents`, headers: s.headers, payload: { title: "after demotion" } });
  assert.equal(create.statusCode, 403);

  const removed = await env.app.inject({ method: "DELETE", url: `/api/v1/orgs/${org.id}/members/${member.membershipId}`, headers: admin.headers });
  assert.equal(removed.statusCode, 204);
  assert.equal((await listIncidents(org.id, s.headers)).statusCode, 404, "a removed member sees nothing of the organisation");

  const out = await env.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: admin.headers });
  assert.ok(out.statusCode < 300);
  assert.equal((await listIncidents(org.id, admin.headers)).statusCode, 401, "an ended session is refused");
});

test("a session on another organisation's route, or on a malformed organisation id, learns nothing", async () => {
  const mine = await makeOrg(env.tp.p, "company");
  const other = await makeOrg(env.tp.p, "company");
  const s = await signedIn(env.tp.p, env.app, mine.id, "org-admin");
  assert.equal((await listIncidents(other.id, s.headers)).statusCode, 404);
  assert.equal((await listIncidents("00000000-0000-4000-8000-000000000000", s.headers)).statusCode, 404);
  assert.equal((await listIncidents("not-a-uuid'; SELECT 1 --", s.headers)).statusCode, 400);
});

/** The statements sent to PostgreSQL (each call of pg's query is one round trip) while `fn` runs. */
const roundTrips = async <T>(fn: () => Promise<T>): Promise<{ result: T; texts: string[] }> => {
  const texts: string[] = [];
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0];
    texts.push(typeof q === "string" ? q : String((q as { text?: string }).text));
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    return { result: await fn(), texts };
  } finally {
    pg.Client.prototype.query = original;
  }
};

test("the incident list costs 1 database round trip (session, membership and settings with rows, clocks and targets)", async () => {
  const org = await makeOrg(env.tp.p, "company");
  const s = await signedIn(env.tp.p, env.app, org.id, "org-admin");
  for (const title of ["one", "two"]) {
    const r = await env.app.inject({ method: "POST", url: `/api/v1/orgs/${org.id}/incidents`, headers: s.headers, payload: { title } });
    assert.equal(r.statusCode, 201);
  }
  // Warm every pooled connection (statements are prepared once per connection; the first use pays one more
  // round trip), and the session's last-seen touch, at most once a minute, is not the case measured.
  await Promise.all(Array.from({ length: 12 }, () => listIncidents(org.id, s.headers)));
  for (let i = 0; i < 3; i++) {
    env.tp.p.changes.bump(); // as a change would: the read is not kept, so this is the cost of a read from the database
    const { result: res, texts } = await roundTrips(() => listIncidents(org.id, s.headers));
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().incidents.length, 2);
    assert.deepEqual(res.json().incidents.map((x: { title: string }) => x.title), ["two", "one"]);
    const shown = texts.map((t) => t.slice(0, 100)).join("\n");
    assert.equal(texts.length, 1, `${texts.length} round trips:\n${shown}`);
    assert.match(texts[0]!, /from "incidents"/, shown);
    const again = await roundTrips(() => listIncidents(org.id, s.headers));
    assert.equal(again.texts.length, 0, "nothing changed: the kept read answers");
    assert.deepEqual(again.result.json().incidents.map((x: { title: string }) => x.title), ["two", "one"]);
  }
});

test("a session read sets the organisation only for a live session of a member: other reads see nothing", async () => {
  const a = await makeOrg(env.tp.p, "company");
  const b = await makeOrg(env.tp.p, "company");
  await env.tp.p.db.system.insertInto("incidents").values([{ org_id: a.id, ref: "A-1", title: "a" }, { org_id: b.id, ref: "B-1", title: "b" }]).execute();
  const s = await signedIn(env.tp.p, env.app, a.id, "responder");
  const token = /sokuho_session=([^;]+)/.exec(s.headers.cookie!)![1]!;
  const idHash = env.tp.p.sessions.hashOf(decodeURIComponent(token));
  const read = (orgId: string, now = new Date()) =>
    env.tp.p.db.sessionRead({ idHash, orgId, now }, env.tp.p.db.app.selectFrom("incidents").select(["ref", sql<string>`current_setting('sokuho.org_id', true)`.as("setting")]).where("ref", "like", "%-1"));
  // Twice on every connection: the first use runs in a transaction of its own, the next ones in one write.
  for (let round = 0; round < 2; round++) {
    const own = await Promise.all(Array.from({ length: 12 }, () => read(a.id)));
    for (const r of own) {
      assert.equal(r.session?.member_role, "responder");
      assert.deepEqual(r.rows.map((x) => x.ref), ["A-1"]);
    }
    const other = await Promise.all(Array.from({ length: 12 }, () => read(b.id)));
    for (const r of other) {
      assert.equal(r.session?.member_role, null, "not a member of b");
      assert.deepEqual(r.rows, [], "a non-member's read runs without an organisation");
    }
  }
  const expired = await read(a.id, new Date(Date.now() + 400 * 24 * 3_600_000));
  assert.ok(expired.session, "the row is returned: the server decides it has expired");
  assert.deepEqual(expired.rows, [], "an expired session's read runs without an organisation");
  const unknown = await env.tp.p.db.sessionRead({ idHash: Buffer.alloc(32), orgId: a.id, now: new Date() }, env.tp.p.db.app.selectFrom("incidents").select("ref").where("ref", "like", "%-1"));
  assert.deepEqual(unknown, { session: null, rows: [] });
  // And the settings end with the read: no pooled connection keeps an organisation.
  const after = await Promise.all(Array.from({ length: 12 }, () => sql<{ s: string | null }>`SELECT current_setting('sokuho.org_id', true) AS s`.execute(env.tp.p.db.app)));
  for (const r of after) assert.ok(!r.rows[0]!.s);
});

test("a tenant read carries its settings in one round trip, and they end with it", async () => {
  const a = await makeOrg(env.tp.p, "company");
  const b = await makeOrg(env.tp.p, "company");
  await env.tp.p.db.system.insertInto("incidents").values([{ org_id: a.id, ref: "A-1", title: "a" }, { org_id: b.id, ref: "B-1", title: "b" }]).execute();
  const orgsOf = (orgId: string) =>
    env.tp.p.db.tenantRead({ orgId }, env.tp.p.db.app.selectFrom("incidents").select(["org_id", sql<string>`current_setting('sokuho.org_id', true)`.as("setting")]).where("ref", "like", "%-1"));
  // Twice on every connection: the first use prepares the statement (settings sent apart), the next ones pipeline.
  for (let round = 0; round < 2; round++) {
    const all = await Promise.all(Array.from({ length: 12 }, (_, i) => orgsOf(i % 2 ? a.id : b.id)));
    all.forEach((rows, i) => {
      const want = i % 2 ? a.id : b.id;
      assert.deepEqual(rows.map((r) => r.org_id), [want], "RLS limits the read to the organisation set with it");
      assert.equal(rows[0]!.setting, want);
    });
  }
  const { texts } = await roundTrips(() => orgsOf(a.id));
  assert.equal(texts.length, 1, texts.join("\n"));
  // Afterwards no pooled connection keeps an organisation: the settings ended with their implicit transaction.
  const after = await Promise.all(Array.from({ length: 12 }, () => sql<{ s: string | null; n: number }>`SELECT current_setting('sokuho.org_id', true) AS s, (SELECT count(*)::int FROM incidents) AS n`.execute(env.tp.p.db.app)));
  for (const r of after) {
    assert.ok(!r.rows[0]!.s, `a connection kept sokuho.org_id = ${r.rows[0]!.s}`);
    assert.equal(r.rows[0]!.n, 0, "without settings RLS shows nothing");
  }
  await assert.rejects(env.tp.p.db.tenantRead({ orgId: a.id }, env.tp.p.db.app.selectFrom("incidents").select("id")), /parameters/, "a statement without parameters is refused, not run without settings");
});

test("a tenant transaction sends BEGIN and its settings with its first statement; a failing one leaves no trace", async () => {
  const a = await makeOrg(env.tp.p, "company");
  const b = await makeOrg(env.tp.p, "company");
  const count = (orgId: string, db: typeof env.tp.p.db.app) => db.selectFrom("incidents").select((e) => e.fn.countAll<string>().as("n")).where("org_id", "=", orgId).executeTakeFirstOrThrow();
  // Warm the connections (prepared statements), then measure: begin + settings + count, insert, commit.
  await Promise.all(Array.from({ length: 12 }, () => env.tp.p.db.tenant({ orgId: a.id }, (tx) => count(a.id, tx.db))));
  const { texts } = await roundTrips(() =>
    env.tp.p.db.tenant({ orgId: a.id }, async (tx) => {
      await count(a.id, tx.db);
      await tx.db.insertInto("incidents").values({ org_id: a.id, ref: "A-2", title: "kept" }).execute();
    }),
  );
  assert.equal(texts.length, 3, texts.join("\n"));
  assert.equal(texts.at(-1), "COMMIT");
  assert.equal((await count(a.id, env.tp.p.db.system)).n, "1", "the transaction committed");
  // A transaction that runs nothing costs nothing.
  assert.equal((await roundTrips(() => env.tp.p.db.tenant({ orgId: a.id }, async () => 1))).texts.length, 0);
  // An error after a write rolls the write back; another organisation's row is refused by RLS inside the pipeline.
  await assert.rejects(
    env.tp.p.db.tenant({ orgId: a.id }, async (tx) => {
      await count(a.id, tx.db);
      await tx.db.insertInto("incidents").values({ org_id: a.id, ref: "A-3", title: "rolled back" }).execute();
      throw new Error("boom");
    }),
    /boom/,
  );
  await assert.rejects(env.tp.p.db.tenant({ orgId: a.id }, (tx) => tx.db.insertInto("incidents").values({ org_id: b.id, ref: "B-9", title: "planted" }).execute()), /row-level security/);
  assert.equal((await count(a.id, env.tp.p.db.system)).n, "1");
  assert.equal((await count(b.id, env.tp.p.db.system)).n, "0");
  // The connections are clean afterwards: no open transaction, no settings.
  const after = await Promise.all(Array.from({ length: 12 }, () => sql<{ s: string | null }>`SELECT current_setting('sokuho.org_id', true) AS s`.execute(env.tp.p.db.app)));
  for (const r of after) assert.ok(!r.rows[0]!.s);
});
