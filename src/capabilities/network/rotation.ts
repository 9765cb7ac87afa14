/**
 * On-call rotations: who is on call at an instant, and when that changes. Pure: time is a parameter.
 * Turns are counted in the schedule's own calendar (local dates and a local hand-off time, via Intl), so a
 * daily 09:00 hand-off stays at 09:00 local across a daylight-saving change instead of drifting by an hour.
 */
import { z } from "zod";

const DAY_MS = 86_400_000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
const isCalendarDate = (s: string): boolean => {
  const m = YMD.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
};

/** An instant with its offset; not `z.coerce.date()`, which reads `null` as 1970 and `true` as 1 ms. */
const ZInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
export const ZOverride = z
  .strictObject({
    userId: z.string().uuid(),
    from: ZInstant,
    to: ZInstant,
  })
  // zod runs an object's refine even when a field failed; that field's own issue is the one to report.
  .refine((o) => !(o.from instanceof Date && o.to instanceof Date) || o.from.getTime() < o.to.getTime(), {
    path: ["to"], message: "override_ends_before_start",
  });
export const ZRotation = z.strictObject({
  kind: z.enum(["daily", "weekly"]),
  /** Local time of day at which one participant hands over to the next. */
  handoffTime: z.string().regex(HHMM, "handoff_time_hh_mm"),
  /** Local date of the first turn (participants[0] from handoffTime that day). */
  startDate: z.string().refine(isCalendarDate, "start_date_yyyy_mm_dd"),
  /** Ordered; may be empty while a schedule is being set up (nobody is on call then, the step escalates). */
  participants: z.array(z.string().uuid()).max(100),
});
export const ZScheduleInput = z.strictObject({
  nameJa: z.string().trim().min(1).max(200),
  nameEn: z.string().trim().min(1).max(200),
  timeZone: z.string().max(64).refine(isTimeZone, "time_zone_unknown"),
  rotation: ZRotation,
  overrides: z.array(ZOverride).max(500).default([]),
});
export type ScheduleInput = z.infer<typeof ZScheduleInput>;
export type Override = { userId: string; from: Date; to: Date };
export type Schedule = {
  timeZone: string;
  rotation: { kind: "daily" | "weekly"; handoffTime: string; startDate: string; participants: readonly string[] };
  /** Later entries win where overrides overlap: the newest cover is the one people agreed last. */
  overrides: readonly Override[];
};

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
};

/** The zone's wall clock at `ms`, read as if it were UTC (so `wall - ms` is the zone's offset). */
const wallClock = (ms: number, timeZone: string): number => {
  const p: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(ms))) if (part.type !== "literal") p[part.type] = Number(part.value);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
};
const offsetAt = (ms: number, timeZone: string): number => wallClock(Math.floor(ms / 1000) * 1000, timeZone) - Math.floor(ms / 1000) * 1000;

/**
 * The instant at which the local wall time `wall` (epoch-ms read as UTC) occurs in the zone, disambiguated like
 * Temporal's "compatible": a time that a fall-back repeats maps to its first occurrence (a hand-off happens once,
 * never twice); one that a spring-forward skips maps to the instant the same distance past the gap.
 */
export const localToInstant = (wall: number, timeZone: string): number => {
  const before = wall - offsetAt(wall - 12 * 3_600_000, timeZone);
  const after = wall - offsetAt(wall + 12 * 3_600_000, timeZone);
  const fits = [before, after].filter((t) => wallClock(t, timeZone) === wall);
  return fits.length > 0 ? Math.min(...fits) : before;
};

const dayNumber = (ymd: string): number => {
  const m = YMD.exec(ymd)!;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / DAY_MS;
};
const handoffMinutes = (hhmm: string): number => {
  const m = HHMM.exec(hhmm)!;
  return Number(m[1]) * 60 + Number(m[2]);
};
/** The instant of the hand-off on local day `day` (days since 1970-01-01 in the zone's calendar). */
const handoffOn = (s: Schedule, day: number): number =>
  localToInstant(day * DAY_MS + handoffMinutes(s.rotation.handoffTime) * 60_000, s.timeZone);

/** The rotation turn that holds `ms` (negative before the start) and the instants it runs between. */
const turnAt = (s: Schedule, ms: number): { index: number; from: number; to: number } => {
  const length = s.rotation.kind === "weekly" ? 7 : 1;
  const start = dayNumber(s.rotation.startDate);
  let day = Math.floor(wallClock(ms, s.timeZone) / DAY_MS);
  if (ms < handoffOn(s, day)) day -= 1;
  const index = Math.floor((day - start) / length);
  return { index, from: handoffOn(s, start + index * length), to: handoffOn(s, start + (index + 1) * length) };
};

const overrideAt = (s: Schedule, ms: number): Override | undefined =>
  s.overrides.findLast((o) => o.from.getTime() <= ms && ms < o.to.getTime());

/** Who is on call at `at`: an override covering it, else the rotation's participant; null if nobody. */
export const onCallAt = (s: Schedule, at: Date): string | null => {
  const ms = at.getTime();
  const cover = overrideAt(s, ms);
  if (cover) return cover.userId;
  const { participants } = s.rotation;
  const { index } = turnAt(s, ms);
  if (index < 0 || participants.length === 0) return null;
  return participants[index % participants.length]!;
};

/**
 * The next instant after `at` at which the person on call changes (a rotation hand-off or an override edge),
 * and who takes over; null when nothing ever changes (one participant and no override ahead).
 */
export const nextHandoff = (s: Schedule, at: Date): { at: Date; userId: string | null } | null => {
  const current = onCallAt(s, at);
  const edges = [...new Set(s.overrides.flatMap((o) => [o.from.getTime(), o.to.getTime()]))].sort((a, b) => a - b);
  const start = handoffOn(s, dayNumber(s.rotation.startDate));
  const isRotating = new Set(s.rotation.participants).size > 1;
  let cursor = at.getTime();
  let e = 0;
  // Every pass moves the cursor to a later edge or turn. Under an override only its edges can change who is on
  // call, and a rotation of one person changes nothing, so those stretches are jumped: a year-long override
  // costs one pass, not 365.
  for (;;) {
    while (e < edges.length && edges[e]! <= cursor) e++;
    const turn = turnAt(s, cursor);
    const rotationEdge = overrideAt(s, cursor) ? Infinity : turn.index < 0 ? start : isRotating ? turn.to : Infinity;
    const next = Math.min(edges[e] ?? Infinity, rotationEdge);
    if (next === Infinity) return null;
    const who = onCallAt(s, new Date(next));
    if (who !== current) return { at: new Date(next), userId: who };
    cursor = next;
  }
};
