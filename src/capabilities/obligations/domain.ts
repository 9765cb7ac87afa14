/**
 * The obligations engine, pure: facts + rule sets + now (+ filings) → every obligation of every regime in scope,
 * required or not, each with the reason, the times, the legal basis, the rule-set version and the status. No I/O and
 * no clock of its own; the rules are data (see load.ts and rules/), so changing a rule file changes the answers.
 *
 * It is not legal advice: every answer carries the conditions that held, the sources and the day-counting
 * convention, so counsel can check it, and it lists what it leaves to people (NOT_DECIDED).
 */
import { addDuration, describeCounting, formatInZone, HOLIDAYS_KNOWN_UNTIL, wallClock, type DayCounting } from "./days.js";
import { ZFacts, type Condition, type Facts, type Filing, type NamedTest, type ObligationRule, type RuleSet, type Source, type Text } from "./schema.js";
import { bilingualIssues, type FieldIssue } from "./issues.js";
import { triggerRefs } from "./conditions.js";

export const STATUSES = ["upcoming", "due_soon", "overdue", "filed", "not_required"] as const;
export type ObligationStatus = (typeof STATUSES)[number];

export type Counting = DayCounting & { text: Text };

export type Obligation = {
  /** Stable id for filings: `ruleSetId/obligationId`, plus `#n` for the n-th order. */
  id: string;
  regime: string;
  kind: ObligationRule["kind"];
  title: Text;
  authority: string;
  required: boolean;
  reason: Text;
  /** ISO 8601 in the rule's time zone (e.g. +09:00); null when the law sets no time or it is not required. */
  targetAt: string | null;
  dueAt: string | null;
  /** What the law says instead of a number ("promptly"), when it sets none. */
  timing: Text | null;
  basis: Source[];
  ruleSet: { id: string; version: string };
  status: ObligationStatus;
  filedAt: string | null;
  /** Filed after its due time. */
  isLate: boolean;
  /** The items a regulator's order asked for. */
  items?: string[];
  counting: Counting;
};

export type RuleSetAnswer = {
  id: string;
  version: string | null;
  regime: string | null;
  title: Text | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  /** The awareness date the version was picked by, in the rule set's time zone. */
  awarenessDate: string;
  inScope: boolean;
  /** Why the regime is out of scope, or that no version was in force on the awareness date. */
  reason: Text | null;
  notes: Text[];
};

export type Evaluation = {
  evaluatedAt: string;
  knownAt: string;
  ruleSets: RuleSetAnswer[];
  obligations: Obligation[];
  /** Each day-counting convention used, with the rule sets that use it. */
  conventions: (Counting & { ruleSets: string[] })[];
  notDecided: Text[];
};

export type EvaluateOptions = {
  /** Per-organisation routing of routable obligations, e.g. { ppc: "mlit" } when the PPC delegated the sector. */
  routing?: Record<string, string>;
};

/** What the engine leaves to people; said in every answer. */
export const NOT_DECIDED: readonly Text[] = [
  { ja: "これは法的助言ではありません。判断の根拠（該当した条件・出典・日数の数え方）を示すので、弁護士等が確認してください。", en: "This is not legal advice. The answer shows its reasoning (the conditions that held, the sources, how days were counted) so counsel can check it." },
  { ja: "事実の認定（いつ知ったか、不正の目的のおそれ、暗号化が「高度」か、鍵の漏えい、本人の数、データ項目）は利用者が行います。", en: "Establishing the facts (when the business knew, whether a wrongful purpose is likely, whether encryption is high-grade, whether the key leaked, the number of people, the data items) is for the user." },
  { ja: "財産的被害のおそれ、GDPR・PDPA のリスクの程度、本人への通知が困難かどうかの評価は利用者が行います（事実として入力）。", en: "Judging the risk of financial damage, the GDPR/PDPA level of risk and whether notice to individuals is difficult is for the user (entered as facts)." },
  { ja: "報告先（個人情報保護委員会か、権限委任された省庁か）は組織の設定によります。", en: "Whether reports go to the PPC or to a ministry it delegated to follows the organisation's setting." },
];

// ---------------------------------------------------------------------------------------------------------------

/** Facts from outside (a file, a request), validated; the issues name each field in Japanese and English. */
export const parseFacts = (input: unknown): { ok: true; facts: Facts } | { ok: false; issues: FieldIssue[] } => {
  const r = ZFacts.safeParse(input, { reportInput: true });
  return r.success ? { ok: true, facts: r.data } : { ok: false, issues: bilingualIssues(r.error, "facts") };
};

type View = {
  values: Record<string, string | boolean | null>;
  counts: (name: string) => number;
  items: ReadonlySet<string>;
};

