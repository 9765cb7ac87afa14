/**
 * Detections over the finished pair table: policy (a "no egress" asset talking out), indicator hits, exfiltration
 * (volume, producer–consumer ratio, a host that normally receives, a slow drip over days), beacons (RITA v5's score
 * in every 24-hour window of the data, and over the pair's whole span with sleep gaps closed) and long connections.
 * Each finding has a score on RITA's category scale, a reason in Japanese and English, and the moment its
 * evidence first sufficed. Allow-listed pairs and known periodic services are set aside and counted, not dropped.
 */
import { bucketedScore, CATEGORY, scoreBeacon, type BeaconConfig, type BeaconResult, type Thresholds } from "./rita.js";
import { knownServiceMatcher, Matcher } from "./lists.js";
import { isIP } from "node:net";
import { addDay, PAIR_CAP, PROTO_NAMES, type FlowTable } from "./table.js";
import type { Asset, DayBytes, EgressOptions, Finding, FindingKind, Indicator, SetAside, Severity } from "./types.js";

const DAY = 86_400;
const HOUR = 3600;
const MB = 1e6;

/** Long connections: RITA's thresholds (1 / 4 / 8 / 12 hours), on the longest single connection of the pair. */
export const LONG_CONNECTION: Thresholds = { base: HOUR, low: 4 * HOUR, medium: 8 * HOUR, high: 12 * HOUR };
/** Bytes out of one pair: 25 MB (RITA's threat-intel size), 100 MB (a common per-connection rule), 1 GB, 5 GB. */
export const EXFIL_VOLUME: Thresholds = { base: 25 * MB, low: 100 * MB, medium: 1000 * MB, high: 5000 * MB };
/** A slow drip: upload-dominant traffic to one destination on at least this many days, at least this much in all. */
export const DRIP = { minDays: 3, minBytes: 10 * MB, minRatio: 0.5 };
/** RITA's modifiers. */
export const MODIFIER = { step: 0.15, rarePrevalence: 0.02, commonPrevalence: 0.5, minSourcesForPrevalence: 10, intelBytes: 25 * MB };

const iso = (s: number): string => new Date(Math.round(s * 1000)).toISOString();
const dayIso = (d: number): string => new Date(d * DAY * 1000).toISOString().slice(0, 10);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
export const formatBytes = (n: number): string => (n >= 1e9 ? `${(n / 1e9).toFixed(2)} GB` : n >= 1e6 ? `${(n / 1e6).toFixed(1)} MB` : n >= 1e3 ? `${(n / 1e3).toFixed(1)} kB` : `${n} B`);
const hours = (s: number): string => (s / HOUR).toFixed(1);

export const severityOf = (score: number): Severity => (score > CATEGORY.high ? "critical" : score >= CATEGORY.high ? "high" : score >= CATEGORY.medium ? "medium" : "low");

export type DetectContext = { t: FlowTable; options: EgressOptions; beacon: BeaconConfig };

export type Draft = Omit<Finding, "severity" | "firstSeen" | "lastSeen" | "bytesPerDay" | "hosts" | "destinations" | "src" | "dst" | "dstHost" | "port" | "proto" | "bytesOut" | "bytesIn" | "connections"> & { pair: number };

export type Detected = { findings: Finding[]; setAside: SetAside[] };

/** What one table (one worker's source hosts, or all) tells the run before scoring: its sources, and per destination how many of them reach it. */
export type Census = { sources: number; dsts: string[]; reach: number[] };

export function census(t: FlowTable): Census {
  const sources = new Set<number>();
  const reach = new Map<number, number>();
  for (let p = 0; p < t.pairCount; p++) {
    sources.add(t.src[p] as number);
    reach.set(t.dst[p] as number, (reach.get(t.dst[p] as number) ?? 0) + 1);
  }
  return { sources: sources.size, dsts: [...reach.keys()].map((d) => t.hostName(d)), reach: [...reach.values()] };
}

/** The run's totals every table is scored against: internal sources, sources per destination, the data's time span. */
export type Globals = { internalSources: number; reach: Map<string, number>; minTs: number; maxTs: number };

