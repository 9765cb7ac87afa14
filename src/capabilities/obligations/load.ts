/**
 * Rule sets from files: one JSON file per version of a regime (`jp-appi@2024-04-01.json`). Validated by ZRuleSet
 * and cross-checked (references, overlapping versions) at load; an error names the file, the rule and the field,
 * in Japanese and English, so a bad rule stops the start instead of silently changing an answer.
 *
 * JSON rather than YAML: no parser dependency, the same format the API and `--json` speak, and zod paths map
 * one-to-one to what the author wrote. Rules explain themselves in their `label`/`note` fields instead of comments.
 */
import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { projectRoot } from "../../platform/paths.js";
import { bilingualIssues } from "./issues.js";
import { triggerRefs } from "./conditions.js";
import { ZRuleSet, type Condition, type RuleSet } from "./schema.js";

export const DEFAULT_RULES_DIR = join(projectRoot, "src", "capabilities", "obligations", "rules");

export class RuleSetError extends Error {
  constructor(
    readonly file: string,
    /** The rule (obligation, trigger, exemption, note) by id, or "-" for the rule set itself. */
    readonly rule: string,
    readonly field: string,
    readonly ja: string,
    readonly en: string,
  ) {
    super(`${file}: rule ${rule}, field ${field}: ${ja} / ${en}`);
  }
}

const SECTIONS = ["obligations", "triggers", "exemptions", "notes"] as const;

/** Which rule a zod path points into, and the field inside it. */
const locate = (raw: unknown, path: readonly PropertyKey[]): { rule: string; field: string } => {
  const [section, index, ...rest] = path;
  if (typeof section === "string" && (SECTIONS as readonly string[]).includes(section) && typeof index === "number") {
    const entry = (raw as Record<string, unknown[]>)[section]?.[index] as { id?: unknown } | undefined;
    const id = typeof entry?.id === "string" ? entry.id : `#${index + 1}`;
    return { rule: `${section.replace(/s$/, "")} ${id}`, field: rest.map(String).join(".") || "(whole rule)" };
  }
  return { rule: "-", field: path.map(String).join(".") || "(whole file)" };
};

/** One file's text → a rule set, or a RuleSetError naming the first problem. */
export const parseRuleSet = (text: string, file: string): RuleSet => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new RuleSetError(file, "-", "(whole file)", `JSON として読めません: ${(err as Error).message}`, `not valid JSON: ${(err as Error).message}`);
  }
  const r = ZRuleSet.safeParse(raw, { reportInput: true });
  if (!r.success) {
    const issue = bilingualIssues(r.error)[0]!;
    const { rule, field } = locate(raw, issue.field.split(".").filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p)));
    throw new RuleSetError(file, rule, field, issue.ja, issue.en);
  }
  checkReferences(r.data, file);
  return r.data;
};

/** References inside one rule set: triggers, exemptions and chained clocks must exist; triggers may not nest. */
const checkReferences = (set: RuleSet, file: string): void => {
  const triggerIds = new Set(set.triggers.map((t) => t.id));
  const fail = (rule: string, field: string, ja: string, en: string): never => {
    throw new RuleSetError(file, rule, field, ja, en);
  };
  for (const t of set.triggers) {
    if (triggerRefs(t.when).length > 0) fail(`trigger ${t.id}`, "when", "トリガーの条件で別のトリガーは参照できません", "a trigger's condition cannot refer to a trigger");
  }
  if (set.scope && triggerRefs(set.scope.when).length > 0) fail("-", "scope.when", "適用範囲の条件でトリガーは参照できません", "the scope cannot refer to a trigger");
  const checkTriggers = (rule: string, field: string, c: Condition | undefined) => {
    for (const ref of triggerRefs(c)) {
      if (ref !== "any" && !triggerIds.has(ref)) fail(rule, field, `不明なトリガー "${ref}" です`, `unknown trigger "${ref}"`);
    }
  };
  for (const e of set.exemptions) checkTriggers(`exemption ${e.id}`, "when", e.when);
  for (const n of set.notes) checkTriggers(`note ${n.id}`, "when", n.when);
  const exemptionIds = new Set(set.exemptions.map((e) => e.id));
  const seen = new Set<string>();
  for (const o of set.obligations) {
    const rule = `obligation ${o.id}`;
    if (seen.has(o.id)) fail(rule, "id", "同じ id の義務が2つあります", "two obligations have this id");
    checkTriggers(rule, "requiredWhen", o.requiredWhen);
    o.due.forEach((d, i) => checkTriggers(rule, `due.${i}.when`, d.when));
    o.exemptions.forEach((e, i) => {
      if (!exemptionIds.has(e)) fail(rule, `exemptions.${i}`, `不明な適用除外 "${e}" です`, `unknown exemption "${e}"`);
    });
    if (typeof o.clock === "object" && !seen.has(o.clock.afterObligation)) {
      fail(rule, "clock.afterObligation", "起算点の義務は、この義務より前に定義してください", "the obligation the clock follows must be defined before this one");
    }
    if (o.perOrder !== (o.clock === "order.issuedAt")) {
      fail(rule, "clock", "命令ごとの義務（perOrder）の起算点は order.issuedAt です", "an obligation per order (perOrder) runs from order.issuedAt, and only it does");
    }
    seen.add(o.id);
  }
  if (set.effectiveTo !== null && set.effectiveTo < set.effectiveFrom) {
    fail("-", "effectiveTo", "effectiveTo が effectiveFrom より前です", "effectiveTo is before effectiveFrom");
  }
};

/** Versions of one regime must not overlap: on any day at most one is in force. */
export const checkVersions = (sets: readonly { set: RuleSet; file: string }[]): void => {
  const byId = new Map<string, { set: RuleSet; file: string }[]>();
  for (const s of sets) byId.set(s.set.id, [...(byId.get(s.set.id) ?? []), s]);
  for (const versions of byId.values()) {
    const sorted = [...versions].sort((a, b) => a.set.effectiveFrom.localeCompare(b.set.effectiveFrom));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1]!;
      const cur = sorted[i]!;
      if (prev.set.effectiveTo === null || prev.set.effectiveTo >= cur.set.effectiveFrom) {
        throw new RuleSetError(cur.file, "-", "effectiveFrom",
          `${basename(prev.file)} と施行期間が重なっています（同じ id: ${cur.set.id}）`,
          `its effective period overlaps ${basename(prev.file)} (same id: ${cur.set.id})`);
      }
      if (prev.set.version === cur.set.version) {
        throw new RuleSetError(cur.file, "-", "version", `${basename(prev.file)} と同じ版です`, `same version as ${basename(prev.file)}`);
      }
    }
  }
};

/** Every `*.json` rule set in a folder, validated; throws a RuleSetError for the first bad file. */
export const loadRuleSets = (dir: string = DEFAULT_RULES_DIR): RuleSet[] => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".json")).sort();
  if (files.length === 0) throw new RuleSetError(dir, "-", "(folder)", "ルールファイル（*.json）がありません", "no rule files (*.json) in the folder");
  const sets = files.map((f) => ({ file: f, set: parseRuleSet(readFileSync(join(dir, f), "utf8"), f) }));
  checkVersions(sets);
  return sets.map((s) => s.set);
};
