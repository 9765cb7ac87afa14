/**
 * The fact-pattern table of issue 9: each case's facts, the obligations it must produce (due times to the minute)
 * and the legal basis each answer must cite, under the rule files shipped in rules/.
 */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { evaluateObligations, parseFacts, type Evaluation, type Obligation } from "./domain.js";
import { loadRuleSets } from "./load.js";
import type { FactsInput, Filing } from "./schema.js";

const RULES = loadRuleSets();

const facts = (f: Partial<FactsInput>) => {
  const p = parseFacts({ knownAt: "2025-06-02T09:00:00+09:00", cause: "other", wrongful: false, people: 1, ...f });
  if (!p.ok) throw new Error(JSON.stringify(p.issues));
  return p.facts;
};
const evaluate = (f: Partial<FactsInput>, now = "2025-06-02T10:00:00+09:00", filings: Filing[] = [], routing = {}): Evaluation =>
  evaluateObligations(facts(f), RULES, new Date(now), filings, { routing });
const get = (e: Evaluation, id: string): Obligation => {
  const o = e.obligations.find((x) => x.id === id);
  assert.ok(o, `no obligation ${id} in ${e.obligations.map((x) => x.id).join(", ")}`);
  return o;
};
/** The answer cites this article (and item) of a law whose name contains `law`. */
const cites = (o: Obligation, law: string, article: string, item?: string) =>
  assert.ok(
    o.basis.some((b) => b.law.includes(law) && b.article === article && (item === undefined || b.item === item) && b.url.startsWith("https://")),
    `${o.id} does not cite ${law} ${article}${item ? ` item ${item}` : ""}: ${o.basis.map((b) => `${b.law} ${b.article}/${b.item ?? ""}`).join("; ")}`,
  );
const RULES_LAW = "施行規則 (PPC Rules)";
const APPI = "個人情報の保護に関する法律 (APPI)";

const JTB_ITEMS = ["name", "sex", "birth_date", "email", "address", "postcode", "phone", "passport_number", "passport_issue_date"] as const;
const JTA_ORDER = {
  authority: "jta", issuedAt: "2016-06-15T10:00:00+09:00", dueAt: "2016-06-24T23:59:59+09:00",
  items: ["本件に関する詳細な事実関係", "本件発覚前に講じてきた安全管理措置", "本件発覚以降の対応措置（問題点の整理を含む）", "現在の安全管理の状況", "今後の再発防止策等"],
};