/** Sources are split between tables by host, so their counts add. */
export function combineCensus(list: Census[], minTs: number, maxTs: number): Globals {
  const reach = new Map<string, number>();
  let internalSources = 0;
  for (const c of list) {
    internalSources += c.sources;
    c.dsts.forEach((d, i) => reach.set(d, (reach.get(d) ?? 0) + (c.reach[i] as number)));
  }
  return { internalSources, reach, minTs, maxTs };
}

/** A beacon or exfiltration draft the fleet rule may set aside (the rule needs every table's drafts to one destination). */
export type FleetCandidate = { i: number; kind: "beacon" | "exfiltration"; src: string; dst: string; dstHost: string | null; bytesOut: number };

/** One table's drafts before the fleet rule; kept by the table's thread between the phases. */
export type Candidates = { drafts: Draft[]; policy: [number, number[]][]; setAside: SetAside[]; fleet: FleetCandidate[]; minWindow: number };

/** Everything in one table: census, candidates, the fleet rule and the findings (one thread; workers run the phases). */
export function detect(ctx: DetectContext): Detected {
  const g = combineCensus([census(ctx.t)], ctx.t.minTs, ctx.t.maxTs);
  const c = candidates(ctx, g);
  const f = fleetRule([c.fleet], g, ctx.options);
  return sortDetected({ findings: finish(ctx, g, c, f.demoted[0]!), setAside: [...c.setAside, ...f.setAside] });
}

/** Findings by score, kind, bytes and first evidence, then by source and destination: the same order however many threads. */
export function sortDetected(d: Detected): Detected {
  d.findings.sort((a, b) => b.score - a.score || FINDING_ORDER[a.kind] - FINDING_ORDER[b.kind] || b.bytesOut - a.bytesOut || a.firstEvidenceAt.localeCompare(b.firstEvidenceAt) || cmp(a.src, b.src) || cmp(a.dst, b.dst));
  d.setAside.sort((a, b) => b.score - a.score || cmp(a.why, b.why) || cmp(a.kind, b.kind) || cmp(a.src, b.src) || cmp(a.dst, b.dst));
  return d;
}
const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The fleet rule over every table's candidates: a destination reached the same way by many hosts (update checks, agents, CDNs). */
export function fleetRule(lists: FleetCandidate[][], g: Globals, options: EgressOptions): { demoted: Set<number>[]; setAside: SetAside[] } {
  const fleet = options.fleet ?? { minHosts: 10, minShare: 0.1 };
  const fleetHosts = Math.max(fleet.minHosts, Math.ceil(fleet.minShare * g.internalSources));
  const demoted = lists.map(() => new Set<number>());
  const setAside: SetAside[] = [];
  for (const kind of ["beacon", "exfiltration"] as const) {
    const byDst = new Map<string, { part: number; c: FleetCandidate }[]>();
    lists.forEach((list, part) => {
      for (const c of list) if (c.kind === kind) byDst.set(c.dst, [...(byDst.get(c.dst) ?? []), { part, c }]);
    });
    for (const [dst, list] of byDst) {
      if ((g.reach.get(dst) ?? 0) < fleetHosts) continue;
      // an upload to a popular service stays a finding when it is far above what the other hosts send there
      const outs = list.map((x) => x.c.bytesOut).sort((a, b) => a - b);
      const median = outs[outs.length >> 1] as number;
      for (const { part, c } of list)
        if (kind === "beacon" || c.bytesOut <= 3 * median) {
          demoted[part]!.add(c.i);
          setAside.push({ kind, src: c.src, dst, dstHost: c.dstHost, score: 0, why: "fleet_service", reason: { ja: `${list.length} 台の内部ホストが同じように通信する宛先`, en: `reached the same way by ${list.length} internal hosts` } });
        }
    }
  }
  return { demoted, setAside };
}

