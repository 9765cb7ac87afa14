/**
 * The two inputs of the obligations engine, as zod schemas: the facts of an incident (what counsel or the platform
 * knows) and the rule sets (the law as data, one JSON file per version of a regime).
 */
import { z } from "zod";
import { DATA_ITEMS } from "./items.js";
import { DAY_KINDS, DEADLINE_KINDS, FIRST_DAY, HOLIDAY_CALENDARS, isValidTimeZone } from "./days.js";

// ---------------------------------------------------------------------------------------------------------------
// Facts
// ---------------------------------------------------------------------------------------------------------------

export const CAUSES = ["unauthorised_access", "malware", "theft", "loss", "misdelivery", "misconfiguration", "skimming", "insider", "other"] as const;

/** Data items: the scanner's types, the names of the issue's facts form, and what only people can tell (health …). */
export { DATA_ITEMS };

const ZInstant = z.iso.datetime({ offset: true });
/** ISO 3166-1 alpha-2, `EU` for any EU/EEA state, or ISO 3166-2 for a subdivision such as `US-CA`. */
export const ZResidenceKey = z.string().regex(/^(EU|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/);

export const ZOrder = z.strictObject({
  /** Short id of the authority, e.g. `jta` (観光庁), `ppc`. */
  authority: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  issuedAt: ZInstant,
  dueAt: ZInstant,
  items: z.array(z.string().min(1)).default([]),
  /** The order's own legal basis, when it differs from the rule set's default for orders. */
  basis: z.array(z.strictObject({ law: z.string(), lawEn: z.string().optional(), article: z.string(), paragraph: z.string().optional(), url: z.url() })).optional(),
});

export const ZFacts = z.strictObject({
  /** When the business became aware (the incident's leak_suspected clock, else leak_confirmed). */
  knownAt: ZInstant,
  /** When the business assessed the breach as notifiable (Singapore's clock). */
  assessedAt: ZInstant.nullable().default(null),
  cause: z.enum(CAUSES),
  /** A wrongful purpose is likely (不正の目的をもって行われたおそれ): an attack, theft, an insider taking data. */
  wrongful: z.boolean(),
  people: z.number().int().min(0),
  /** People by residence; people not listed count as residents of Japan. */
  residents: z.record(ZResidenceKey, z.number().int().min(0)).default({}),
  items: z.array(z.enum(DATA_ITEMS)).default([]),
  encryption: z.enum(["none", "high_grade"]).default("none"),
  /** The key (or password) of the encrypted data leaked too: the safe harbour no longer applies. */
  keyLeaked: z.boolean().default(false),
  role: z.enum(["principal", "processor"]).default("principal"),
  processorToldPrincipalAt: ZInstant.nullable().default(null),
  contained: z.boolean().default(false),
  /** Everything was recovered before any third party saw it (a mail recalled unopened): not a leak. */
  notLeaked: z.boolean().default(false),
  /** The data was being acquired (a skimmed web form, a phishing form), not yet held; defaults to cause = skimming. */
  beingAcquired: z.boolean().optional(),
  /** Notice to each person is difficult (no contact details …): a substitute measure is allowed instead. */
  noticeDifficult: z.boolean().default(false),
  /** Risk to people as the business judged it (GDPR Art. 33/34, PDPA significant harm); sokuho does not judge it. */
  risk: z.enum(["unlikely", "risk", "high"]).optional(),
  orders: z.array(ZOrder).default([]),
}).superRefine((f, ctx) => {
  const listed = Object.values(f.residents).reduce((a, b) => a + b, 0);
  if (listed > f.people) {
    ctx.addIssue({ code: "custom", path: ["residents"], message: "more residents than people", params: { ja: "居住地別の人数の合計が people を超えています" } });
  }
  if (f.processorToldPrincipalAt !== null && f.role !== "processor") {
    ctx.addIssue({ code: "custom", path: ["processorToldPrincipalAt"], message: "only a processor tells its principal (role must be processor)", params: { ja: "委託元への報告は委託先（role: processor）の場合だけです" } });
  }
});
export type Facts = z.infer<typeof ZFacts>;
export type FactsInput = z.input<typeof ZFacts>;

/** A filing of an obligation (its `id` in the answer), e.g. from the platform's signed-off documents. */
export const ZFiling = z.strictObject({ obligationId: z.string().min(1), filedAt: ZInstant });
export type Filing = z.infer<typeof ZFiling>;

// ---------------------------------------------------------------------------------------------------------------
// Rule sets
// ---------------------------------------------------------------------------------------------------------------

export const ZText = z.strictObject({ ja: z.string().min(1), en: z.string().min(1) });
export type Text = z.infer<typeof ZText>;

/** C: confirmed in a primary or reliable source; S: secondary source only; U: unconfirmed, kept as configuration. */
export const ZSource = z.strictObject({
  /** The law's name as it is published (Japanese for Japanese law). */
  law: z.string().min(1),
  /** Its name in English, for the English UI and documents (required by the shipped files' test when `law` is not ASCII). */
  lawEn: z.string().min(1).optional(),
  article: z.string().min(1),
  /** The article in English notation when it differs (`29の4` → `29-4`). */
  articleEn: z.string().min(1).optional(),
  paragraph: z.string().optional(),
  /** The paragraph in English when it holds Japanese (`1 ただし書` → `1, proviso`). */
  paragraphEn: z.string().min(1).optional(),
  item: z.string().optional(),
  url: z.url(),
  confidence: z.enum(["C", "S", "U"]).default("C"),
  note: z.string().optional(),
});
export type Source = z.infer<typeof ZSource>;

/** Boolean and text facts a condition can test (`residents.XX` and `people` are counts). */
export const FACT_NAMES = [
  "cause", "wrongful", "encryption", "keyLeaked", "role", "processorToldPrincipal", "contained", "notLeaked",
  "beingAcquired", "noticeDifficult", "risk", "hasAssessment",
] as const;
const ZCountName = z.union([z.literal("people"), z.string().regex(/^residents\.(EU|[A-Z]{2}(-[A-Z0-9]{1,3})?)$/)]);

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | { always: boolean }
  | { fact: (typeof FACT_NAMES)[number]; eq?: string | boolean | null | undefined; in?: string[] | undefined }
  | { items: "includesAny" | "includesAll"; values: string[] }
  | { count: string; gt?: number | undefined; gte?: number | undefined; lt?: number | undefined; lte?: number | undefined }
  | { trigger: string };

export const ZCondition: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(ZCondition).min(1) }),
    z.strictObject({ any: z.array(ZCondition).min(1) }),
    z.strictObject({ not: ZCondition }),
    z.strictObject({ always: z.boolean() }),
    z.strictObject({ fact: z.enum(FACT_NAMES), eq: z.union([z.string(), z.boolean(), z.null()]).optional(), in: z.array(z.string()).optional() })
      .refine((c) => (c.eq !== undefined) !== (c.in !== undefined), { message: "give exactly one of eq or in", params: { ja: "eq と in のどちらか一方を指定してください" } }),
    z.strictObject({ items: z.enum(["includesAny", "includesAll"]), values: z.array(z.enum(DATA_ITEMS)).min(1) }),
    z.strictObject({ count: ZCountName, gt: z.number().optional(), gte: z.number().optional(), lt: z.number().optional(), lte: z.number().optional() })
      .refine((c) => [c.gt, c.gte, c.lt, c.lte].some((v) => v !== undefined), { message: "give a bound (gt, gte, lt or lte)", params: { ja: "比較（gt、gte、lt、lte）を指定してください" } }),
    /** A trigger of this rule set by id, or `any` for any of them. */
    z.strictObject({ trigger: z.string().min(1) }),
  ]),
);

