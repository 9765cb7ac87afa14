/**
 * RITA v5's beacon maths (activecm/rita analysis/beacons.go @a3c5150), reimplemented so that the same input gives
 * the same sub-scores and score, number for number: its own unit-test vectors are in rita.test.ts. Quartiles and
 * medians follow the Go library RITA uses (montanaflynn/stats 0.7.1: Quartile splits the sorted data in halves,
 * excluding the middle element when the length is odd; Median averages the two middle values).
 * Errors RITA returns are `null` here (the pair is not scored), never a throw.
 */

export type BeaconConfig = {
  /** Minimum unique timestamps in the window (RITA unique_connection_threshold). */
  uniqueConnectionThreshold: number;
  weights: { ts: number; ds: number; dur: number; hist: number };
  durationMinHoursSeen: number;
  durationConsistencyIdealHoursSeen: number;
  histogramModeSensitivity: number;
  histogramBimodalOutlierRemoval: number;
  histogramBimodalMinHoursSeen: number;
  /** Histogram bins over the window (RITA: 24 over its 24-hour window). */
  bins: number;
  /** Beacon score ×100 thresholds for the category interpolation (base/low/medium/high). */
  thresholds: Thresholds;
};

export type Thresholds = { base: number; low: number; medium: number; high: number };

/** RITA's default_config.hjson. */
export const RITA_DEFAULTS: BeaconConfig = {
  uniqueConnectionThreshold: 4,
  weights: { ts: 0.25, ds: 0.25, dur: 0.25, hist: 0.25 },
  durationMinHoursSeen: 6,
  durationConsistencyIdealHoursSeen: 12,
  histogramModeSensitivity: 0.05,
  histogramBimodalOutlierRemoval: 1,
  histogramBimodalMinHoursSeen: 11,
  bins: 24,
  thresholds: { base: 50, low: 70, medium: 90, high: 100 },
};

/** RITA's category scores (config/config.go). */
export const CATEGORY = { none: 0.2, low: 0.4, medium: 0.6, high: 0.8 } as const;

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The values sorted: the input itself when already sorted (it is only read), else a sorted copy. */
const sortedCopy = (values: ArrayLike<number>): ArrayLike<number> => {
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < (values[i - 1] as number)) return Float64Array.from(values).sort();
  return values;
};

/** Median of sorted data (NaN when empty). */
export function medianSorted(s: ArrayLike<number>, from = 0, to = s.length): number {
  const n = to - from;
  if (n <= 0) return NaN;
  const mid = from + (n >> 1);
  return n % 2 === 0 ? ((s[mid - 1] as number) + (s[mid] as number)) / 2 : (s[mid] as number);
}

export type Quartiles = { q1: number; q2: number; q3: number };

/** montanaflynn/stats Quartile: medians of the lower and upper halves, the middle element left out when odd. */
export function quartiles(values: ArrayLike<number>): Quartiles | null {
  const n = values.length;
  if (n === 0) return null;
  const s = sortedCopy(values);
  const c1 = n % 2 === 0 ? n / 2 : (n - 1) / 2;
  const c2 = n % 2 === 0 ? n / 2 : c1 + 1;
  // the Go library ignores the error of an empty half (n = 1) and returns 0 for it
  const q1 = c1 > 0 ? medianSorted(s, 0, c1) : 0;
  const q3 = c2 < n ? medianSorted(s, c2, n) : 0;
  return { q1, q2: medianSorted(s, 0, n), q3 };
}

/** Bowley skewness and its score 1 − |skew|; skew is 0 when Q3 − Q1 < 10 or the median equals a quartile. */
export function bowleySkewness(values: ArrayLike<number>): { skew: number; score: number } | null {
  if (values.length < 3) return null;
  const q = quartiles(values);
  if (!q) return null;
  const num = q.q1 + q.q3 - 2 * q.q2;
  const den = q.q3 - q.q1;
  const skew = den >= 10 && q.q2 !== q.q1 && q.q2 !== q.q3 ? num / den : 0;
  return { skew, score: 1 - Math.abs(skew) };
}

/** Median absolute deviation and its score (median − MAD)/median, `defaultScore` when the median is below 1. */
export function medianAbsoluteDeviation(values: ArrayLike<number>, defaultScore: number): { mad: number; score: number } | null {
  if (values.length === 0) return null;
  const s = sortedCopy(values);
  const median = medianSorted(s);
  const dev = new Float64Array(s.length);
  for (let i = 0; i < s.length; i++) dev[i] = Math.abs((s[i] as number) - median);
  dev.sort();
  const mad = medianSorted(dev);
  let score = median >= 1 ? (median - mad) / median : defaultScore;
  if (score < 0 || Number.isNaN(score)) score = 0;
  return { mad, score };
}

