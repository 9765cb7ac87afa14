import { test } from "node:test";
import assert from "node:assert/strict";
import { causeOfChange, classify, mergeFacts, remindersAt, ZFactValues } from "./facts.js";
import type { Evaluation, Obligation } from "./domain.js";

test("a value equal to the suggestion confirms it; a different one overrides it; one without a suggestion is stated", () => {
  assert.equal(classify(true, true), "confirmed");
  assert.equal(classify(["email", "name"], ["email", "name"]), "confirmed");
  assert.equal(classify(false, true), "override");
  assert.equal(classify(12, undefined), "confirmed");
});

test("the person's value wins over the suggestion; required facts without either are missing", () => {
  const { input, fields } = mergeFacts(
    { wrongful: { value: false, source: "override" } },
    { facts: { knownAt: "2025-01-01T00:00:00Z", wrongful: true }, sources: { knownAt: "clock:leak_confirmed", wrongful: "category" } },
  );
  assert.deepEqual(input, { knownAt: "2025-01-01T00:00:00Z", wrongful: false });
  const by = (f: string) => fields.find((x) => x.field === f)!;
  assert.deepEqual([by("wrongful").source, by("wrongful").suggested], ["override", true]);
  assert.equal(by("knownAt").source, "suggested");
  assert.equal(by("people").source, "missing");
  assert.equal(by("encryption").source, "default");
});

test("the facts form refuses orders and unknown fields, and values of the wrong type", () => {
  assert.equal(ZFactValues.safeParse({ orders: [] }).success, false);
  assert.equal(ZFactValues.safeParse({ people: -1 }).success, false);
  assert.equal(ZFactValues.safeParse({ cause: "aliens" }).success, false);
  assert.equal(ZFactValues.safeParse({ people: null, wrongful: true }).success, true);
});

test("why an evaluation was stored: the person's change, else the first input that differs", () => {
  const facts = { knownAt: "a", people: 1, orders: [] };
  assert.equal(causeOfChange(null, { facts, filings: [] }), "first");
  assert.equal(causeOfChange({ facts, filings: [] }, { facts: { ...facts, knownAt: "b" }, filings: [] }), "clock");
  assert.equal(causeOfChange({ facts, filings: [] }, { facts: { ...facts, people: 2 }, filings: [] }), "registry");
  assert.equal(causeOfChange({ facts, filings: [] }, { facts, filings: [{ id: 1 }] }), "filing");
  assert.equal(causeOfChange({ facts, filings: [] }, { facts: { ...facts, orders: [1] }, filings: [] }), "order");
  assert.equal(causeOfChange({ facts, filings: [] }, { facts, filings: [] }), "rules");
  assert.equal(causeOfChange({ facts, filings: [] }, { facts: { ...facts, knownAt: "b" }, filings: [] }, "facts"), "facts");
});

const obligation = (o: Partial<Obligation>): Obligation => ({
  id: "x/y", regime: "r", kind: "report", title: { ja: "", en: "" }, authority: "ppc", required: true, reason: { ja: "", en: "" },
  targetAt: null, dueAt: null, timing: null, basis: [], ruleSet: { id: "x", version: "1" }, status: "upcoming", filedAt: null, isLate: false,
  counting: { timeZone: "Asia/Tokyo", firstDay: "next_day", days: "calendar", holidays: "none", deadline: "end_of_day", text: { ja: "", en: "" } } as Obligation["counting"],
  ...o,
});
const evaluation = (obligations: Obligation[]): Evaluation => ({ evaluatedAt: "", knownAt: "", ruleSets: [], obligations, conventions: [], notDecided: [] });
const due = new Date("2026-06-24T14:59:59Z");
const hoursBefore = (h: number) => new Date(due.getTime() - h * 3_600_000);

test("reminders: the nearest lead time reached, then overdue; none for filed, not required or undated obligations", () => {
  const ev = evaluation([
    obligation({ id: "a", dueAt: due.toISOString() }),
    obligation({ id: "filed", dueAt: due.toISOString(), filedAt: hoursBefore(100).toISOString() }),
    obligation({ id: "no", required: false, dueAt: due.toISOString() }),
    obligation({ id: "promptly", dueAt: null }),
  ]);
  assert.deepEqual(remindersAt(ev, hoursBefore(49)), []);
  assert.deepEqual(remindersAt(ev, hoursBefore(48)).map((r) => r.reminder), ["due_soon:48h"]);
  assert.deepEqual(remindersAt(ev, hoursBefore(23)).map((r) => r.reminder), ["due_soon:24h"]);
  assert.deepEqual(remindersAt(ev, hoursBefore(0.5)).map((r) => r.reminder), ["due_soon:2h"]);
  assert.deepEqual(remindersAt(ev, new Date(due.getTime() + 1000)).map((r) => [r.reminder, r.kind]), [["overdue", "overdue"]]);
  assert.deepEqual(remindersAt(ev, hoursBefore(5), [6, 1]).map((r) => r.reminder), ["due_soon:6h"], "lead times are configurable");
});

test("reminders: lead times per rule set (the rule files' leadHours), as the service passes them, on a fake clock", async () => {
  const { loadRuleSets } = await import("./load.js");
  const sets = loadRuleSets();
  const leadOf = (o: Obligation) => sets.find((s) => s.id === o.ruleSet.id && s.version === o.ruleSet.version)!.leadHours;
  const ev = evaluation([
    obligation({ id: "gdpr", dueAt: due.toISOString(), ruleSet: { id: "eu-gdpr", version: "2018-05-25" } }),
    obligation({ id: "appi", dueAt: due.toISOString(), ruleSet: { id: "jp-appi", version: "2024-04-01" } }),
  ]);
  // 30 h before: the APPI's 48 h lead is reached, the GDPR's first (24 h) is not.
  assert.deepEqual(remindersAt(ev, hoursBefore(30), leadOf).map((r) => r.reminder), ["due_soon:48h"]);
  assert.deepEqual(remindersAt(ev, hoursBefore(5), leadOf).map((r) => [r.obligationId, r.reminder]), [["gdpr", "due_soon:6h"], ["appi", "due_soon:24h"]]);
  // SOKUHO_OBLIGATION_LEAD_HOURS overrides every rule set (the service passes the list instead of the function).
  assert.deepEqual(remindersAt(ev, hoursBefore(5), [12]).map((r) => r.reminder), ["due_soon:12h", "due_soon:12h"]);
});
