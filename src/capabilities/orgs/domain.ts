/** Organisations: pure rules and shapes, no I/O. */
import { z } from "zod";
import { ROLES, type OrgKind, type Role } from "../../platform/db/schema.js";
import { roleAllowedIn } from "../../platform/policies/policies.js";
import { AppError } from "../../platform/http/errors.js";

export { ZOrgSummary } from "./contract.js";
export type { Org as OrgSummary } from "./contract.js";

export const ZSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, "lower-case letters, digits and hyphens");

/** The relation as seen from one organisation: a company "is member of", an association "has member". */
export type RelationView = "member_of" | "supervised_by" | "has_member" | "supervises";
export const relationFrom = (viewerId: string, r: { company_org_id: string; kind: "member_of" | "supervised_by" }): RelationView =>
  r.company_org_id === viewerId ? r.kind : r.kind === "member_of" ? "has_member" : "supervises";

export const assertRoleAllowed = (kind: OrgKind, role: Role, field = "body.role"): void => {
  if (!roleAllowedIn(kind, role)) throw new AppError("role_not_allowed", field, { role, kind });
};

export const assertRelationKinds = (company: OrgKind, related: OrgKind, kind: "member_of" | "supervised_by"): void => {
  const ok = company === "company" && (kind === "member_of" ? related === "association" : related === "regulator");
  if (!ok) throw new Error(`a ${company} cannot be ${kind} a ${related}`);
};

export const ZRole = z.enum(ROLES);

/** Why an API token's expiry is refused: none may be in the past or further than the configured maximum. */
export const tokenExpiryProblem = (expiresAt: Date, now: Date, maxDays: number): "past" | "too_far" | null =>
  expiresAt.getTime() <= now.getTime() ? "past" : expiresAt.getTime() > now.getTime() + maxDays * 86_400_000 ? "too_far" : null;
