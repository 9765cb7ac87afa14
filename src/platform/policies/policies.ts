/**
 * Authorisation, in one place. Every rule is a pure function of the actor and the object; routes call
 * `authorize` before acting, and presenters attach `policiesFor...` to each object so the client knows what the
 * user may do without guessing. PostgreSQL row-level security is the second wall behind these rules.
 */
import type { OrgKind, Role } from "../db/schema.js";
import type { Actor } from "../auth/principal.js";
import { AppError } from "../http/errors.js";

/** Which roles exist in which kind of organisation. */
export const ROLES_BY_KIND: Record<OrgKind, readonly Role[]> = {
  company: ["org-admin", "ciso", "responder", "viewer"],
  vendor: ["org-admin", "vendor-responder", "viewer"],
  regulator: ["org-admin", "regulator-officer", "viewer"],
  association: ["org-admin", "regulator-officer", "viewer"],
};
export const roleAllowedIn = (kind: OrgKind, role: Role): boolean => ROLES_BY_KIND[kind].includes(role);

const ORG_RULES = {
  "org.update": ["org-admin"],
  "members.read": ["org-admin", "ciso", "responder", "viewer", "regulator-officer", "vendor-responder"],
  "members.manage": ["org-admin"],
  "tokens.manage": ["org-admin"],
  "audit.read": ["org-admin", "ciso", "regulator-officer"],
  "incidents.list": ["org-admin", "ciso", "responder", "viewer", "regulator-officer", "vendor-responder"],
  "incidents.create": ["org-admin", "ciso", "responder"],
  "grants.manage": ["org-admin", "ciso"],
  "assets.read": ["org-admin", "ciso", "responder", "viewer"],
  "assets.manage": ["org-admin", "ciso", "responder"],
  "targets.manage": ["org-admin"],
  "playbooks.manage": ["org-admin", "ciso"],
  "obligations.list": ["org-admin", "ciso", "responder", "viewer"],
  "inbox.read": ["org-admin", "regulator-officer", "viewer"],
  "orders.issue": ["org-admin", "regulator-officer"],
  "orders.read": ["org-admin", "ciso", "responder", "viewer", "regulator-officer"],
  "shares.read": ["org-admin", "regulator-officer", "viewer"],
  "broadcasts.send": ["org-admin", "regulator-officer"],
  "broadcasts.read": ["org-admin", "ciso", "responder", "viewer", "regulator-officer"],
  "broadcasts.respond": ["org-admin", "ciso", "responder", "regulator-officer"],
  "channels.own": ["org-admin", "ciso", "responder", "viewer", "regulator-officer", "vendor-responder"],
  "channels.desk": ["org-admin"],
  "channels.readAll": ["org-admin"],
  "network.read": ["org-admin", "ciso", "responder", "viewer", "regulator-officer", "vendor-responder"],
  "network.page": ["org-admin", "ciso", "responder", "regulator-officer", "vendor-responder"],
  "network.manage": ["org-admin"],
  "mail.report": ["org-admin", "ciso", "responder", "viewer"],
  "triage.read": ["org-admin", "ciso", "responder"],
  "mail.context.manage": ["org-admin", "ciso"],
  "egress.import": ["org-admin", "ciso", "responder"],
  // (new organisation-level rules go above this line)
} as const satisfies Record<string, readonly Role[]>;
export type OrgAction = keyof typeof ORG_RULES;

const INCIDENT_KINDS_CREATE: readonly OrgKind[] = ["company"];

export const canInOrg = (actor: Actor, action: OrgAction): boolean => {
  if (action === "incidents.create" && !INCIDENT_KINDS_CREATE.includes(actor.orgKind)) return false;
  if ((action === "grants.manage" || action.startsWith("assets.") || action === "playbooks.manage") && actor.orgKind !== "company") return false;
  if ((action === "inbox.read" || action === "orders.issue") && actor.orgKind !== "regulator") return false;
  if (action === "obligations.list" && actor.orgKind !== "company") return false;
  if (action === "shares.read" && actor.orgKind !== "association") return false;
  if (action === "broadcasts.send" && actor.orgKind !== "regulator" && actor.orgKind !== "association") return false;
  if ((action.startsWith("mail.") || action.startsWith("egress.") || action === "triage.read") && actor.orgKind !== "company") return false;
  return (ORG_RULES[action] as readonly Role[]).includes(actor.role);
};

