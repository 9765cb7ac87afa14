/** The obligations API as the UI reads it (see routes.ts for the schemas). */
export type Text = { ja: string; en: string };
export type ObligationStatus = "upcoming" | "due_soon" | "overdue" | "filed" | "not_required";
export type Obligation = {
  id: string; regime: string; kind: string; title: Text; authority: string; required: boolean; reason: Text;
  targetAt: string | null; dueAt: string | null; timing: Text | null; status: ObligationStatus; filedAt: string | null; isLate: boolean;
  /** A rule file's source; the English names are absent in evaluations stored before they existed (cite.ts falls back). */
  basis: { law: string; lawEn?: string; article: string; articleEn?: string; paragraph?: string; paragraphEn?: string; item?: string; url: string }[];
  ruleSet: { id: string; version: string };
};
export type FactView = { field: string; value: unknown; source: "confirmed" | "override" | "suggested" | "default" | "missing"; suggested: unknown; suggestedFrom: string | null };
export type Report = {
  id: string; orgId: string; regulatorOrgId: string; incidentId: string; incidentRef: string | null; obligationId: string; kind: string;
  title: string; submittedAt: string; company: { nameJa: string; nameEn: string }; submittedBy: string | null;
};
export type ObligationsResponse = {
  facts: { fields: FactView[]; missing: string[]; complete: boolean };
  evaluation: { evaluatedAt: string; obligations: Obligation[] } | null;
  history: { id: string; cause: string; changes: { id: string; change: string }[]; evaluatedAt: string; evaluatedBy: string | null }[];
  filings: { id: string; obligationId: string; filedAt: string; reference: string; recordedBy: string | null; signedOffAt: string | null; signedOffBy: string | null }[];
  reports: Report[];
  supervisors: { id: string; nameJa: string; nameEn: string }[];
  policies: { read: boolean; editFacts: boolean; recordFiling: boolean; signOff: boolean; submit: boolean };
};
export type ObligationLine = {
  obligationId: string; regime: string; kind: string; title: Text; authority: string; required: boolean; status: ObligationStatus;
  targetAt: string | null; dueAt: string | null; filedAt: string | null; reason: Text; incidentId: string; incidentRef: string | null;
};
export type InboxResponse = {
  companies: { id: string; nameJa: string; nameEn: string }[];
  reports: Report[];
  obligations: (ObligationLine & { companyOrgId: string; companyNameJa: string; companyNameEn: string })[];
  policies: { issueOrder: boolean };
};
export type ReportResponse = {
  report: Report & { document: string };
  messages: { id: string; body: string; createdAt: string; authorOrg: { nameJa: string; nameEn: string }; authorName: string | null }[];
  policies: { read: boolean; reply: boolean };
  /** The signed-off version the report carries; null when it is pasted text. */
  submittedDocument: { documentId: string; version: number; kind: string; locale: "ja" | "en"; title: string; metadata: { key: string; value: string }[] } | null;
};
export type SharesResponse = {
  shares: { id: string; associationOrgId: string; association: { nameJa: string; nameEn: string }; sharedAt: string; sharedBy: string | null; revokedAt: string | null; revokedBy: string | null }[];
  associations: { id: string; nameJa: string; nameEn: string }[];
  policies: { share: boolean };
};
export type SharedResponse = {
  shares: {
    id: string; companyOrgId: string; company: { nameJa: string; nameEn: string }; incidentId: string; sharedAt: string;
    obligations: Omit<ObligationLine, "incidentId" | "incidentRef">[]; reports: Report[];
  }[];
};
