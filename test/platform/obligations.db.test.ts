/**
 * Obligations on the platform: rule sets loaded at start (a bad file stops it), facts suggested and overridden
 * (audited), evaluations with history, filings that count once the CISO signs off, reports to the supervising
 * regulator and its inbox (nobody else's), orders to every supervised company, and reminders raised once each.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testApi, testPlatform, TEST_SECRET_HEX, type TestPlatform } from "../support/platform.js";
import { login, makeMember, makeOrg, signedIn, type Session } from "../support/factories.js";
import { freshDatabaseUrl } from "../support/db.js";
import type { Api } from "../../src/platform/http/server.js";
import { loadConfig } from "../../src/platform/config/config.js";
import { startServer } from "../../src/cli/serve.js";
import { createOrgService } from "../../src/capabilities/orgs/service.js";
import { DEFAULT_RULES_DIR, RuleSetError } from "../../src/capabilities/obligations/load.js";
import { createObligationService, obligationEvents, type ObligationReminder } from "../../src/capabilities/obligations/service.js";

let clock = Date.now();
let tp: TestPlatform;
let app: Api;
const ids = { A: "", A2: "", B: "", R1: "", R2: "", incident: "" };
let ciso: Session;
let responder: Session;
let officer1: Session;
let officer2: Session;
let adminB: Session;

type View = {
  facts: { fields: { field: string; value: unknown; source: string; suggestedFrom: string | null }[]; missing: string[]; complete: boolean };
  evaluation: { obligations: { id: string; kind: string; required: boolean; status: string; dueAt: string | null; authority: string }[] } | null;
  history: { cause: string; changes: { id: string; change: string }[] }[];
  filings: { id: string; obligationId: string; signedOffAt: string | null }[];
  policies: Record<string, boolean>;
};

const url = (org: string, rest: string) => `/api/v1/orgs/${org}${rest}`;
const call = async (s: Session, method: "GET" | "POST" | "PUT", path: string, payload?: object) =>
  app.inject({ method, url: path, headers: s.headers, ...(payload ? { payload } : {}) });

before(async () => {
  tp = await testPlatform({ jobs: false, now: () => new Date(clock) });
  app = await testApi(tp.p);
  const orgs = createOrgService(tp.p);
  const [A, A2, B, R1, R2] = [await makeOrg(tp.p, "company", "Alpha"), await makeOrg(tp.p, "company", "Alpha2"), await makeOrg(tp.p, "company", "Bravo"),
    await makeOrg(tp.p, "regulator", "Reg1"), await makeOrg(tp.p, "regulator", "Reg2")];
  Object.assign(ids, { A: A.id, A2: A2.id, B: B.id, R1: R1.id, R2: R2.id });
  await orgs.relate(A.id, R1.id, "supervised_by");
  await orgs.relate(A2.id, R1.id, "supervised_by");
  await orgs.relate(B.id, R2.id, "supervised_by");
  ciso = await signedIn(tp.p, app, A.id, "ciso");
  responder = await login(app, (await makeMember(tp.p, A.id, "responder")).email);
  officer1 = await signedIn(tp.p, app, R1.id, "regulator-officer");
  officer2 = await signedIn(tp.p, app, R2.id, "regulator-officer");
  adminB = await signedIn(tp.p, app, B.id, "org-admin");
  const inc = await call(ciso, "POST", url(A.id, "/incidents"), { title: "leak", category: "unauthorized_access" });
  ids.incident = (inc.json() as { incident: { id: string } }).incident.id;
});
after(async () => {
  await app.close();
  await tp.close();
});

describe("start", () => {
  test("an invalid rule file stops the start, naming the file, the rule and the field", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sokuho-rules-"));
    cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
    const file = "jp-appi@2024-04-01.json";
    const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as { obligations: { id: string; kind: string }[] };
    json.obligations[0]!.kind = "no_such_kind";
    writeFileSync(join(dir, file), JSON.stringify(json));
    const dataDir = mkdtempSync(join(tmpdir(), "sokuho-data-"));
    const config = loadConfig(
      { DATABASE_URL: await freshDatabaseUrl(), SOKUHO_SECRET_KEY: TEST_SECRET_HEX, SOKUHO_LOG_LEVEL: "silent", SOKUHO_DEMO_SEED: "false", SOKUHO_OBLIGATION_RULES_DIR: dir },
      { dataDir, maildir: join(dataDir, "mail"), port: 0 },
    );
    try {
      await assert.rejects(startServer(config, { quiet: true }), (err: unknown) => {
        assert.ok(err instanceof RuleSetError, String(err));
        assert.equal(err.file, file);
        assert.equal(err.rule, `obligation ${json.obligations[0]!.id}`);
        assert.equal(err.field, "kind");
        return true;
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("facts and evaluations", () => {
  test("facts are suggested from the clock and the category; without the number of people nothing is evaluated", async () => {
    const c = await call(ciso, "PUT", url(ids.A, `/incidents/${ids.incident}/clocks/leak_confirmed`), { at: new Date(clock - 86_400_000).toISOString() });
    assert.equal(c.statusCode, 200, c.body);
    const v = (await call(ciso, "GET", url(ids.A, `/incidents/${ids.incident}/obligations`))).json() as View;
    const known = v.facts.fields.find((f) => f.field === "knownAt")!;
    assert.equal(known.source, "suggested");
    assert.equal(known.suggestedFrom, "clock:leak_confirmed");
    assert.equal(v.facts.fields.find((f) => f.field === "wrongful")!.value, true);
    assert.deepEqual(v.facts.missing, ["people"]);
    assert.equal(v.evaluation, null);
  });

  test("confirming facts evaluates; an override of a suggestion is audited with the field, not personal data", async () => {
    const r = await call(responder, "PUT", url(ids.A, `/incidents/${ids.incident}/obligations/facts`), { values: { people: 1500, items: ["email", "passport_number"] } });
    assert.equal(r.statusCode, 200, r.body);
    const v = r.json() as View;
    assert.ok(v.facts.complete);
    const final = v.evaluation!.obligations.find((o) => o.kind === "final_report" && o.required)!;
    assert.ok(final, "a final report is required");
    const o = await call(responder, "PUT", url(ids.A, `/incidents/${ids.incident}/obligations/facts`), { values: { cause: "misconfiguration", wrongful: false } });
    const v2 = o.json() as View;
    assert.equal(v2.facts.fields.find((f) => f.field === "wrongful")!.source, "override");
    assert.equal(v2.history[0]!.cause, "facts");
    assert.ok(v2.history[0]!.changes.some((c) => c.id === final.id), `the 60-day final report became a 30-day one: ${JSON.stringify(v2.history[0])}`);
    const audit = await tp.p.db.system.selectFrom("audit_events").select(["action", "after"]).where("org_id", "=", ids.A).where("action", "like", "obligation.facts.%").execute();
    const override = audit.find((a) => a.action === "obligation.facts.override");
    // The audit row names the overridden fields; the values live in the facts (which can be corrected), not in the log.
    assert.deepEqual((override?.after as { changed: string[] }).changed, ["cause", "wrongful"]);
    // Back to the suggestion, then a clock change is its own cause in the history.
    await call(responder, "PUT", url(ids.A, `/incidents/${ids.incident}/obligations/facts`), { values: { cause: null, wrongful: null } });
    const suspected = new Date(clock - 2 * 86_400_000);
    const c = await call(ciso, "PUT", url(ids.A, `/incidents/${ids.incident}/clocks/leak_suspected`), { at: suspected.toISOString() });
    assert.equal(c.statusCode, 200, c.body);
    // Stored by the clock change itself, in its transaction: nobody has read the obligations since.
    const latest = () => tp.p.db.system.selectFrom("obligation_evaluations").select(["cause", "facts", "seq"])
      .where("incident_id", "=", ids.incident).orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
    const stored = await latest();
    assert.equal(stored.cause, "clock");
    assert.equal(new Date((stored.facts as { facts: { knownAt: string } }).facts.knownAt).getTime(), suspected.getTime());
    const v3 = (await call(ciso, "GET", url(ids.A, `/incidents/${ids.incident}/obligations`))).json() as View;
    assert.equal(v3.history[0]!.cause, "clock");
    assert.equal(v3.facts.fields.find((f) => f.field === "knownAt")!.suggestedFrom, "clock:leak_suspected");
    assert.equal((await latest()).seq, stored.seq, "a read stores nothing");
    // A clock the facts do not read stores nothing either.
    await call(ciso, "PUT", url(ids.A, `/incidents/${ids.incident}/clocks/detected`), { at: new Date(clock - 2 * 86_400_000 + 60_000).toISOString() });
    assert.equal((await latest()).seq, stored.seq);
  });

  test("two fact changes at once: both values kept, and the newest evaluation is computed from both", async () => {
    const path = url(ids.A, `/incidents/${ids.incident}/obligations/facts`);
    for (let round = 0; round < 4; round++) {
      const people = 2000 + round;
      const items = round % 2 === 0 ? ["email", "phone"] : ["email", "passport_number"];
      const [a, b] = await Promise.all([call(responder, "PUT", path, { values: { people } }), call(ciso, "PUT", path, { values: { items } })]);
      assert.equal(a.statusCode, 200, a.body);
      assert.equal(b.statusCode, 200, b.body);
      const facts = await tp.p.db.system.selectFrom("obligation_facts").select("values").where("incident_id", "=", ids.incident).executeTakeFirstOrThrow();
      const values = facts.values as Record<string, { value: unknown }>;
      assert.equal(values.people?.value, people, "no lost update");
      assert.deepEqual(values.items?.value, items, "no lost update");
      const last = await tp.p.db.system.selectFrom("obligation_evaluations").select("facts").where("incident_id", "=", ids.incident)
        .orderBy("seq", "desc").limit(1).executeTakeFirstOrThrow();
      const used = (last.facts as { facts: { people: number; items: string[] } }).facts;
      assert.equal(used.people, people);
      assert.deepEqual(used.items, items);
    }
    await call(responder, "PUT", path, { values: { people: 1500, items: ["email", "passport_number"] } });
  });

  test("an invalid fact is a 400 naming the field", async () => {
    const r = await call(responder, "PUT", url(ids.A, `/incidents/${ids.incident}/obligations/facts`), { values: { people: -1 } });
    assert.equal(r.statusCode, 400);
    assert.match((r.json() as { error: { field: string } }).error.field, /values\.people/);
    const u = await call(responder, "PUT", url(ids.A, `/incidents/${ids.incident}/obligations/facts`), { values: { orders: [] } });
    assert.equal(u.statusCode, 400, "orders come from regulators, not from the form");
  });

  test("a filing counts only once the CISO signs it off", async () => {
    const v = (await call(ciso, "GET", url(ids.A, `/incidents/${ids.incident}/obligations`))).json() as View;
    const prelim = v.evaluation!.obligations.find((o) => o.kind === "preliminary_report" && o.required)!;
    const f = await call(responder, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/filings`), { obligationId: prelim.id, filedAt: new Date(clock - 3_600_000).toISOString(), reference: "PPC-1" });
    assert.equal(f.statusCode, 201, f.body);
    const filed = f.json() as View;
    assert.notEqual(filed.evaluation!.obligations.find((o) => o.id === prelim.id)!.status, "filed");
    const filingId = filed.filings[0]!.id;
    const denied = await call(responder, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/filings/${filingId}/sign-off`));
    assert.equal(denied.statusCode, 403);
    const ok = await call(ciso, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/filings/${filingId}/sign-off`));
    assert.equal(ok.statusCode, 200, ok.body);
    const signed = ok.json() as View;
    assert.equal(signed.evaluation!.obligations.find((o) => o.id === prelim.id)!.status, "filed");
    assert.equal(signed.history[0]!.cause, "filing");
    const again = await call(ciso, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/filings/${filingId}/sign-off`));
    assert.equal(again.statusCode, 404, "a filing is signed off once");
    const future = await call(responder, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/filings`), { obligationId: prelim.id, filedAt: new Date(clock + 86_400_000).toISOString() });
    assert.equal(future.statusCode, 400);
  });
});

describe("the regulator's side", () => {
  let reportId = "";

  test("a company submits a report to its supervising regulator; only that regulator sees it in its inbox", async () => {
    const v = (await call(ciso, "GET", url(ids.A, `/incidents/${ids.incident}/obligations`))).json() as View;
    const prelim = v.evaluation!.obligations.find((o) => o.kind === "preliminary_report" && o.required)!;
    const denied = await call(responder, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/reports`), { obligationId: prelim.id, title: "速報", document: "{}" });
    assert.equal(denied.statusCode, 403);
    const notMine = await call(ciso, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/reports`), { obligationId: prelim.id, regulatorOrgId: ids.R2, title: "速報", document: "{}" });
    assert.equal(notMine.statusCode, 400, "only to a regulator that supervises the company");
    const r = await call(ciso, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/reports`), { obligationId: prelim.id, title: "速報", document: JSON.stringify({ items: 9 }) });
    assert.equal(r.statusCode, 201, r.body);
    reportId = (r.json() as { report: { id: string } }).report.id;

    const inbox = (await call(officer1, "GET", url(ids.R1, "/inbox"))).json() as { reports: { id: string }[]; obligations: { incidentId: string; status: string }[]; companies: { id: string }[] };
    assert.deepEqual(inbox.reports.map((x) => x.id), [reportId]);
    assert.ok(inbox.obligations.some((o) => o.incidentId === ids.incident));
    assert.deepEqual(inbox.companies.map((c) => c.id).sort(), [ids.A, ids.A2].sort());
    const filtered = (await call(officer1, "GET", url(ids.R1, `/inbox?company=${ids.A2}`))).json() as { reports: unknown[]; obligations: unknown[] };
    assert.deepEqual([filtered.reports.length, filtered.obligations.length], [0, 0]);
    const overdueOnly = (await call(officer1, "GET", url(ids.R1, "/inbox?status=filed"))).json() as { obligations: { status: string }[] };
    assert.ok(overdueOnly.obligations.every((o) => o.status === "filed"));

    const other = (await call(officer2, "GET", url(ids.R2, "/inbox"))).json() as { reports: unknown[]; obligations: unknown[] };
    assert.deepEqual([other.reports.length, other.obligations.length], [0, 0]);
    for (const [s, org] of [[officer2, ids.R2], [adminB, ids.B]] as const) {
      const g = await call(s, "GET", url(org, `/reports/${reportId}`));
      assert.equal(g.statusCode, 404, "another regulator or company does not see the report");
      const m = await call(s, "POST", url(org, `/reports/${reportId}/messages`), { body: "?" });
      assert.equal(m.statusCode, 404);
    }
    const companyInbox = await call(ciso, "GET", url(ids.A, "/inbox"));
    assert.equal(companyInbox.statusCode, 403, "a company has no inbox");
  });

  test("the officer's view of a report names the submitter (read as the platform); another regulator gets 404", async () => {
    const asOfficer = (await call(officer1, "GET", url(ids.R1, `/reports/${reportId}`))).json() as { report: { submittedBy: string | null } };
    assert.equal(asOfficer.report.submittedBy, "テスト ciso");
    const inbox = (await call(officer1, "GET", url(ids.R1, "/inbox"))).json() as { reports: { id: string; submittedBy: string | null }[] };
    assert.equal(inbox.reports.find((r) => r.id === reportId)?.submittedBy, "テスト ciso");
    const asCompany = (await call(ciso, "GET", url(ids.A, `/reports/${reportId}`))).json() as { report: { submittedBy: string | null } };
    assert.equal(asCompany.report.submittedBy, "テスト ciso");
    const other = await call(officer2, "GET", url(ids.R2, `/reports/${reportId}`));
    assert.equal(other.statusCode, 404);
    assert.ok(!other.body.includes("テスト"), "the 404 names nobody");
    // RLS still hides the company's users from the regulator: the name is read for the report, not copied anywhere.
    const users = await tp.p.db.tenant({ orgId: ids.R1, userId: officer1.userId }, (tx) => tx.db.selectFrom("users").select("id").where("id", "=", ciso.userId).execute());
    assert.equal(users.length, 0);
    const audit = await tp.p.db.system.selectFrom("audit_events").select(["before", "after"]).where("object_id", "=", reportId).execute();
    assert.ok(audit.length > 0 && audit.every((a) => !JSON.stringify(a).includes("テスト")), "no name in the report's audit rows");
  });

  test("row-level security alone keeps the report from another regulator", async () => {
    const seen = (org: string) => tp.p.db.tenant({ orgId: org, userId: null }, async (tx) =>
      (await tx.db.selectFrom("obligation_reports").select("id").execute()).length);
    assert.equal(await seen(ids.R1), 1);
    assert.equal(await seen(ids.R2), 0);
    assert.equal(await seen(ids.B), 0);
    const evals = (org: string) => tp.p.db.tenant({ orgId: org, userId: null }, async (tx) =>
      (await tx.db.selectFrom("obligation_evaluations").select("id").where("incident_id", "=", ids.incident).execute()).length);
    assert.ok((await evals(ids.R1)) > 0);
    assert.equal(await evals(ids.R2), 0);
  });

  test("a question-and-answer thread on the report", async () => {
    const q = await call(officer1, "POST", url(ids.R1, `/reports/${reportId}/messages`), { body: "原因を補足してください" });
    assert.equal(q.statusCode, 201, q.body);
    const a = await call(ciso, "POST", url(ids.A, `/reports/${reportId}/messages`), { body: "標的型メールです" });
    const thread = (a.json() as { messages: { body: string; authorOrgId: string }[] }).messages;
    assert.deepEqual(thread.map((m) => m.authorOrgId), [ids.R1, ids.A]);
    const g = (await call(officer1, "GET", url(ids.R1, `/reports/${reportId}`))).json() as { report: { document: string }; messages: { authorName: string | null }[] };
    assert.equal(g.messages.length, 2);
    assert.match(g.report.document, /items/);
    // Each side reads the other's author by name (the other's users are not readable under RLS: read as the platform).
    assert.deepEqual(g.messages.map((m) => m.authorName), ["テスト regulator-officer", "テスト ciso"]);
    const asCompany = (await call(ciso, "GET", url(ids.A, `/reports/${reportId}`))).json() as { messages: { authorName: string | null }[] };
    assert.deepEqual(asCompany.messages.map((m) => m.authorName), ["テスト regulator-officer", "テスト ciso"]);
  });

  test("an order to all supervised companies becomes each one's obligation once linked to an incident", async () => {
    const dueAt = new Date(Math.floor(clock / 1000) * 1000 + 47 * 3_600_000).toISOString();
    const toB = await call(officer1, "POST", url(ids.R1, "/orders"), { authority: "jta", title: "報告徴収", items: ["事実関係"], dueAt, companyOrgId: ids.B });
    assert.equal(toB.statusCode, 400, "not a supervised company");
    const byCompany = await call(ciso, "POST", url(ids.A, "/orders"), { authority: "jta", title: "x", items: ["a"], dueAt, all: true });
    assert.equal(byCompany.statusCode, 403);
    const r = await call(officer1, "POST", url(ids.R1, "/orders"), { authority: "jta", title: "報告徴収", items: ["事実関係", "再発防止策"], dueAt, all: true });
    assert.equal(r.statusCode, 201, r.body);
    const orderId = (r.json() as { order: { id: string; companies: number } }).order.id;
    assert.equal((r.json() as { order: { companies: number } }).order.companies, 2);
    const received = (await call(ciso, "GET", url(ids.A, "/orders"))).json() as { orders: { id: string }[] };
    assert.deepEqual(received.orders.map((o) => o.id), [orderId]);
    const none = (await call(adminB, "GET", url(ids.B, "/orders"))).json() as { orders: unknown[] };
    assert.equal(none.orders.length, 0);
    const l = await call(ciso, "PUT", url(ids.A, `/orders/${orderId}/incident`), { incidentId: ids.incident });
    assert.equal(l.statusCode, 200, l.body);
    const v = (await call(ciso, "GET", url(ids.A, `/incidents/${ids.incident}/obligations`))).json() as View;
    const order = v.evaluation!.obligations.find((o) => o.authority === "jta")!;
    assert.ok(order?.required);
    assert.equal(new Date(order.dueAt!).toISOString(), dueAt);
    assert.equal(v.history[0]!.cause, "order");
  });

  test("the same report submitted twice, at once or later, is one report: a 409 that says so; another document is a new one", async () => {
    const v = (await call(ciso, "GET", url(ids.A, `/incidents/${ids.incident}/obligations`))).json() as View;
    const prelim = v.evaluation!.obligations.find((o) => o.kind === "preliminary_report" && o.required)!;
    const before = ((await call(officer1, "GET", url(ids.R1, "/inbox"))).json() as { reports: unknown[] }).reports.length;
    for (let round = 0; round < 3; round++) {
      const body = { obligationId: prelim.id, title: "速報", document: JSON.stringify({ items: 9, round }) };
      const [a, b] = await Promise.all([0, 1].map(() =>
        app.inject({ method: "POST", url: url(ids.A, `/incidents/${ids.incident}/obligations/reports`), headers: { ...ciso.headers, "accept-language": "en" }, payload: body })));
      assert.deepEqual([a!.statusCode, b!.statusCode].sort(), [201, 409], `${a!.body} ${b!.body}`);
      const refused = (a!.statusCode === 409 ? a! : b!).json() as { error: { code: string; message: string } };
      assert.equal(refused.error.code, "report_exists");
      assert.match(refused.error.message, /already been submitted/);
      const again = await call(ciso, "POST", url(ids.A, `/incidents/${ids.incident}/obligations/reports`), body);
      assert.equal(again.statusCode, 409, "later too");
    }
    const after = ((await call(officer1, "GET", url(ids.R1, "/inbox"))).json() as { reports: unknown[] }).reports.length;
    assert.equal(after - before, 3, "one report per document");
  });

  test("reminders: due soon at each lead time and overdue, each raised once, with an event and an audit row", async () => {
    const seen: ObligationReminder[] = [];
    const onEvent = (e: ObligationReminder) => seen.push(e);
    obligationEvents.on("due_soon", onEvent);
    obligationEvents.on("overdue", onEvent);
    try {
      const svc = createObligationService(tp.p);
      const first = await svc.remind(ids.incident);
      const order = first.find((x) => x.obligationId.startsWith("jp-order"));
      assert.equal(order?.kind, "due_soon");
      assert.equal(order?.leadHours, 48);
      assert.deepEqual((await svc.remind(ids.incident)).filter((x) => x.obligationId.startsWith("jp-order")), [], "raised once");
      clock += 46 * 3_600_000;
      assert.deepEqual((await svc.remind(ids.incident)).filter((x) => x.obligationId.startsWith("jp-order")).map((x) => x.leadHours), [2]);
      clock += 2 * 3_600_000;
      const late = (await svc.remind(ids.incident)).filter((x) => x.obligationId.startsWith("jp-order"));
      assert.deepEqual(late.map((x) => x.kind), ["overdue"]);
      assert.deepEqual((await svc.remind(ids.incident)).filter((x) => x.obligationId.startsWith("jp-order")), []);
      assert.ok(seen.some((e) => e.kind === "overdue" && e.obligationId === order!.obligationId));
      const rows = await tp.p.db.system.selectFrom("audit_events").select("action").where("org_id", "=", ids.A).where("action", "in", ["obligation.due_soon", "obligation.overdue"]).execute();
      assert.ok(rows.some((x) => x.action === "obligation.overdue"));
      // Two days later the sessions of the setup have expired: a fresh one.
      const cisoNow = await login(app, (await makeMember(tp.p, ids.A, "ciso")).email);
      const dueRes = await call(cisoNow, "GET", url(ids.A, "/obligations/due"));
      assert.equal(dueRes.statusCode, 200, dueRes.body);
      const due = dueRes.json() as { obligations: { status: string; incidentId: string }[] };
      assert.ok(due.obligations.some((o) => o.status === "overdue" && o.incidentId === ids.incident), "the dashboard lists it");
    } finally {
      obligationEvents.off("due_soon", onEvent);
      obligationEvents.off("overdue", onEvent);
    }
  });
});

describe("shares with an association", () => {
  const shareUrl = (incidentId: string) => url(ids.A, `/incidents/${incidentId}/obligations/shares`);
  const newIncident = async () => {
    const r = await call(ciso, "POST", url(ids.A, "/incidents"), { title: "shared leak", category: "unauthorized_access" });
    assert.equal(r.statusCode, 201, r.body);
    return (r.json() as { incident: { id: string } }).incident.id;
  };
  const liveShares = (incidentId: string) => tp.p.db.system.selectFrom("obligation_shares").select(["id", "association_org_id"])
    .where("incident_id", "=", incidentId).where("revoked_at", "is", null).execute();
  let association = "";
  let ciso: Session;
  let responder: Session;
  before(async () => {
    clock = Date.now(); // the reminder tests moved the clock on: their sessions have expired
    ciso = await signedIn(tp.p, app, ids.A, "ciso");
    responder = await login(app, (await makeMember(tp.p, ids.A, "responder")).email);
    association = (await makeOrg(tp.p, "association", "Alpha's association")).id;
    await createOrgService(tp.p).relate(ids.A, association, "member_of");
  });

  test("two identical share requests at once: one 201, one 409 that says it is shared already, never a 500", async () => {
    for (let round = 0; round < 4; round++) {
      const incidentId = await newIncident();
      const [a, b] = await Promise.all([0, 1].map(() =>
        app.inject({ method: "POST", url: shareUrl(incidentId), headers: { ...ciso.headers, "accept-language": "en" }, payload: { associationOrgId: association } })));
      assert.deepEqual([a!.statusCode, b!.statusCode].sort(), [201, 409], `${a!.body} ${b!.body}`);
      const refused = (a!.statusCode === 409 ? a! : b!).json() as { error: { code: string; field: string; message: string } };
      assert.equal(refused.error.code, "share_exists");
      assert.equal(refused.error.field, "body.associationOrgId");
      assert.match(refused.error.message, /already shared with this association/);
      assert.equal((await liveShares(incidentId)).length, 1);
    }
  });

  test("a share racing another's uncommitted one waits for it and is refused with the same 409, in Japanese too", async () => {
    const incidentId = await newIncident();
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let inserted!: () => void;
    const ready = new Promise<void>((r) => { inserted = r; });
    // Another request's share, inserted and not yet committed, holds the unique index's entry.
    const other = tp.p.db.systemTx(async (tx) => {
      await tx.db.insertInto("obligation_shares").values({ org_id: ids.A, incident_id: incidentId, association_org_id: association }).execute();
      inserted();
      await held;
    });
    await ready;
    const pending = app.inject({ method: "POST", url: shareUrl(incidentId), headers: { ...ciso.headers, "accept-language": "ja" }, payload: { associationOrgId: association } });
    await new Promise((r) => setTimeout(r, 300));
    release();
    await other;
    const r = await pending;
    assert.equal(r.statusCode, 409, r.body);
    const e = (r.json() as { error: { code: string; message: string } }).error;
    assert.equal(e.code, "share_exists");
    assert.match(e.message, /すでにこの団体と共有/);
    assert.equal((await liveShares(incidentId)).length, 1);
  });

  test("hostile: sharing with an organisation that is not the company's association is a 404 that names nothing", async () => {
    const incidentId = await newIncident();
    const outsider = await makeOrg(tp.p, "association", "Outsider association");
    const bravos = await makeOrg(tp.p, "association", "Bravo's association");
    await createOrgService(tp.p).relate(ids.B, bravos.id, "member_of");
    const bodies: string[] = [];
    for (const [what, target] of [
      ["an association the company is not a member of", outsider.id], ["another company's association", bravos.id],
      ["the company's own regulator", ids.R1], ["another company", ids.B], ["the company itself", ids.A],
      ["no organisation at all", "00000000-0000-4000-8000-000000000000"],
    ] as const) {
      const r = await app.inject({ method: "POST", url: shareUrl(incidentId), headers: ciso.headers, payload: { associationOrgId: target } });
      assert.equal(r.statusCode, 404, `${what} → ${r.statusCode} ${r.body}`);
      assert.ok(!r.body.includes(target) && !/Outsider|Bravo|Reg1/.test(r.body), `${what}: the answer names nothing`);
      const e = (r.json() as { error: Record<string, unknown> }).error;
      delete e.requestId;
      bodies.push(JSON.stringify(e));
    }
    assert.equal(new Set(bodies).size, 1, "the same answer whatever the organisation is");
    assert.deepEqual(await liveShares(incidentId), []);
    // The company's own association still works, and a responder may not share at all.
    assert.equal((await app.inject({ method: "POST", url: shareUrl(incidentId), headers: responder.headers, payload: { associationOrgId: association } })).statusCode, 403);
    assert.equal((await app.inject({ method: "POST", url: shareUrl(incidentId), headers: ciso.headers, payload: { associationOrgId: association } })).statusCode, 201);
  });
});

describe("demo", () => {
  test("the JTB replay has its facts and the 2016 order; the demo regulator sees the submitted 速報 under today's law", async () => {
    const { seedDemo } = await import("../../src/platform/demo/seed.js");
    const { DEMO_PASSWORD } = await import("../../src/platform/demo/data.js");
    clock = Date.now();
    await seedDemo(tp.p);
    const officer = await login(app, "officer@agency.example.jp", DEMO_PASSWORD);
    const me = (await app.inject({ url: "/api/v1/me", headers: officer.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> };
    const agency = me.memberships.find((m) => m.slug === "demo-tourism-agency")!.orgId;
    const inbox = (await call(officer, "GET", url(agency, "/inbox"))).json() as { reports: { title: string; kind: string }[]; obligations: { authority: string; dueAt: string | null }[] };
    assert.deepEqual(inbox.reports.map((r) => r.kind), ["preliminary_report"]);
    const order = inbox.obligations.find((o) => o.authority === "jta");
    assert.equal(order?.dueAt, "2016-06-24T23:59:59+09:00", "the 2016 order, due 6/24, on the replayed incident");
    const cisoDemo = await login(app, "ciso@sakura.example.jp", DEMO_PASSWORD);
    const sakura = ((await app.inject({ url: "/api/v1/me", headers: cisoDemo.headers })).json() as { memberships: Array<{ orgId: string; slug: string }> }).memberships.find((m) => m.slug === "sakura-tourist")!.orgId;
    const list = (await call(cisoDemo, "GET", url(sakura, "/incidents"))).json() as { incidents: { id: string; title: string }[] };
    const jtb = list.incidents.find((i) => i.title.includes("JTB"))!;
    const v = (await call(cisoDemo, "GET", url(sakura, `/incidents/${jtb.id}/obligations`))).json() as View;
    assert.equal(v.facts.fields.find((f) => f.field === "people")!.value, 6_788_443);
    assert.ok(!v.evaluation!.obligations.some((o) => o.required && o.kind === "preliminary_report"), "no APPI-2022 duty in 2016");
  });
});