/** (skew score + MAD score) / 2, rounded to 3 decimals. */
export function statisticalScore(values: ArrayLike<number>, defaultMadScore: number): { score: number; skew: number; mad: number } | null {
  if (values.length === 0) return null;
  const b = bowleySkewness(values);
  if (!b) return null;
  const m = medianAbsoluteDeviation(values, defaultMadScore);
  if (!m) return null;
  return { score: round3((b.score + m.score) / 2), skew: b.skew, mad: m.mad };
}

/** Distinct values (truncated to integers, as RITA's int64 conversion), their counts, the mode and its count. */
export function distinctCounts(values: ArrayLike<number>): { values: number[]; counts: number[]; mode: number; modeCount: number } | null {
  if (values.length < 2) return null;
  const s = sortedCopy(values);
  const out: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const v = Math.trunc(s[i] as number);
    if (out.length > 0 && out[out.length - 1] === v) counts[counts.length - 1]!++;
    else {
      out.push(v);
      counts.push(1);
    }
  }
  let mode = out[0] as number;
  let modeCount = counts[0] as number;
  for (let i = 1; i < out.length; i++)
    if ((counts[i] as number) > modeCount) {
      modeCount = counts[i] as number;
      mode = out[i] as number;
    }
  return { values: out, counts, mode, modeCount };
}

export type TimestampScore = { score: number; skew: number; mad: number; intervals: number[]; intervalCounts: number[]; mode: number; modeCount: number };

/** Timestamp score over the intervals of sorted timestamps (≥ 4 timestamps, ≥ 3 non-zero intervals). */
export function timestampScore(sortedTs: ArrayLike<number>): TimestampScore | null {
  const n = sortedTs.length;
  if (n < 4) return null;
  const deltas = new Float64Array(n - 1);
  let nonZero = 0;
  for (let i = 0; i < n - 1; i++) {
    const d = (sortedTs[i + 1] as number) - (sortedTs[i] as number);
    if (d > 0) nonZero++;
    deltas[i] = d;
  }
  if (nonZero < 3) return null;
  deltas.sort();
  const dc = distinctCounts(deltas);
  if (!dc) return null;
  let first = 0;
  while (first < deltas.length && (deltas[first] as number) <= 0) first++;
  const st = statisticalScore(deltas.subarray(first), 1);
  if (!st) return null;
  return { score: st.score, skew: st.skew, mad: st.mad, intervals: dc.values, intervalCounts: dc.counts, mode: dc.mode, modeCount: dc.modeCount };
}

export type DataSizeScore = { score: number; skew: number; mad: number; sizes: number[]; counts: number[]; mode: number; modeCount: number };

/** Data-size score over each connection's originator IP bytes (≥ 3 values); MAD score 0 when the median is < 1. */
export function dataSizeScore(input: ArrayLike<number>): DataSizeScore | null {
  if (input.length < 3) return null;
  const bytes = sortedCopy(input); // RITA sorts the list first too
  const dc = distinctCounts(bytes);
  if (!dc) return null;
  const st = statisticalScore(bytes, 0);
  if (!st) return null;
  return { score: st.score, skew: st.skew, mad: st.mad, sizes: dc.values, counts: dc.counts, mode: dc.mode, modeCount: dc.modeCount };
}

/** numBins + 1 evenly spaced edges from start to end (the last edge set exactly to end). */
export function histogramBins(start: number, end: number, numBins: number): Float64Array | null {
  if (numBins <= 0 || end <= start) return null;
  const edges = new Float64Array(numBins + 1);
  const step = (end - start) / numBins;
  edges[0] = start;
  for (let i = 1; i < numBins; i++) edges[i] = start + i * step;
  edges[numBins] = end;
  return edges;
}

export type FrequencyCounts = { freqCount: Map<number, number>; totalBars: number; longestRun: number };

/** Bars grouped by height in buckets of ceil(max × sensitivity); the longest run of non-empty bins, wrapping around. */
export function frequencyCounts(histogram: ArrayLike<number>, modeSensitivity: number): FrequencyCounts | null {
  const n = histogram.length;
  if (n === 0) return null;
  let totalBars = 0;
  let largest = 0;
  for (let i = 0; i < n; i++) {
    const v = histogram[i] as number;
    if (v > 0) totalBars++;
    if (v > largest) largest = v;
  }
  const binSize = Math.ceil(largest * modeSensitivity);
  const freqCount = new Map<number, number>();
  let longestRun = 0;
  let run = 0;
  for (let i = 0; i < n * 2; i++) {
    const f = histogram[i % n] as number;
    if (f > 0) run++;
    else {
      if (run > longestRun) longestRun = run;
      run = 0;
    }
    if (i < n && f > 0) {
      const bin = Math.floor(f / binSize) * binSize;
      freqCount.set(bin, (freqCount.get(bin) ?? 0) + 1);
    }
  }
  if (run > longestRun) longestRun = run;
  if (longestRun > n) longestRun = n;
  return { freqCount, totalBars, longestRun };
}