const viewOf = (f: Facts): View => {
  const listed = Object.values(f.residents).reduce((a, b) => a + b, 0);
  const resident = (key: string): number =>
    key === "JP" ? (f.residents.JP ?? 0) + Math.max(0, f.people - listed) : (f.residents[key] ?? 0);
  return {
    values: {
      cause: f.cause, wrongful: f.wrongful, encryption: f.encryption, keyLeaked: f.keyLeaked, role: f.role,
      processorToldPrincipal: f.processorToldPrincipalAt !== null, contained: f.contained, notLeaked: f.notLeaked,
      beingAcquired: f.beingAcquired ?? f.cause === "skimming", noticeDifficult: f.noticeDifficult,
      risk: f.risk ?? null, hasAssessment: f.assessedAt !== null,
    },
    counts: (name) => (name === "people" ? f.people : resident(name.slice("residents.".length))),
    items: new Set(f.items),
  };
};

const holds = (c: Condition, v: View, triggers: ReadonlyMap<string, boolean>): boolean => {
  if ("all" in c) return c.all.every((x) => holds(x, v, triggers));
  if ("any" in c) return c.any.some((x) => holds(x, v, triggers));
  if ("not" in c) return !holds(c.not, v, triggers);
  if ("always" in c) return c.always;
  if ("trigger" in c) return c.trigger === "any" ? [...triggers.values()].some(Boolean) : triggers.get(c.trigger) === true;
  if ("items" in c) return c.items === "includesAny" ? c.values.some((x) => v.items.has(x)) : c.values.every((x) => v.items.has(x));
  if ("count" in c) {
    const n = v.counts(c.count);
    return (c.gt === undefined || n > c.gt) && (c.gte === undefined || n >= c.gte) && (c.lt === undefined || n < c.lt) && (c.lte === undefined || n <= c.lte);
  }
  const value = v.values[c.fact] ?? null;
  return c.in !== undefined ? typeof value === "string" && c.in.includes(value) : value === c.eq;
};

/** `{people}`, `{residents.EU}`, `{authority}` … in rule texts, filled from the facts (counts with separators). */
const fill = (t: Text, v: View, extra: Record<string, string> = {}): Text => {
  const one = (s: string, locale: "ja" | "en") =>
    s.replace(/\{([A-Za-z.-]+)\}/g, (whole, name: string) => {
      if (name in extra) return extra[name] as string;
      if (name === "people" || name.startsWith("residents.")) return v.counts(name).toLocaleString(locale === "ja" ? "ja-JP" : "en-US");
      return whole;
    });
  return { ja: one(t.ja, "ja"), en: one(t.en, "en") };
};

/** Japanese sentences end in 。 and need no space between them; English ones do. */
const join = (parts: Text[]): Text => ({ ja: parts.map((p) => p.ja).join(""), en: parts.map((p) => p.en).join(" ") });

const sourceKey = (s: Source): string => `${s.law}|${s.article}|${s.paragraph ?? ""}|${s.item ?? ""}`;
const uniqueSources = (sources: Source[]): Source[] => {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(sourceKey(s)) ? false : (seen.add(sourceKey(s)), true)));
};

const localDate = (at: Date, timeZone: string): string => {
  const w = wallClock(at, timeZone);
  return `${w.y}-${String(w.m).padStart(2, "0")}-${String(w.d).padStart(2, "0")}`;
};

/** The version of each regime in force on the awareness date (in that version's own time zone). */
export const selectRuleSets = (ruleSets: readonly RuleSet[], knownAt: Date): { id: string; awarenessDate: string; ruleSet: RuleSet | null }[] => {
  // Japanese regimes first (sokuho's users are Japanese businesses), then the others by id.
  const rank = (id: string) => `${id.startsWith("jp-") ? 0 : 1}${id}`;
  const ids = [...new Set(ruleSets.map((r) => r.id))].sort((a, b) => rank(a).localeCompare(rank(b)));
  return ids.map((id) => {
    const versions = ruleSets.filter((r) => r.id === id);
    const inForce = versions.find((r) => {
      const d = localDate(knownAt, r.dayCounting.timeZone);
      return r.effectiveFrom <= d && (r.effectiveTo === null || d <= r.effectiveTo);
    });
    const tz = (inForce ?? versions[0]!).dayCounting.timeZone;
    return { id, awarenessDate: localDate(knownAt, tz), ruleSet: inForce ?? null };
  });
};

export const statusOf = (due: Date | null, target: Date | null, filedAt: Date | null, now: Date, dueSoonHours: number): ObligationStatus => {
  if (filedAt) return "filed";
  if (due && now.getTime() > due.getTime()) return "overdue";
  if (target && now.getTime() >= target.getTime()) return "due_soon";
  if (due && due.getTime() - now.getTime() <= dueSoonHours * 3_600_000) return "due_soon";
  return "upcoming";
};

