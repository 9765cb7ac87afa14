import { test } from "node:test";
import assert from "node:assert/strict";
import { canInOrg, policiesForAffected, policiesForIncident, roleAllowedIn } from "./policies.js";
import type { Actor } from "../auth/principal.js";

const actor = (role: Actor["role"], orgKind: Actor["orgKind"] = "company", orgId = "A"): Actor => ({ userId: "u", tokenId: null, orgId, orgKind, role });

test("only org-admins manage members and tokens", () => {
  assert.equal(canInOrg(actor("org-admin"), "members.manage"), true);
  for (const r of ["ciso", "responder", "viewer"] as const) assert.equal(canInOrg(actor(r), "members.manage"), false);
  assert.equal(canInOrg(actor("ciso"), "tokens.manage"), false);
});

test("incidents are created in companies only, by responders and above", () => {
  assert.equal(canInOrg(actor("responder"), "incidents.create"), true);
  assert.equal(canInOrg(actor("viewer"), "incidents.create"), false);
  assert.equal(canInOrg(actor("org-admin", "vendor"), "incidents.create"), false);
  assert.equal(canInOrg(actor("org-admin", "regulator"), "incidents.create"), false);
});

test("a vendor reads an incident only under a grant, and writes only under a write grant", () => {
  const v = actor("vendor-responder", "vendor", "V");
  assert.deepEqual(policiesForIncident(v, { orgId: "A", grant: null }).read, false);
  assert.deepEqual(policiesForIncident(v, { orgId: "A", grant: { access: "read" } }), { read: true, update: false, delete: false, grant: false });
  assert.equal(policiesForIncident(v, { orgId: "A", grant: { access: "write" } }).update, true);
  assert.equal(policiesForIncident(actor("viewer", "vendor", "V"), { orgId: "A", grant: { access: "write" } }).update, false);
});

test("owners: viewers read, responders update, only ciso and admins delete", () => {
  assert.deepEqual(policiesForIncident(actor("viewer"), { orgId: "A" }), { read: true, update: false, delete: false, grant: false });
  assert.equal(policiesForIncident(actor("responder"), { orgId: "A" }).update, true);
  assert.equal(policiesForIncident(actor("responder"), { orgId: "A" }).delete, false);
  assert.equal(policiesForIncident(actor("ciso"), { orgId: "A" }).delete, true);
});

test("roles fit the kind of organisation", () => {
  assert.equal(roleAllowedIn("company", "ciso"), true);
  assert.equal(roleAllowedIn("company", "vendor-responder"), false);
  assert.equal(roleAllowedIn("vendor", "vendor-responder"), true);
  assert.equal(roleAllowedIn("regulator", "regulator-officer"), true);
});

test("the affected-person registry: readers see counts; only the owner's writers look up, import and delete; a vendor never, even with a write grant", () => {
  const none = { read: true, lookup: false, importFile: false, deleteImport: false };
  const all = { read: true, lookup: true, importFile: true, deleteImport: true };
  for (const r of ["org-admin", "ciso", "responder"] as const) assert.deepEqual(policiesForAffected(actor(r), { orgId: "A" }), all, r);
  assert.deepEqual(policiesForAffected(actor("viewer"), { orgId: "A" }), none);
  assert.deepEqual(policiesForAffected(actor("vendor-responder", "vendor", "V"), { orgId: "A", grant: { access: "write" } }), none);
  assert.equal(policiesForAffected(actor("vendor-responder", "vendor", "V"), { orgId: "A", grant: null }).read, false);
});
