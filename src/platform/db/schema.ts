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
  expires_at: Timestamp;
  last_used_at: TimestampNullable;
  revoked_at: TimestampNullable;
};

/** One row per organisation: the last incident number handed out (never reused). */
export type IncidentCountersTable = {
  org_id: string;
  last_number: number;
};

/** An invitation to join an organisation; the person accepts it (new or existing account). */
export type InvitationsTable = {
  id: Generated<string>;
  org_id: string;
  email_hash: Buffer;
  email_enc: Buffer;
  display_name: string;
  role: Role;
  locale: Generated<"ja" | "en">;
  token_hash: Buffer;
  invited_by: string | null;
  created_at: DefaultTimestamp;
  expires_at: Timestamp;
  accepted_at: TimestampNullable;
  accepted_by: string | null;
  revoked_at: TimestampNullable;
};

/** Sign-in failures per (address, client) or per client, in a window. */
export type LoginThrottleTable = {
  key_hash: Buffer;
  window_start: Timestamp;
  failures: number;
};

export const INCIDENT_CATEGORIES = ["unauthorized_access", "targeted_mail", "web_skimming", "insider", "lost_device", "misdelivery", "other"] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const TLPS = ["clear", "green", "amber", "amber+strict", "red"] as const;
export type Tlp = (typeof TLPS)[number];
export const PAPS = ["clear", "green", "amber", "red"] as const;
export type Pap = (typeof PAPS)[number];

export type IncidentsTable = {
  id: Generated<string>;
  org_id: string;
  ref: string;
  title: string;
  summary: Generated<string>;
  status: Generated<IncidentStatus>;
  severity: Generated<Severity>;
  category: Generated<IncidentCategory>;
  tlp: Generated<Tlp>;
  pap: Generated<Pap>;
  is_demo: Generated<boolean>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** when it was last marked recovered or closed (migration 0007) */
  resolved_at: TimestampNullable;
  /** the incident lead, a member of the owning organisation */
  lead_user_id: string | null;
  tags: Generated<string[]>;
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
  /** Always NULL when stored: the trigger moves it to audit_heads.sig (migrations/0006). */
  head_sig: ColumnType<null, Buffer | undefined, never>;
};

export type AuditHeadsTable = { org_id: string; seq: string; hash: Buffer; sig: Buffer | null };

// Incident spine (migrations/0002_incident_spine.sql) ----------------------------------------------------------

export type IncidentClockEventsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  clock: string;
  at: Date | null;
  evidence: Generated<string>;
  set_by: string | null;
  set_by_org: string | null;
  set_at: DefaultTimestamp;
};

export type OrgGapTargetsTable = {
  org_id: string;
  from_clock: string;
  to_clock: string;
  minutes: number;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
};

export type IncidentGapStatesTable = {
  org_id: string;
  incident_id: string;
  gap: string;
  status: "on_time" | "at_risk" | "overdue";
  changed_at: DefaultTimestamp;
};

export const TIMELINE_KINDS = ["observation", "action", "communication", "decision", "clock", "note"] as const;
export type TimelineEventsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  at: Timestamp;
  kind: (typeof TIMELINE_KINDS)[number];
  text: string;
  source: Generated<string>;
  asset_ids: Generated<string[]>;
  evidence_ids: Generated<string[]>;
  indicator_ids: Generated<string[]>;
  actor_user_id: string | null;
  actor_org_id: string | null;
  created_at: DefaultTimestamp;
  superseded_by: string | null;
};

