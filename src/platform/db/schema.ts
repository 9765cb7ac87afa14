/**
 * Table types for Kysely, written by hand next to the SQL migrations in /migrations (the SQL is the source of
 * truth; a test checks that every table here exists with these columns).
 */
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";

type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A timestamp with a database default: optional on insert. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type TimestampNullable = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export const ORG_KINDS = ["regulator", "association", "company", "vendor"] as const;
export type OrgKind = (typeof ORG_KINDS)[number];
export const ROLES = ["org-admin", "ciso", "responder", "viewer", "regulator-officer", "vendor-responder"] as const;
export type Role = (typeof ROLES)[number];
export const INCIDENT_STATUSES = ["detected", "triage", "contained", "eradicated", "recovered", "closed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const SEVERITIES = ["low", "medium", "high", "critical"] as const;
export type Severity = (typeof SEVERITIES)[number];

export type OrganizationsTable = {
  id: Generated<string>;
  kind: OrgKind;
  slug: string;
  name_ja: string;
  name_en: string;
  is_demo: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export type OrgRelationsTable = {
  id: Generated<string>;
  company_org_id: string;
  related_org_id: string;
  kind: "member_of" | "supervised_by";
  created_at: DefaultTimestamp;
};

export type UsersTable = {
  id: Generated<string>;
  email_hash: Buffer;
  email_enc: Buffer;
  display_name: string;
  password_hash: string | null;
  locale: Generated<"ja" | "en">;
  failed_logins: Generated<number>;
  locked_until: TimestampNullable;
  is_demo: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export type MembershipsTable = {
  id: Generated<string>;
  org_id: string;
  user_id: string;
  role: Role;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export type SessionsTable = {
  id_hash: Buffer;
  user_id: string;
  csrf_token: string;
  auth_method: Generated<"password" | "oidc">;
  created_at: DefaultTimestamp;
  last_seen_at: DefaultTimestamp;
  expires_at: Timestamp;
};

export type PasswordResetsTable = {
  token_hash: Buffer;
  user_id: string;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  used_at: TimestampNullable;
};

export type ApiTokensTable = {
  id: Generated<string>;
  org_id: string;
  name: string;
  token_hash: Buffer;
  prefix: string;
  role: Role;
  created_by: string | null;
  created_at: DefaultTimestamp;
  expires_at: TimestampNullable;
  last_used_at: TimestampNullable;
  revoked_at: TimestampNullable;
};

export type IncidentsTable = {
  id: Generated<string>;
  org_id: string;
  ref: string;
  title: string;
  summary: Generated<string>;
  status: Generated<IncidentStatus>;
  severity: Generated<Severity>;
  is_demo: Generated<boolean>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export type AccessGrantsTable = {
  id: Generated<string>;
  org_id: string;
  vendor_org_id: string;
  incident_id: string;
  access: "read" | "write";
  expires_at: Timestamp;
  revoked_at: TimestampNullable;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export type AuditEventsTable = {
  id: ColumnType<string, string | undefined, never>;
  org_id: string;
  seq: ColumnType<string, string | number | bigint, never>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_token_id: string | null;
  actor_org_id: string | null;
  action: string;
  object_type: string;
  object_id: string | null;
  before: ColumnType<unknown, string | null, never>;
  after: ColumnType<unknown, string | null, never>;
  request_id: string | null;
  ip: string | null;
  prev_hash: Buffer;
  hash: Buffer;
};

export type AuditHeadsTable = { org_id: string; seq: string; hash: Buffer };

export type DB = {
  organizations: OrganizationsTable;
  org_relations: OrgRelationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  incidents: IncidentsTable;
  access_grants: AccessGrantsTable;
  audit_events: AuditEventsTable;
  audit_heads: AuditHeadsTable;
};

export type Organization = Selectable<OrganizationsTable>;
export type User = Selectable<UsersTable>;
export type Membership = Selectable<MembershipsTable>;
export type Incident = Selectable<IncidentsTable>;
export type NewIncident = Insertable<IncidentsTable>;
export type IncidentUpdate = Updateable<IncidentsTable>;
export type AccessGrant = Selectable<AccessGrantsTable>;
export type ApiToken = Selectable<ApiTokensTable>;
export type AuditEvent = Selectable<AuditEventsTable>;