/** One table's drafts: policy, indicator, exfiltration, beacon and long-connection candidates, and what is set aside. */
export function candidates({ t, options, beacon }: DetectContext, g: Globals): Candidates {
  const minScore = options.minScore ?? CATEGORY.low;
  // With fewer than 6 connections in a 24-bin window RITA's duration and histogram scores are both 0 (fewer than 6
  // bars; CV > 1), so the score is at most 0.5: bucketed 0.2, plus at most one modifier. Below the reporting level
  // such windows are not scored at all (about half of the detection time on the bench file went to them).
  const minWindow = bucketedScore(50, beacon.thresholds) + MODIFIER.step < minScore ? Math.max(6, beacon.uniqueConnectionThreshold) : beacon.uniqueConnectionThreshold;

  // lists --------------------------------------------------------------------------------------------------
  const assets = new Matcher<Asset>();
  const assetByName = new Map<string, Asset>();
  for (const a of options.assets ?? []) {
    for (const addr of a.addresses) assets.add(addr, a);
    if (a.hostname) assetByName.set(a.hostname, a);
  }
  const indicators = new Matcher<Indicator>();
  for (const i of options.indicators ?? []) indicators.add(i.value, i);
  const allowDst = new Matcher<string>();
  for (const d of options.allowlist?.destinations ?? []) allowDst.add(d, d);
  const allowPairs = new Map<string, Matcher<string>>();
  for (const p of options.allowlist?.pairs ?? []) {
    const key = p.src.trim().toLowerCase();
    const m = allowPairs.get(key) ?? new Matcher<string>();
    m.add(p.dst, `${p.src} -> ${p.dst}`);
    allowPairs.set(key, m);
  }
  const known = knownServiceMatcher();

  // prevalence: internal sources (of the whole run) reaching each destination
  const { prevalenceOf, prevalenceModifier } = prevalence(t, g);

  // host totals for the producer–consumer ratio
  const hostOut = new Float64Array(t.hostCount);
  const hostIn = new Float64Array(t.hostCount);
  for (let p = 0; p < t.pairCount; p++) {
    hostOut[t.src[p] as number]! += t.bytesOut[p] as number;
    hostIn[t.src[p] as number]! += t.bytesIn[p] as number;
  }
  const hostTotals = new Map<number, { out: number; in: number; days: number[] }>();
  const totalsOf = (s: number): { out: number; in: number; days: number[] } => {
    let h = hostTotals.get(s);
    if (!h) hostTotals.set(s, (h = { out: hostOut[s] as number, in: hostIn[s] as number, days: [] }));
    return h;
  };

  const nameOf = destinationName(t);

  const drafts: Draft[] = [];
  const policyBySrc = new Map<number, number[]>();
  const fleetCandidates: FleetCandidate[] = [];
  const setAside: SetAside[] = [];

  // per host, not per pair: most pairs (3.1M of the bench's 3.5M) are seen once and only policy and indicators apply
  const assetOf = new Map<number, Asset | undefined>();
  const indicatorOf = new Map<number, Indicator | undefined>();
  for (let p = 0; p < t.pairCount; p++) {
    const src = t.src[p] as number;
    const dst = t.dst[p] as number;
    let asset: Asset | undefined;
    if (assets.size > 0) {
      if (assetOf.has(src)) asset = assetOf.get(src);
      else assetOf.set(src, (asset = srcAsset(t.hostName(src))));
    }
    let ind: Indicator | undefined;
    if (indicators.size > 0) {
      if (indicatorOf.has(dst)) ind = indicatorOf.get(dst);
      else indicatorOf.set(dst, (ind = indicators.match(t.hostName(dst), [nameOf(dst)])));
    }
    // nothing else can come of a pair with too few connections for a beacon, too few bytes for exfiltration (the
    // drip's minimum is the lowest) and no connection of an hour, unless allow-listed pairs must be looked at
    if (asset?.egressAllowed !== false && !ind && (t.count[p] as number) < minWindow && (t.bytesOut[p] as number) < DRIP.minBytes && (t.maxDuration[p] as number) < LONG_CONNECTION.base) continue;
    const srcText = t.hostName(src);
    const dstText = t.hostName(dst);
    const dstHost = nameOf(dst);
    const pairAllowed = allowPairs.size === 0 ? undefined : (allowPairs.get(srcText)?.match(dstText, [dstHost]) ?? (asset?.hostname ? allowPairs.get(asset.hostname)?.match(dstText, [dstHost]) : undefined));

    // policy: judged before any allow-list of destinations; only an explicit pair exempts it
    if (asset?.egressAllowed === false && pairAllowed === undefined) {
      const list = policyBySrc.get(src) ?? [];
      list.push(p);
      policyBySrc.set(src, list);
    }

    if (ind) {
      const big = (t.bytesOut[p] as number) >= MODIFIER.intelBytes;
      drafts.push({
        pair: p, kind: "indicator", score: r3(CATEGORY.high + (big ? MODIFIER.step : 0)), firstEvidenceAt: iso(t.first[p] as number),
        reason: {
          ja: `指標（IOC）${ind.value}${ind.label ? `（${ind.label}）` : ""}との通信 ${t.count[p]} 回${big ? `、送信 ${formatBytes(t.bytesOut[p] as number)}（25 MB 以上）` : ""}`,
          en: `traffic to indicator ${ind.value}${ind.label ? ` (${ind.label})` : ""}: ${t.count[p]} connections${big ? `, ${formatBytes(t.bytesOut[p] as number)} sent (25 MB or more)` : ""}`,
        },
        details: { indicator: ind.value, indicatorType: ind.type, label: ind.label, hits: t.count[p] as number },
      });
    }

    const allowed = pairAllowed ?? (allowDst.size > 0 ? allowDst.match(dstText, [dstHost]) : undefined);
    const service = known.byPort.get(`${PROTO_NAMES[t.proto[p] as number] ?? ""}/${t.port[p]}`) ?? known.byDomain.match(dstText, [dstHost]);
    const aside = (d: Draft): boolean => {
      if (d.score < minScore) return true;
      if (allowed !== undefined) {
        setAside.push({ kind: d.kind, src: srcText, dst: dstText, dstHost, score: d.score, why: "allowlist", reason: { ja: `許可リスト（${allowed}）`, en: `allow-list (${allowed})` } });
        return true;
      }
      if (service !== undefined && d.kind !== "exfiltration") {
        setAside.push({ kind: d.kind, src: srcText, dst: dstText, dstHost, score: d.score, why: "known_service", reason: { ja: `既知の定期通信（${service}）`, en: `known periodic service (${service})` } });
        return true;
      }
      return false;
    };

    const mod = prevalenceModifier(dst);
    const prevalence = r3(prevalenceOf(dst));

    // exfiltration
    const ex = exfiltration(t, p, totalsOf(src), mod, minScore);
    if (ex && !aside(ex)) {
      fleetCandidates.push({ i: drafts.length, kind: "exfiltration", src: srcText, dst: dstText, dstHost, bytesOut: t.bytesOut[p] as number });
      drafts.push(ex);
    }

    // beacon
    if ((t.count[p] as number) >= minWindow) {
      const b = beaconOf(t, g, p, beacon, minWindow);
      if (b) {
        const score = r3(Math.max(0, bucketedScore(b.best.score * 100, beacon.thresholds) + (bucketedScore(b.best.score * 100, beacon.thresholds) > 0 ? mod : 0)));
        const d: Draft = {
          pair: p, kind: "beacon", score, firstEvidenceAt: "",
          reason: {
            ja: `定期通信（ビーコン）: RITA スコア ${b.best.score}（時刻 ${b.best.tsScore}・サイズ ${b.best.dsScore}・継続 ${b.best.durScore}・分布 ${b.best.histScore}）、間隔 約 ${b.best.interval} 秒、${t.count[p]} 回${b.method === "gaps-closed" ? "（停止時間を除いて評価）" : ""}${mod > 0 ? "、この宛先と通信する内部ホストはごく少数" : ""}`,
            en: `beacon: RITA score ${b.best.score} (timestamps ${b.best.tsScore}, sizes ${b.best.dsScore}, duration ${b.best.durScore}, histogram ${b.best.histScore}), every ~${b.best.interval} s, ${t.count[p]} connections${b.method === "gaps-closed" ? " (scored with sleep gaps closed)" : ""}${mod > 0 ? "; few internal hosts reach this destination" : ""}`,
          },
          details: { ritaScore: b.best.score, tsScore: b.best.tsScore, dsScore: b.best.dsScore, durScore: b.best.durScore, histScore: b.best.histScore, interval: b.best.interval, size: b.best.size, method: b.method, window: b.window, ritaLast24h: b.last24h?.score ?? null, prevalence, capped: (t.count[p] as number) > PAIR_CAP },
        };
        if (!aside(d)) {
          fleetCandidates.push({ i: drafts.length, kind: "beacon", src: srcText, dst: dstText, dstHost, bytesOut: t.bytesOut[p] as number });
          drafts.push(d);
        }
      }
    }

    // long connection
    const longest = t.maxDuration[p] as number;
    if (longest >= LONG_CONNECTION.base) {
      const score = r3(Math.max(0, bucketedScore(longest, LONG_CONNECTION) + mod));
      const d: Draft = {
        pair: p, kind: "long_connection", score, firstEvidenceAt: iso((t.maxDurationStart[p] as number) + LONG_CONNECTION.base),
        reason: { ja: `長時間の接続: 最長 ${hours(longest)} 時間（合計 ${hours(t.totalDuration[p] as number)} 時間）`, en: `long connection: longest ${hours(longest)} h (total ${hours(t.totalDuration[p] as number)} h)` },
        details: { longestSeconds: Math.round(longest), totalSeconds: Math.round(t.totalDuration[p] as number), prevalence },
      };
      if (!aside(d)) drafts.push(d);
    }
  }

  return { drafts, policy: [...policyBySrc], setAside, fleet: fleetCandidates, minWindow };

  function srcAsset(addr: string): Asset | undefined {
    return assets.match(addr);
  }
}


