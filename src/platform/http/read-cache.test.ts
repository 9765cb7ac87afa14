import { test } from "node:test";
import assert from "node:assert/strict";
import { createReadCache, KEPT_READ_MS } from "./read-cache.js";
import type { ChangeFeed } from "../db/change-feed.js";
import type { SessionReadRow } from "../db/database.js";

const feed = () => {
  let epoch = 0;
  let live = true;
  const f: ChangeFeed & { setLive: (v: boolean) => void } = {
    epoch: () => epoch, live: () => live, bump: () => void epoch++, start: async () => {}, stop: async () => {},
    setLive: (v) => void (live = v),
  };
  return f;
};
const T0 = Date.UTC(2026, 11, 2, 12, 0, 0);
const session = (expiresAt = T0 + 3_600_000): SessionReadRow => ({
  user_id: "u", csrf_token: "c", expires_at: new Date(expiresAt), last_seen_at: new Date(T0), display_name: "n", locale: "ja", org_kind: "company", member_role: "responder",
});
const read = (epoch: number, checkedAt = T0, s = session()) => ({ epoch, checkedAt, session: s, rows: [{ org_id: "o" }] });

test("a kept read answers while nothing changed, and not after a change", () => {
  const f = feed();
  const c = createReadCache(f);
  c.keep("k", read(f.epoch()));
  assert.ok(c.get("k", T0 + 1000));
  f.bump();
  assert.equal(c.get("k", T0 + 1000), undefined);
  assert.equal(c.size(), 0, "a stale read is dropped when met");
});

test("a read made before a change is not kept (the change committed while it was in flight)", () => {
  const f = feed();
  const c = createReadCache(f);
  const epochBefore = f.epoch();
  f.bump(); // the notice of a commit arrives while the read runs
  c.keep("k", read(epochBefore));
  assert.equal(c.get("k", T0), undefined);
});

test("nothing is kept or answered while the feed is down (a notice sent then would be lost)", () => {
  const f = feed();
  const c = createReadCache(f);
  c.keep("k", read(f.epoch()));
  f.setLive(false);
  assert.equal(c.get("k", T0), undefined);
  c.keep("k2", read(f.epoch()));
  f.setLive(true);
  assert.equal(c.get("k2", T0), undefined);
});

test("a kept read answers for at most a minute, and never for an expired session", () => {
  const f = feed();
  const c = createReadCache(f);
  c.keep("k", read(f.epoch()));
  assert.ok(c.get("k", T0 + KEPT_READ_MS - 1));
  assert.equal(c.get("k", T0 + KEPT_READ_MS), undefined);
  c.keep("e", read(f.epoch(), T0, session(T0 + 5000)));
  assert.ok(c.get("e", T0 + 4999));
  assert.equal(c.get("e", T0 + 5000), undefined, "expired at its expires_at");
});

test("the least recently used read goes first when the cache is full", () => {
  const f = feed();
  const c = createReadCache(f, 20); // rows: each read here has one
  c.keep("a", read(f.epoch()));
  c.keep("b", read(f.epoch()));
  assert.ok(c.get("a", T0)); // a is now the most recently used
  for (let i = 0; i < 18; i++) c.keep(`x${i}`, read(f.epoch())); // 20 rows: full
  assert.equal(c.size(), 20);
  c.keep("c", read(f.epoch()));
  assert.equal(c.size(), 20);
  assert.equal(c.get("b", T0), undefined);
  assert.ok(c.get("a", T0));
  assert.ok(c.get("c", T0));
});

test("memory is bounded by rows: a read over a tenth of the budget is not kept, and big reads push out old ones", () => {
  const f = feed();
  const c = createReadCache(f, 100);
  const big = (n: number) => ({ ...read(f.epoch()), rows: Array.from({ length: n }, () => ({ org_id: "o" })) });
  c.keep("huge", big(11));
  assert.equal(c.get("huge", T0), undefined, "over a tenth of the budget");
  for (let i = 0; i < 10; i++) c.keep(`k${i}`, big(10));
  assert.equal(c.size(), 10);
  c.keep("more", big(10));
  assert.equal(c.size(), 10, "the budget holds: the oldest went");
  assert.equal(c.get("k0", T0), undefined);
  assert.ok(c.get("more", T0));
});