export const ZDayCounting = z.strictObject({
  timeZone: z.string().refine(isValidTimeZone, { message: "unknown IANA time zone", params: { ja: "不明なタイムゾーンです（IANA 形式）" } }),
  firstDay: z.enum(FIRST_DAY),
  days: z.enum(DAY_KINDS),
  holidays: z.enum(HOLIDAY_CALENDARS).default("none"),
  deadline: z.enum(DEADLINE_KINDS),
});

export const ZDuration = z.union([
  z.strictObject({ days: z.number().int().positive() }),
  z.strictObject({ hours: z.number().positive() }),
]);

/** A named test with the text that explains it when it holds (a trigger, an exemption, a note). */
const ZNamedTest = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  when: ZCondition,
  label: ZText,
  basis: z.array(ZSource).default([]),
});
export type NamedTest = z.infer<typeof ZNamedTest>;

/** Where the clock of an obligation starts. */
export const ZClock = z.union([
  z.enum(["knownAt", "assessedAt", "order.issuedAt"]),
  /** After another obligation of the same rule set was filed (or, until it is, after its due time). */
  z.strictObject({ afterObligation: z.string() }),
]);

export const KINDS = [
  "preliminary_report", "final_report", "report", "individual_notice", "substitute_measure", "publication",
  "principal_notice", "authority_notification", "ag_notice", "assessment", "order_report", "guidance_report",
] as const;

