import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot } from "../../platform/paths.js";
import { evaluateObligations, parseFacts } from "./domain.js";
import { loadRuleSets } from "./load.js";
import { diffEvaluations, suggestFacts } from "./suggest.js";

const RULES = loadRuleSets();

describe("facts sokuho already knows", () => {
  test("awareness is the suspicion when there is one, else the confirmation; cause and wrongfulness from the category; people and items from the registry", () => {
    const s = suggestFacts({
      clocks: { leak_suspected: new Date("2016-04-01T09:00:00+09:00"), leak_confirmed: new Date("2016-05-13T18:00:00+09:00") },
      category: "targeted_mail",
      registry: { people: 6_788_443, peoplePerItem: { passport_number: 9154, email: 5_000_000, ip_address: 0, unknown_thing: 3 } },
    });
    assert.equal(s.facts.knownAt, "2016-04-01T00:00:00.000Z");
    assert.equal(s.sources.knownAt, "clock:leak_suspected");
    assert.equal(s.facts.cause, "malware");
    assert.equal(s.facts.wrongful, true);
    assert.equal(s.facts.people, 6_788_443);
    assert.deepEqual(s.facts.items, ["email", "passport_number"]); // no zero counts, no unknown names
    const confirmed = suggestFacts({ clocks: { leak_confirmed: new Date("2016-05-13T18:00:00+09:00") }, category: "other" });
    assert.equal(confirmed.sources.knownAt, "clock:leak_confirmed");
    assert.equal(confirmed.facts.wrongful, undefined); // "other": the user must say
    assert.deepEqual(suggestFacts({ clocks: {} }), { facts: {}, sources: {} });
  });
});

describe("what changes when a fact changes", () => {
  test("1,000 → 1,001 people makes the PPC reports required with due times; a later awareness date moves them", () => {
    const at = (people: number, knownAt = "2025-06-02T09:00:00+09:00") => {
      const p = parseFacts({ knownAt, cause: "misconfiguration", wrongful: false, people });
      assert.ok(p.ok);
      return evaluateObligations(p.facts, RULES, new Date("2025-06-02T10:00:00+09:00"));
    };
    const changes = diffEvaluations(at(1000), at(1001));
    const final = changes.find((c) => c.id === "jp-appi/final-report")!;
    assert.equal(final.change, "changed");
    assert.deepEqual(final.fields.find((f) => f.field === "required"), { field: "required", before: false, after: true });
    assert.deepEqual(final.fields.find((f) => f.field === "dueAt"), { field: "dueAt", before: null, after: "2025-07-01T23:59:59+09:00" });
    assert.ok(!changes.some((c) => c.id === "jp-appi/publication"));
    assert.deepEqual(diffEvaluations(at(1001), at(1001)), []);

    // Across the 2024 amendment the rule-set version changes; across 2022 obligations appear and disappear.
    const skim = (knownAt: string) => {
      const p = parseFacts({ knownAt, cause: "skimming", wrongful: true, people: 10 });
      assert.ok(p.ok);
      return evaluateObligations(p.facts, RULES, new Date(knownAt));
    };
    const amended = diffEvaluations(skim("2024-03-30T10:00:00+09:00"), skim("2024-04-02T10:00:00+09:00")).find((c) => c.id === "jp-appi/final-report")!;
    assert.ok(amended.fields.some((f) => f.field === "ruleSet" && f.after === "jp-appi@2024-04-01"));
    const acrossRegimes = diffEvaluations(skim("2016-05-13T10:00:00+09:00"), skim("2024-04-02T10:00:00+09:00"));
    assert.ok(acrossRegimes.some((c) => c.id === "jp-appi/report" && c.change === "removed"));
    assert.ok(acrossRegimes.some((c) => c.id === "jp-appi/preliminary-report" && c.change === "added"));
  });
});

describe("the example facts in docs/examples/obligations", () => {
  test("each is valid and answers", () => {
    const dir = join(projectRoot, "docs", "examples", "obligations");
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    assert.ok(files.length >= 4);
    for (const f of files) {
      const p = parseFacts(JSON.parse(readFileSync(join(dir, f), "utf8")));
      assert.ok(p.ok, `${f}: ${p.ok ? "" : JSON.stringify(p.issues)}`);
      assert.ok(evaluateObligations(p.facts, RULES, new Date("2026-01-01T00:00:00Z")).obligations.length > 0, f);
    }
  });
});
