/** Incidents and vendor access grants: pure rules, no I/O. The full incident spine arrives with its own issue. */
import { z } from "zod";
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, PAPS, SEVERITIES, TLPS } from "../../platform/db/schema.js";
import { CLOCKS } from "./clocks.js";

/** A free tag as people type it: NFKC (full-width letters and digits become ASCII), spaces collapsed, trimmed. */
export const normaliseTag = (tag: string): string => tag.normalize("NFKC").replace(/\s+/g, " ").trim();
export const MAX_TAGS = 20;
/** PostgreSQL refuses NUL in text: refused here as bad input, not met there as a 500. */
const noNul = (s: string): boolean => !s.includes("\u0000");
export const ZTag = z.string().max(200).refine(noNul, "NUL").transform(normaliseTag).pipe(z.string().min(1).max(40));
/** Tags in the order given, each once (after normalising). */
export const ZTags = z.array(ZTag).max(MAX_TAGS).transform((tags) => [...new Set(tags)]);

export const ZIncidentInput = z.strictObject({
  title: z.string().trim().min(1).max(300),
  summary: z.string().max(20_000).optional(),
  severity: z.enum(SEVERITIES).optional(),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
  tlp: z.enum(TLPS).optional(),
  pap: z.enum(PAPS).optional(),
  tags: ZTags.optional(),
  leadUserId: z.string().uuid().nullable().optional(),
});
export const ZIncidentPatch = z.strictObject({
  title: z.string().trim().min(1).max(300).optional(),
  summary: z.string().max(20_000).optional(),
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
  tlp: z.enum(TLPS).optional(),
  pap: z.enum(PAPS).optional(),
  tags: ZTags.optional(),
  /** a member of the owning organisation; null clears the lead */
  leadUserId: z.string().uuid().nullable().optional(),
});

/** Filters of the incident list: free text (ref, title, summary, tags), one tag, the lead ("me" or a user id). */
export const ZIncidentListQuery = z.strictObject({
  q: z.string().trim().max(200).refine(noNul, "NUL").optional(),
  tag: ZTag.optional(),
  lead: z.union([z.literal("me"), z.string().uuid()]).optional(),
});
/** `leadIsMe`: led by the acting user, as the read's settings name them (so the user need not be known before the read). */
export type IncidentListFilter = { q?: string; tag?: string; leadUserId?: string; leadIsMe?: boolean };

/** `q` as an ILIKE pattern matching it anywhere, its wildcards taken literally. */
export const containsPattern = (q: string): string => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const ZClock = z.enum(CLOCKS);
/** A clock as sent: ISO 8601 with an offset, or a date-time without one meaning Japan time; null clears it. */
export const ZClockInput = z.strictObject({
  at: z.string().max(40).nullable(),
  evidence: z.string().trim().max(2000).default(""),
});
export const ZTargets = z.strictObject({
  targets: z.array(z.strictObject({ from: ZClock, to: ZClock, minutes: z.number().int().min(1).max(525_600) })).max(50),
});

/** `INC-2026-0007`: the year in Asia/Tokyo and a per-organisation counter. */
export const incidentRef = (at: Date, n: number): string => {
  const year = new Intl.DateTimeFormat("en", { timeZone: "Asia/Tokyo", year: "numeric" }).format(at);
  return `INC-${year}-${String(n).padStart(4, "0")}`;
};

export type GrantState = { expiresAt: Date; revokedAt: Date | null };
export const grantIsActive = (g: GrantState, now: Date): boolean => g.revokedAt === null && g.expiresAt > now;

/** Grants are meant to be short: at most a year ahead, and never in the past. */
export const MAX_GRANT_DAYS = 366;
export const grantExpiryProblem = (expiresAt: Date, now: Date): "past" | "too_far" | null =>
  expiresAt <= now ? "past" : expiresAt.getTime() - now.getTime() > MAX_GRANT_DAYS * 86_400_000 ? "too_far" : null;
