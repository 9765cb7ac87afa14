/**
 * The audit log: every write has its row in the same transaction; the chain is verified; a row edited, deleted
 * or reordered by hand in SQL makes `sokuho audit verify` fail and name it.
 */
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { testApi, testPlatform, TEST_SECRET_HEX, type TestPlatform } from "../support/platform.js";
import { makeOrg, signedIn, type Session } from "../support/factories.js";
import type { Api } from "../../src/platform/http/server.js";

const run = promisify(execFile);
let tp: TestPlatform;
let app: Api;
let orgId: string;
let admin: Session;

const cli = async (args: string[]) => {
  try {
    const r = await run(process.execPath, ["bin/sokuho.js", ...args], {
      env: { ...process.env, DATABASE_URL: tp.databaseUrl, SOKUHO_SECRET_KEY: TEST_SECRET_HEX, SOKUHO_DATA_DIR: tp.config.dataDir, SOKUHO_LOG_LEVEL: "silent" },
    });
    return { code: 0, stdout: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
};

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  admin = await signedIn(tp.p, app, orgId, "org-admin");
  for (const title of ["one", "two", "three"]) {
    await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: admin.headers, payload: { title } });
  }
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("recording", () => {
  test("each write records actor, action, object, before/after, request id and IP", async () => {
    const res = await app.inject({ method: "PATCH", url: `/api/v1/orgs/${orgId}/incidents/${await firstIncident()}`, headers: admin.headers, payload: { severity: "critical" } });
    const requestId = res.headers["x-request-id"];
    const log = await app.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/audit?limit=1`, headers: admin.headers });
    const [ev] = (log.json() as { events: Array<Record<string, unknown>> }).events;
    assert.equal(ev!.action, "incident.update");
    assert.equal(ev!.actorUserId, admin.userId);
    assert.equal(ev!.requestId, requestId);
    assert.equal(ev!.ip, "127.0.0.1");
    assert.equal((ev!.before as { severity: string }).severity, "medium");
    assert.equal((ev!.after as { severity: string }).severity, "critical");
  });

  test("personal data is redacted in before/after", async () => {
    await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/members`, headers: admin.headers, payload: { email: "new.person@example.jp", displayName: "新人 太郎", role: "viewer" } });
    const rows = await tp.p.db.system.selectFrom("audit_events").select(["before", "after"]).where("org_id", "=", orgId).execute();
    const text = JSON.stringify(rows);
    assert.ok(!text.includes("new.person@example.jp") && !text.includes("新人"), "no email or name in the audit log");
  });

  test("a write that rolls back leaves no audit row", async () => {
    const count = async () => Number((await tp.p.db.system.selectFrom("audit_events").select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow()).n);
    const n = await count();
    await assert.rejects(
      tp.p.db.systemTx(async (tx) => {
        await tp.p.audit.record(tx, { actor: { userId: null, orgId: null } }, { orgId, action: "test.rollback", objectType: "test" });
        throw new Error("boom");
      }),
    );
    assert.equal(await count(), n);
  });

  test("concurrent writes keep one unbroken chain", async () => {
    await Promise.all(Array.from({ length: 12 }, (_, i) =>
      app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: admin.headers, payload: { title: `parallel ${i}` } })));
    const r = await tp.p.audit.verify(tp.p.db.system, orgId);
    assert.deepEqual(r.problems, []);
  });

  test("export gives JSON lines, oldest first", async () => {
    const res = await app.inject({ method: "GET", url: `/api/v1/orgs/${orgId}/audit/export`, headers: admin.headers });
    assert.match(String(res.headers["content-type"]), /ndjson/);
    const seqs = res.body.trim().split("\n").map((l) => Number((JSON.parse(l) as { seq: string }).seq));
    assert.deepEqual(seqs, seqs.map((_, i) => i + 1));
  });
});

const firstIncident = async () =>
  (await tp.p.db.system.selectFrom("incidents").select("id").where("org_id", "=", orgId).orderBy("created_at").executeTakeFirstOrThrow()).id;

