import { after, describe, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluateObligations, parseFacts } from "./domain.js";
import { DEFAULT_RULES_DIR, loadRuleSets, parseRuleSet, RuleSetError } from "./load.js";
import { ruleSetJsonSchema } from "./schema.js";

const tmp: string[] = [];
after(() => tmp.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A copy of the shipped rules, with one file changed by `edit`. */
const rulesWith = (file: string, edit: (json: Record<string, unknown>) => void): string => {
  const dir = mkdtempSync(join(tmpdir(), "sokuho-rules-"));
  tmp.push(dir);
  cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
  const json = JSON.parse(readFileSync(join(dir, file), "utf8")) as Record<string, unknown>;
  edit(json);
  writeFileSync(join(dir, file), JSON.stringify(json, null, 2));
  return dir;
};
type Rule = { id: string; [k: string]: unknown };
const obligation = (json: Record<string, unknown>, id: string): Rule => (json.obligations as Rule[]).find((o) => o.id === id)!;

const rejects = (dir: string, expected: { file: string; rule: string; field: string; en?: RegExp }) => {
  assert.throws(() => loadRuleSets(dir), (err: unknown) => {
    assert.ok(err instanceof RuleSetError, String(err));
    assert.equal(err.file, expected.file);
    assert.equal(err.rule, expected.rule);
    assert.equal(err.field, expected.field);
    assert.ok(err.ja.length > 0 && err.en.length > 0);
    if (expected.en) assert.match(err.en, expected.en);
    assert.ok(err.message.includes(expected.file) && err.message.includes(expected.field));
    return true;
  });
};

const FACTS = parseFacts({ knownAt: "2025-06-02T09:00:00+09:00", cause: "misconfiguration", wrongful: false, people: 800, items: ["name"] });
if (!FACTS.ok) throw new Error("facts");
const NOW = new Date("2025-06-02T10:00:00+09:00");

describe("rule files", () => {
  test("the shipped rules load, one version of each regime per day, every rule with a source", () => {
    const sets = loadRuleSets();
    assert.deepEqual([...new Set(sets.map((s) => s.id))].sort(), ["eu-gdpr", "jp-appi", "jp-mynumber", "jp-order", "sg-pdpa", "us-ca"]);
    assert.deepEqual(sets.filter((s) => s.id === "jp-appi").map((s) => s.version).sort(), ["2005-04-01", "2017-05-30", "2022-04-01", "2024-04-01"]);
    for (const s of sets) for (const o of s.obligations) assert.ok(o.basis.length > 0, `${s.id}/${o.id}`);
  });

  test("changing a rule file changes the answer without a code change (threshold and final-report days)", () => {
    const shipped = evaluateObligations(FACTS.facts, loadRuleSets(), NOW);
    assert.equal(shipped.obligations.find((o) => o.id === "jp-appi/final-report")!.required, false);
    const dir = rulesWith("jp-appi@2024-04-01.json", (json) => {
      const t = (json.triggers as Rule[]).find((x) => x.id === "over-1000")!;
      t.when = { count: "people", gt: 500 };
      const final = obligation(json, "final-report");
      (final.due as { duration: { days: number } }[])[1]!.duration.days = 45;
      json.version = "2024-04-01-test";
    });
    const changed = evaluateObligations(FACTS.facts, loadRuleSets(dir), NOW);
    const final = changed.obligations.find((o) => o.id === "jp-appi/final-report")!;
    assert.equal(final.required, true);
    assert.equal(final.dueAt, "2025-07-16T23:59:59+09:00"); // 45 days, 2025-06-02 is day 1
    assert.deepEqual(final.ruleSet, { id: "jp-appi", version: "2024-04-01-test" });
  });

  test("a business-day 速報 window skips Golden Week (2025-05-03..06) and weekends", () => {
    const dir = rulesWith("jp-appi@2024-04-01.json", (json) => {
      obligation(json, "preliminary-report").dayCounting = { days: "business", holidays: "jp" };
    });
    const f = parseFacts({ knownAt: "2025-05-02T10:00:00+09:00", cause: "malware", wrongful: true, people: 10 });
    assert.ok(f.ok);
    const e = evaluateObligations(f.facts, loadRuleSets(dir), NOW);
    const prelim = e.obligations.find((o) => o.id === "jp-appi/preliminary-report")!;
    assert.equal(prelim.targetAt, "2025-05-08T23:59:59+09:00"); // 5/2 (1), 5/7 (2), 5/8 (3)
    assert.equal(prelim.dueAt, "2025-05-12T23:59:59+09:00"); // 5/9 (4), 5/12 (5)
    assert.ok(prelim.counting.text.en.includes("business days (no weekends or Japanese public holidays)"));
    // The final report keeps the set's calendar days: the answer names both conventions.
    assert.equal(e.obligations.find((o) => o.id === "jp-appi/final-report")!.dueAt, "2025-06-30T23:59:59+09:00"); // 60 calendar days
    assert.ok(e.conventions.length >= 2);
  });

  test("a business-day window across New Year: only 1/1 is a public holiday; jp_government also closes 12/29–1/3", () => {
    const facts = parseFacts({ knownAt: "2025-12-26T10:00:00+09:00", cause: "malware", wrongful: true, people: 10 });
    assert.ok(facts.ok);
    const dueWith = (holidays: string) => {
      const dir = rulesWith("jp-appi@2024-04-01.json", (json) => {
        obligation(json, "preliminary-report").dayCounting = { days: "business", holidays };
      });
      const o = evaluateObligations(facts.facts, loadRuleSets(dir), NOW).obligations.find((x) => x.id === "jp-appi/preliminary-report")!;
      return [o.targetAt, o.dueAt];
    };
    // 12/26 (1), 12/29 (2), 12/30 (3) … 12/31 (4), 1/1 holiday, 1/2 (5)
    assert.deepEqual(dueWith("jp"), ["2025-12-30T23:59:59+09:00", "2026-01-02T23:59:59+09:00"]);
    // 12/26 (1), 1/5 (2), 1/6 (3), 1/7 (4), 1/8 (5)
    assert.deepEqual(dueWith("jp_government"), ["2026-01-06T23:59:59+09:00", "2026-01-08T23:59:59+09:00"]);
  });

  test("an invalid rule stops the load and names the file, the rule and the field", () => {
    rejects(rulesWith("jp-appi@2024-04-01.json", (json) => {
      (obligation(json, "final-report").due as { duration: { days: number } }[])[0]!.duration.days = -60;
    }), { file: "jp-appi@2024-04-01.json", rule: "obligation final-report", field: "due.0.duration.days" });

    rejects(rulesWith("eu-gdpr@2018-05-25.json", (json) => {
      obligation(json, "sa-notification").kind = "fax";
    }), { file: "eu-gdpr@2018-05-25.json", rule: "obligation sa-notification", field: "kind" });

    rejects(rulesWith("jp-appi@2024-04-01.json", (json) => {
      (json.triggers as Rule[])[0]!.when = { fact: "colour", eq: "red" };
    }), { file: "jp-appi@2024-04-01.json", rule: "trigger sensitive", field: "when.fact" });

    rejects(rulesWith("sg-pdpa@2021-02-01.json", (json) => {
      const o = obligation(json, "pdpc-notification");
      delete o.basis;
    }), { file: "sg-pdpa@2021-02-01.json", rule: "obligation pdpc-notification", field: "basis" });

    rejects(rulesWith("jp-appi@2024-04-01.json", (json) => {
      (json.dayCounting as Record<string, unknown>).timeZone = "Asia/Edo";
    }), { file: "jp-appi@2024-04-01.json", rule: "-", field: "dayCounting.timeZone", en: /time zone/ });
  });

  test("references are checked: an unknown exemption or trigger, a clock that follows a later obligation", () => {
    rejects(rulesWith("jp-appi@2024-04-01.json", (json) => {
      obligation(json, "final-report").exemptions = ["not-a-leak", "force-majeure"];
    }), { file: "jp-appi@2024-04-01.json", rule: "obligation final-report", field: "exemptions.1", en: /force-majeure/ });

    rejects(rulesWith("jp-appi@2024-04-01.json", (json) => {
      obligation(json, "final-report").requiredWhen = { trigger: "over-9000" };
    }), { file: "jp-appi@2024-04-01.json", rule: "obligation final-report", field: "requiredWhen", en: /over-9000/ });

    rejects(rulesWith("jp-appi@2024-04-01.json", (json) => {
      obligation(json, "preliminary-report").clock = { afterObligation: "final-report" };
    }), { file: "jp-appi@2024-04-01.json", rule: "obligation preliminary-report", field: "clock.afterObligation" });
  });

  test("two versions of one regime in force on the same day are refused, naming both files", () => {
    rejects(rulesWith("jp-appi@2022-04-01.json", (json) => {
      json.effectiveTo = "2024-04-01";
    }), { file: "jp-appi@2024-04-01.json", rule: "-", field: "effectiveFrom", en: /overlaps jp-appi@2022-04-01\.json/ });
  });

  test("the JSON Schema for editors matches the zod schema (SOKUHO_UPDATE_SCHEMA=1 rewrites it)", () => {
    const file = join(DEFAULT_RULES_DIR, "..", "rule-set.schema.json");
    const generated = JSON.stringify(ruleSetJsonSchema(), null, 2) + "\n";
    if (process.env.SOKUHO_UPDATE_SCHEMA === "1") writeFileSync(file, generated);
    assert.equal(readFileSync(file, "utf8"), generated, "rule-set.schema.json is stale: run SOKUHO_UPDATE_SCHEMA=1 npm test -- --tier unit obligations/load");
  });

  test("broken JSON and an empty folder are errors too", () => {
    assert.throws(() => parseRuleSet("{ \"id\": ", "broken.json"), (err: unknown) => err instanceof RuleSetError && err.file === "broken.json" && err.field === "(whole file)");
    // A key that could pollute prototypes is an unknown field like any other.
    const shipped = readFileSync(join(DEFAULT_RULES_DIR, "eu-gdpr@2018-05-25.json"), "utf8");
    const polluted = shipped.replace('"id":', '"__proto__": { "isAdmin": true }, "id":');
    assert.throws(() => parseRuleSet(polluted, "x.json"), (err: unknown) => err instanceof RuleSetError && err.field === "__proto__");
    assert.equal(({} as Record<string, unknown>).isAdmin, undefined);
    const empty = mkdtempSync(join(tmpdir(), "sokuho-rules-"));
    tmp.push(empty);
    assert.throws(() => loadRuleSets(empty), RuleSetError);
  });
});