/** The findings of one table's drafts that the fleet rule left, with their first evidence, and its policy findings. */
export function finish({ t, options, beacon }: DetectContext, g: Globals, c: Candidates, demoted: Set<number>): Finding[] {
  const minScore = options.minScore ?? CATEGORY.low;
  const { prevalenceModifier } = prevalence(t, g);
  const assets = new Matcher<Asset>();
  for (const a of options.assets ?? []) for (const addr of a.addresses) assets.add(addr, a);
  const nameOf = destinationName(t);
  const findings: Finding[] = [];
  c.drafts.forEach((d, i) => {
    if (d.score < minScore || demoted.has(i)) return;
    if (d.kind === "beacon") d.firstEvidenceAt = beaconEvidence(t, g, d.pair, beacon, minScore, prevalenceModifier(t.dst[d.pair] as number), c.minWindow);
    findings.push(present(t, d, nameOf));
  });
  for (const [src, pairs] of c.policy) findings.push(policyFinding(t, src, pairs, assets.match(t.hostName(src))!, nameOf));
  return findings;
}

function prevalence(t: FlowTable, g: Globals): { prevalenceOf: (dst: number) => number; prevalenceModifier: (dst: number) => number } {
  const cache = new Map<number, number>();
  const prevalenceOf = (dst: number): number => {
    let v = cache.get(dst);
    if (v === undefined) cache.set(dst, (v = (g.reach.get(t.hostName(dst)) ?? 0) / Math.max(1, g.internalSources)));
    return v;
  };
  const prevalenceModifier = (dst: number): number => {
    if (g.internalSources < MODIFIER.minSourcesForPrevalence) return 0;
    const v = prevalenceOf(dst);
    return v <= MODIFIER.rarePrevalence ? MODIFIER.step : v >= MODIFIER.commonPrevalence ? -MODIFIER.step : 0;
  };
  return { prevalenceOf, prevalenceModifier };
}

