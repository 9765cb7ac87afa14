import { test } from "node:test";
import assert from "node:assert/strict";
import { grantExpiryProblem, grantIsActive, incidentRef } from "./domain.js";

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
