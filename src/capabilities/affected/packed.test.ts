import assert from "node:assert/strict";
import { test } from "node:test";
import { writeContactJson, writeUtf8 } from "./packed.js";

const POOL = ["a", "Z", "0", " ", "\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "é", "ß", "ｱ", "ア", "山", "ー", "－", "\u3000", "😀", "\ud83d", "\ude00", "\ufffd", "\u0800", "\uffff"];

function randomString(seed: number): string {
  let x = seed * 2654435761;
  const next = (): number => ((x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x9e3779b9) >>> 0) % 1_000_003);
  const n = next() % 3 === 0 ? next() % 200 : next() % 24;
  let s = "";
  for (let i = 0; i < n; i++) s += POOL[next() % POOL.length];
  return s;
}

test("writeUtf8 writes what Buffer#write writes, lone surrogates included, short and long strings", () => {
  const b = Buffer.alloc(4096);
  for (let seed = 0; seed < 5000; seed++) {
    const s = randomString(seed);
    const n = writeUtf8(b, s, 7);
    assert.deepEqual(b.subarray(7, 7 + n), Buffer.from(s, "utf8"), `seed ${seed}`);
  }
});

test("writeUtf8 in JSON mode refuses exactly the strings JSON.stringify would escape", () => {
  const b = Buffer.alloc(4096);
  for (let seed = 0; seed < 5000; seed++) {
    const s = randomString(seed);
    const plain = JSON.stringify(s) === `"${s}"` && !/[\ud800-\udfff]/.test(s);
    const n = writeUtf8(b, s, 0, true);
    assert.equal(n >= 0, plain, `seed ${seed}`);
    if (plain) assert.deepEqual(b.subarray(0, n), Buffer.from(s, "utf8"));
  }
});

test("writeContactJson gives JSON.stringify's bytes and clears the values", () => {
  const names = ["k", "a", "r", "e", "p", "z", "d"];
  const b = Buffer.alloc(64 * 1024);
  for (let seed = 0; seed < 2000; seed++) {
    const values = names.map((_, i) => ((seed >> i) & 1 ? randomString(seed * 7 + i) : undefined));
    const obj: Record<string, string> = {};
    values.forEach((v, i) => v !== undefined && (obj[names[i] as string] = v));
    const end = writeContactJson(b, 3, names, values);
    assert.deepEqual(b.subarray(3, end), Buffer.from(JSON.stringify(obj), "utf8"), `seed ${seed}`);
    assert.ok(values.every((v) => v === undefined));
  }
});
