import { test } from "node:test";
import assert from "node:assert/strict";
import { canInOrg, policiesForObligations, policiesForReport } from "../../platform/policies/policies.js";
import type { Actor } from "../../platform/auth/principal.js";
import type { OrgKind, Role } from "../../platform/db/schema.js";

const actor = (orgId: string, orgKind: OrgKind, role: Role): Actor => ({ userId: "u", tokenId: null, orgId, orgKind, role });

test("only the CISO signs a filing off; responders record it; viewers only read", () => {
  assert.deepEqual(policiesForObligations(actor("c", "company", "ciso"), { orgId: "c" }), { read: true, editFacts: true, recordFiling: true, signOff: true, submit: true, share: true });
  assert.deepEqual(policiesForObligations(actor("c", "company", "responder"), { orgId: "c" }), { read: true, editFacts: true, recordFiling: true, signOff: false, submit: false, share: false });
  assert.deepEqual(policiesForObligations(actor("c", "company", "org-admin"), { orgId: "c" }).signOff, false);
  assert.equal(policiesForObligations(actor("c", "company", "org-admin"), { orgId: "c" }).share, true, "an org-admin shares with an association");
  assert.deepEqual(policiesForObligations(actor("c", "company", "viewer"), { orgId: "c" }), { read: true, editFacts: false, recordFiling: false, signOff: false, submit: false, share: false });
});

test("a vendor with a write grant keeps facts but never signs off or submits for the company", () => {
  const p = policiesForObligations(actor("v", "vendor", "vendor-responder"), { orgId: "c", grant: { access: "write" } });
  assert.deepEqual([p.editFacts, p.signOff, p.submit, p.share], [true, false, false, false]);
});

test("a report is read by its company and its regulator; a viewer of the regulator reads but does not answer", () => {
  const report = { orgId: "c", regulatorOrgId: "r" };
  assert.deepEqual(policiesForReport(actor("r", "regulator", "regulator-officer"), report), { read: true, reply: true });
  assert.deepEqual(policiesForReport(actor("r", "regulator", "viewer"), report), { read: true, reply: false });
  assert.deepEqual(policiesForReport(actor("r2", "regulator", "regulator-officer"), report), { read: false, reply: false });
  assert.deepEqual(policiesForReport(actor("c", "company", "responder"), report), { read: true, reply: true });
  assert.deepEqual(policiesForReport(actor("c2", "company", "org-admin"), report), { read: false, reply: false });
});

test("inboxes and orders are for regulators; the due list for companies", () => {
  assert.equal(canInOrg(actor("r", "regulator", "regulator-officer"), "orders.issue"), true);
  assert.equal(canInOrg(actor("a", "association", "regulator-officer"), "orders.issue"), false);
  assert.equal(canInOrg(actor("c", "company", "org-admin"), "inbox.read"), false);
  assert.equal(canInOrg(actor("r", "regulator", "org-admin"), "obligations.list"), false);
});
