/// <reference types="node" />
// Unit tier: the two UI catalogs must offer the same keys, with no empty strings, and the same placeholders.
import { test } from "node:test";
import assert from "node:assert/strict";
import { en } from "./en.js";
import { ja } from "./ja.js";

type Tree = { [key: string]: string | Tree };

const flatten = (tree: Tree, prefix = ""): Map<string, string> => {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === "string") out.set(key, v);
    else for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
  }
  return out;
};
const placeholders = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? "").sort();

const jaFlat = flatten(ja);
const enFlat = flatten(en as Tree);

test("ja and en catalogs have identical keys", () => {
  assert.deepEqual([...enFlat.keys()].sort(), [...jaFlat.keys()].sort());
});

test("no catalog string is empty", () => {
  for (const [lang, flat] of [["ja", jaFlat], ["en", enFlat]] as const)
    for (const [key, value] of flat) assert.ok(value.trim().length > 0, `${lang}:${key} is empty`);
});

test("both languages use the same placeholders", () => {
  for (const [key, value] of jaFlat) assert.deepEqual(placeholders(enFlat.get(key) ?? ""), placeholders(value), key);
});