type Computed = { obligation: Obligation; due: Date | null; filedAt: Date | null };

/** What every obligation of one rule set is evaluated against. */
type SetContext = {
  set: RuleSet; facts: Facts; v: View; triggers: ReadonlyMap<string, boolean>; notes: NamedTest[];
  /** The obligations of this set computed so far, for chained clocks. */
  done: ReadonlyMap<string, Computed>;
  now: Date; filings: readonly Filing[]; options: EvaluateOptions;
};

const evaluateRule = (rule: ObligationRule, ctx: SetContext, order?: { index: number; value: Facts["orders"][number] }): Computed => {
  const { set, facts, v, triggers, notes, done, now, filings, options } = ctx;
  const counting = { ...set.dayCounting, ...rule.dayCounting } as DayCounting;
  const tz = counting.timeZone;
  const id = `${set.id}/${rule.id}${order ? `#${order.index + 1}` : ""}`;
  const extra: Record<string, string> = order
    ? { authority: order.value.authority, issuedAt: formatInZone(new Date(order.value.issuedAt), tz), items: String(order.value.items.length) }
    : {};
  const noteTexts = notes.map((n) => fill(n.label, v, extra));

  const isApplicable = holds(rule.requiredWhen, v, triggers);
  const exemption = isApplicable ? set.exemptions.find((e) => rule.exemptions.includes(e.id) && holds(e.when, v, triggers)) : undefined;
  const required = isApplicable && !exemption;
  const matched = set.triggers.filter((t) => triggers.get(t.id));

  let authority = order ? order.value.authority : rule.authority;
  const reasons: Text[] = [];
  const basis: Source[] = [...(order?.value.basis?.map((b) => ({ ...b, confidence: "C" as const })) ?? rule.basis)];
  if (!isApplicable) {
    reasons.push(fill(rule.notRequiredText, v, extra));
  } else {
    // The events that matched are said even when an exemption relieves the duty, so counsel sees both halves.
    const isTriggered = triggerRefs(rule.requiredWhen).length > 0 && matched.length > 0;
    if (exemption) {
      reasons.push(fill({ ja: `適用除外: ${exemption.label.ja}。`, en: `Exempt: ${exemption.label.en}.` }, v, extra));
      basis.push(...exemption.basis);
    } else if (rule.requiredText) reasons.push(fill(rule.requiredText, v, extra));
    if (isTriggered) {
      const [ja, en] = exemption ? ["適用除外がなければ該当", "Would otherwise apply"] : ["該当", "Applies"];
      reasons.push(fill({ ja: `${ja}: ${matched.map((t) => t.label.ja).join("、")}。`, en: `${en}: ${matched.map((t) => t.label.en).join("; ")}.` }, v, extra));
      basis.push(...matched.flatMap((t) => t.basis));
    }
  }
  if (rule.routable && options.routing?.[authority]) {
    const to = options.routing[authority] as string;
    reasons.push({ ja: `組織の設定により ${authority} から ${to} へ報告（権限委任）。`, en: `Routed from ${authority} to ${to} by the organisation's setting (delegation).` });
    authority = to;
  }

  // Times: only for what is required; the clock of a chained obligation is its predecessor's filing (or due time).
  let start: Date | null = null;
  if (required) {
    if (order) start = new Date(order.value.issuedAt);
    else if (rule.clock === "knownAt") start = new Date(facts.knownAt);
    else if (rule.clock === "assessedAt") {
      start = facts.assessedAt ? new Date(facts.assessedAt) : null;
      if (!start) reasons.push({ ja: "期限は評価（assessedAt）の時点から数えます。評価はまだ入力されていません。", en: "The deadline runs from the assessment (assessedAt), which the facts do not give yet." });
    } else if (typeof rule.clock === "object") {
      const prev = done.get(`${set.id}/${rule.clock.afterObligation}`);
      start = prev?.filedAt ?? prev?.due ?? null;
      if (prev && !prev.filedAt && start) {
        reasons.push({ ja: `起算点の「${prev.obligation.title.ja}」が未了のため、その期限から数えています。`, en: `Counted from the due time of "${prev.obligation.title.en}", which is not filed yet.` });
      }
    }
  }
  const target = start && rule.target ? addDuration(start, rule.target, counting) : null;
  let due: Date | null = null;
  if (order && required) due = new Date(order.value.dueAt);
  else if (start) {
    const alt = rule.due.find((d) => !d.when || holds(d.when, v, triggers));
    if (alt) {
      due = addDuration(start, alt.duration, counting);
      if (alt.label) reasons.push(fill(alt.label, v, extra));
    }
  }
  if (required && rule.timing && !due) reasons.push(fill(rule.timing, v, extra));
  if (due && counting.days === "business" && counting.holidays !== "none" && localDate(due, tz) > HOLIDAYS_KNOWN_UNTIL) {
    reasons.push({ ja: `祝日の表は ${HOLIDAYS_KNOWN_UNTIL} までです。それ以降の祝日は数えていません。`, en: `The holiday table ends on ${HOLIDAYS_KNOWN_UNTIL}; later holidays are not counted.` });
  }
  reasons.push(...noteTexts);
  basis.push(...notes.flatMap((n) => n.basis));

  const filing = filings.find((x) => x.obligationId === id);
  const factFiled = rule.filedByFact ? facts[rule.filedByFact] : null;
  const filedAt = !required ? null : filing ? new Date(filing.filedAt) : factFiled ? new Date(factFiled) : null;
  const obligation: Obligation = {
    id, regime: set.regime, kind: rule.kind, title: rule.title, authority, required, reason: join(reasons),
    targetAt: target ? formatInZone(target, tz) : null,
    dueAt: due ? formatInZone(due, tz) : null,
    timing: rule.timing ?? null,
    basis: uniqueSources(basis),
    ruleSet: { id: set.id, version: set.version },
    status: required ? statusOf(due, target, filedAt, now, set.dueSoonHours) : "not_required",
    filedAt: filedAt ? formatInZone(filedAt, tz) : null,
    isLate: !!(filedAt && due && filedAt.getTime() > due.getTime()),
    ...(order ? { items: order.value.items } : {}),
    counting: { ...counting, text: describeCounting(counting) },
  };
  return { obligation, due, filedAt };
};