describe("fact patterns (issue 9)", () => {
  test("JTB 2016 replay: the 観光庁 order is due 2016-06-24 23:59; no APPI-2022 duty, and the answer says why", () => {
    const e = evaluate({ knownAt: "2016-05-13T18:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443, items: [...JTB_ITEMS], orders: [JTA_ORDER] }, "2016-06-20T12:00:00+09:00");
    const appi = e.ruleSets.find((s) => s.id === "jp-appi")!;
    assert.equal(appi.version, "2005-04-01");
    assert.ok(appi.notes[0]!.en.includes("Before 2022-04-01"));
    assert.ok(!e.obligations.some((o) => o.id === "jp-appi/preliminary-report" || o.id === "jp-appi/final-report"));
    const report = get(e, "jp-appi/report");
    assert.equal(report.required, false);
    assert.equal(report.status, "not_required");
    assert.ok(report.reason.en.includes("No statutory duty"));
    assert.ok(report.reason.ja.includes("法律上の報告義務はありません"));
    cites(report, "old APPI", "32");

    const order = get(e, "jp-order/order-report#1");
    assert.equal(order.required, true);
    assert.equal(order.authority, "jta");
    assert.equal(order.dueAt, "2016-06-24T23:59:59+09:00");
    assert.equal(order.items?.length, 5);
    assert.equal(order.ruleSet.version, "2005-04-01");
    assert.equal(order.status, "upcoming");
    cites(order, "old APPI", "32");
    // The status follows the clock and the filings.
    const late = evaluate({ knownAt: "2016-05-13T18:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443, orders: [JTA_ORDER] }, "2016-06-23T12:00:00+09:00");
    assert.equal(get(late, "jp-order/order-report#1").status, "due_soon");
    const after = evaluate({ knownAt: "2016-05-13T18:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443, orders: [JTA_ORDER] }, "2016-06-25T00:00:00+09:00");
    assert.equal(get(after, "jp-order/order-report#1").status, "overdue");
    const filed = evaluate({ knownAt: "2016-05-13T18:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443, orders: [JTA_ORDER] }, "2016-06-25T00:00:00+09:00",
      [{ obligationId: "jp-order/order-report#1", filedAt: "2016-06-24T15:00:00+09:00" }]);
    assert.equal(get(filed, "jp-order/order-report#1").status, "filed");
    assert.equal(get(filed, "jp-order/order-report#1").isLate, false);
  });

  test("the same facts under today's law: wrongful → 速報 by day 3–5, 確報 in 60 days, notice to individuals, GDPR 72 h for EU residents", () => {
    const e = evaluate({ knownAt: "2025-05-13T10:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443, residents: { JP: 6_788_243, EU: 200 }, items: [...JTB_ITEMS] }, "2025-05-14T09:00:00+09:00");
    assert.equal(e.ruleSets.find((s) => s.id === "jp-appi")!.version, "2024-04-01");
    const prelim = get(e, "jp-appi/preliminary-report");
    assert.equal(prelim.required, true);
    assert.equal(prelim.authority, "ppc");
    assert.equal(prelim.targetAt, "2025-05-15T23:59:59+09:00");
    assert.equal(prelim.dueAt, "2025-05-17T23:59:59+09:00");
    assert.equal(prelim.status, "upcoming");
    cites(prelim, APPI, "26");
    cites(prelim, RULES_LAW, "8");
    cites(prelim, "ガイドライン", "3-5-3-3");
    cites(prelim, RULES_LAW, "7", "3");
    cites(prelim, RULES_LAW, "7", "4");
    const final = get(e, "jp-appi/final-report");
    assert.equal(final.dueAt, "2025-07-11T23:59:59+09:00");
    assert.ok(final.reason.en.includes("60 days"));
    assert.ok(final.reason.en.includes("6,788,443"));
    assert.ok(final.reason.ja.includes("6,788,443人"));
    const notice = get(e, "jp-appi/individual-notice");
    assert.equal(notice.required, true);
    assert.equal(notice.dueAt, null);
    assert.ok(notice.timing!.en.includes("Promptly"));
    cites(notice, RULES_LAW, "10");
    assert.equal(get(e, "jp-appi/publication").required, false);
    const gdpr = get(e, "eu-gdpr/sa-notification");
    assert.equal(gdpr.required, true);
    assert.equal(gdpr.dueAt, "2025-05-16T01:00:00+00:00"); // 72 h after 2025-05-13 01:00 UTC
    cites(gdpr, "GDPR", "33");
    assert.equal(get(e, "eu-gdpr/data-subject-communication").required, false);
    // Every answer states its day counting.
    assert.ok(prelim.counting.text.en.includes("day 1"));
    assert.ok(e.conventions.some((c) => c.timeZone === "Asia/Tokyo" && c.ruleSets.includes("jp-appi@2024-04-01")));
    // Statuses move with now: past the target it is due soon, past the due time overdue.
    const later = evaluate({ knownAt: "2025-05-13T10:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443 }, "2025-05-16T00:00:00+09:00");
    assert.equal(get(later, "jp-appi/preliminary-report").status, "due_soon");
    const late = evaluate({ knownAt: "2025-05-13T10:00:00+09:00", cause: "malware", wrongful: true, people: 6_788_443 }, "2025-05-18T00:00:00+09:00");
    assert.equal(get(late, "jp-appi/preliminary-report").status, "overdue");
    assert.equal(get(late, "jp-appi/final-report").status, "upcoming");
  });

  test("a misdelivered mail to 10 people is not reportable, and the reason says which events were checked", () => {
    const e = evaluate({ cause: "misdelivery", people: 10, items: ["name", "address"] });
    for (const id of ["preliminary-report", "final-report", "individual-notice"]) {
      const o = get(e, `jp-appi/${id}`);
      assert.equal(o.required, false, id);
      assert.equal(o.status, "not_required");
      assert.equal(o.dueAt, null);
    }
    const reason = get(e, "jp-appi/preliminary-report").reason;
    assert.ok(reason.en.includes("None of the four events of Rules Art. 7"));
    assert.ok(reason.en.includes("10 people is not more than 1,000"));
    assert.ok(reason.ja.includes("10人は千人以下"));
  });

  test("1,001 people exposed by a misconfiguration are reportable (30-day 確報); exactly 1,000 are not", () => {
    const e = evaluate({ cause: "misconfiguration", people: 1001, items: ["name", "email"] });
    const prelim = get(e, "jp-appi/preliminary-report");
    assert.equal(prelim.required, true);
    assert.equal(prelim.dueAt, "2025-06-06T23:59:59+09:00");
    cites(prelim, RULES_LAW, "7", "4");
    const final = get(e, "jp-appi/final-report");
    assert.equal(final.dueAt, "2025-07-01T23:59:59+09:00"); // 2025-06-02 is day 1 of 30
    assert.ok(final.reason.en.includes("30 days"));
    const thousand = evaluate({ cause: "misconfiguration", people: 1000, items: ["name", "email"] });
    assert.equal(get(thousand, "jp-appi/preliminary-report").required, false);
    assert.equal(get(thousand, "jp-appi/final-report").required, false);
  });

  test("one card number: financial damage is likely, so even one person is reportable", () => {
    const e = evaluate({ cause: "misdelivery", people: 1, items: ["name", "card_number"] });
    const final = get(e, "jp-appi/final-report");
    assert.equal(final.required, true);
    assert.equal(final.dueAt, "2025-07-01T23:59:59+09:00");
    cites(final, RULES_LAW, "7", "2");
    assert.ok(final.reason.en.includes("financial damage"));
  });

  test("a lost laptop with full-disk high-grade encryption is exempt; a stolen unencrypted one is reportable (theft is wrongful)", () => {
    const lost = evaluate({ cause: "loss", people: 5000, items: ["name", "health"], encryption: "high_grade" });
    const exempt = get(lost, "jp-appi/preliminary-report");
    assert.equal(exempt.required, false);
    assert.ok(exempt.reason.en.startsWith("Exempt: high-grade encryption"));
    assert.ok(exempt.reason.en.includes("Would otherwise apply: Rules Art. 7(1)"), exempt.reason.en);
    cites(exempt, RULES_LAW, "7");
    assert.equal(get(lost, "jp-appi/individual-notice").required, false);
    // The safe harbour ends when the key leaks with the data.
    const keyToo = evaluate({ cause: "loss", people: 5000, items: ["name"], encryption: "high_grade", keyLeaked: true });
    assert.equal(get(keyToo, "jp-appi/preliminary-report").required, true);

    const stolen = evaluate({ cause: "theft", wrongful: false, people: 20, items: ["name", "address"] });
    const final = get(stolen, "jp-appi/final-report");
    assert.equal(final.required, true);
    assert.equal(final.dueAt, "2025-07-31T23:59:59+09:00"); // 60 days: 2025-06-02 + 59
    cites(final, RULES_LAW, "7", "3");
  });

  test("web skimming known in March 2024 is judged under the pre-amendment rule and says so; from 2024-04-01 it is reportable (60 days)", () => {
    const skim = { cause: "skimming" as const, wrongful: true, people: 300, items: ["name", "card_number"] as ("name" | "card_number")[] };
    const before = evaluate({ ...skim, knownAt: "2024-03-15T10:00:00+09:00" }, "2024-03-16T10:00:00+09:00");
    const b = get(before, "jp-appi/preliminary-report");
    assert.equal(b.ruleSet.version, "2022-04-01");
    assert.equal(b.required, false);
    assert.ok(b.reason.en.includes("Judged under the rules before the amendment in force on 2024-04-01"));
    assert.ok(b.reason.ja.includes("改正前の規則で判断"));
    assert.ok(before.ruleSets.find((s) => s.id === "jp-appi")!.notes.length === 1);

    const after = evaluate({ ...skim, knownAt: "2024-04-10T10:00:00+09:00" }, "2024-04-11T10:00:00+09:00");
    const final = get(after, "jp-appi/final-report");
    assert.equal(final.ruleSet.version, "2024-04-01");
    assert.equal(final.required, true);
    assert.equal(final.dueAt, "2024-06-08T23:59:59+09:00");
    cites(final, "令和5年", "7", "3");
    assert.ok(final.reason.en.includes("covered by Rules Art. 7(3) since the amendment"));
  });

  test("the awareness date is the Japanese date: 00:10 JST on 2024-04-01 (still 31 March in UTC) is under the amended rule", () => {
    const skim = { cause: "skimming" as const, wrongful: true, people: 300 };
    assert.equal(get(evaluate({ ...skim, knownAt: "2024-03-31T23:50:00+09:00" }), "jp-appi/final-report").required, false);
    const e = evaluate({ ...skim, knownAt: "2024-03-31T15:10:00Z" });
    assert.equal(get(e, "jp-appi/final-report").required, true);
    assert.equal(e.ruleSets.find((s) => s.id === "jp-appi")!.awarenessDate, "2024-04-01");
  });

  test("health data of one person is sensitive: reportable in 30 days", () => {
    const e = evaluate({ cause: "misdelivery", people: 1, items: ["name", "health"] });
    const final = get(e, "jp-appi/final-report");
    assert.equal(final.required, true);
    assert.equal(final.dueAt, "2025-07-01T23:59:59+09:00");
    cites(final, RULES_LAW, "7", "1");
  });

  test("EU residents: the controller notifies the supervisory authority in 72 h exactly; Art. 34 only on a high risk; a processor tells the controller", () => {
    const e = evaluate({ cause: "unauthorised_access", wrongful: true, people: 50, residents: { EU: 50 }, risk: "high", knownAt: "2025-06-02T09:30:00+09:00" });
    assert.equal(get(e, "eu-gdpr/sa-notification").dueAt, "2025-06-05T00:30:00+00:00");
    const art34 = get(e, "eu-gdpr/data-subject-communication");
    assert.equal(art34.required, true);
    cites(art34, "GDPR", "34");
    const processor = evaluate({ cause: "unauthorised_access", wrongful: true, people: 50, residents: { EU: 50 }, role: "processor" });
    assert.equal(get(processor, "eu-gdpr/sa-notification").required, false);
    assert.equal(get(processor, "eu-gdpr/controller-notice").required, true);
    const unlikely = evaluate({ cause: "misdelivery", people: 2, residents: { EU: 2 }, risk: "unlikely" });
    assert.ok(get(unlikely, "eu-gdpr/sa-notification").reason.en.includes("Art. 33(1)"));
    const none = evaluate({ cause: "misdelivery", people: 2 });
    assert.ok(!none.obligations.some((o) => o.regime === "EU-GDPR"));
    assert.equal(none.ruleSets.find((s) => s.id === "eu-gdpr")!.inScope, false);
  });

  test("a processor that told its principal is relieved of its own report and notice; one that has not must report too", () => {
    const told = evaluate({ cause: "unauthorised_access", wrongful: true, people: 3000, role: "processor", processorToldPrincipalAt: "2025-06-02T15:00:00+09:00" });
    for (const id of ["preliminary-report", "final-report", "individual-notice"]) {
      const o = get(told, `jp-appi/${id}`);
      assert.equal(o.required, false, id);
      assert.ok(o.reason.en.includes("processor (委託先) told its principal"));
      cites(o, APPI, "26");
    }
    const notice = get(told, "jp-appi/principal-notice");
    assert.equal(notice.required, true);
    assert.equal(notice.status, "filed");
    assert.equal(notice.filedAt, "2025-06-02T15:00:00+09:00");
    const notYet = evaluate({ cause: "unauthorised_access", wrongful: true, people: 3000, role: "processor" });
    assert.equal(get(notYet, "jp-appi/preliminary-report").required, true);
    assert.equal(get(notYet, "jp-appi/principal-notice").status, "upcoming");
  });

  test("a mail recalled unopened is not a leak", () => {
    const e = evaluate({ cause: "misdelivery", people: 1, items: ["name", "health"], notLeaked: true });
    const o = get(e, "jp-appi/preliminary-report");
    assert.equal(o.required, false);
    assert.ok(o.reason.en.includes("not a leak"));
    cites(o, "ガイドライン", "3-5-1-1");
  });

  test("notice that is difficult becomes a substitute measure (publication and an inquiry desk)", () => {
    const e = evaluate({ cause: "unauthorised_access", wrongful: true, people: 2000, noticeDifficult: true });
    assert.equal(get(e, "jp-appi/individual-notice").required, false);
    assert.ok(get(e, "jp-appi/individual-notice").reason.en.includes("substitute measure"));
    const sub = get(e, "jp-appi/substitute-measure");
    assert.equal(sub.required, true);
    cites(sub, APPI, "26");
  });

  test("routing: an organisation whose sector the PPC delegated sends the reports to the ministry, and the reason says so", () => {
    const e = evaluate({ cause: "unauthorised_access", wrongful: true, people: 5 }, undefined, [], { ppc: "mlit" });
    const o = get(e, "jp-appi/preliminary-report");
    assert.equal(o.authority, "mlit");
    assert.ok(o.reason.en.includes("Routed from ppc to mlit"));
    assert.equal(get(e, "jp-appi/individual-notice").authority, "individuals");
  });

  test("Singapore: 3 calendar days after the day of assessment; no assessment yet → no due time, and the reason says why; fewer than 500 and no harmful items → not notifiable", () => {
    const e = evaluate({ cause: "unauthorised_access", wrongful: true, people: 600, residents: { SG: 600 }, items: ["name", "email"], assessedAt: "2025-06-04T15:00:00+08:00" });
    const pdpc = get(e, "sg-pdpa/pdpc-notification");
    assert.equal(pdpc.required, true);
    assert.equal(pdpc.dueAt, "2025-06-07T23:59:59+08:00");
    cites(pdpc, "PDPA", "26D");
    assert.equal(get(e, "sg-pdpa/assessment").status, "filed");
    const pending = evaluate({ cause: "unauthorised_access", wrongful: true, people: 600, residents: { SG: 600 } });
    assert.equal(get(pending, "sg-pdpa/pdpc-notification").dueAt, null);
    assert.ok(get(pending, "sg-pdpa/pdpc-notification").reason.en.includes("assessedAt"));
    assert.equal(get(pending, "sg-pdpa/assessment").targetAt, "2025-07-02T23:59:59+08:00");
    const small = evaluate({ cause: "unauthorised_access", wrongful: true, people: 499, residents: { SG: 499 }, items: ["name", "email"] });
    assert.equal(get(small, "sg-pdpa/pdpc-notification").required, false);
  });

  test("California: before 2026 no number of days; from 2026-01-01 30 calendar days, and the AG copy 15 days after the notice when more than 500 residents", () => {
    const f = { cause: "unauthorised_access" as const, wrongful: true, people: 600, residents: { "US-CA": 600 }, items: ["name", "passport_number"] as ("name" | "passport_number")[] };
    const old = evaluate({ ...f, knownAt: "2025-11-03T10:00:00+09:00" });
    const oldNotice = get(old, "us-ca/individual-notice");
    assert.equal(oldNotice.ruleSet.version, "2003-07-01");
    assert.equal(oldNotice.dueAt, null);
    assert.ok(oldNotice.reason.en.includes("most expedient time"));
    const now = evaluate({ ...f, knownAt: "2026-02-02T10:00:00+09:00" }); // 2026-02-01 17:00 in Los Angeles
    assert.equal(get(now, "us-ca/individual-notice").dueAt, "2026-03-03T23:59:59-08:00");
    const ag = get(now, "us-ca/ag-notice");
    assert.equal(ag.dueAt, "2026-03-18T23:59:59-07:00"); // from the notice's due time, across the DST change
    assert.ok(ag.reason.en.includes("not filed yet"));
    const filed = evaluate({ ...f, knownAt: "2026-02-02T10:00:00+09:00" }, "2026-02-21T00:00:00Z", [{ obligationId: "us-ca/individual-notice", filedAt: "2026-02-20T12:00:00-08:00" }]);
    assert.equal(get(filed, "us-ca/ag-notice").dueAt, "2026-03-07T23:59:59-08:00");
    const few = evaluate({ ...f, residents: { "US-CA": 500 }, knownAt: "2026-02-02T10:00:00+09:00" });
    assert.equal(get(few, "us-ca/ag-notice").required, false);
  });

  test("My Numbers: the My Number Act's regime is in scope, with its own threshold (100) and its uncertain parts flagged", () => {
    const e = evaluate({ cause: "misdelivery", people: 150, items: ["name", "my_number"] });
    const mn = get(e, "jp-mynumber/preliminary-report");
    assert.equal(mn.required, true);
    assert.ok(mn.basis.some((b) => b.confidence === "U"));
    assert.equal(get(e, "jp-appi/preliminary-report").required, false); // 150 people: not more than 1,000
    const none = evaluate({ cause: "misdelivery", people: 150, items: ["name"] });
    assert.equal(none.ruleSets.find((s) => s.id === "jp-mynumber")!.inScope, false);
  });

  test("a regime with no version in force on the awareness date says so (GDPR in 2016)", () => {
    const e = evaluate({ knownAt: "2016-05-13T18:00:00+09:00", cause: "malware", wrongful: true, people: 300, residents: { EU: 300 } });
    const gdpr = e.ruleSets.find((s) => s.id === "eu-gdpr")!;
    assert.equal(gdpr.version, null);
    assert.ok(gdpr.reason!.en.includes("No version was in force on 2016-05-13"));
    assert.ok(!e.obligations.some((o) => o.regime === "EU-GDPR"));
  });

  test("every answer carries its rule set, basis with a URL, counting convention, and what sokuho does not decide", () => {
    const e = evaluate({ cause: "unauthorised_access", wrongful: true, people: 2000, residents: { EU: 5, SG: 5, "US-CA": 5 }, items: ["name", "passport_number"] });
    assert.ok(e.obligations.length >= 12);
    for (const o of e.obligations) {
      assert.ok(o.basis.length > 0 && o.basis.every((b) => b.url.startsWith("https://")), o.id);
      assert.ok(o.reason.ja.length > 0 && o.reason.en.length > 0, o.id);
      assert.ok(o.ruleSet.id && o.ruleSet.version, o.id);
      assert.ok(o.counting.text.ja && o.counting.text.en, o.id);
    }
    assert.ok(e.notDecided.some((n) => n.en.includes("not legal advice")));
  });
});

describe("facts validation", () => {
  test("invalid facts name the field in Japanese and English, never the value", () => {
    const r = parseFacts({ knownAt: "2025-05-13 10:00", cause: "hacking", wrongful: "yes", people: -1, secret: "田中太郎" });
    assert.equal(r.ok, false);
    if (r.ok) return;
    const fields = r.issues.map((i) => i.field);
    for (const f of ["facts.knownAt", "facts.cause", "facts.wrongful", "facts.people", "facts.secret"]) assert.ok(fields.includes(f), `${f} in ${fields.join(", ")}`);
    for (const i of r.issues) {
      assert.ok(i.ja.length > 0 && i.en.length > 0);
      assert.ok(!i.ja.includes("田中") && !i.en.includes("田中"));
    }
  });

  test("more residents than people, and a principal claiming to have told its principal, are refused", () => {
    const r = parseFacts({ knownAt: "2025-05-13T10:00:00+09:00", cause: "other", wrongful: false, people: 10, residents: { EU: 11 }, processorToldPrincipalAt: "2025-05-13T12:00:00+09:00" });
    assert.equal(r.ok, false);
    if (r.ok) return;
    assert.deepEqual(r.issues.map((i) => i.field).sort(), ["facts.processorToldPrincipalAt", "facts.residents"]);
    assert.ok(r.issues.some((i) => i.ja.includes("people を超えています")));
  });

  test("facts that are not an object are refused at the root, not with a crash", () => {
    for (const input of [null, [], "2025-05-13", 42]) {
      const r = parseFacts(input);
      assert.equal(r.ok, false);
      if (!r.ok) assert.equal(r.issues[0]!.field, "facts");
    }
  });

  test("residence keys are ISO 3166 codes or EU; unknown data items are refused", () => {
    const r = parseFacts({ knownAt: "2025-05-13T10:00:00+09:00", cause: "other", wrongful: false, people: 10, residents: { europe: 1 }, items: ["shoe_size"] });
    assert.equal(r.ok, false);
    if (r.ok) return;
    const fields = r.issues.map((i) => i.field);
    assert.ok(fields.some((f) => f.startsWith("facts.residents")), fields.join(", "));
    assert.ok(fields.includes("facts.items.0"), fields.join(", "));
  });
});
