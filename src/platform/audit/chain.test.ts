import { test } from "node:test";
import assert from "node:assert/strict";
import { GENESIS_HASH, headKeyFrom, headSignature, initialChainState, verifyAgainstAnchor, verifyHead, verifyHeadSignature } from "./chain.js";

const auditKey = Buffer.alloc(32, 3);
const headKey = headKeyFrom(auditKey);
const org = "11111111-1111-4111-8111-111111111111";
const hash = Buffer.alloc(32, 9);

test("the head key is not the audit key, and a head signature binds organisation, seq and hash", () => {
  assert.notDeepEqual(headKey, auditKey);
  const sig = headSignature(headKey, org, "5", hash);
  assert.deepEqual(verifyHeadSignature(headKey, org, { seq: "5", hash, sig }), []);
  for (const [o, seq, h] of [["22222222-2222-4222-8222-222222222222", "5", hash], [org, "4", hash], [org, "5", GENESIS_HASH]] as const) {
    assert.equal(verifyHeadSignature(headKey, o, { seq, hash: h, sig })[0]?.kind, "head-signature");
  }
  assert.match(verifyHeadSignature(headKey, org, { seq: "5", hash, sig: null })[0]!.detail, /not signed/);
});

test("an organisation without any chain is a problem, not a pass", () => {
  assert.equal(verifyHead(org, initialChainState(), undefined)[0]?.kind, "no-chain");
});

test("an anchored head must still be in the chain", () => {
  const sig = headSignature(headKey, org, "7", hash).toString("hex");
  const anchored = { orgId: org, seq: "7", hash: hash.toString("hex"), sig };
  const current = { seq: "9", hash: GENESIS_HASH, sig: null };
  assert.deepEqual(verifyAgainstAnchor(headKey, anchored, current, hash), []);
  assert.match(verifyAgainstAnchor(headKey, anchored, { ...current, seq: "6" }, undefined)[0]!.detail, /below the anchored seq 7/);
  assert.match(verifyAgainstAnchor(headKey, anchored, current, GENESIS_HASH)[0]!.detail, /differs/);
  assert.match(verifyAgainstAnchor(headKey, anchored, undefined, undefined)[0]!.detail, /head is gone/);
  assert.equal(verifyAgainstAnchor(headKey, { ...anchored, seq: "8" }, current, hash)[0]?.kind, "head-signature");
});
