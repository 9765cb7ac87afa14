import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { exactResponseSerializer } from "./exact-response.js";

const schema = z.object({ items: z.array(z.object({ id: z.string(), at: z.string().nullable() })), policies: z.object({ create: z.boolean() }) });
const compile = (production: boolean) => exactResponseSerializer(production)({ schema, method: "GET", url: "/x", httpStatus: "200" });

const undeclared = (err: unknown) => /schema does not declare/.test(String((err as { cause?: unknown }).cause));

test("outside production a response must be exactly its schema's shape: a field it does not declare is an error, not stripped", () => {
  const serialize = compile(false);
  const good = { items: [{ id: "a", at: null }], policies: { create: true } };
  assert.deepEqual(JSON.parse(serialize(good)), good);
  assert.throws(() => serialize({ items: [{ id: "a", at: null, passwordHash: "x" }], policies: { create: true } }), undeclared);
  assert.throws(() => serialize({ ...good, extra: 1 }), undeclared);
  assert.throws(() => serialize({ items: [{ id: 1, at: null }], policies: { create: true } }));
  assert.throws(() => serialize({ items: [], policies: {} }));
});

test("in production the presented response is written as it is", () => {
  const serialize = compile(true);
  const data = { items: [{ id: "a", at: "2026-01-01T00:00:00.000Z" }], policies: { create: false } };
  assert.equal(serialize(data), JSON.stringify(data));
});
