/** The held people's arena gives back each person's contact and distinct keys, whatever moves and compactions did. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { HeldPeople, type HeldSizes } from "./held.js";
import { forEachPacked, PackWriter } from "./packed.js";

const run = (sizes: HeldSizes, during?: (held: HeldPeople) => void): HeldPeople => {
  const names = ["k", "e"];
  const held = new HeldPeople(5000, sizes);
  const model = new Map<number, { contact: string; keys: [number, string][]; left: number; items: number }>();
  let seed = 7;
  const rnd = (n: number): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const w = new PackWriter();
  const expected: { contact: string; keys: string[] }[] = [];
  let root = 0;
  for (let step = 0; step < 20_000; step++) {
    if (model.size < 300 && (rnd(3) === 0 || model.size === 0)) {
      const r = root++;
      const records = 2 + rnd(4);
      const values = [`山田 ${r}`, rnd(2) ? `p${r}@example.jp` : undefined];
      held.open(r, records, 0, r, names, values.slice());
      model.set(r, { contact: JSON.stringify(Object.fromEntries(names.flatMap((n, k) => (values[k] === undefined ? [] : [[n, values[k]]])))), keys: [], left: records, items: 0 });
      continue;
    }
    const roots = [...model.keys()];
    const r = roots[rnd(roots.length)]!;
    const m = model.get(r)!;
    const texts = Array.from({ length: rnd(4) }, () => `email\u0000x${rnd(6)}-${r}@例.jp`.repeat(1 + rnd(3)));
    const distinct = texts.filter((t, i) => texts.indexOf(t) === i);
    const items = 1 << rnd(5);
    m.items |= items;
    for (const t of distinct) if (!m.keys.some(([, k]) => k === t)) m.keys.push([t.length % 3, t]);
    const last = held.add(r, items, distinct, distinct.map((t) => t.length % 3), distinct.length);
    assert.equal(last, --m.left === 0);
    if (last) {
      assert.equal(held.items(r), m.items);
      w.head(r, held.items(r), held.records(r), held.file(r), held.line(r));
      held.write(r, w);
      held.close(r);
      model.delete(r);
      expected.push({ contact: m.contact, keys: m.keys.map(([k, t]) => `${k}:${t}`) });
    }
    if (step === 10_000) during?.(held);
  }
  assert.equal(held.size, model.size);
  const buf = w.take();
  const src = Buffer.from(buf);
  const got: { contact: string; keys: string[] }[] = [];
  forEachPacked(
    buf,
    (_n, _items, _records, _file, _line, at, length) => got.push({ contact: src.toString("utf8", at, at + length), keys: [] }),
    (kind, at, length) => got.at(-1)!.keys.push(`${kind}:${src.toString("utf8", at, at + length)}`),
  );
  assert.ok(got.length > 1000);
  assert.deepEqual(got, expected);
  return held;
};

test("held people: contact and distinct keys in order, through block moves and compactions", () => {
  const held = run({ initial: 64, compactAbove: 0 });
  assert.ok(held.compactions > 10, `compacted ${held.compactions} times`);
  assert.equal(held.spilled, 0);
});

test("held people over a tiny budget: spilled to an unlinked, encrypted file and read back, the same bytes", () => {
  const spillFds = (): string[] =>
    readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`).includes("sokuho-held-");
      } catch {
        return false;
      }
    });
  const before = spillFds().length;
  const held = run({ initial: 64, compactAbove: 0, budget: 4096 }, (h) => {
    // mid-stream: the file is open but has no name under the temporary folder, and holds no contact in clear
    const open = spillFds();
    assert.equal(open.length, before + 1);
    assert.ok(readlinkSync(`/proc/self/fd/${open.at(-1)}`).endsWith("(deleted)"));
    assert.ok(!readdirSync(tmpdir()).some((f) => f.startsWith("sokuho-held-")));
    const bytes = readFileSync(`/proc/self/fd/${open.at(-1)}`);
    assert.ok(bytes.length > 0 && bytes.length === h.spillBytes);
    assert.equal(bytes.indexOf(Buffer.from("山田", "utf8")), -1);
    assert.equal(bytes.indexOf(Buffer.from("example.jp", "utf8")), -1);
  });
  assert.ok(held.spilled > 1000 && held.readBack > 1000, `spilled ${held.spilled}, read back ${held.readBack}`);
  held.dispose();
  assert.equal(spillFds().length, before);
});

test("a spilled block damaged in the temporary file stops the stream with a sentence, never a wrong contact", () => {
  assert.throws(
    () =>
      run({ initial: 64, compactAbove: 0, budget: 4096 }, (h) => {
        // flip every 64th byte of what was spilled so far, through the open (unlinked) file
        const fd = readdirSync("/proc/self/fd").find((f) => {
          try {
            return readlinkSync(`/proc/self/fd/${f}`).includes("sokuho-held-");
          } catch {
            return false;
          }
        })!;
        const bytes = readFileSync(`/proc/self/fd/${fd}`);
        for (let i = 0; i < bytes.length; i += 64) bytes[i] = (bytes[i] as number) ^ 0x5a;
        const w = openSync(`/proc/self/fd/${fd}`, "r+");
        writeSync(w, bytes, 0, bytes.length, 0);
        closeSync(w);
        assert.ok(h.spillBytes > 0);
      }),
    /spilled block was damaged/,
  );
});