export const ZObligationRule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/),
  kind: z.enum(KINDS),
  title: ZText,
  /** Short authority id (`ppc`, `pdpc`, `ca-ag`), `individuals`, `principal`, or `order` (the order's own authority). */
  authority: z.string().min(1),
  /** The organisation may route it elsewhere (the PPC's 権限委任 to a ministry, 法150条). */
  routable: z.boolean().default(false),
  /** One obligation per order in the facts, due when the order says. */
  perOrder: z.boolean().default(false),
  requiredWhen: ZCondition,
  /** Why it is required beyond the triggers (shown in the reason). */
  requiredText: ZText.optional(),
  /** Why it is not required when `requiredWhen` fails. */
  notRequiredText: ZText,
  /** Ids of the rule set's exemptions that relieve this obligation, in order. */
  exemptions: z.array(z.string()).default([]),
  clock: ZClock.default("knownAt"),
  target: ZDuration.optional(),
  /** The first alternative whose `when` holds (or that has none) sets the due time. */
  due: z.array(z.strictObject({ when: ZCondition.optional(), duration: ZDuration, label: ZText.optional() })).default([]),
  /** When the law sets no number ("promptly"): what it says instead. */
  timing: ZText.optional(),
  /** A fact that, when set, is this obligation's filing (e.g. processorToldPrincipalAt). */
  filedByFact: z.enum(["processorToldPrincipalAt", "assessedAt"]).optional(),
  dayCounting: ZDayCounting.partial().optional(),
  basis: z.array(ZSource).min(1),
});
export type ObligationRule = z.infer<typeof ZObligationRule>;

export const ZRuleSet = z.strictObject({
  $schema: z.string().optional(),
  /** The regime: one id, many versions with effective dates that do not overlap. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  version: z.string().min(1),
  regime: z.string().min(1),
  title: ZText,
  /** YYYY-MM-DD in the day counting's time zone; the rule set applies to awareness on or after this day. */
  effectiveFrom: z.iso.date(),
  /** Last day in force, inclusive; null while in force. */
  effectiveTo: z.iso.date().nullable(),
  /** The regime is in scope for an incident only when this holds (e.g. EU residents for the GDPR). */
  scope: z.strictObject({ when: ZCondition, outOfScope: ZText }).optional(),
  dayCounting: ZDayCounting,
  dueSoonHours: z.number().positive().default(48),
  /** Hours before a due time at which a reminder (obligation.due_soon) is raised; SOKUHO_OBLIGATION_LEAD_HOURS overrides. */
  leadHours: z.array(z.number().positive().max(24 * 365)).min(1).max(10).default([48, 24, 2]),
  triggers: z.array(ZNamedTest).default([]),
  exemptions: z.array(ZNamedTest).default([]),
  /** Said in every answer of this rule set when `when` holds (e.g. "judged under the rule before the 2024 amendment"). */
  notes: z.array(ZNamedTest).default([]),
  obligations: z.array(ZObligationRule),
});
export type RuleSet = z.infer<typeof ZRuleSet>;

/** The rule-file schema as JSON Schema, for editors (each rule file points at it with `$schema`). */
export const ruleSetJsonSchema = (): unknown =>
  z.toJSONSchema(ZRuleSet, { io: "input", unrepresentable: "any", target: "draft-2020-12" });