export const DECISION_KINDS = ["cut_off_external", "isolate_host", "notify_regulator", "announce", "other"] as const;
export type DecisionsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  kind: (typeof DECISION_KINDS)[number];
  title: string;
  authority_role: string;
  decided_by: string;
  decided_by_user: string | null;
  options: ColumnType<unknown, string, string>;
  decision: string;
  decided_at: Timestamp;
  executor: Generated<string>;
  executed_at: TimestampNullable;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export type PlaybooksTable = {
  id: Generated<string>;
  org_id: string | null;
  key: string;
  name_ja: string;
  name_en: string;
  category: string;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export type PlaybookStepsTable = {
  id: Generated<string>;
  playbook_id: string;
  org_id: string | null;
  position: number;
  title_ja: string;
  title_en: string;
  anchor_clock: string;
  offset_minutes: number;
  mandatory: Generated<boolean>;
  role: string;
  /** The clock whose setting completes the tasks made from this step (migration 0008). */
  done_when_clock: string | null;
};

export const TASK_STATUSES = ["open", "in_progress", "done", "skipped"] as const;
export type TasksTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  title: string;
  role: Generated<string>;
  assignee_user_id: string | null;
  status: Generated<(typeof TASK_STATUSES)[number]>;
  mandatory: Generated<boolean>;
  anchor_clock: string | null;
  offset_minutes: number | null;
  due_at: TimestampNullable;
  playbook_step_id: string | null;
  /** Set: the task counts as done once this clock of the incident is set (migration 0008). */
  done_when_clock: Generated<string | null>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export type AssetsTable = {
  id: Generated<string>;
  org_id: string;
  hostname: string;
  addresses: Generated<string[]>;
  role: Generated<string>;
  owner: Generated<string>;
  vendor_org_id: string | null;
  holds_personal_data: Generated<boolean>;
  internet_facing: Generated<boolean>;
  egress_allowed: Generated<boolean>;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};

export const COMPROMISE_STATES = ["suspected", "confirmed", "cleared", "not_affected"] as const;
export type IncidentAssetsTable = {
  org_id: string;
  incident_id: string;
  asset_id: string;
  compromise: Generated<(typeof COMPROMISE_STATES)[number]>;
  note: Generated<string>;
  linked_at: DefaultTimestamp;
};

export type EvidenceTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  filename: string;
  content_type: Generated<string>;
  size_bytes: ColumnType<string, string | number, string | number>;
  sha256: string;
  storage_key: string;
  description: Generated<string>;
  uploaded_by: string | null;
  uploaded_at: DefaultTimestamp;
};

export type CustodyEventsTable = {
  id: Generated<string>;
  org_id: string;
  evidence_id: string;
  action: "uploaded" | "downloaded" | "verified" | "transferred" | "note";
  actor_user_id: string | null;
  actor_org_id: string | null;
  note: Generated<string>;
  at: DefaultTimestamp;
};

export const INDICATOR_TYPES = ["email-addr", "domain-name", "ipv4-addr", "ipv6-addr", "url", "file-md5", "file-sha1", "file-sha256", "file-name", "email-subject"] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export type IndicatorsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  type: IndicatorType;
  value: string;
  normalized: string;
  tlp: Generated<Tlp>;
  description: Generated<string>;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export const AFFECTED_IMPORT_STATUSES = ["running", "done", "failed", "stale"] as const;
export type AffectedImportStatus = (typeof AFFECTED_IMPORT_STATUSES)[number];

export type AffectedImportsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  fingerprint: string;
  files: ColumnType<{ name: string; bytes: number }[], string, string>;
  status: Generated<AffectedImportStatus>;
  summary: ColumnType<Record<string, unknown>, string | undefined, string>;
  people_total: string | null;
  people_done: Generated<string>;
  identifiers_done: Generated<string>;
  started_by: string | null;
  started_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  finished_at: TimestampNullable;
  /** files' names + stream options (migration 0017): the same source key with another fingerprint = changed files */
  source_key: string | null;
};

/** Written only through COPY by the registry import; read for counts and look-ups. */
export type AffectedPeopleTable = {
  import_id: string;
  person_no: string;
  org_id: string;
  incident_id: string;
  contact: Buffer;
  items: number;
  records: number;
  file_no: number;
  line: string;
};

export type AffectedIdentifiersTable = {
  import_id: string;
  person_no: string;
  org_id: string;
  incident_id: string;
  kind: string;
  hmac: Buffer;
};

// Security log (migrations/0006_audit_hardening.sql) ----------------------------------------------------------

export type SecurityEventsTable = {
  id: Generated<string>;
  user_id: string;
  at: Timestamp;
  kind: string;
  ip: string | null;
  user_agent: string | null;
  request_id: string | null;
  detail: ColumnType<unknown, string | undefined, never>;
};

// Obligations (migrations/0009_obligations.sql) ---------------------------------------------------------------

type Json<T> = ColumnType<T, string, string>;

export type ObligationFactsTable = {
  incident_id: string;
  org_id: string;
  values: Json<Record<string, { value: unknown; source: "confirmed" | "override" }>>;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
};

