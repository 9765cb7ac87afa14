/** The pair table: a pair seen once keeps its connection in its row; the second moves it into the arena and opens its days. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { DEFAULT_INTERNAL, ipv4FromString, perimeter } from "./net.js";
import { FlowTable } from "./table.js";

const DAY = 86_400;
const T0 = 1_458_345_600; // 2016-03-19 00:00 UTC

describe("pair table", () => {
  test("a pair seen once: its connection and its one day come from its row", () => {
    const t = new FlowTable(perimeter(DEFAULT_INTERNAL));
    const src = t.hostV4Id(ipv4FromString("10.0.0.5"));
    const dst = t.hostV4Id(ipv4FromString("203.0.113.5"));
    t.add(T0 + 10.7, src, dst, 443, 1, 2, 100, 900, 160);
    assert.equal(t.pairCount, 1);
    const c = t.connections(0);
    assert.deepEqual([...c.ts], [T0 + 10]);
    assert.deepEqual([...c.ipBytes], [160]);
    assert.deepEqual([...c.payload], [100]);
    assert.deepEqual(t.pairDays(0), [T0 / DAY, 100, 900, 1]);
  });

  test("the second and later connections, over days and out of order: every connection and every day's sums", () => {
    const t = new FlowTable(perimeter(DEFAULT_INTERNAL));
    const src = t.hostV4Id(ipv4FromString("10.0.0.5"));
    const dst = t.hostV4Id(ipv4FromString("203.0.113.5"));
    const conns: [number, number, number][] = [
      [T0 + DAY + 5, 10, 20], // day 1 first
      [T0 + 7, 30, 40], // then day 0
      [T0 + DAY + 9, 50, 60],
      [T0 + 2 * DAY, 70, 80],
      [T0 + 8, 1, 2],
      [T0 + 3 * DAY, 3, 4],
    ];
    for (const [ts, out, inb] of conns) t.add(ts, src, dst, 443, 1, 0, out, inb, out + 40);
    const c = t.connections(0);
    assert.deepEqual([...c.ts], conns.map((x) => x[0]).sort((a, b) => a - b));
    assert.deepEqual([...c.payload], [30, 1, 10, 50, 70, 3]);
    const days = t.pairDays(0);
    const byDay = new Map<number, number[]>();
    for (let i = 0; i < days.length; i += 4) byDay.set(days[i]!, days.slice(i + 1, i + 4));
    assert.deepEqual(
      [...byDay].sort((a, b) => a[0] - b[0]),
      [
        [T0 / DAY, [31, 42, 2]],
        [T0 / DAY + 1, [60, 80, 2]],
        [T0 / DAY + 2, [70, 80, 1]],
        [T0 / DAY + 3, [3, 4, 1]],
      ],
    );
    assert.equal(t.count[0], 6);
    assert.equal(t.bytesOut[0], 164);
  });
});
