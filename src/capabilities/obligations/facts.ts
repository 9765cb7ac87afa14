/**
 * The facts form: what a person may set (every fact but the orders, which come from regulators' orders), how a
 * person's value combines with sokuho's suggestion, and the reminders due at a moment. Pure.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { CAUSES, DATA_ITEMS, ZResidenceKey, type FactsInput } from "./schema.js";
import type { Evaluation } from "./domain.js";
import type { FactSource } from "./suggest.js";

const ZInstant = z.iso.datetime({ offset: true });

/** One value per fact, validated as the engine validates it; `null` clears the person's value (back to the suggestion). */
export const ZFactValues = z.strictObject({
  knownAt: ZInstant.nullable(),
  assessedAt: ZInstant.nullable(),
  cause: z.enum(CAUSES).nullable(),
  wrongful: z.boolean().nullable(),
  people: z.number().int().min(0).max(10_000_000_000).nullable(),
  residents: z.record(ZResidenceKey, z.number().int().min(0)).nullable(),
  items: z.array(z.enum(DATA_ITEMS)).max(DATA_ITEMS.length).nullable(),
  encryption: z.enum(["none", "high_grade"]).nullable(),
  keyLeaked: z.boolean().nullable(),
  role: z.enum(["principal", "processor"]).nullable(),
  processorToldPrincipalAt: ZInstant.nullable(),
  contained: z.boolean().nullable(),
  notLeaked: z.boolean().nullable(),
  beingAcquired: z.boolean().nullable(),
  noticeDifficult: z.boolean().nullable(),
  risk: z.enum(["unlikely", "risk", "high"]).nullable(),
}).partial();
export type FactValues = z.infer<typeof ZFactValues>;
export type FactField = keyof FactValues;
export const FACT_FIELDS = Object.keys(ZFactValues.shape) as FactField[];

export type StoredFact = { value: unknown; source: "confirmed" | "override" };
export type FactView = {
  field: FactField;
  value: unknown;
  /** Where the value in force comes from. */
  source: "confirmed" | "override" | "suggested" | "default" | "missing";
  suggested: unknown;
  suggestedFrom: FactSource | null;
};

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A person's value overrides a suggestion that differs; it confirms one that is equal, or states a fact sokuho had
 * no suggestion for. Both are audited; an override under its own action so it can be found.
 */
export const classify = (value: unknown, suggested: unknown): StoredFact["source"] =>
  suggested === undefined || same(value, suggested) ? "confirmed" : "override";

/** The facts in force: the person's value, else the suggestion; and each field as the form shows it. */
export const mergeFacts = (
  stored: Record<string, StoredFact>, suggestion: { facts: Partial<FactsInput>; sources: Partial<Record<string, FactSource>> },
): { input: Partial<FactsInput>; fields: FactView[] } => {
  const input: Record<string, unknown> = {};
  const fields = FACT_FIELDS.map((field): FactView => {
    const s = stored[field];
    const suggested = (suggestion.facts as Record<string, unknown>)[field];
    const suggestedFrom = suggestion.sources[field] ?? null;
    if (s) {
      input[field] = s.value;
      return { field, value: s.value, source: s.source, suggested: suggested ?? null, suggestedFrom };
    }
    if (suggested !== undefined) {
      input[field] = suggested;
      return { field, value: suggested, source: "suggested", suggested, suggestedFrom };
    }
    return { field, value: null, source: REQUIRED_FACTS.includes(field) ? "missing" : "default", suggested: null, suggestedFrom: null };
  });
  return { input: input as Partial<FactsInput>, fields };
};

/** The facts the engine cannot do without. */
export const REQUIRED_FACTS: readonly FactField[] = ["knownAt", "cause", "wrongful", "people"];

export type EvaluationCause = "first" | "clock" | "registry" | "order" | "filing" | "facts" | "rules";

/**
 * Why a new evaluation was stored: the command's own reason when a person changed the facts, else the first
 * difference between the inputs (orders, signed filings, the awareness time from the clocks, the registry counts).
 */
export const causeOfChange = (
  before: { facts: Record<string, unknown>; filings: unknown } | null, after: { facts: Record<string, unknown>; filings: unknown },
  hint?: EvaluationCause,
): EvaluationCause => {
  if (!before) return "first";
  if (hint) return hint;
  const differs = (k: string) => !same(before.facts[k], after.facts[k]);
  if (differs("orders")) return "order";
  if (!same(before.filings, after.filings)) return "filing";
  if (differs("knownAt")) return "clock";
  if (differs("people") || differs("items")) return "registry";
  if (FACT_FIELDS.some(differs)) return "facts";
  return "rules";
};

export const inputsHash = (x: unknown): string => createHash("sha256").update(JSON.stringify(x)).digest("hex");

/** Default lead times before a due time at which `obligation.due_soon` is raised. */
export const DEFAULT_LEAD_HOURS: readonly number[] = [48, 24, 2];

export type Reminder = { obligationId: string; reminder: string; dueAt: Date; kind: "due_soon" | "overdue"; leadHours: number | null };

/**
 * The reminders that hold at `now` for an evaluation: for each required, unfiled obligation with a due time, one
 * `due_soon:<h>h` per lead time already reached (only the nearest one, so a late start does not raise three at
 * once) and `overdue` once past due.
 */
export const remindersAt = (
  ev: Evaluation, now: Date, leadHours: readonly number[] | ((o: Evaluation["obligations"][number]) => readonly number[]) = DEFAULT_LEAD_HOURS,
): Reminder[] => {
  const out: Reminder[] = [];
  for (const o of ev.obligations) {
    if (!o.required || o.filedAt || !o.dueAt) continue;
    const leads = typeof leadHours === "function" ? leadHours(o) : leadHours;
    const due = new Date(o.dueAt);
    const left = due.getTime() - now.getTime();
    if (left < 0) {
      out.push({ obligationId: o.id, reminder: "overdue", dueAt: due, kind: "overdue", leadHours: null });
      continue;
    }
    const reached = [...leads].sort((a, b) => a - b).find((h) => left <= h * 3_600_000);
    if (reached !== undefined) out.push({ obligationId: o.id, reminder: `due_soon:${reached}h`, dueAt: due, kind: "due_soon", leadHours: reached });
  }
  return out;
};
