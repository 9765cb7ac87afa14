/** The API's shapes as the browser sees them; mirrors the contract in the server routes (keep in step). */

export type Locale = "ja" | "en";
export const ROLES = ["org-admin", "ciso", "responder", "viewer", "regulator-officer", "vendor-responder"] as const;
export type Role = (typeof ROLES)[number];
export const ORG_KINDS = ["regulator", "association", "company", "vendor"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const INCIDENT_STATUSES = ["detected", "triage", "contained", "eradicated", "recovered", "closed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type OrgPolicies = {
  update: boolean;
  manageMembers: boolean;
  manageTokens: boolean;
  readAudit: boolean;
  createIncident: boolean;
  manageGrants: boolean;
};

export type Membership = {
  orgId: string;
  slug: string;
  nameJa: string;
  nameEn: string;
  kind: OrgKind;
  role: Role;
  policies: OrgPolicies;
};

export type Me = {
  user: { id: string; displayName: string; email: string; locale: Locale };
  memberships: Membership[];
  csrfToken: string;
};

/** Anything with a name in both languages. */
export type Named = { nameJa: string; nameEn: string };
export type OrgRef = Named & { id: string; kind: OrgKind };
export type Org = OrgRef & { slug: string };
export type RelationKind = "member_of" | "supervised_by" | "has_member" | "supervises";
export type OrgDetail = { org: Org; relations: Array<{ kind: RelationKind; org: OrgRef }>; policies: OrgPolicies };

export type Member = {
  id: string;
  userId: string;
  displayName: string;
  email: string;
  role: Role;
  createdAt: string;
  policies: { update: boolean; remove: boolean };
};
export type MembersResponse = { members: Member[]; roles: Role[] };

export type ApiToken = {
  id: string;
  name: string;
  prefix: string;
  role: Role;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
};
export type CreatedToken = { token: ApiToken; secret: string };

export type AuditEvent = {
  id: string;
  /** A bigint, sent as a decimal string. */
  seq: string;
  occurredAt: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorOrgId: string | null;
  action: string;
  objectType: string;
  objectId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
  hash: string;
};

export type Incident = {
  id: string;
  orgId: string;
  ref: string;
  title: string;
  summary: string;
  status: IncidentStatus;
  severity: Severity;
  createdAt: string;
  updatedAt: string;
  owner: Named & { id: string };
  access: "owner" | "grant-read" | "grant-write";
  policies: { read: boolean; update: boolean; delete: boolean; grant: boolean };
};
export type IncidentsResponse = { incidents: Incident[]; policies: { create: boolean } };

export type Grant = {
  id: string;
  incidentId: string;
  incidentRef: string;
  incidentTitle: string;
  vendor: Named & { id: string };
  access: "read" | "write";
  expiresAt: string;
  revokedAt: string | null;
  createdAt: string;
  active: boolean;
};

export type ApiErrorBody = { error: { code: string; field?: string; message: string; requestId: string } };