describe("tampering by hand in SQL", () => {
  let snapshot: Array<Record<string, unknown>>;
  let head: Record<string, unknown>;

  beforeEach(async () => {
    const v = await cli(["audit", "verify", "--json"]);
    assert.equal(v.code, 0, v.stdout);
    snapshot = await tp.p.db.system.selectFrom("audit_events").selectAll().where("org_id", "=", orgId).orderBy("seq").execute() as never;
    head = (await tp.p.db.system.selectFrom("audit_heads").selectAll().where("org_id", "=", orgId).executeTakeFirstOrThrow()) as never;
  });

  /** Puts the chain back as it was, so each case starts intact. */
  const restore = async () => {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_events_advance`.execute(tp.p.db.system);
    await tp.p.db.system.deleteFrom("audit_events").where("org_id", "=", orgId).execute();
    await tp.p.db.system.insertInto("audit_events").values(snapshot as never).execute();
    await tp.p.db.system.updateTable("audit_heads").set(head as never).where("org_id", "=", orgId).execute();
    await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_events_advance`.execute(tp.p.db.system);
  };

  const row = (seq: number) => snapshot.find((r) => Number(r.seq) === seq)!;

  test("an UPDATE of a row's content is found and the row named", async () => {
    await sql`UPDATE audit_events SET after = '{"title":"forged"}' WHERE id = ${row(2).id}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify"]);
    assert.equal(v.code, 1, v.stdout);
    assert.match(v.stdout, new RegExp(`seq 2 row ${row(2).id}: edited`));
    await restore();
  });

  test("a DELETE in the middle is found", async () => {
    await sql`DELETE FROM audit_events WHERE id = ${row(3).id}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify", "--json"]);
    assert.equal(v.code, 1);
    const out = JSON.parse(v.stdout) as { problems: Array<{ seq: string; kind: string }> };
    assert.ok(out.problems.some((p) => p.seq === "4" && p.kind === "missing"));
    await restore();
  });

  test("deleting the newest row is found through the chain head", async () => {
    const last = snapshot[snapshot.length - 1]!;
    await sql`DELETE FROM audit_events WHERE id = ${last.id}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify", "--json"]);
    assert.equal(v.code, 1);
    assert.ok((JSON.parse(v.stdout) as { problems: Array<{ kind: string }> }).problems.some((p) => p.kind === "head-mismatch"));
    await restore();
  });

  test("reordering two rows is found", async () => {
    await sql`UPDATE audit_events SET seq = -1 WHERE id = ${row(2).id}`.execute(tp.p.db.system);
    await sql`UPDATE audit_events SET seq = 2 WHERE id = ${row(3).id}`.execute(tp.p.db.system);
    await sql`UPDATE audit_events SET seq = 3 WHERE id = ${row(2).id}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify"]);
    assert.equal(v.code, 1);
    assert.match(v.stdout, new RegExp(`row ${row(3).id}`));
    await restore();
  });

  test("a forged row with a plain SHA-256 hash does not pass: the chain is keyed", async () => {
    await sql`UPDATE audit_events SET action = 'incident.delete', hash = sha256(prev_hash) WHERE id = ${row(2).id}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify"]);
    assert.equal(v.code, 1);
    await restore();
  });

  test("an insert that does not extend the head is refused by the database", async () => {
    await assert.rejects(
      sql`INSERT INTO audit_events (org_id, seq, occurred_at, action, object_type, prev_hash, hash) VALUES (${orgId}, 999, now(), 'x', 'x', '\\x00', '\\x00')`.execute(tp.p.db.system),
      /audit chain/,
    );
  });

  test("deleting the newest rows and rewinding the head to match is found: the head's signature is the server's", async () => {
    const keep = snapshot[snapshot.length - 3]!;
    await sql`DELETE FROM audit_events WHERE org_id = ${orgId} AND seq > ${keep.seq}`.execute(tp.p.db.system);
    await sql`UPDATE audit_heads SET seq = ${keep.seq}, hash = ${keep.hash} WHERE org_id = ${orgId}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify", "--json"]);
    assert.equal(v.code, 1, v.stdout);
    const problems = (JSON.parse(v.stdout) as { problems: Array<{ orgId: string; seq: string; kind: string; detail: string }> }).problems;
    assert.deepEqual(problems.map((p) => [p.orgId, p.seq, p.kind]), [[orgId, String(keep.seq), "head-signature"]]);
    assert.match(problems[0]!.detail, /signature does not match/);
    await restore();
  });

  test("a head whose signature was copied from another organisation does not pass", async () => {
    const other = (await makeOrg(tp.p, "company")).id;
    const keep = snapshot[0]!;
    await sql`DELETE FROM audit_events WHERE org_id = ${orgId} AND seq > 1`.execute(tp.p.db.system);
    await sql`UPDATE audit_heads SET seq = 1, hash = ${keep.hash}, sig = (SELECT sig FROM audit_heads WHERE org_id = ${other}) WHERE org_id = ${orgId}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify"]);
    assert.equal(v.code, 1, v.stdout);
    assert.match(v.stdout, new RegExp(`org ${orgId} seq 1 row -: head-signature`));
    await restore();
  });

  test("deleting an organisation's whole chain and head is found and the organisation named", async () => {
    await sql`DELETE FROM audit_events WHERE org_id = ${orgId}`.execute(tp.p.db.system);
    await sql`DELETE FROM audit_heads WHERE org_id = ${orgId}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify"]);
    assert.equal(v.code, 1, v.stdout);
    assert.match(v.stdout, new RegExp(`org ${orgId} seq 0 row -: no-chain — the organisation has no audit rows and no chain head`));
    await sql`INSERT INTO audit_heads (org_id, seq, hash, sig) VALUES (${orgId}, ${head.seq}, ${head.hash}, ${head.sig})`.execute(tp.p.db.system);
    await restore();
  });

  test("an anchor proves a rewind that replays an old signed head", async () => {
    // Someone kept a copy of an older head (a backup, a replica): its signature is genuine.
    const old = await tp.p.db.system.selectFrom("audit_heads").selectAll().where("org_id", "=", orgId).executeTakeFirstOrThrow();
    await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: admin.headers, payload: { title: "before the anchor" } });
    const file = join(tp.config.dataDir, "anchor.json");
    const made = await cli(["audit", "anchor", "--out", file, "--json"]);
    assert.equal(made.code, 0, made.stdout);
    const anchored = (JSON.parse(readFileSync(file, "utf8")) as { heads: Array<{ orgId: string; seq: string }> }).heads.find((h) => h.orgId === orgId)!;
    assert.equal(BigInt(anchored.seq), BigInt(old.seq) + 1n);
    assert.equal((await cli(["audit", "verify", "--anchor", file])).code, 0, "an anchor of the current state holds");
    await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/incidents`, headers: admin.headers, payload: { title: "after the anchor" } });
    assert.equal((await cli(["audit", "verify", "--anchor", file])).code, 0, "rows written after the anchor are fine");

    await sql`DELETE FROM audit_events WHERE org_id = ${orgId} AND seq > ${old.seq}`.execute(tp.p.db.system);
    await sql`UPDATE audit_heads SET seq = ${old.seq}, hash = ${old.hash}, sig = ${old.sig} WHERE org_id = ${orgId}`.execute(tp.p.db.system);
    assert.equal((await cli(["audit", "verify"])).code, 0, "without an anchor a replayed head cannot be told apart");
    const v = await cli(["audit", "verify", "--anchor", file, "--json"]);
    assert.equal(v.code, 1, v.stdout);
    const problems = (JSON.parse(v.stdout) as { problems: Array<{ orgId: string; kind: string; detail: string }> }).problems;
    assert.deepEqual(problems.map((p) => [p.orgId, p.kind, p.detail]),
      [[orgId, "rewound", `the chain head is at seq ${old.seq}, below the anchored seq ${anchored.seq}`]]);
    await restore();
  });

  test("an anchor whose head was rewritten after it, or an edited anchor file, fails", async () => {
    const file = join(tp.config.dataDir, "anchor2.json");
    await cli(["audit", "anchor", "--out", file]);
    const a = JSON.parse(readFileSync(file, "utf8")) as { heads: Array<{ orgId: string; seq: string; hash: string }> };
    const mine = a.heads.find((h) => h.orgId === orgId)!;
    await sql`UPDATE audit_events SET hash = sha256(hash) WHERE org_id = ${orgId} AND seq = ${mine.seq}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify", "--anchor", file]);
    assert.equal(v.code, 1);
    assert.match(v.stdout, new RegExp(`org ${orgId} seq ${mine.seq} row -: rewound — the row at the anchored seq ${mine.seq} differs`));
    await restore();

    mine.seq = String(BigInt(mine.seq) - 1n);
    writeFileSync(file, JSON.stringify(a));
    const edited = await cli(["audit", "verify", "--anchor", file]);
    assert.equal(edited.code, 1);
    assert.match(edited.stdout, /head-signature — the anchored head's signature does not match/);
  });

  test("heads left unsigned by the upgrade fail verify until sign-heads signs them, and only where the chain holds", async () => {
    await sql`UPDATE audit_heads SET sig = NULL WHERE org_id = ${orgId}`.execute(tp.p.db.system);
    const v = await cli(["audit", "verify"]);
    assert.equal(v.code, 1);
    assert.match(v.stdout, new RegExp(`org ${orgId} seq ${head.seq} row -: head-signature — the chain head is not signed`));
    await sql`UPDATE audit_events SET after = '{"title":"forged"}' WHERE id = ${row(2).id}`.execute(tp.p.db.system);
    const refused = await cli(["audit", "sign-heads", "--json"]);
    assert.equal(refused.code, 1, "a broken chain is not signed");
    await sql`UPDATE audit_events SET after = ${JSON.stringify(row(2).after)}::jsonb WHERE id = ${row(2).id}`.execute(tp.p.db.system);
    const signed = await cli(["audit", "sign-heads", "--json"]);
    assert.equal(signed.code, 0, signed.stdout);
    assert.deepEqual((JSON.parse(signed.stdout) as { signed: string[] }).signed, [orgId]);
    assert.equal((await cli(["audit", "verify"])).code, 0);
    await restore();
  });
});