/** Connections per bin (sorted timestamps; a timestamp equal to the last edge counts in the last bin). */
export function histogram(edges: Float64Array, sortedTs: ArrayLike<number>): number[] {
  const bins = edges.length - 1;
  const h = new Array<number>(bins).fill(0);
  let cur = 0;
  let next = edges[1] as number;
  for (let k = 0; k < sortedTs.length; k++) {
    const t = sortedTs[k] as number;
    if (t < next) {
      h[cur]!++;
      continue;
    }
    for (let j = cur + 1; j < bins; j++) {
      cur = j;
      next = edges[j + 1] as number;
      if (t < next) break;
    }
    h[cur]!++;
  }
  return h;
}

/** 1 − population CV of the bars (0 when CV > 1), rounded; null for an empty or all-zero histogram. */
export function coefficientOfVariationScore(freqList: ArrayLike<number>): number | null {
  const n = freqList.length;
  if (n === 0) return null;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const v = freqList[i] as number;
    if (v < 0) return null;
    total += v;
  }
  if (total <= 0) return null;
  const mean = total / n;
  let sd = 0;
  for (let i = 0; i < n; i++) sd += ((freqList[i] as number) - mean) ** 2;
  sd = Math.sqrt(sd / n);
  const cv = sd / Math.abs(mean);
  const score = cv > 1 ? 0 : round3(1 - cv);
  return Math.min(score, 1);
}

/** Share of non-empty bins in the two most common height buckets (after dropping outliers), once enough bins are seen. */
export function bimodalFitScore(freqCount: Map<number, number>, totalBars: number, outlierRemoval: number, minHoursSeen: number): number | null {
  if (freqCount.size === 0 || totalBars <= 0) return null;
  const minHours = minHoursSeen < 6 ? 11 : minHoursSeen;
  let fit = 0;
  if (totalBars >= minHours) {
    let largest = 0;
    let second = 0;
    for (const v of freqCount.values()) {
      if (v > largest) {
        second = largest;
        largest = v;
      } else if (v > second) second = v;
    }
    fit = (largest + second) / Math.max(totalBars - outlierRemoval, 1);
  }
  return Math.min(round3(fit), 1);
}

export type HistogramScore = { histogram: number[]; freqCount: Map<number, number>; totalBars: number; longestRun: number; score: number };

export function histogramScore(windowMin: number, windowMax: number, sortedTs: ArrayLike<number>, c: Pick<BeaconConfig, "histogramModeSensitivity" | "histogramBimodalOutlierRemoval" | "histogramBimodalMinHoursSeen" | "bins">): HistogramScore | null {
  if (sortedTs.length === 0 || windowMax <= windowMin) return null;
  const edges = histogramBins(windowMin, windowMax, c.bins);
  if (!edges) return null;
  const h = histogram(edges, sortedTs);
  const fc = frequencyCounts(h, c.histogramModeSensitivity);
  if (!fc) return null;
  const cv = coefficientOfVariationScore(h);
  const bimodal = bimodalFitScore(fc.freqCount, fc.totalBars, c.histogramBimodalOutlierRemoval, c.histogramBimodalMinHoursSeen);
  if (cv === null || bimodal === null) return null;
  return { histogram: h, freqCount: fc.freqCount, totalBars: fc.totalBars, longestRun: fc.longestRun, score: Math.max(cv, bimodal) };
}

/** Coverage of the window and longest consecutive run of bins, once enough bins are non-empty. */
export function durationScore(windowMin: number, windowMax: number, first: number, last: number, totalBars: number, longestRun: number, minHoursSeen: number, idealHours: number): { coverage: number; consistency: number; score: number } | null {
  if (minHoursSeen < 1 || idealHours < 1 || windowMax <= windowMin || last <= first) return null;
  let coverage = 0;
  let consistency = 0;
  let score = 0;
  if (totalBars >= minHoursSeen) {
    coverage = Math.min(Math.ceil(((last - first) / (windowMax - windowMin)) * 1000) / 1000, 1);
    consistency = Math.min(Math.ceil((longestRun / idealHours) * 1000) / 1000, 1);
    score = Math.max(coverage, consistency);
  }
  return { coverage, consistency, score };
}