export const EVALUATION_CAUSES = ["facts", "clock", "registry", "filing", "order", "rules", "first"] as const;
export type EvaluationCause = (typeof EVALUATION_CAUSES)[number];

export type ObligationEvaluationsTable = {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  org_id: string;
  incident_id: string;
  cause: EvaluationCause;
  inputs_hash: string;
  facts: Json<unknown>;
  result: Json<unknown>;
  changes: Json<unknown>;
  evaluated_by: string | null;
  evaluated_at: DefaultTimestamp;
};

export type ObligationFilingsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  obligation_id: string;
  filed_at: Timestamp;
  reference: Generated<string>;
  recorded_by: string | null;
  recorded_at: DefaultTimestamp;
  signed_off_by: string | null;
  signed_off_at: TimestampNullable;
};

export type RegulatorOrdersTable = {
  id: Generated<string>;
  regulator_org_id: string;
  authority: string;
  title: string;
  items: Json<string[]>;
  issued_at: Timestamp;
  due_at: Timestamp;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export type RegulatorOrderTargetsTable = {
  order_id: string;
  regulator_org_id: string;
  company_org_id: string;
  incident_id: string | null;
  linked_at: TimestampNullable;
};

export type ObligationReportsTable = {
  id: Generated<string>;
  org_id: string;
  regulator_org_id: string;
  incident_id: string;
  obligation_id: string;
  kind: string;
  title: string;
  document: string;
  submitted_by: string | null;
  submitted_at: DefaultTimestamp;
};

/** A company's share of one incident's obligations and reports with an association it is a member of (0019). */
export type ObligationSharesTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  association_org_id: string;
  shared_by: string | null;
  shared_at: DefaultTimestamp;
  revoked_by: string | null;
  revoked_at: TimestampNullable;
};

export type ObligationReportMessagesTable = {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  report_id: string;
  org_id: string;
  regulator_org_id: string;
  author_org_id: string;
  author_user_id: string | null;
  body: string;
  created_at: DefaultTimestamp;
};

export type ObligationRemindersTable = {
  org_id: string;
  incident_id: string;
  obligation_id: string;
  reminder: string;
  due_at: Timestamp;
  raised_at: DefaultTimestamp;
};

export const CHANNEL_KINDS = ["email", "webhook", "sms", "voice"] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];
export const WEBHOOK_FORMATS = ["slack", "teams", "json"] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];
export const OUTBOX_STATES = ["pending", "sending", "sent", "failed", "dead", "cancelled"] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export type NetworkChannelsTable = {
  id: Generated<string>;
  org_id: string;
  /** null: the organisation's duty desk */
  user_id: string | null;
  kind: ChannelKind;
  label: Generated<string>;
  address_enc: Buffer;
  address_hash: Buffer;
  webhook_format: WebhookFormat | null;
  secret_enc: Buffer | null;
  consecutive_failures: Generated<number>;
  disabled_at: TimestampNullable;
  disabled_reason: string | null;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  /** 0011: why it was disabled (a kind and the receiver's status code), shown as a sentence. */
  disabled_code: DeliveryErrorCode | null;
  disabled_status: number | null;
};

export type NetworkOutboxTable = {
  id: Generated<string>;
  org_id: string;
  channel_id: string | null;
  kind: ChannelKind;
  idempotency_key: string;
  destination_enc: Buffer;
  destination_hash: Buffer;
  payload_enc: Buffer;
  page_id: string | null;
  broadcast_id: string | null;
  step: number | null;
  round: number | null;
  is_drill: Generated<boolean>;
  state: Generated<OutboxState>;
  attempts: Generated<number>;
  lease_owner: string | null;
  lease_until: TimestampNullable;
  next_attempt_at: DefaultTimestamp;
  sent_at: TimestampNullable;
  last_error: string | null;
  created_at: DefaultTimestamp;
  /** 0011: the receiver's reference for an accepted message (Postfix's queue id). */
  provider_ref: string | null;
};

export const DELIVERY_ERROR_CODES = ["timeout", "connection", "http_status", "smtp_reject", "smtp_temporary", "invalid", "blocked_address", "other"] as const;
export type DeliveryErrorCode = (typeof DELIVERY_ERROR_CODES)[number];