/** Which roles' rights each role includes: an API token never gets a role its holder does not cover. */
const COVERS: Record<Role, readonly Role[]> = {
  "org-admin": ["org-admin", "ciso", "responder", "viewer", "regulator-officer", "vendor-responder"],
  ciso: ["ciso", "responder", "viewer"],
  responder: ["responder", "viewer"],
  "regulator-officer": ["regulator-officer", "viewer"],
  "vendor-responder": ["vendor-responder", "viewer"],
  viewer: ["viewer"],
};
export const roleCovers = (holder: Role, wanted: Role): boolean => COVERS[holder].includes(wanted);
/** A token acts with the lesser of its own role and its creator's current role in the organisation. */
export const effectiveTokenRole = (tokenRole: Role, memberRole: Role): Role =>
  roleCovers(memberRole, tokenRole) ? tokenRole : roleCovers(tokenRole, memberRole) ? memberRole : "viewer";

export const authorize = (allowed: boolean): void => {
  if (!allowed) throw new AppError("forbidden");
};

export const policiesForOrg = (actor: Actor) => ({
  update: canInOrg(actor, "org.update"),
  manageMembers: canInOrg(actor, "members.manage"),
  manageTokens: canInOrg(actor, "tokens.manage"),
  readAudit: canInOrg(actor, "audit.read"),
  createIncident: canInOrg(actor, "incidents.create"),
  manageGrants: canInOrg(actor, "grants.manage"),
});
export type OrgPolicies = ReturnType<typeof policiesForOrg>;

/** An incident as the policy sees it: its owner and, for a vendor, the live grant it acts under. */
export type IncidentSubject = { orgId: string; grant?: { access: "read" | "write" } | null };

export const policiesForIncident = (actor: Actor, inc: IncidentSubject) => {
  if (inc.orgId === actor.orgId) {
    const r = actor.role;
    return {
      read: true,
      update: r === "org-admin" || r === "ciso" || r === "responder",
      delete: r === "org-admin" || r === "ciso",
      grant: canInOrg(actor, "grants.manage"),
    };
  }
  const viaGrant = inc.grant ?? null;
  return {
    read: viaGrant !== null,
    update: viaGrant?.access === "write" && (actor.role === "vendor-responder" || actor.role === "org-admin"),
    delete: false,
    grant: false,
  };
};
export type IncidentPolicies = ReturnType<typeof policiesForIncident>;

/**
 * A task of an incident. Whoever may update the incident works on its tasks. Deleting is for the owner
 * organisation only (row-level security agrees); the mandatory flag, and deleting a mandatory task, belong to the
 * roles that may change a playbook: a mandatory step is skipped, not made to vanish.
 */
export const policiesForTask = (actor: Actor, inc: IncidentSubject, task: { mandatory: boolean }) => {
  const incident = policiesForIncident(actor, inc);
  const ownsPlaybooks = inc.orgId === actor.orgId && incident.update && canInOrg(actor, "playbooks.manage");
  return {
    update: incident.update,
    setMandatory: ownsPlaybooks,
    delete: incident.update && inc.orgId === actor.orgId && (!task.mandatory || ownsPlaybooks),
  };
};
export type TaskPolicies = ReturnType<typeof policiesForTask>;

export const policiesForMember = (actor: Actor, member: { userId: string }) => ({
  update: canInOrg(actor, "members.manage"),
  remove: canInOrg(actor, "members.manage") && member.userId !== actor.userId,
});

/**
 * The obligations of an incident: whoever may update the incident keeps its facts and records filings; only the
 * CISO signs a filing off (it counts as filed from then on); the CISO or an org-admin submits to the regulator.
 */
export const policiesForObligations = (actor: Actor, inc: IncidentSubject) => {
  const incident = policiesForIncident(actor, inc);
  const isOwn = inc.orgId === actor.orgId;
  return {
    read: incident.read,
    editFacts: incident.update,
    recordFiling: incident.update,
    signOff: isOwn && actor.role === "ciso",
    submit: isOwn && (actor.role === "ciso" || actor.role === "org-admin"),
    /** Share the obligations and reports with an association the company is a member of, or revoke a share. */
    share: isOwn && (actor.role === "ciso" || actor.role === "org-admin"),
  };
};
export type ObligationPolicies = ReturnType<typeof policiesForObligations>;

/**
 * The affected-person registry of an incident: whoever reads the incident sees the counts and each import's
 * progress; only the owner's writers (admin, CISO, responder) look a person up, import a leaked file (on the
 * server: `sokuho scan --import --as`) or delete an import. A vendor never reaches a person: the registry is the
 * company's own.
 */
export const policiesForAffected = (actor: Actor, inc: IncidentSubject) => {
  const incident = policiesForIncident(actor, inc);
  const writer = inc.orgId === actor.orgId && incident.update;
  return { read: incident.read, lookup: writer, importFile: writer, deleteImport: writer };
};
export type AffectedPolicies = ReturnType<typeof policiesForAffected>;