function destinationName(t: FlowTable): (dst: number) => string | null {
  return (dst) => {
    const n = t.names.get(dst);
    if (n) return n;
    if (t.isV4(dst)) return null;
    const text = t.hostName(dst);
    return isIP(text) ? null : text;
  };
}
const FINDING_ORDER: Record<FindingKind, number> = { policy: 0, indicator: 1, exfiltration: 2, beacon: 3, long_connection: 4 };

const pcr = (out: number, inb: number): number => (out + inb > 0 ? (out - inb) / (out + inb) : 0);

function exfiltration(t: FlowTable, p: number, host: { out: number; in: number; days: number[] }, mod: number, minScore: number): Draft | null {
  const out = t.bytesOut[p] as number;
  const inb = t.bytesIn[p] as number;
  if (out < DRIP.minBytes) return null;
  const ratio = pcr(out, inb);
  const days = t.pairDays(p);
  let activeDays = 0;
  for (let i = 0; i < days.length; i += 4) if ((days[i + 1] as number) > 0 && pcr(days[i + 1] as number, days[i + 2] as number) > 0) activeDays++;
  // the host's ratio without this pair: what it normally does
  const baseline = pcr(host.out - out, host.in - inb);
  const normallyReceives = host.out - out + (host.in - inb) > 0 && baseline <= -0.3;
  // largest day-to-day shift of the host's ratio against the median of its other days
  if (host.days.length === 0) host.days = t.hostDays.list(t.src[p] as number);
  const hostDays: number[] = [];
  for (let i = 0; i < host.days.length; i += 4) hostDays.push(pcr(host.days[i + 1] as number, host.days[i + 2] as number));
  let shift = 0;
  if (hostDays.length >= 2)
    for (let k = 0; k < hostDays.length; k++) {
      const others = hostDays.filter((_, j) => j !== k).sort((a, b) => a - b);
      const med = others.length % 2 ? (others[others.length >> 1] as number) : ((others[others.length / 2 - 1] as number) + (others[others.length / 2] as number)) / 2;
      shift = Math.max(shift, (hostDays[k] as number) - med);
    }

  let score = 0;
  const rules: string[] = [];
  const ja: string[] = [];
  const en: string[] = [];
  if (out >= EXFIL_VOLUME.base && (ratio > 0 || out >= EXFIL_VOLUME.medium)) {
    score = bucketedScore(out, EXFIL_VOLUME);
    rules.push("volume");
    ja.push(`送信 ${formatBytes(out)}（受信 ${formatBytes(inb)}、PCR ${ratio.toFixed(2)}）`);
    en.push(`${formatBytes(out)} sent (${formatBytes(inb)} received, PCR ${ratio.toFixed(2)})`);
  }
  if (activeDays >= DRIP.minDays && ratio >= DRIP.minRatio) {
    const drip = Math.min(CATEGORY.low + 0.05 * (activeDays - DRIP.minDays), 0.7);
    if (drip > score) score = drip;
    rules.push("drip");
    ja.push(`${activeDays} 日にわたり少しずつ送信（合計 ${formatBytes(out)}）`);
    en.push(`a slow drip on ${activeDays} days (${formatBytes(out)} in all)`);
  }
  if (score === 0) return null;
  if (normallyReceives && ratio >= 0.5) {
    score += MODIFIER.step;
    rules.push("normally-receives");
    ja.push(`普段は受信が主のホスト（PCR ${baseline.toFixed(2)}）からの大きな送信`);
    en.push(`from a host that normally receives (PCR ${baseline.toFixed(2)})`);
  }
  if (shift >= 0.6) {
    ja.push(`ホストの送受信比（PCR）が ${shift.toFixed(2)} 変化`);
    en.push(`the host's PCR shifted by ${shift.toFixed(2)}`);
  }
  score = r3(Math.max(0, score + mod));
  if (mod > 0) {
    ja.push("この宛先と通信する内部ホストはごく少数");
    en.push("few internal hosts reach this destination");
  }
  const bonus = (normallyReceives && ratio >= 0.5 ? MODIFIER.step : 0) + mod;
  const reached = (sent: number, days: number): boolean =>
    (sent >= EXFIL_VOLUME.base && bucketedScore(sent, EXFIL_VOLUME) + bonus >= minScore) || (rules.includes("drip") && sent >= DRIP.minBytes && days >= DRIP.minDays && Math.min(CATEGORY.low + 0.05 * (days - DRIP.minDays), 0.7) + bonus >= minScore);
  return {
    pair: p, kind: "exfiltration", score, firstEvidenceAt: iso(exfilEvidence(t, p, reached)),
    reason: { ja: `持ち出しの疑い: ${ja.join("、")}`, en: `possible exfiltration: ${en.join("; ")}` },
    details: { rules: rules.join(","), pcr: r3(ratio), hostBaselinePcr: r3(baseline), pcrShift: r3(shift), activeDays },
  };
}