/**
 * Every obligation for the facts under the rule sets in force on the awareness date, with its status at `now`.
 * `filings` mark obligations done (by id); `options.routing` sends routable reports to a delegated authority.
 */
export const evaluateObligations = (
  facts: Facts, ruleSets: readonly RuleSet[], now: Date, filings: readonly Filing[] = [], options: EvaluateOptions = {},
): Evaluation => {
  const v = viewOf(facts);
  const knownAt = new Date(facts.knownAt);
  const answers: RuleSetAnswer[] = [];
  const obligations: Obligation[] = [];

  for (const picked of selectRuleSets(ruleSets, knownAt)) {
    const set = picked.ruleSet;
    if (!set) {
      answers.push({
        id: picked.id, version: null, regime: null, title: null, effectiveFrom: null, effectiveTo: null,
        awarenessDate: picked.awarenessDate, inScope: false, notes: [],
        reason: { ja: `${picked.awarenessDate} に施行中の版がありません。`, en: `No version was in force on ${picked.awarenessDate}.` },
      });
      continue;
    }
    const inScope = !set.scope || holds(set.scope.when, v, new Map());
    const triggers = new Map(set.triggers.map((t) => [t.id, holds(t.when, v, new Map())]));
    const notes = set.notes.filter((n) => holds(n.when, v, triggers));
    answers.push({
      id: set.id, version: set.version, regime: set.regime, title: set.title, effectiveFrom: set.effectiveFrom,
      effectiveTo: set.effectiveTo, awarenessDate: picked.awarenessDate, inScope,
      reason: inScope ? null : fill(set.scope!.outOfScope, v), notes: notes.map((n) => fill(n.label, v)),
    });
    if (!inScope) continue;

    const done = new Map<string, Computed>();
    const ctx: SetContext = { set, facts, v, triggers, notes, done, now, filings, options };
    for (const rule of set.obligations) {
      const runs = rule.perOrder ? facts.orders.map((value, index) => ({ index, value })) : [undefined];
      for (const order of runs) {
        const c = evaluateRule(rule, ctx, order);
        if (!rule.perOrder) done.set(`${set.id}/${rule.id}`, c);
        obligations.push(c.obligation);
      }
    }
  }

  const conventions = new Map<string, Counting & { ruleSets: string[] }>();
  for (const o of obligations) {
    const { text, ...c } = o.counting;
    const key = JSON.stringify(c);
    const ref = `${o.ruleSet.id}@${o.ruleSet.version}`;
    const entry = conventions.get(key) ?? { ...c, text, ruleSets: [] };
    if (!entry.ruleSets.includes(ref)) entry.ruleSets.push(ref);
    conventions.set(key, entry);
  }
  return {
    evaluatedAt: now.toISOString(), knownAt: facts.knownAt, ruleSets: answers, obligations,
    conventions: [...conventions.values()], notDecided: [...NOT_DECIDED],
  };
};