export type NetworkDeliveryLogTable = {
  id: Generated<string>;
  org_id: string;
  channel_id: string | null;
  outbox_id: string | null;
  attempt: number;
  outcome: "sent" | "failed" | "reconciled";
  status_code: number | null;
  error_code: DeliveryErrorCode | "disabled" | null;
  duration_ms: number | null;
  at: DefaultTimestamp;
};

export type NetworkDestinationsTable = {
  destination_hash: Buffer;
  lease_owner: string | null;
  lease_until: DefaultTimestamp;
  window_start: DefaultTimestamp;
  window_count: Generated<number>;
};

export const BROADCAST_KINDS = ["alert", "request"] as const;
export type BroadcastKind = (typeof BROADCAST_KINDS)[number];
export const BROADCAST_AUDIENCES = ["supervised", "members", "associations", "related", "list"] as const;
export type BroadcastAudience = (typeof BROADCAST_AUDIENCES)[number];
export type BroadcastVia = "supervised_by" | "member_of" | "association";

/** Which associations a regulator works with (migration 0024): its broadcasts "to the associations" reach these. */
export type RegulatorAssociationsTable = {
  regulator_org_id: string;
  association_org_id: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export type NetworkBroadcastsTable = {
  id: Generated<string>;
  sender_org_id: string;
  kind: BroadcastKind;
  title_ja: Generated<string>;
  title_en: Generated<string>;
  body_ja: Generated<string>;
  body_en: Generated<string>;
  audience: BroadcastAudience;
  is_drill: Generated<boolean>;
  reminder_minutes: Generated<number>;
  max_reminders: Generated<number>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  closed_at: TimestampNullable;
  closed_by: string | null;
};

export type NetworkBroadcastRecipientsTable = {
  id: Generated<string>;
  broadcast_id: string;
  sender_org_id: string;
  org_id: string;
  via: BroadcastVia;
  acknowledged_at: TimestampNullable;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledged_via: "ui" | "api" | "link" | null;
  answer_text: string | null;
  answer_file_key: string | null;
  answer_file_name: string | null;
  answer_file_type: string | null;
  answer_file_size: ColumnType<string | null, number | string | null | undefined, number | string | null>;
  answer_file_sha256: string | null;
  answered_at: TimestampNullable;
  answered_by: string | null;
  answered_by_name: string | null;
  reminder_count: Generated<number>;
  last_notified_at: DefaultTimestamp;
  escalated_page_id: string | null;
  escalated_at: TimestampNullable;
  change_seq: ColumnType<string, never, string>;
};

// Contact network pages (migrations/0012_network_pages.sql) -----------------------------------------------------

export const NETWORK_EVENT_KINDS = [
  "incident.created", "incident.severity_raised", "gap.at_risk", "gap.overdue", "obligation.due_soon", "obligation.overdue", "report.received",
] as const;
export type NetworkEventKind = (typeof NETWORK_EVENT_KINDS)[number];
export type PageSourceKind = NetworkEventKind | "manual" | "desk" | "broadcast";
export const PAGE_STATUSES = ["triggered", "acknowledged", "resolved", "exhausted"] as const;
export type PageStatusValue = (typeof PAGE_STATUSES)[number];

export type NetworkSchedulesTable = {
  id: Generated<string>;
  org_id: string;
  name_ja: string;
  name_en: string;
  time_zone: string;
  kind: "daily" | "weekly";
  handoff_time: string;
  start_date: ColumnType<string, string, string>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};
export type NetworkScheduleParticipantsTable = { schedule_id: string; org_id: string; position: number; user_id: string };
export type NetworkScheduleOverridesTable = {
  id: Generated<string>;
  schedule_id: string;
  org_id: string;
  user_id: string;
  starts_at: Timestamp;
  ends_at: Timestamp;
  created_at: DefaultTimestamp;
};
export type NetworkPoliciesTable = {
  id: Generated<string>;
  org_id: string;
  name_ja: string;
  name_en: string;
  repeat: Generated<number>;
  steps: ColumnType<unknown, string, string>;
  version: Generated<number>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
};
export type NetworkDesksTable = { org_id: string; policy_id: string | null; updated_by: string | null; updated_at: DefaultTimestamp };
export type NetworkTriggersTable = {
  org_id: string;
  event_kind: NetworkEventKind;
  policy_id: string;
  is_enabled: Generated<boolean>;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
};
export type NetworkPagesTable = {
  id: Generated<string>;
  org_id: string;
  title_ja: string;
  title_en: string;
  status: Generated<PageStatusValue>;
  state: ColumnType<unknown, string | null | undefined, string | null>;
  policy_id: string | null;
  policy_version: number | null;
  next_wake_at: TimestampNullable;
  source_kind: PageSourceKind;
  source_id: string | null;
  source_org_id: string | null;
  incident_id: string | null;
  is_drill: Generated<boolean>;
  dedup_key: string;
  created_by: string | null;
  created_at: DefaultTimestamp;
  updated_at: DefaultTimestamp;
  acknowledged_by: string | null;
  acknowledged_at: TimestampNullable;
  resolved_by: string | null;
  resolved_at: TimestampNullable;
};
export type NetworkPageEventsTable = {
  id: ColumnType<string, never, never>;
  page_id: string;
  org_id: string;
  at: Timestamp;
  kind: string;
  step: number | null;
  round: number | null;
  reason: string | null;
  by_user_id: string | null;
  via: "ui" | "api" | "link" | "system" | null;
  detail: ColumnType<unknown, string | undefined, string>;
};
/** Signed single-use links of pages and broadcasts (migration 0020: one table for both). */
export type NetworkLinksTable = {
  token_hash: Buffer;
  org_id: string;
  purpose: "page" | "broadcast";
  action: "acknowledge" | "resolve";
  page_id: string | null;
  user_id: string | null;
  recipient_id: string | null;
  broadcast_id: string | null;
  sender_org_id: string | null;
  attempt: number | null;
  expires_at: Timestamp;
  used_at: TimestampNullable;
  created_at: DefaultTimestamp;
};

// Triage (migration 0016): the mail engine's organisation context, reported mails, egress imports and findings.
export const MAIL_VERDICTS = ["malicious", "suspicious", "benign"] as const;
export type MailVerdict = (typeof MAIL_VERDICTS)[number];
export const EGRESS_IMPORT_STATUSES = ["queued", "running", "done", "failed"] as const;
export type EgressImportStatus = (typeof EGRESS_IMPORT_STATUSES)[number];
export type MailSettingsTable = {
  org_id: string;
  own_domains: Generated<string[]>;
  trusted_authserv_ids: Generated<string[]>;
  known_senders: Generated<string[]>;
  vips: ColumnType<Array<{ name: string; address: string }>, string | undefined, string>;
  updated_by: string | null;
  updated_at: DefaultTimestamp;
};
export type MailPartnersTable = {
  id: Generated<string>;
  org_id: string;
  position: number;
  name: string;
  domains: Generated<string[]>;
  display_names: Generated<string[]>;
  dkim_domains: Generated<string[]>;
};
export type MailReportsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string | null;
  filename: string;
  size_bytes: ColumnType<string, string | number, string | number>;
  sha256: string;
  storage_key: string;
  verdict: MailVerdict;
  subject: Generated<string>;
  from_address: Generated<string>;
  result: ColumnType<unknown, string, string>;
  note: Generated<string>;
  reported_by: string | null;
  reported_at: DefaultTimestamp;
};
export type EgressImportsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string | null;
  filename: string;
  size_bytes: ColumnType<string, string | number, string | number>;
  sha256: string;
  storage_key: string;
  status: Generated<EgressImportStatus>;
  summary: ColumnType<unknown, string | null | undefined, string | null>;
  error: ColumnType<unknown, string | null | undefined, string | null>;
  created_by: string | null;
  created_at: DefaultTimestamp;
  finished_at: TimestampNullable;
};
export type EgressFindingsTable = {
  id: Generated<string>;
  org_id: string;
  import_id: string;
  incident_id: string | null;
  rank: number;
  kind: "policy" | "indicator" | "exfiltration" | "beacon" | "long_connection";
  severity: string;
  src: string;
  dst: string;
  dst_host: string | null;
  port: number | null;
  score: number;
  first_seen: Timestamp;
  last_seen: Timestamp;
  first_evidence_at: Timestamp;
  bytes_out: ColumnType<string, string | number, string | number>;
  bytes_in: ColumnType<string, string | number, string | number>;
  connections: number;
  hosts: Generated<string[]>;
  destinations: Generated<string[]>;
  reason_ja: string;
  reason_en: string;
  details: ColumnType<unknown, string | undefined, string>;
};