/** The first second at which the pair's connections so far (in time order) made the finding. */
function exfilEvidence(t: FlowTable, p: number, reached: (sent: number, days: number) => boolean): number {
  const c = t.connections(p);
  let sum = 0;
  let seen = 0;
  let lastDay = -1;
  for (let i = 0; i < c.ts.length; i++) {
    sum += c.payload[i] as number;
    const d = Math.floor((c.ts[i] as number) / DAY);
    if ((c.payload[i] as number) > 0 && d !== lastDay) {
      seen++;
      lastDay = d;
    }
    if (reached(sum, seen)) return c.ts[i] as number;
  }
  return t.last[p] as number;
}

type BeaconPick = { best: BeaconResult; method: "rita-24h" | "gaps-closed"; window: string; last24h: BeaconResult | null };

/**
 * A sleep gap: no connection for more than an hour and more than ten typical intervals. Closing gaps needs two
 * connections per histogram bin on average: with fewer, random visits spread over a week looked regular.
 */
const GAP = { minSeconds: HOUR, intervals: 10, minConnections: 48 };

/**
 * RITA's score in each 24-hour window ending at the last record (RITA itself scores only the last one), and over
 * the pair's whole span with sleep gaps closed (each gap replaced by the median interval) when that span covers at
 * least RITA's minimum hours. The best is kept; the last-24-hour score is reported next to it for comparison.
 */