/** A submitted report: the submitting company and the regulator it went to read it; their working roles answer. */
export const policiesForReport = (actor: Actor, report: { orgId: string; regulatorOrgId: string }) => {
  const isCompany = actor.orgId === report.orgId;
  const isRegulator = actor.orgId === report.regulatorOrgId && canInOrg(actor, "inbox.read");
  return {
    read: isCompany || isRegulator,
    reply: (isCompany && ["org-admin", "ciso", "responder"].includes(actor.role)) || (isRegulator && actor.role !== "viewer"),
  };
};

/**
 * A broadcast (network): the sender's working roles watch the board, export the log and close it; the recipient's
 * members acknowledge and, for a request, answer. Whoever reads the broadcast may read it; nobody else learns of it.
 */
export const policiesForBroadcast = (actor: Actor, b: { senderOrgId: string; kind: "alert" | "request"; closed: boolean }) => {
  const isSender = actor.orgId === b.senderOrgId;
  const respond = !isSender && canInOrg(actor, "broadcasts.respond");
  return {
    read: canInOrg(actor, "broadcasts.read"),
    board: isSender && canInOrg(actor, "broadcasts.read"),
    close: isSender && !b.closed && canInOrg(actor, "broadcasts.send"),
    acknowledge: respond,
    answer: respond && b.kind === "request" && !b.closed,
  };
};
export type BroadcastPolicies = ReturnType<typeof policiesForBroadcast>;

/**
 * Which associations a regulator works with (network, migration 0024: a regulator's broadcasts to "the associations"
 * reach these): the regulator's org-admins add and remove; the association's org-admins see it and may end it.
 */
export const policiesForRegulatorAssociations = (actor: Actor) => ({
  read: canInOrg(actor, "network.read"),
  add: actor.orgKind === "regulator" && canInOrg(actor, "network.manage"),
  remove: (actor.orgKind === "regulator" || actor.orgKind === "association") && canInOrg(actor, "network.manage"),
});
export type RegulatorAssociationPolicies = ReturnType<typeof policiesForRegulatorAssociations>;

/**
 * A contact channel (network): a member manages their own; the duty desk's (no user) are the org-admin's; an
 * org-admin sees every member's channels and their delivery logs but changes only the desk's and their own.
 */
export const policiesForChannel = (actor: Actor, channel: { userId: string | null }) => {
  const isOwn = channel.userId !== null && channel.userId === actor.userId && canInOrg(actor, "channels.own");
  const isDesk = channel.userId === null;
  return {
    read: isOwn || isDesk || canInOrg(actor, "channels.readAll"),
    manage: isOwn || (isDesk && canInOrg(actor, "channels.desk")),
    readLog: isOwn || (isDesk && canInOrg(actor, "channels.desk")) || canInOrg(actor, "channels.readAll"),
  };
};

/**
 * A page of the contact network (only its own organisation sees it): any member acknowledges (whoever is on the rota,
 * a viewer included); the working roles resolve it.
 */
export const policiesForPage = (actor: Actor, page: { orgId: string; status: string }) => {
  const isOwn = page.orgId === actor.orgId;
  const isOpen = page.status === "triggered" || page.status === "exhausted";
  return {
    read: isOwn,
    acknowledge: isOwn && isOpen && actor.userId !== null,
    resolve: isOwn && page.status !== "resolved" && actor.userId !== null && canInOrg(actor, "network.page"),
  };
};
export type PagePolicies = ReturnType<typeof policiesForPage>;

/**
 * An incident's obligation documents (drafts of reports and notices): whoever may update the incident drafts and
 * edits them; only the CISO of the owner signs a version off (it counts as filed from then on).
 */
export const policiesForObligationDocuments = (actor: Actor, inc: IncidentSubject) => {
  const incident = policiesForIncident(actor, inc);
  return { read: incident.read, edit: incident.update, signOff: inc.orgId === actor.orgId && actor.role === "ciso" };
};
export type ObligationDocumentPolicies = ReturnType<typeof policiesForObligationDocuments>;

/**
 * Triage on an incident (mail reports, egress imports): whoever may update the incident uploads to it (a vendor with
 * a write grant too) and adds what the analysis found; creating an incident from a finding is for those who may
 * create incidents in the owning company.
 */
export const policiesForTriage = (actor: Actor, inc: IncidentSubject | null) => {
  const incident = inc ? policiesForIncident(actor, inc) : null;
  return {
    read: incident ? incident.read : canInOrg(actor, "triage.read"),
    upload: incident ? incident.update : canInOrg(actor, "egress.import"),
    report: incident ? incident.update : canInOrg(actor, "mail.report"),
    addToIncident: incident ? incident.update : false,
    createIncident: canInOrg(actor, "incidents.create"),
  };
};
export type TriagePolicies = ReturnType<typeof policiesForTriage>;