export type DB = {
  organizations: OrganizationsTable;
  org_relations: OrgRelationsTable;
  users: UsersTable;
  memberships: MembershipsTable;
  sessions: SessionsTable;
  password_resets: PasswordResetsTable;
  api_tokens: ApiTokensTable;
  incident_counters: IncidentCountersTable;
  invitations: InvitationsTable;
  login_throttle: LoginThrottleTable;
  incidents: IncidentsTable;
  access_grants: AccessGrantsTable;
  audit_events: AuditEventsTable;
  audit_heads: AuditHeadsTable;
  security_events: SecurityEventsTable;
  incident_clock_events: IncidentClockEventsTable;
  org_gap_targets: OrgGapTargetsTable;
  incident_gap_states: IncidentGapStatesTable;
  timeline_events: TimelineEventsTable;
  decisions: DecisionsTable;
  playbooks: PlaybooksTable;
  playbook_steps: PlaybookStepsTable;
  tasks: TasksTable;
  assets: AssetsTable;
  incident_assets: IncidentAssetsTable;
  evidence: EvidenceTable;
  custody_events: CustodyEventsTable;
  indicators: IndicatorsTable;
  affected_imports: AffectedImportsTable;
  affected_people: AffectedPeopleTable;
  affected_identifiers: AffectedIdentifiersTable;
  obligation_facts: ObligationFactsTable;
  obligation_evaluations: ObligationEvaluationsTable;
  obligation_filings: ObligationFilingsTable;
  regulator_orders: RegulatorOrdersTable;
  regulator_order_targets: RegulatorOrderTargetsTable;
  obligation_reports: ObligationReportsTable;
  obligation_report_messages: ObligationReportMessagesTable;
  obligation_reminders: ObligationRemindersTable;
  network_channels: NetworkChannelsTable;
  network_outbox: NetworkOutboxTable;
  network_broadcasts: NetworkBroadcastsTable;
  regulator_associations: RegulatorAssociationsTable;
  network_broadcast_recipients: NetworkBroadcastRecipientsTable;
  network_delivery_log: NetworkDeliveryLogTable;
  network_destinations: NetworkDestinationsTable;
  network_schedules: NetworkSchedulesTable;
  network_schedule_participants: NetworkScheduleParticipantsTable;
  network_schedule_overrides: NetworkScheduleOverridesTable;
  network_policies: NetworkPoliciesTable;
  network_desks: NetworkDesksTable;
  network_triggers: NetworkTriggersTable;
  network_pages: NetworkPagesTable;
  network_page_events: NetworkPageEventsTable;
  network_links: NetworkLinksTable;
  obligation_documents: ObligationDocumentsTable;
  obligation_document_versions: ObligationDocumentVersionsTable;
  obligation_document_signoffs: ObligationDocumentSignoffsTable;
  mail_settings: MailSettingsTable;
  mail_partners: MailPartnersTable;
  mail_reports: MailReportsTable;
  egress_imports: EgressImportsTable;
  egress_findings: EgressFindingsTable;
  affected_person_merges: AffectedPersonMergesTable;
  obligation_shares: ObligationSharesTable;
};

export type ObligationDocumentsTable = {
  id: Generated<string>;
  org_id: string;
  incident_id: string;
  kind: string;
  locale: string;
  obligation_id: string | null;
  order_id: string | null;
  latest_version: Generated<number>;
  created_by: string | null;
  created_at: DefaultTimestamp;
};

export type ObligationDocumentVersionsTable = {
  document_id: string;
  org_id: string;
  incident_id: string;
  version: number;
  content: Json<{ title: string; sections: { id: string; heading: string; text: string }[] }>;
  saved_by: string | null;
  saved_at: DefaultTimestamp;
};

export type ObligationDocumentSignoffsTable = {
  id: Generated<string>;
  document_id: string;
  org_id: string;
  incident_id: string;
  version: number;
  signed_off_by: string | null;
  signed_off_at: DefaultTimestamp;
  filing_id: string | null;
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

/** A person of one import who is the same person as an earlier one (the canonical) of another import of the incident (migration 0017). */
export type AffectedPersonMergesTable = {
  import_id: string;
  person_no: string;
  org_id: string;
  incident_id: string;
  canon_import: string;
  canon_no: string;
  kind: string;
};