function beaconOf(t: FlowTable, g: Globals, p: number, c: BeaconConfig, minWindow: number): BeaconPick | null {
  const { ts, ipBytes } = t.connections(p);
  return scoreSeries(ts, ipBytes, g.minTs, g.maxTs, c, minWindow);
}

export function scoreSeries(ts: Uint32Array, ipBytes: Float64Array, dataMin: number, dataMax: number, c: BeaconConfig, minWindow = c.uniqueConnectionThreshold): BeaconPick | null {
  let end = ts.length;
  while (end > 0 && (ts[end - 1] as number) > dataMax) end--;
  if (end < 4) return null;
  let best: BeaconPick | null = null;
  let last24h: BeaconResult | null = null;
  const maxS = Math.floor(dataMax);
  const minS = Math.floor(dataMin);
  for (let k = 0; ; k++) {
    const wEnd = maxS - k * DAY;
    const wStart = Math.max(minS, wEnd - DAY);
    if (wEnd <= minS || wEnd <= (ts[0] as number)) break;
    const from = lowerBound(ts, wStart, end);
    const to = upperBound(ts, wEnd, end);
    if (to - from >= Math.max(4, minWindow)) {
      const r = scoreBeacon(ts.subarray(from, to), ipBytes.subarray(from, to), wStart, wEnd, c);
      if (r && k === 0) last24h = r;
      if (r && (!best || r.score > best.best.score)) best = { best: r, method: "rita-24h", window: `${iso(wStart)}/${iso(wEnd)}`, last24h: null };
    }
    if (wStart <= minS) break;
  }
  // sleep gaps closed
  const n = end;
  const deltas = new Float64Array(n - 1);
  for (let i = 1; i < n; i++) deltas[i - 1] = (ts[i] as number) - (ts[i - 1] as number);
  const sorted = Float64Array.from(deltas).sort();
  const median = sorted.length % 2 ? (sorted[sorted.length >> 1] as number) : ((sorted[sorted.length / 2 - 1] as number) + (sorted[sorted.length / 2] as number)) / 2;
  const gap = Math.max(GAP.minSeconds, GAP.intervals * median);
  const closed = new Uint32Array(n);
  closed[0] = ts[0] as number;
  let gaps = 0;
  for (let i = 1; i < n; i++) {
    const d = deltas[i - 1] as number;
    if (d > gap) gaps++;
    closed[i] = (closed[i - 1] as number) + (d > gap ? Math.round(median) : d);
  }
  const span = (closed[n - 1] as number) - (closed[0] as number);
  if (gaps > 0 && n >= GAP.minConnections && span >= c.durationMinHoursSeen * HOUR) {
    const r = scoreBeacon(closed, ipBytes.subarray(0, n), closed[0] as number, closed[n - 1] as number, c);
    if (r && (!best || r.score > best.best.score)) best = { best: r, method: "gaps-closed", window: `${iso(ts[0] as number)}/${iso(ts[n - 1] as number)}`, last24h: null };
  }
  if (best) best.last24h = last24h;
  return best;
}

function lowerBound(a: Uint32Array, v: number, end: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((a[m] as number) < v) lo = m + 1;
    else hi = m;
  }
  return lo;
}
function upperBound(a: Uint32Array, v: number, end: number): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((a[m] as number) <= v) lo = m + 1;
    else hi = m;
  }
  return lo;
}

