/** RITA v5's own unit-test vectors (activecm/rita analysis/beacons_test.go @a3c5150), expected within its 0.001. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import {
  beaconScore, bowleySkewness, bucketedScore, coefficientOfVariationScore, dataSizeScore, distinctCounts, durationScore, histogramBins,
  histogramScore, medianAbsoluteDeviation, RITA_DEFAULTS, scoreBeacon, statisticalScore, timestampScore,
} from "./rita.js";

const near = (actual: number | undefined, expected: number, what = ""): void => assert.ok(actual !== undefined && Math.abs(actual - expected) <= 0.001, `${what}: expected ${expected}, got ${actual}`);
const B = 1517338924;

describe("RITA beacon score vectors", () => {
  test("getBeaconScore: weighted, rounded, rejects bad scores and weights", () => {
    near(beaconScore(0.8, 0.2, 0.7, 0.2, 0.6, 0.3, 0.5, 0.3)!, 0.63);
    near(beaconScore(1, 0.25, 1, 0.25, 1, 0.25, 1, 0.25)!, 1);
    near(beaconScore(1, 0.1, 1, 0.2, 1, 0.3, 1, 0.4)!, 1);
    near(beaconScore(0.1, 0.25, 0.2, 0.25, 0.3, 0.25, 0.4, 0.25)!, 0.25);
    near(beaconScore(0.1, 0.1, 0.2, 0.2, 0.3, 0.3, 0.4, 0.4)!, 0.3);
    near(beaconScore(0.111, 0.173, 0.222, 0.325, 0.333, 0.299, 0.444, 0.203)!, 0.281);
    near(beaconScore(0.1001, 0.249, 0.1002, 0.251, 0.1003, 0.25, 0.1004, 0.25)!, 0.10025);
    near(beaconScore(0.25, 1, 1, 0, 1, 0, 1, 0)!, 0.25);
    assert.equal(beaconScore(-0.1, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25), null);
    assert.equal(beaconScore(1.1, 0.25, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25), null);
    assert.equal(beaconScore(0.5, -0.1, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25), null);
    assert.equal(beaconScore(0.5, 1.1, 0.5, 0.25, 0.5, 0.25, 0.5, 0.25), null);
    assert.equal(beaconScore(0.5, 0.3, 0.5, 0.3, 0.5, 0.3, 0.5, 0.3), null);
    assert.equal(beaconScore(0.5, 0.3, 0.5, 0.3, 0.5, 0.2, 0.5, 0.1), null);
  });

  test("getTimestampScore", () => {
    const cases: [number[], number, number, number, number[], number[], number, number][] = [
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 1, 0, 0, [1], [9], 1, 9],
      [[0, 60, 120, 180, 240, 300, 360, 420, 480, 540].map((d) => B + d), 1, 0, 0, [60], [9], 60, 9],
      [[1517338924, 1517339022, 1517339121, 1517339220, 1517339320, 1517339420, 1517339520, 1517339621, 1517339722, 1517339824], 0.995, 0, 1, [98, 99, 100, 101, 102], [1, 2, 3, 2, 1], 100, 3],
      [[1517338924, 1517339022, 1517339322, 1517339420, 1517339720, 1517339818, 1517340118, 1517340216, 1517340516, 1517340614, 1517340914], 0.746, 0, 101, [98, 300], [5, 5], 98, 5],
      [[1517338924, 1517338925, 1517339224, 1517339249, 1517344224, 1517344314, 1517344316, 1517344358, 1517344858, 1517346358], 0.083, 0.845, 89, [1, 2, 25, 42, 90, 299, 500, 1500, 4975], [1, 1, 1, 1, 1, 1, 1, 1, 1], 1, 1],
    ];
    for (const [ts, score, skew, mad, intervals, counts, mode, modeCount] of cases) {
      const r = timestampScore(ts);
      assert.ok(r);
      near(r.score, score, "score");
      near(r.skew, skew, "skew");
      near(r.mad, mad, "mad");
      assert.deepEqual(r.intervals, intervals);
      assert.deepEqual(r.intervalCounts, counts);
      assert.equal(r.mode, mode);
      assert.equal(r.modeCount, modeCount);
    }
    assert.equal(timestampScore([60, 60, 60, 60, 60, 60, 60, 60, 60]), null);
    assert.equal(timestampScore([B, B + 1]), null);
    assert.equal(timestampScore([]), null);
  });

  test("getDataSizeScore", () => {
    const cases: [number[], number, number, number, number[], number[], number, number][] = [
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.773, 0, 2.5, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], 1, 1],
      [[60, 60, 60, 60, 60, 60, 60, 60, 60], 1, 0, 0, [60], [9], 60, 9],
      [[98, 99, 99, 100, 100, 100, 101, 101, 102], 0.995, 0, 1, [98, 99, 100, 101, 102], [1, 2, 3, 2, 1], 100, 3],
      [[524885, 1, 5000, 98654, 50, 41, 965842, 3], 0.008, 0.984, 2523, [1, 3, 41, 50, 5000, 98654, 524885, 965842], [1, 1, 1, 1, 1, 1, 1, 1], 1, 1],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0.5, 0, 0, [0], [10], 0, 10],
    ];
    for (const [bytes, score, skew, mad, sizes, counts, mode, modeCount] of cases) {
      const r = dataSizeScore(bytes);
      assert.ok(r);
      near(r.score, score, "score");
      near(r.skew, skew, "skew");
      near(r.mad, mad, "mad");
      assert.deepEqual(r.sizes, sizes);
      assert.deepEqual(r.counts, counts);
      assert.equal(r.mode, mode);
      assert.equal(r.modeCount, modeCount);
    }
    assert.equal(dataSizeScore([100, 200]), null);
    assert.equal(dataSizeScore([]), null);
  });

  test("calculateStatisticalScore", () => {
    const cases: [number[], number, number, number, number][] = [
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0, 0.773, 0, 2.5],
      [[60, 60, 60, 60, 60, 60, 60, 60, 60], 0, 1, 0, 0],
      [[98, 99, 99, 100, 100, 100, 101, 101, 102], 0, 0.995, 0, 1],
      [[1, 299, 25, 4975, 90, 2, 42, 500, 1500], 1, 0.083, 0.845, 89],
      [[524885, 1, 5000, 98654, 50, 41, 965842, 3], 0, 0.009, 0.983, 2523],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 0, 0.5, 0, 0],
      [[0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 1, 1, 0, 0],
      [[-1, -2, -3, -4, -5, -6, -7, -8, -9, -10], 0, 0.5, 0, 2.5],
      [[7, 8, 7, 8, 7, 8, 7, 8, 7], 1, 1, 0, 0],
      [[1, 1, 2, 2, 2, 2], 1, 1, 0, 0],
    ];
    for (const [values, def, score, skew, mad] of cases) {
      const r = statisticalScore(values, def);
      assert.ok(r);
      near(r.score, score, `score of ${values.join(",")}`);
      near(r.skew, skew, "skew");
      near(r.mad, mad, "mad");
    }
    assert.equal(statisticalScore([], 0), null);
  });

  test("getDurationScore", () => {
    const D = 24 * 3600;
    const H = 3600;
    const cases: [number, number, number, number, number, number, number, number, number, number, number][] = [
      [B, B + D, B, B + D, 24, 24, 6, 12, 1, 1, 1],
      [B, B + D, B, B + D, 6, 0, 6, 12, 1, 0, 1],
      [B, B + D, B + 12 * H, B + D, 6, 0, 6, 12, 0.5, 0, 0.5],
      [B, B + D, B, B + 12 * H, 6, 0, 6, 12, 0.5, 0, 0.5],
      [B, B + D, B + 6 * H, B + D, 6, 0, 6, 12, 0.75, 0, 0.75],
      [B, B + D, B + 12 * H, B + D, 12, 12, 6, 12, 0.5, 1, 1],
      [B, B + D, B + 12 * H, B + 18 * H, 6, 6, 6, 12, 0.25, 0.5, 0.5],
      [B, B + D, B + 6 * H, B + 18 * H, 12, 6, 6, 12, 0.5, 0.5, 0.5],
      [B, B + D, B + 6 * H, B + 18 * H, 3, 1, 6, 12, 0, 0, 0],
    ];
    for (const [dmin, dmax, hmin, hmax, bars, run, minH, ideal, coverage, consistency, score] of cases) {
      const r = durationScore(dmin, dmax, hmin, hmax, bars, run, minH, ideal);
      assert.ok(r);
      near(r.coverage, coverage, "coverage");
      near(r.consistency, consistency, "consistency");
      near(r.score, score, "score");
    }
    assert.equal(durationScore(B, B + D, B, B + D, 12, 6, 6, 0), null);
    assert.equal(durationScore(B, B + D, B, B + D, 12, 6, 0, 12), null);
    assert.equal(durationScore(1, 0, 0, 1, 6, 12, 6, 12), null);
    assert.equal(durationScore(0, 1, 1, 0, 6, 12, 6, 12), null);
  });

  test("getHistogramScore", () => {
    const simple: number[] = [];
    for (let v = 1; v <= 10; v++) for (let k = 0; k < v; k++) simple.push(v);
    const hourly = Array.from({ length: 24 }, (_, i) => B + i * 3600);
    const single = Array.from({ length: 10 }, (_, i) => B + i * 60);
    const cases: [number, number, number[], number, number, number[], [number, number][], number, number, number][] = [
      [1, 11, simple, 6, 10, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [[1, 1], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [8, 1], [9, 1], [10, 1]], 10, 10, 0.478],
      [B, B + 86400, hourly, 11, 24, Array(24).fill(1), [[1, 24]], 24, 24, 1],
      [98, 102, [98, 99, 99, 100, 100, 100, 101, 101, 102], 6, 8, [1, 0, 2, 0, 3, 0, 2, 1], [[1, 2], [2, 2], [3, 1]], 5, 3, 0.064],
      [0, 1000000, [524885, 1, 5000, 98654, 50, 41, 965842, 3, 12001, 200400, 104001, 199999].sort((a, b) => a - b), 6, 10, [7, 2, 1, 0, 0, 1, 0, 0, 0, 1], [[1, 3], [2, 1], [7, 1]], 5, 4, 0],
      [0, 100, [1, 2, 3, 4, 15, 21, 22, 23, 24, 35, 41, 42, 43, 44, 55, 61, 62, 63, 64, 75, 81, 82, 83, 84, 95], 6, 10, [4, 1, 4, 1, 4, 1, 4, 1, 4, 1], [[1, 5], [4, 5]], 10, 10, 1],
      [0, 250, [10, 20, 100, 110, 110, 220], 6, 5, [2, 0, 3, 0, 1], [[1, 1], [2, 1], [3, 1]], 3, 2, 0.028],
      [B, B + 86400, single, 11, 24, [10, ...Array(23).fill(0)], [[10, 1]], 1, 1, 0],
      [B, B + 86400, single, 1, 24, [10, ...Array(23).fill(0)], [[10, 1]], 1, 1, 0],
    ];
    for (const [min, max, ts, minHours, bins, hist, freq, bars, run, score] of cases) {
      const r = histogramScore(min, max, ts, { histogramModeSensitivity: 0.05, histogramBimodalOutlierRemoval: 1, histogramBimodalMinHoursSeen: minHours, bins });
      assert.ok(r);
      assert.deepEqual(r.histogram, hist);
      assert.deepEqual([...r.freqCount.entries()].sort((a, b) => a[0] - b[0]), freq);
      assert.equal(r.totalBars, bars);
      assert.equal(r.longestRun, run);
      near(r.score, score, "score");
    }
    const opts = { histogramModeSensitivity: 0.05, histogramBimodalOutlierRemoval: 1, histogramBimodalMinHoursSeen: 6, bins: 10 };
    assert.equal(histogramScore(0, 10, [], opts), null);
    assert.equal(histogramScore(1, 0, [1, 2, 3], opts), null);
    assert.equal(histogramScore(1, 1, [1, 1, 1], opts), null);
  });

  test("calculateBowleySkewness, calculateMedianAbsoluteDeviation, calculateDistinctCounts", () => {
    for (const [v, skew, score] of [
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0, 1], [[60, 60, 60, 60, 60, 60, 60, 60, 60], 0, 1], [[98, 99, 99, 100, 100, 100, 101, 101, 102], 0, 1],
      [[1, 2, 25, 42, 90, 299, 500, 1500, 4975], 0.845, 0.155], [[1, 299, 25, 4975, 90, 2, 42, 500, 1500], 0.845, 0.155],
      [[524885, 1, 5000, 98654, 50, 41, 965842, 3], 0.983, 0.017], [[7, 8, 7, 8, 7, 8, 7, 8, 7], 0, 1], [[1, 1, 2, 2, 2, 2], 0, 1],
      [[7.7, 6.6, 4.4, 1.1, 5.5, 3.3, 2.2], 0, 1],
    ] as [number[], number, number][]) {
      const r = bowleySkewness(v);
      assert.ok(r);
      near(r.skew, skew, "skew");
      near(r.score, score, "skew score");
    }
    assert.equal(bowleySkewness([]), null);
    assert.equal(bowleySkewness([1, 2]), null);
    for (const [v, mad, score] of [
      [[1, 2, 2, 3, 3, 3, 4, 5, 5], 1, 0.6667], [[11, 12, 12, 14, 15, 16], 1.5, 0.8846],
      [[1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500], 1250, 0.6154], [[4000, 2500, 2000, 1500, 5500, 3500, 1000, 4500, 5000, 3000], 1250, 0.6154],
    ] as [number[], number, number][]) {
      const r = medianAbsoluteDeviation(v, 1);
      assert.ok(r);
      near(r.mad, mad, "mad");
      near(r.score, score, "mad score");
    }
    assert.equal(medianAbsoluteDeviation([], 1), null);
    const d = distinctCounts([3.3, 2.2, 4.4, 1.1, 5.5, 3.3, 2.2]);
    assert.deepEqual(d, { values: [1, 2, 3, 4, 5], counts: [1, 2, 2, 1, 1], mode: 2, modeCount: 2 });
    assert.deepEqual(distinctCounts([1517338924, 1517338924, 1517338924, 1609459200, 1609459200, 1612137600, 1612137600])?.counts, [3, 2, 2]);
    assert.equal(distinctCounts([1]), null);
  });

  test("computeHistogramBins and calculateCoefficientOfVariationScore", () => {
    assert.deepEqual([...histogramBins(0, 10, 2)!], [0, 5, 10]);
    assert.deepEqual([...histogramBins(0, 100, 5)!], [0, 20, 40, 60, 80, 100]);
    const e = histogramBins(0, 10, 24)!;
    near(e[1], 0.4167);
    near(e[23], 9.5833);
    assert.equal(e[24], 10);
    assert.equal(histogramBins(0, 100, 0), null);
    assert.equal(histogramBins(10, 5, 2), null);
    assert.equal(histogramBins(0, 0, 2), null);
    near(coefficientOfVariationScore([1, 1, 1, 1, 1, 1, 1, 1, 1, 1])!, 1);
    near(coefficientOfVariationScore([950, 970, 990, 1010, 1030, 1050, 1070])!, 0.96);
    near(coefficientOfVariationScore([1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007, 1008, 1009])!, 0.9971406);
    near(coefficientOfVariationScore([1, 5, 10, 50, 100, 500, 1000, 5000, 10000])!, 0);
    assert.equal(coefficientOfVariationScore([]), null);
    assert.equal(coefficientOfVariationScore([-5, -10, -7, -3, -8]), null);
    assert.equal(coefficientOfVariationScore([0, 0, 0, 0, 0]), null);
  });

  test("calculateBucketedScore with the beacon thresholds", () => {
    const t = RITA_DEFAULTS.thresholds;
    assert.equal(bucketedScore(49.9, t), 0);
    near(bucketedScore(50, t), 0.2);
    near(bucketedScore(60, t), 0.3);
    near(bucketedScore(70, t), 0.4);
    near(bucketedScore(90, t), 0.6);
    near(bucketedScore(100, t), 0.8);
    near(bucketedScore(120, t), 0.8);
  });

  test("the whole score: a perfect hourly beacon scores 1; too few unique timestamps are not scored", () => {
    const ts = Array.from({ length: 24 }, (_, i) => B + i * 3600);
    const r = scoreBeacon(ts, Array(24).fill(120), B, B + 86400);
    assert.ok(r);
    assert.deepEqual([r.score, r.tsScore, r.dsScore, r.histScore, r.durScore], [1, 1, 1, 1, 1]);
    assert.equal(r.interval, 3600);
    assert.equal(scoreBeacon([B, B, B, B + 60], [1, 1, 1, 1], B, B + 86400), null);
  });
});
