/**
 * Two pure helpers for the service that will come:
 *  - suggestFacts: the facts sokuho already knows (awareness from the clocks, cause from the category, people and
 *    items from the affected-person registry), each with where it came from, for the user to confirm or override;
 *  - diffEvaluations: what changed between two answers (a fact or a rule changed), for the history and for "what
 *    changes if this fact changes" in the UI.
 */
import type { INCIDENT_CATEGORIES } from "../../platform/db/schema.js";
import type { Evaluation, Obligation } from "./domain.js";
import { DATA_ITEMS, type CAUSES, type FactsInput } from "./schema.js";

type Category = (typeof INCIDENT_CATEGORIES)[number];
type Cause = (typeof CAUSES)[number];

/** The incident's category as a cause, and whether that cause is wrongful by itself (null: the user says). */
const BY_CATEGORY: Record<Category, { cause: Cause; wrongful: boolean | null }> = {
  unauthorized_access: { cause: "unauthorised_access", wrongful: true },
  targeted_mail: { cause: "malware", wrongful: true },
  web_skimming: { cause: "skimming", wrongful: true },
  insider: { cause: "insider", wrongful: true },
  lost_device: { cause: "loss", wrongful: false },
  misdelivery: { cause: "misdelivery", wrongful: false },
  other: { cause: "other", wrongful: null },
};

/** The incident clocks the facts are suggested from (a change of another clock changes no obligation). */
export const FACT_CLOCKS: readonly string[] = ["leak_suspected", "leak_confirmed"];

export type FactSource = "clock:leak_suspected" | "clock:leak_confirmed" | "category" | "registry";

export type SuggestInput = {
  clocks: { leak_suspected?: Date | null; leak_confirmed?: Date | null };
  category?: Category | null;
  /** The registry's unique people and people per leaked item (the scanner's PII types). */
  registry?: { people: number; peoplePerItem: Record<string, number> } | null;
};

export const suggestFacts = (input: SuggestInput): { facts: Partial<FactsInput>; sources: Partial<Record<keyof FactsInput, FactSource>> } => {
  const facts: Partial<FactsInput> = {};
  const sources: Partial<Record<keyof FactsInput, FactSource>> = {};
  // Awareness is the suspicion when there was one: "likely" (おそれ) leaks count from the moment they are suspected.
  const known = input.clocks.leak_suspected ? ["leak_suspected", input.clocks.leak_suspected] as const
    : input.clocks.leak_confirmed ? ["leak_confirmed", input.clocks.leak_confirmed] as const : null;
  if (known) {
    facts.knownAt = known[1].toISOString();
    sources.knownAt = `clock:${known[0]}`;
  }
  if (input.category) {
    const c = BY_CATEGORY[input.category];
    facts.cause = c.cause;
    sources.cause = "category";
    if (c.wrongful !== null) {
      facts.wrongful = c.wrongful;
      sources.wrongful = "category";
    }
  }
  if (input.registry) {
    facts.people = input.registry.people;
    sources.people = "registry";
    const known = new Set<string>(DATA_ITEMS);
    facts.items = Object.entries(input.registry.peoplePerItem)
      .filter(([item, n]) => n > 0 && known.has(item))
      .map(([item]) => item as (typeof DATA_ITEMS)[number])
      .sort();
    sources.items = "registry";
  }
  return { facts, sources };
};

export type ObligationChange = {
  id: string;
  change: "added" | "removed" | "changed";
  /** For "changed": each field that differs, before and after. */
  fields: { field: "required" | "authority" | "targetAt" | "dueAt" | "status" | "ruleSet"; before: string | boolean | null; after: string | boolean | null }[];
};

const COMPARED = ["required", "authority", "targetAt", "dueAt", "status"] as const;

export const diffEvaluations = (before: Evaluation, after: Evaluation): ObligationChange[] => {
  const old = new Map(before.obligations.map((o) => [o.id, o]));
  const now = new Map(after.obligations.map((o) => [o.id, o]));
  const changes: ObligationChange[] = [];
  for (const id of old.keys()) if (!now.has(id)) changes.push({ id, change: "removed", fields: [] });
  for (const [id, a] of now) {
    const b = old.get(id);
    if (!b) {
      changes.push({ id, change: "added", fields: [] });
      continue;
    }
    const fields: ObligationChange["fields"] = COMPARED.filter((f) => b[f] !== a[f]).map((f) => ({ field: f, before: b[f], after: a[f] }));
    const version = (o: Obligation) => `${o.ruleSet.id}@${o.ruleSet.version}`;
    if (version(b) !== version(a)) fields.push({ field: "ruleSet", before: version(b), after: version(a) });
    if (fields.length > 0) changes.push({ id, change: "changed", fields });
  }
  return changes;
};
