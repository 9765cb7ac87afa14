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

export const INCIDENT_CATEGORIES = ["unauthorized_access", "targeted_mail", "web_skimming", "insider", "lost_device", "misdelivery", "other"] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const TLPS = ["clear", "green", "amber", "amber+strict", "red"] as const;
export type Tlp = (typeof TLPS)[number];
export const PAPS = ["clear", "green", "amber", "red"] as const;
export type Pap = (typeof PAPS)[number];
/** The incident's clocks in the order they usually happen. */
export const CLOCKS = [
  "occurred", "detected", "containment_decided", "contained", "leak_suspected", "leak_confirmed", "regulator_first_contact",
  "public_announcement", "individuals_notified_first", "individuals_notified_last", "closed",
] as const;
export type Clock = (typeof CLOCKS)[number];
/** Someone as the server names them (a user's id and display name). */
export type Person = { id: string; name: string };
export type ClockValue = { at: string; evidence: string; setBy: Person | null; setAt: string };
export type ClockHistoryEntry = { at: string | null; evidence: string; setBy: Person | null; setAt: string };
export type GapStatus = "on_time" | "at_risk" | "overdue";
export type Gap = {
  key: string;
  from: Clock;
  to: Clock;
  targetMinutes: number;
  state: "not_started" | "running" | "done";
  status: GapStatus | null;
  startedAt: string | null;
  endedAt: string | null;
  dueAt: string | null;
  elapsedMs: number | null;
};

export type Incident = {
  id: string;
  orgId: string;
  ref: string;
  title: string;
  summary: string;
  status: IncidentStatus;
  severity: Severity;
  category: IncidentCategory;
  tlp: Tlp;
  pap: Pap;
  createdAt: string;
  updatedAt: string;
  clocks: Partial<Record<Clock, ClockValue | null>>;
  gaps: Gap[];
  worstGap: GapStatus | null;
  owner: Named & { id: string };
  access: "owner" | "grant-read" | "grant-write";
  policies: { read: boolean; update: boolean; delete: boolean; grant: boolean };
};
export type IncidentsResponse = { incidents: Incident[]; policies: { create: boolean } };

export type GapTarget = { from: Clock; to: Clock; minutes: number };
export type GapTargetsResponse = {
  targets: Array<GapTarget & { isDefault: boolean }>;
  defaults: GapTarget[];
  policies: { update: boolean };
};

export const TIMELINE_KINDS = ["observation", "action", "communication", "decision", "clock", "note"] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
export type TimelineEvent = {
  id: string;
  at: string;
  kind: TimelineKind;
  text: string;
  source: string;
  assetIds: string[];
  evidenceIds: string[];
  indicatorIds: string[];
  actor: Person | null;
  actorOrg: (Named & { id: string }) | null;
  createdAt: string;
  /** The id of the event that corrected this one; null while it stands. */
  supersededBy: string | null;
};
export type TimelineResponse = { events: TimelineEvent[]; policies: { add: boolean } };

export const DECISION_KINDS = ["cut_off_external", "isolate_host", "notify_regulator", "announce", "other"] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];
export type Decision = {
  id: string;
  kind: DecisionKind;
  title: string;
  authorityRole: string;
  decidedBy: string;
  options: string[];
  decision: string;
  decidedAt: string;
  executor: string;
  executedAt: string | null;
  createdAt: string;
};
export type DecisionsResponse = { decisions: Decision[]; policies: { add: boolean } };

export const TASK_STATUSES = ["open", "in_progress", "done", "skipped"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type Task = {
  id: string;
  title: string;
  role: string;
  status: TaskStatus;
  mandatory: boolean;
  assignee: Person | null;
  anchorClock: string | null;
  offsetMinutes: number | null;
  dueAt: string | null;
  overdue: boolean;
  /** The clock whose recording completes the task, and the one that did (then status is done). */
  doneWhenClock: string | null;
  completedBy: Clock | null;
  fromPlaybook: boolean;
  createdAt: string;
};
export type TasksResponse = { tasks: Task[]; policies: { add: boolean } };

export type PlaybookStep = {
  id: string;
  titleJa: string;
  titleEn: string;
  anchorClock: Clock;
  offsetMinutes: number;
  mandatory: boolean;
  role: Role;
};
export type Playbook = {
  id: string;
  key: string;
  nameJa: string;
  nameEn: string;
  category: IncidentCategory;
  builtin: boolean;
  steps: PlaybookStep[];
  policies: { update: boolean; delete: boolean; copy: boolean };
};
export type PlaybooksResponse = { playbooks: Playbook[]; policies: { create: boolean } };

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

export type ApiErrorBody = { error: { code: string; field?: string; message: string; fields?: Array<{ field: string; message: string }>; requestId: string } };
