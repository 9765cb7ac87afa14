/**
 * The second wall: PostgreSQL row-level security alone, with no WHERE in the query, keeps one organisation's rows
 * from another, through the application role the server uses.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { sql } from "kysely";
import { testPlatform, type TestPlatform } from "../support/platform.js";
import { makeMember, makeOrg } from "../support/factories.js";

let tp: TestPlatform;
let a: string;
let b: string;

before(async () => {
  tp = await testPlatform({ jobs: false });
  a = (await makeOrg(tp.p, "company")).id;
  b = (await makeOrg(tp.p, "company")).id;
  await makeMember(tp.p, a, "org-admin");
  await makeMember(tp.p, b, "org-admin");
  for (const org of [a, b]) {
    await tp.p.db.system.insertInto("incidents").values({ org_id: org, ref: "INC-1", title: `secret of ${org}` }).execute();
  }
});
after(() => tp.close());

test("the application role is neither superuser nor exempt from RLS", async () => {
  const r = await tp.p.db.tenant({ orgId: a }, (tx) =>
    sql<{ role: string; su: boolean; bypass: boolean }>`SELECT current_user AS role, r.rolsuper AS su, r.rolbypassrls AS bypass FROM pg_roles r WHERE r.rolname = current_user`.execute(tx.db));
  assert.deepEqual(r.rows[0], { role: "sokuho_app", su: false, bypass: false });
});

test("a SELECT without WHERE returns only the acting organisation's rows", async () => {
  for (const [org, other] of [[a, b], [b, a]] as const) {
    const rows = await tp.p.db.tenant({ orgId: org }, (tx) => sql<{ org_id: string }>`SELECT org_id FROM incidents`.execute(tx.db));
    assert.deepEqual(rows.rows.map((r) => r.org_id), [org]);
    const members = await tp.p.db.tenant({ orgId: org }, (tx) => sql<{ org_id: string }>`SELECT org_id FROM memberships`.execute(tx.db));
    assert.ok(members.rows.every((r) => r.org_id === org));
    const audit = await tp.p.db.tenant({ orgId: org }, (tx) => sql<{ org_id: string }>`SELECT DISTINCT org_id FROM audit_events`.execute(tx.db));
    assert.ok(!audit.rows.some((r) => r.org_id === other));
  }
});

test("with no organisation set, tenant tables are empty", async () => {
  const r = await tp.p.db.app.transaction().execute((trx) => sql<{ n: number }>`SELECT count(*)::int AS n FROM incidents`.execute(trx));
  assert.equal(r.rows[0]!.n, 0);
});

test("another organisation's rows cannot be updated, deleted or inserted", async () => {
  await tp.p.db.tenant({ orgId: a }, async (tx) => {
    const upd = await sql`UPDATE incidents SET title = 'pwned' WHERE org_id = ${b}`.execute(tx.db);
    assert.equal(Number(upd.numAffectedRows), 0);
    const del = await sql`DELETE FROM incidents WHERE org_id = ${b}`.execute(tx.db);
    assert.equal(Number(del.numAffectedRows), 0);
  });
  await assert.rejects(
    tp.p.db.tenant({ orgId: a }, (tx) => sql`INSERT INTO incidents (org_id, ref, title) VALUES (${b}, 'X', 'planted')`.execute(tx.db)),
    /row-level security/,
  );
  const still = await tp.p.db.system.selectFrom("incidents").select("title").where("org_id", "=", b).executeTakeFirstOrThrow();
  assert.equal(still.title, `secret of ${b}`);
});

test("the application role cannot touch sessions, reset tokens, or edit the audit log", async () => {
  for (const q of [sql`SELECT * FROM sessions`, sql`SELECT * FROM password_resets`, sql`UPDATE audit_events SET action = 'x'`, sql`DELETE FROM audit_events`]) {
    await assert.rejects(tp.p.db.tenant({ orgId: a }, (tx) => q.execute(tx.db)), /permission denied/);
  }
});

test("every table with an org_id has row-level security on", async () => {
  const r = await sql<{ table_name: string; rls: boolean }>`
    SELECT c.table_name, t.relrowsecurity AS rls
      FROM information_schema.columns c JOIN pg_class t ON t.relname = c.table_name AND t.relkind = 'r'
     WHERE c.table_schema = 'public' AND c.column_name = 'org_id'`.execute(tp.p.db.system);
  assert.ok(r.rows.length >= 10);
  assert.deepEqual(r.rows.filter((x) => !x.rls).map((x) => x.table_name), []);
});
