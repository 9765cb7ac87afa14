/**
 * Verdict rules kept as data: a rule file (JSON) is a list of rules, each with an id, a verdict, a reason in
 * Japanese and English and a condition over the signals and the message model. A CSIRT adds its own file
 * (`--rules FILE`, or the platform's settings) without code; the default file ships in rules/default.json.
 *
 * Conditions: {"signal": "attachment_lnk"} (optionally "count": n), {"all": […]}, {"any": […]}, {"not": …},
 * {"atLeast": n, "of": […]}, and {"field": "message.files.*.extension", "in": ["exe"]} with one of equals, in,
 * contains, matches (a case-insensitive regular expression), gte, lte, exists. A path step "*" walks every element
 * of a list; the condition holds when any value reached satisfies it.
 */
import { z } from "zod";
import defaults from "./rules/default.json" with { type: "json" };
import { describeIssues, type FieldProblem } from "./context.js";
import type { MailModel, MatchedRule, Signal, Verdict } from "./types.js";

export type Condition =
  | { signal: string; count?: number | undefined }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { atLeast: number; of: Condition[] }
  | {
      field: string;
      equals?: string | number | boolean | undefined;
      in?: (string | number)[] | undefined;
      contains?: string | undefined;
      matches?: string | undefined;
      gte?: number | undefined;
      lte?: number | undefined;
      exists?: boolean | undefined;
    };

const ZRegex = z.string().max(1000).refine((s) => {
  try {
    new RegExp(s, "iu");
    return true;
  } catch {
    return false;
  }
}, { message: "regex" });

export const ZCondition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ signal: z.string().min(1).max(100), count: z.number().int().min(1).optional() }),
    z.strictObject({ all: z.array(ZCondition).min(1).max(100) }),
    z.strictObject({ any: z.array(ZCondition).min(1).max(100) }),
    z.strictObject({ not: ZCondition }),
    z.strictObject({ atLeast: z.number().int().min(1), of: z.array(ZCondition).min(1).max(100) }),
    z.strictObject({
      field: z.string().regex(/^(message|signals)(\.[A-Za-z0-9_*]+)*$/),
      equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
      in: z.array(z.union([z.string(), z.number()])).max(1000).optional(),
      contains: z.string().max(1000).optional(),
      matches: ZRegex.optional(),
      gte: z.number().optional(),
      lte: z.number().optional(),
      exists: z.boolean().optional(),
    }),
  ]),
);

const ZText = z.strictObject({ ja: z.string().min(1).max(2000), en: z.string().min(1).max(2000) });
export const ZRule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_.-]{0,99}$/),
  verdict: z.enum(["malicious", "suspicious"]),
  reason: ZText,
  when: ZCondition,
});
export const ZRuleFile = z.strictObject({ version: z.literal(1), rules: z.array(ZRule).max(10_000) });
export type Rule = z.infer<typeof ZRule>;

export type RulesResult = { ok: true; rules: Rule[] } | { ok: false; problems: FieldProblem[] };

/** Validates a decoded rule file; problems name the field (`rules[3].when.any[1].signal`). */
export const parseRules = (input: unknown): RulesResult => {
  const r = ZRuleFile.safeParse(input);
  if (!r.success) return { ok: false, problems: describeIssues(r.error) };
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  r.data.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) problems.push({ field: `rules[${i}].id`, message: { ja: `規則 ID ${rule.id} が重複しています`, en: `duplicate rule id ${rule.id}` } });
    seen.add(rule.id);
  });
  return problems.length ? { ok: false, problems } : { ok: true, rules: r.data.rules };
};

const parsedDefaults = parseRules(defaults);
if (!parsedDefaults.ok) throw new Error(`rules/default.json is invalid: ${parsedDefaults.problems.map((p) => `${p.field}: ${p.message.en}`).join("; ")}`);
export const DEFAULT_RULES: readonly Rule[] = parsedDefaults.rules;

/** Several rule sets as one; a later rule with an id already present replaces the earlier one. */
export const mergeRules = (...sets: readonly (readonly Rule[])[]): Rule[] => {
  const byId = new Map<string, Rule>();
  for (const set of sets) for (const r of set) byId.set(r.id, r);
  return [...byId.values()];
};

type View = { message: MailModel; signals: Signal[] };

const valuesAt = (root: unknown, path: string[]): unknown[] => {
  let cur: unknown[] = [root];
  for (const step of path) {
    const next: unknown[] = [];
    for (const v of cur) {
      if (v === null || v === undefined) continue;
      if (step === "*") {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
      } else if (typeof v === "object") next.push((v as Record<string, unknown>)[step]);
    }
    cur = next;
  }
  return cur.filter((v) => v !== undefined);
};

const regexCache = new Map<string, RegExp>();
const regex = (s: string): RegExp => {
  let r = regexCache.get(s);
  if (!r) regexCache.set(s, (r = new RegExp(s, "iu")));
  return r;
};

/** Each field condition's path, split once per rule set rather than per mail. */
const paths = new WeakMap<object, string[]>();

const holds = (c: Condition, view: View, counts: Map<string, number>): boolean => {
  if ("signal" in c) return (counts.get(c.signal) ?? 0) >= (c.count ?? 1);
  if ("all" in c) return c.all.every((x) => holds(x, view, counts));
  if ("any" in c) return c.any.some((x) => holds(x, view, counts));
  if ("not" in c) return !holds(c.not, view, counts);
  if ("atLeast" in c) return c.of.filter((x) => holds(x, view, counts)).length >= c.atLeast;
  let path = paths.get(c);
  if (!path) paths.set(c, (path = c.field.split(".")));
  const values = valuesAt(view, path);
  if (c.exists !== undefined) return (values.length > 0) === c.exists;
  return values.some((v) => {
    if (c.equals !== undefined && v !== c.equals) return false;
    if (c.in !== undefined && !c.in.includes(v as string | number)) return false;
    if (c.contains !== undefined && !(typeof v === "string" && v.toLowerCase().includes(c.contains.toLowerCase()))) return false;
    if (c.matches !== undefined && !(typeof v === "string" && regex(c.matches).test(v))) return false;
    if (c.gte !== undefined && !(typeof v === "number" && v >= c.gte)) return false;
    if (c.lte !== undefined && !(typeof v === "number" && v <= c.lte)) return false;
    return true;
  });
};

const RANK: Record<Verdict, number> = { benign: 0, suspicious: 1, malicious: 2 };

export const evaluate = (rules: readonly Rule[], message: MailModel, signals: Signal[]): { verdict: Verdict; matched: MatchedRule[] } => {
  const counts = new Map<string, number>();
  for (const s of signals) counts.set(s.id, (counts.get(s.id) ?? 0) + 1);
  const view = { message, signals };
  const matched = rules.filter((r) => holds(r.when, view, counts)).map((r) => ({ id: r.id, verdict: r.verdict, reason: r.reason }));
  matched.sort((a, b) => RANK[b.verdict] - RANK[a.verdict]);
  return { verdict: matched[0]?.verdict ?? "benign", matched };
};
