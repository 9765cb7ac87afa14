import { test } from "node:test";
import assert from "node:assert/strict";
import { containsPattern, grantExpiryProblem, grantIsActive, incidentRef, ZIncidentListQuery, ZTags } from "./domain.js";

test("incident refs use the year in Tokyo", () => {
  assert.equal(incidentRef(new Date("2026-12-31T15:30:00Z"), 7), "INC-2027-0007");
  assert.equal(incidentRef(new Date("2026-12-31T14:59:59Z"), 12), "INC-2026-0012");
});

test("a grant is active until it expires or is revoked", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  assert.equal(grantIsActive({ expiresAt: new Date("2026-06-01T00:00:01Z"), revokedAt: null }, now), true);
  assert.equal(grantIsActive({ expiresAt: now, revokedAt: null }, now), false);
  assert.equal(grantIsActive({ expiresAt: new Date("2027-01-01Z"), revokedAt: now }, now), false);
});

test("grant expiry must be in the future and within a year", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  assert.equal(grantExpiryProblem(new Date("2026-05-31Z"), now), "past");
  assert.equal(grantExpiryProblem(new Date("2027-07-01Z"), now), "too_far");
  assert.equal(grantExpiryProblem(new Date("2026-07-01Z"), now), null);
});

test("tags are normalised the way people type them, each kept once, empty or overlong ones refused", () => {
  assert.deepEqual(ZTags.parse(["  ＰｌｕｇＸ ", "PlugX", "標的型  メール", "ransom"]), ["PlugX", "標的型 メール", "ransom"]);
  assert.equal(ZTags.safeParse(["   "]).success, false);
  assert.equal(ZTags.safeParse(["x".repeat(41)]).success, false);
  assert.equal(ZTags.safeParse(Array.from({ length: 21 }, (_, i) => `t${i}`)).success, false);
});

test("search text is matched literally: % and _ are not wildcards", () => {
  assert.equal(containsPattern("遮断"), "%遮断%");
  assert.equal(containsPattern("100%_done\\"), "%100\\%\\_done\\\\%");
});

test("the list filter takes 'me' or a user id as the lead, nothing else", () => {
  assert.equal(ZIncidentListQuery.safeParse({ lead: "me" }).success, true);
  assert.equal(ZIncidentListQuery.safeParse({ lead: "someone" }).success, false);
  assert.equal(ZIncidentListQuery.safeParse({ unknown: "x" }).success, false);
  assert.equal(ZIncidentListQuery.safeParse({ q: "a\u0000b" }).success, false, "NUL is bad input, not a database error");
  assert.equal(ZTags.safeParse(["a\u0000"]).success, false);
});