/** The weighted sum of the four sub-scores, rounded to 3 decimals; null when a score or weight is out of [0, 1] or the weights do not sum to 1. */
export function beaconScore(ts: number, tsWeight: number, ds: number, dsWeight: number, dur: number, durWeight: number, hist: number, histWeight: number): number | null {
  for (const s of [ts, ds, dur, hist]) if (s < 0 || s > 1) return null;
  let sum = 0;
  for (const w of [tsWeight, dsWeight, durWeight, histWeight]) {
    if (w < 0 || w > 1) return null;
    sum += w;
  }
  if (sum !== 1) return null;
  return round3(ts * tsWeight + ds * dsWeight + dur * durWeight + hist * histWeight);
}

/** RITA calculateBucketedScore: a value interpolated between the category thresholds into 0.2 … 0.8 (0 below base). */
export function bucketedScore(value: number, t: Thresholds): number {
  const none = CATEGORY.none * 100;
  const low = CATEGORY.low * 100;
  const medium = CATEGORY.medium * 100;
  const high = CATEGORY.high * 100;
  let score: number;
  if (value < t.base) return 0;
  if (value < t.low) score = none + ((value - t.base) / (t.low - t.base)) * (low - none);
  else if (value < t.medium) score = low + ((value - t.low) / (t.medium - t.low)) * (medium - low);
  else score = medium + ((Math.min(value, t.high) - t.medium) / (t.high - t.medium)) * (high - medium);
  return score / 100;
}

/** The most common value of sorted data (as an integer, the first on ties), as distinctCounts gives it. */
function modeOfSorted(s: ArrayLike<number>): number {
  let mode = Math.trunc(s[0] as number);
  let best = 0;
  let run = 0;
  let prev = NaN;
  for (let i = 0; i < s.length; i++) {
    const v = Math.trunc(s[i] as number);
    run = v === prev ? run + 1 : 1;
    prev = v;
    if (run > best) {
      best = run;
      mode = v;
    }
  }
  return mode;
}

export type BeaconResult = {
  score: number;
  tsScore: number;
  dsScore: number;
  histScore: number;
  durScore: number;
  /** Most common interval between connections, seconds. */
  interval: number;
  /** Most common originator size, bytes. */
  size: number;
  /** Non-empty histogram bins. */
  bars: number;
};

/**
 * The beacon score of one pair over [windowMin, windowMax] (seconds): `ts` sorted integer seconds, `bytes` each
 * connection's originator IP bytes in any order. Null when RITA would not score it (too few unique timestamps,
 * or an error).
 */
export function scoreBeacon(ts: ArrayLike<number>, bytes: ArrayLike<number>, windowMin: number, windowMax: number, c: BeaconConfig = RITA_DEFAULTS): BeaconResult | null {
  const n = ts.length;
  if (n < 4 || windowMax <= windowMin) return null;
  let unique = 1;
  for (let i = 1; i < n; i++) if (ts[i] !== ts[i - 1]) unique++;
  if (unique < c.uniqueConnectionThreshold) return null;
  // the same sub-scores as timestampScore/dataSizeScore, without their distinct-value lists (only the mode is kept)
  const deltas = new Float64Array(n - 1);
  let nonZero = 0;
  for (let i = 0; i < n - 1; i++) {
    const d = (ts[i + 1] as number) - (ts[i] as number);
    if (d > 0) nonZero++;
    deltas[i] = d;
  }
  if (nonZero < 3) return null;
  deltas.sort();
  let first = 0;
  while ((deltas[first] as number) <= 0) first++;
  const tStats = statisticalScore(deltas.subarray(first), 1);
  const sizes = sortedCopy(bytes);
  const dStats = statisticalScore(sizes, 0);
  const h = histogramScore(windowMin, windowMax, ts, c);
  if (!tStats || !dStats || !h) return null;
  const t = { score: tStats.score, mode: modeOfSorted(deltas) };
  const d = { score: dStats.score, mode: modeOfSorted(sizes) };
  const dur = durationScore(windowMin, windowMax, ts[0] as number, ts[n - 1] as number, h.totalBars, h.longestRun, c.durationMinHoursSeen, c.durationConsistencyIdealHoursSeen);
  if (!dur) return null;
  const score = beaconScore(t.score, c.weights.ts, d.score, c.weights.ds, dur.score, c.weights.dur, h.score, c.weights.hist);
  if (score === null) return null;
  return { score, tsScore: t.score, dsScore: d.score, histScore: h.score, durScore: dur.score, interval: t.mode, size: d.mode, bars: h.totalBars };
}
