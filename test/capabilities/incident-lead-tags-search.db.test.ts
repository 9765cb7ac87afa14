/**
 * What responders from TheHive, DFIR-IRIS or PagerDuty expect on an incident: a lead from the owning
 * organisation ("assigned to me"), free tags, free-text search (Japanese substrings too), and an activity stream
 * in words built from the audit rows of the incident's objects.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { testApi, testPlatform, type TestPlatform } from "../support/platform.js";
import { makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import { sql } from "kysely";
import type { Api } from "../../src/platform/http/server.js";

let tp: TestPlatform;
let app: Api;
let orgId: string;
let otherOrgId: string;
let s: Session;
let other: Session;

type Incident = { id: string; title: string; tags: string[]; lead: { id: string; name: string } | null };
type Err = { error: { code: string; field: string } };
type Entry = {
  kind: string; actor: { id: string; name: string } | null; object: { label: string | null; tab: string; anchor: string | null };
  clock: string | null; changes: Array<{ field: string; from: string | null; to: string | null }>; lead?: { id: string; name: string } | null;
};

before(async () => {
  tp = await testPlatform({ jobs: false });
  app = await testApi(tp.p);
  orgId = (await makeOrg(tp.p, "company")).id;
  otherOrgId = (await makeOrg(tp.p, "company")).id;
  s = await signedIn(tp.p, app, orgId, "responder");
  other = await signedIn(tp.p, app, otherOrgId, "org-admin");
});
after(async () => {
  await app.close();
  await tp.close();
});

const create = async (payload: Record<string, unknown>, session = s, org = orgId) => {
  const r = await app.inject({ method: "POST", url: `/api/v1/orgs/${org}/incidents`, headers: session.headers, payload });
  return r;
};
const list = async (query: string, session = s, org = orgId): Promise<Incident[]> => {
  const r = await app.inject({ url: `/api/v1/orgs/${org}/incidents${query}`, headers: session.headers });
  assert.equal(r.statusCode, 200, r.body);
  return (r.json() as { incidents: Incident[] }).incidents;
};
const patch = (id: string, payload: Record<string, unknown>, session = s) =>
  app.inject({ method: "PATCH", url: `/api/v1/orgs/${orgId}/incidents/${id}`, headers: session.headers, payload });

describe("the incident lead", () => {
  test("a member of the owning organisation can lead; the list filters 'assigned to me'", async () => {
    const mine = (await create({ title: "lead: mine", leadUserId: s.userId })).json() as { incident: Incident };
    assert.equal(mine.incident.lead?.id, s.userId);
    assert.equal(mine.incident.lead?.name, "テスト responder", "the name comes from the users table");
    const colleague = await makeMember(tp.p, orgId, "ciso");
    const theirs = (await create({ title: "lead: theirs" })).json() as { incident: Incident };
    const set = await patch(theirs.incident.id, { leadUserId: colleague.userId });
    assert.equal(set.statusCode, 200, set.body);
    const assigned = await list("?lead=me");
    assert.deepEqual(assigned.map((i) => i.title), ["lead: mine"]);
    assert.deepEqual((await list(`?lead=${colleague.userId}`)).map((i) => i.title), ["lead: theirs"]);
    const cleared = (await patch(theirs.incident.id, { leadUserId: null })).json() as { incident: Incident };
    assert.equal(cleared.incident.lead, null);
  });

  test("someone of another organisation, or an unknown id, cannot lead: 400 naming the field, never a 500", async () => {
    const inc = (await create({ title: "lead: refused" })).json() as { incident: Incident };
    for (const leadUserId of [other.userId, "00000000-0000-4000-8000-000000000000"]) {
      const r = await patch(inc.incident.id, { leadUserId });
      assert.equal(r.statusCode, 400, r.body);
      assert.deepEqual([(r.json() as Err).error.code, (r.json() as Err).error.field], ["lead_not_member", "body.leadUserId"]);
    }
    const onCreate = await create({ title: "x", leadUserId: other.userId });
    assert.equal(onCreate.statusCode, 400);
    assert.equal((await patch(inc.incident.id, { leadUserId: "not-a-uuid" })).statusCode, 400);
  });

  test("removing the member from the organisation clears the lead at once", async () => {
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const leaving = await makeMember(tp.p, orgId, "responder");
    const inc = (await create({ title: "lead: leaving", leadUserId: leaving.userId })).json() as { incident: Incident };
    const removed = await app.inject({ method: "DELETE", url: `/api/v1/orgs/${orgId}/members/${leaving.membershipId}`, headers: admin.headers });
    assert.equal(removed.statusCode, 204, removed.body);
    const after = (await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${inc.incident.id}`, headers: s.headers })).json() as { incident: Incident };
    assert.equal(after.incident.lead, null);
  });
});

describe("tags and search", () => {
  test("tags are normalised and filter the list", async () => {
    const r = await create({ title: "tagged", tags: ["ＰｌｕｇＸ", " 標的型メール ", "PlugX"] });
    assert.equal(r.statusCode, 201, r.body);
    assert.deepEqual((r.json() as { incident: Incident }).incident.tags, ["PlugX", "標的型メール"]);
    assert.deepEqual((await list("?tag=PlugX")).map((i) => i.title), ["tagged"]);
    assert.deepEqual((await list(`?tag=${encodeURIComponent("標的型メール")}`)).map((i) => i.title), ["tagged"]);
    assert.equal((await create({ title: "x", tags: ["a".repeat(41)] })).statusCode, 400);
    assert.equal((await create({ title: "x", tags: Array.from({ length: 21 }, (_, i) => `t${i}`) })).statusCode, 400);
  });

  test("free text finds Japanese substrings in title, summary, tags and the ref; wildcards are literal", async () => {
    await create({ title: "予約サーバーからの不審な外部通信", summary: "ファイアウォールで宛先を遮断済み", tags: ["egress"] });
    await create({ title: "会員サイトへのリスト型攻撃", summary: "100% 同じ IP から" });
    const titles = async (q: string) => (await list(`?q=${encodeURIComponent(q)}`)).map((i) => i.title).sort();
    assert.deepEqual(await titles("不審な外部"), ["予約サーバーからの不審な外部通信"]);
    assert.deepEqual(await titles("遮断"), ["予約サーバーからの不審な外部通信"], "two characters: no trigram, still found");
    assert.deepEqual(await titles("EGRESS"), ["予約サーバーからの不審な外部通信"], "tags, case-insensitive");
    assert.deepEqual(await titles("リスト型"), ["会員サイトへのリスト型攻撃"]);
    assert.deepEqual(await titles("100%"), ["会員サイトへのリスト型攻撃"]);
    assert.deepEqual(await titles("%"), ["会員サイトへのリスト型攻撃"], "% is a character, not 'anything'");
    assert.deepEqual(await titles("_"), []);
    const nul = await app.inject({ url: `/api/v1/orgs/${orgId}/incidents?q=%00`, headers: s.headers });
    assert.equal(nul.statusCode, 400, "NUL in the search is bad input, never a 500");
    const ref = (await list("?q=INC-")).length;
    assert.ok(ref >= 2, "refs are searched");
  });

  test("search never reaches another organisation's incidents", async () => {
    await create({ title: "他社の秘密インシデント" }, other, otherOrgId);
    assert.deepEqual(await list(`?q=${encodeURIComponent("他社の秘密")}`), []);
    const theirs = await list(`?q=${encodeURIComponent("他社の秘密")}`, other, otherOrgId);
    assert.equal(theirs.length, 1);
  });

  test("the search expression is the one the trigram index serves", async () => {
    const plan = await tp.p.db.systemTx(async (tx) => {
      // a handful of rows would be scanned anyway: forbid that to see that the index matches the expression
      await sql`SET LOCAL enable_seqscan = off`.execute(tx.db);
      return sql<{ "QUERY PLAN": string }>`EXPLAIN SELECT id FROM incidents
        WHERE sokuho_incident_search_text(incidents.ref, incidents.title, incidents.summary, incidents.tags) ILIKE '%不審な外部通信%'`.execute(tx.db);
    });
    assert.match(plan.rows.map((r) => r["QUERY PLAN"]).join("\n"), /incidents_search/);
    // and that the index narrows Japanese: trigrams are taken from kana and kanji, not only from ASCII words
    const n = await sql<{ n: number }>`SELECT cardinality(show_trgm('不審な外部通信')) AS n`.execute(tp.p.db.system);
    assert.ok(n.rows[0]!.n >= 5, `trigrams of a Japanese phrase: ${n.rows[0]!.n}`);
  });
});

describe("the activity stream", () => {
  test("tells what happened in words, by whom (named from users), linked to each object; no internal names", async () => {
    const inc = ((await create({ title: "activity" })).json() as { incident: Incident }).incident;
    const base = `/api/v1/orgs/${orgId}/incidents/${inc.id}`;
    await app.inject({ method: "PUT", url: `${base}/clocks/detected`, headers: s.headers, payload: { at: new Date(Date.now() - 3_600_000).toISOString(), evidence: "SOC" } });
    const d = await app.inject({
      method: "POST", url: `${base}/decisions`, headers: s.headers,
      payload: { kind: "other", title: "外部通信の遮断", authorityRole: "CISO", decidedBy: "x", decision: "遮断する", decidedAt: new Date(Date.now() - 1_800_000).toISOString() },
    });
    assert.equal(d.statusCode, 201, d.body);
    await patch(inc.id, { status: "triage", leadUserId: s.userId });
    const r = await app.inject({ url: `${base}/activity`, headers: s.headers });
    assert.equal(r.statusCode, 200, r.body);
    const entries = (r.json() as { entries: Entry[] }).entries;
    assert.deepEqual(entries.map((e) => e.kind), ["incident_updated", "timeline_added", "decision_recorded", "clock_set", "incident_created"]);
    const decision = entries[2]!;
    assert.equal(decision.object.label, "外部通信の遮断");
    assert.equal(decision.object.tab, "decisions");
    assert.match(decision.object.anchor ?? "", /^decision-[0-9a-f-]{36}$/);
    assert.equal(decision.actor?.name, "テスト responder");
    assert.deepEqual([entries[3]!.clock, entries[3]!.object.tab, entries[3]!.object.anchor], ["detected", "clocks", "clock-detected"]);
    assert.deepEqual(entries[0]!.changes.find((c) => c.field === "status"), { field: "status", from: "detected", to: "triage" });
    assert.equal(entries[0]!.lead?.name, "テスト responder");
    assert.doesNotMatch(r.body, /incident\.update|decision\.add|"action"/, "no internal action names");
  });

  test("a renamed person shows with the new name: names are read when shown, not kept in audit rows", async () => {
    const inc = ((await create({ title: "rename" })).json() as { incident: Incident }).incident;
    await tp.p.db.system.updateTable("users").set({ display_name: "改名 後" }).where("id", "=", s.userId).execute();
    const entries = ((await app.inject({ url: `/api/v1/orgs/${orgId}/incidents/${inc.id}/activity`, headers: s.headers })).json() as { entries: Entry[] }).entries;
    assert.equal(entries[0]!.actor?.name, "改名 後");
    const audit = await tp.p.db.system.selectFrom("audit_events").select(["before", "after"]).where("object_id", "=", inc.id).execute();
    assert.doesNotMatch(JSON.stringify(audit), /改名|テスト responder/);
  });

  test("pages with before, and a bad cursor is a 400", async () => {
    const inc = ((await create({ title: "paging" })).json() as { incident: Incident }).incident;
    for (const sev of ["low", "high", "critical"]) await patch(inc.id, { severity: sev });
    const base = `/api/v1/orgs/${orgId}/incidents/${inc.id}/activity`;
    const first = (await app.inject({ url: `${base}?limit=2`, headers: s.headers })).json() as { entries: Entry[]; nextBefore: string | null };
    assert.equal(first.entries.length, 2);
    assert.ok(first.nextBefore);
    const second = (await app.inject({ url: `${base}?limit=2&before=${first.nextBefore}`, headers: s.headers })).json() as { entries: Entry[] };
    assert.deepEqual(second.entries.map((e) => e.kind), ["incident_updated", "incident_created"]);
    for (const bad of ["before=99999999999999999999999999", "before=-1", "limit=0", "limit=abc"]) {
      assert.equal((await app.inject({ url: `${base}?${bad}`, headers: s.headers })).statusCode, 400, bad);
    }
  });

  test("a vendor with a grant reads the incident's activity; another organisation gets 404", async () => {
    const inc = ((await create({ title: "vendor activity" })).json() as { incident: Incident }).incident;
    const vendor = await makeOrg(tp.p, "vendor");
    const admin = await signedIn(tp.p, app, orgId, "org-admin");
    const g = await app.inject({ method: "POST", url: `/api/v1/orgs/${orgId}/grants`, headers: admin.headers, payload: { vendorOrgId: vendor.id, incidentId: inc.id, access: "read", expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    assert.equal(g.statusCode, 201, g.body);
    const v = await signedIn(tp.p, app, vendor.id, "vendor-responder");
    const r = await app.inject({ url: `/api/v1/orgs/${vendor.id}/incidents/${inc.id}/activity`, headers: v.headers });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok((r.json() as { entries: Entry[] }).entries.some((e) => e.kind === "access_granted"));
    const denied = await app.inject({ url: `/api/v1/orgs/${otherOrgId}/incidents/${inc.id}/activity`, headers: other.headers });
    assert.equal(denied.statusCode, 404);
  });
});