/** The first hour boundary at which the data up to then already scored the beacon at the reporting level. */
function beaconEvidence(t: FlowTable, g: Globals, p: number, c: BeaconConfig, minScore: number, mod: number, minWindow: number): string {
  const { ts, ipBytes } = t.connections(p);
  const last = ts[ts.length - 1] as number;
  for (let at = Math.ceil(((ts[0] as number) + 1) / HOUR) * HOUR; ; at += HOUR) {
    const cut = Math.min(at, last);
    const r = scoreSeries(ts, ipBytes, g.minTs, cut, c, minWindow);
    if (r) {
      const b = bucketedScore(r.best.score * 100, c.thresholds);
      if (b > 0 && b + mod >= minScore) return iso(cut);
    }
    if (at >= last) return iso(last);
  }
}

function daysOf(list: number[]): DayBytes[] {
  const out: DayBytes[] = [];
  for (let i = 0; i < list.length; i += 4) out.push({ day: dayIso(list[i] as number), bytesOut: list[i + 1] as number, bytesIn: list[i + 2] as number, connections: list[i + 3] as number });
  return out.sort((a, b) => a.day.localeCompare(b.day));
}

function present(t: FlowTable, d: Draft, nameOf: (dst: number) => string | null): Finding {
  const p = d.pair;
  const src = t.hostName(t.src[p] as number);
  const dst = t.hostName(t.dst[p] as number);
  const dstHost = nameOf(t.dst[p] as number);
  return {
    kind: d.kind, src, dst, dstHost, port: (t.port[p] as number) >= 0 ? (t.port[p] as number) : null, proto: PROTO_NAMES[t.proto[p] as number] || null,
    score: d.score, severity: severityOf(d.score), firstSeen: iso(t.first[p] as number), lastSeen: iso(t.last[p] as number), firstEvidenceAt: d.firstEvidenceAt,
    bytesOut: t.bytesOut[p] as number, bytesIn: t.bytesIn[p] as number, connections: t.count[p] as number,
    hosts: [src], destinations: [dstHost ? `${dst} (${dstHost})` : dst], bytesPerDay: daysOf(t.pairDays(p)), reason: d.reason, details: d.details,
  };
}

function policyFinding(t: FlowTable, src: number, pairs: number[], asset: Asset, nameOf: (dst: number) => string | null): Finding {
  pairs.sort((a, b) => (t.bytesOut[b] as number) - (t.bytesOut[a] as number));
  let out = 0;
  let inb = 0;
  let n = 0;
  let first = Infinity;
  let last = -Infinity;
  const days: number[] = [];
  for (const p of pairs) {
    out += t.bytesOut[p] as number;
    inb += t.bytesIn[p] as number;
    n += t.count[p] as number;
    first = Math.min(first, t.first[p] as number);
    last = Math.max(last, t.last[p] as number);
    const d = t.pairDays(p);
    for (let i = 0; i < d.length; i += 4) addDay(days, d[i] as number, d[i + 1] as number, d[i + 2] as number, d[i + 3] as number);
  }
  const top = pairs[0]!;
  const name = asset.hostname ?? t.hostName(src);
  const pii = asset.holdsPersonalData === true;
  const destinations = pairs.slice(0, 20).map((p) => {
    const h = nameOf(t.dst[p] as number);
    return h ? `${t.hostName(t.dst[p] as number)} (${h})` : t.hostName(t.dst[p] as number);
  });
  return {
    kind: "policy", src: t.hostName(src), dst: t.hostName(t.dst[top] as number), dstHost: nameOf(t.dst[top] as number),
    port: (t.port[top] as number) >= 0 ? (t.port[top] as number) : null, proto: PROTO_NAMES[t.proto[top] as number] || null,
    score: 1, severity: "critical", firstSeen: iso(first), lastSeen: iso(last), firstEvidenceAt: iso(first), bytesOut: out, bytesIn: inb, connections: n,
    hosts: [asset.hostname ? `${t.hostName(src)} (${asset.hostname})` : t.hostName(src)], destinations, bytesPerDay: daysOf(days),
    reason: {
      ja: `外部通信を許可していない資産 ${name}${pii ? "（個人データを保持）" : ""} が外部 ${pairs.length} 宛先と通信（${n} 回、送信 ${formatBytes(out)}）`,
      en: `asset ${name}${pii ? " (holds personal data)" : ""}, marked "no egress", talked to ${pairs.length} outside destinations (${n} connections, ${formatBytes(out)} sent)`,
    },
    details: { asset: name, holdsPersonalData: pii, destinations: pairs.length },
  };
}
