/**
 * Obligation documents on the platform: a draft is created from the incident (documents.ts), every save is a new
 * version (who, when; concurrent saves get distinct numbers under the document's row lock), any two versions can
 * be compared, and a version counts as filed only when the CISO signs it off (who, when, which version; audited).
 * The sign-off of a document that answers an obligation records that obligation's filing, already signed off, so
 * the engine sees it filed; an edit after a sign-off leaves the document waiting for a new one.
 */
import type { Kysely } from "kysely";
import { z } from "zod";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { DB } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, notFound } from "../../platform/http/errors.js";
import { authorize, policiesForObligationDocuments } from "../../platform/policies/policies.js";
import { renderHtml, renderPdf, ZDocument, type Document } from "../../platform/documents/index.js";
import { incidentSubject, loadIncident } from "../incidents/access.js";
import { currentClocks } from "../incidents/service.js";
import {
  diffContents, draftDocument, OBLIGATION_KIND_OF, placeholders, toDocument, ZDraftContent,
  type DocumentKind, type DraftContent, type DraftSource,
} from "./documents.js";
import { documentStore } from "./documents-store.js";
import { createObligationService, registryOf } from "./service.js";
import { filingStore } from "./store.js";
import type { Facts } from "./schema.js";
import { ppcFormFields, type PpcForm } from "./ppc-form.js";

type IncidentRow = Awaited<ReturnType<typeof loadIncident>>["row"];
type DocRow = NonNullable<Awaited<ReturnType<typeof documentStore.get>>>;
export type DocumentFormat = "html" | "pdf" | "json";

const contentOf = (raw: unknown): DraftContent => ZDraftContent.parse(raw);
const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};
/** What a report submitted from a document version holds. */
const ZSubmittedDocument = z.object({
  sokuhoDocument: z.object({ documentId: z.string(), version: z.number(), kind: z.string() }),
  document: ZDocument,
});

/** The signed-off version a report carries (submitted with a documentId), as its readers are shown it; null for pasted text. */
export const submittedDocumentOf = (text: string) => {
  const parsed = ZSubmittedDocument.safeParse(safeJson(text));
  if (!parsed.success) return null;
  const { sokuhoDocument: d, document } = parsed.data;
  return { documentId: d.documentId, version: d.version, kind: d.kind, locale: document.locale, title: document.title, metadata: document.metadata };
};

export const createDocumentService = (p: Platform) => {
  const obligations = createObligationService(p);
  const incidentOf = (row: IncidentRow) => ({ id: row.id, org_id: row.org_id, category: row.category ?? "other" });

  const open = async (ctx: RequestContext, tx: Tx, incidentId: string) => {
    const { row } = await loadIncident(ctx, tx.db, incidentId);
    const pol = policiesForObligationDocuments(ctx.actor, incidentSubject(row));
    return { row, pol };
  };
  const docOf = async (db: Kysely<DB>, incidentId: string, documentId: string): Promise<DocRow> => {
    const d = await documentStore.get(db, incidentId, documentId);
    if (!d) throw notFound();
    return d;
  };

  /** What a draft is made from, read in the caller's transaction. */
  const sourceOf = async (tx: Tx, row: IncidentRow, locale: "ja" | "en", orderId: string | null) => {
    const { inputs, evaluation } = await obligations.current(tx.db, tx, incidentOf(row));
    const facts = Object.fromEntries(inputs.fields.filter((f) => f.value !== undefined && f.value !== null).map((f) => [f.field, f.value])) as Partial<Facts>;
    const clocks = await currentClocks(tx, row.id);
    const company = await documentStore.company(tx.db, row.org_id);
    const order = await documentStore.order(tx.db, row.id, orderId);
    const source: DraftSource = {
      locale, company: { nameJa: company.name_ja, nameEn: company.name_en },
      incident: { ref: row.ref ?? null, title: row.title, summary: row.summary ?? null },
      facts, evaluation,
      clocks: Object.fromEntries(Object.entries(clocks).map(([k, v]) => [k, v ? v.toISOString() : null])),
      timeline: (await documentStore.timeline(tx.db, row.id)).map((e) => ({ at: e.at.toISOString(), text: e.text })),
      registry: await registryOf(tx.db, row.id),
      order: order ? { authority: order.authority, title: order.title, items: order.items as string[], issuedAt: order.issued_at.toISOString(), dueAt: order.due_at.toISOString() } : null,
      now: p.now(),
    };
    return { source, evaluation, order };
  };

  const summary = (d: Awaited<ReturnType<typeof documentStore.list>>[number]) => {
    const content = contentOf(d.content);
    return {
      id: d.id, kind: d.kind as DocumentKind, locale: d.locale as "ja" | "en", obligationId: d.obligation_id, orderId: d.order_id,
      title: content.title, latestVersion: d.latest_version, savedAt: d.saved_at.toISOString(), savedBy: d.saved_by_name ?? null,
      placeholders: placeholders(content),
      signOff: d.signed_version === null ? null : { version: d.signed_version, at: d.signed_off_at!.toISOString(), by: d.signed_by_name ?? null },
      isSignedOff: d.signed_version === d.latest_version,
    };
  };

  const detail = async (ctx: RequestContext, tx: Tx, incidentId: string, documentId: string, version?: number) => {
    const { pol } = await open(ctx, tx, incidentId);
    const d = await docOf(tx.db, incidentId, documentId);
    const row = (await documentStore.list(tx.db, incidentId)).find((x) => x.id === documentId)!;
    const v = await documentStore.version(tx.db, documentId, version ?? d.latest_version);
    if (!v) throw notFound();
    const signoffs = await documentStore.signoffs(tx.db, documentId);
    const signed = new Set(signoffs.map((s) => s.version));
    return {
      document: summary(row),
      version: v.version,
      content: contentOf(v.content),
      versions: (await documentStore.versions(tx.db, documentId)).map((x) => ({ version: x.version, savedAt: x.saved_at.toISOString(), savedBy: x.saved_by_name ?? null, signedOff: signed.has(x.version) })),
      signOffs: signoffs.map((s) => ({ version: s.version, at: s.signed_off_at.toISOString(), by: s.signed_by_name ?? null, filingId: s.filing_id })),
      policies: { edit: pol.edit, signOff: pol.signOff && !signed.has(d.latest_version) },
    };
  };

  /** A version as the platform's document model, with its sign-off if it has one. */
  const documentOf = async (tx: Tx, row: IncidentRow, d: DocRow, version: number): Promise<Document> => {
    const v = await documentStore.version(tx.db, d.id, version);
    if (!v) throw notFound();
    const company = await documentStore.company(tx.db, row.org_id);
    const order = d.kind === "order_report" ? await documentStore.order(tx.db, row.id, d.order_id) : undefined;
    const signOff = (await documentStore.signoffs(tx.db, d.id)).find((s) => s.version === version);
    return toDocument(contentOf(v.content), {
      kind: d.kind as DocumentKind, locale: d.locale as "ja" | "en", company: { nameJa: company.name_ja, nameEn: company.name_en },
      incidentRef: row.ref ?? null, version, savedAt: v.saved_at.toISOString(), orderAuthority: order?.authority ?? null,
      signOff: signOff ? { by: signOff.signed_by_name ?? null, at: signOff.signed_off_at.toISOString() } : null,
    });
  };

  return {
    list: (ctx: RequestContext, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { pol, row } = await open(ctx, tx, incidentId);
        const { evaluation } = await obligations.current(tx.db, tx, incidentOf(row));
        // Each kind with the required obligation it would file, so the editor can offer what is due.
        const kinds = Object.entries(OBLIGATION_KIND_OF).map(([kind, of]) => {
          const o = evaluation?.obligations.find((x) => x.ruleSet.id === of.regime && of.kinds.includes(x.kind) && x.required);
          return { kind: kind as DocumentKind, obligationId: o?.id ?? null, required: o !== undefined, dueAt: o?.dueAt ?? null };
        });
        return { documents: (await documentStore.list(tx.db, incidentId)).map(summary), kinds, policies: { create: pol.edit } };
      }),

    /** A first draft from what sokuho knows, saved as version 1. */
    create: (ctx: RequestContext, incidentId: string, input: { kind: DocumentKind; locale: "ja" | "en"; orderId?: string | undefined }) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await open(ctx, tx, incidentId);
        authorize(pol.edit);
        const { source, evaluation, order } = await sourceOf(tx, row, input.locale, input.orderId ?? null);
        if (input.orderId && !order) throw new AppError("reference_invalid", "body.orderId");
        const of = OBLIGATION_KIND_OF[input.kind];
        const candidates = evaluation?.obligations.filter((o) => o.ruleSet.id === of.regime && of.kinds.includes(o.kind)) ?? [];
        // An order report files the obligation of its order (`jp-order/order-report#n` in the order of issue).
        const obligation = input.kind === "order_report" && order
          ? candidates.find((o) => o.dueAt !== null && new Date(o.dueAt).getTime() === order.due_at.getTime()) ?? candidates[0]
          : candidates.find((o) => o.required) ?? candidates[0];
        const content = draftDocument(input.kind, source);
        const { id } = await documentStore.insert(tx.db, {
          org_id: row.org_id, incident_id: incidentId, kind: input.kind, locale: input.locale, obligation_id: obligation?.id ?? null,
          order_id: input.kind === "order_report" ? order?.id ?? null : null, created_by: ctx.actor.userId, created_at: p.now(),
        });
        const next = await documentStore.nextVersion(tx.db, incidentId, id);
        await documentStore.insertVersion(tx.db, { documentId: id, orgId: row.org_id, incidentId, version: next!.latest_version, content, by: ctx.actor.userId, at: p.now() });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "obligation.document.create", objectType: "obligation_document", objectId: id,
          after: { incidentId, kind: input.kind, locale: input.locale, obligationId: obligation?.id ?? null, version: 1 },
        });
        return detail(ctx, tx, incidentId, id);
      }),

    get: (ctx: RequestContext, incidentId: string, documentId: string, version?: number) =>
      inTenant(p, ctx, (tx) => detail(ctx, tx, incidentId, documentId, version)),

    /** Saves the edited content as the next version; with `baseVersion`, refuses when someone saved in between. */
    save: (ctx: RequestContext, incidentId: string, documentId: string, input: { content: DraftContent; baseVersion?: number | undefined }) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await open(ctx, tx, incidentId);
        authorize(pol.edit);
        const before = await docOf(tx.db, incidentId, documentId);
        const next = await documentStore.nextVersion(tx.db, incidentId, documentId);
        if (!next) throw notFound();
        // The row lock is held from here: latest_version - 1 is the version this save follows.
        const previous = next.latest_version - 1;
        if (input.baseVersion !== undefined && input.baseVersion !== previous) throw new AppError("document_stale", "body.baseVersion", { latest: String(previous) });
        const old = await documentStore.version(tx.db, documentId, previous);
        await documentStore.insertVersion(tx.db, { documentId, orgId: row.org_id, incidentId, version: next.latest_version, content: input.content, by: ctx.actor.userId, at: p.now() });
        const changed = old ? diffContents(contentOf(old.content), input.content, before.locale as "ja" | "en").sections.filter((s) => s.change !== "same").map((s) => s.id) : [];
        // The audit names the sections that changed, never their text (a draft may describe people).
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "obligation.document.save", objectType: "obligation_document", objectId: documentId,
          after: { incidentId, version: next.latest_version, changed },
        });
        return detail(ctx, tx, incidentId, documentId);
      }),

    diff: (ctx: RequestContext, incidentId: string, documentId: string, from: number, to: number) =>
      inTenant(p, ctx, async (tx) => {
        await open(ctx, tx, incidentId);
        const d = await docOf(tx.db, incidentId, documentId);
        const [a, b] = [await documentStore.version(tx.db, documentId, from), await documentStore.version(tx.db, documentId, to)];
        if (!a) throw new AppError("reference_invalid", "query.from");
        if (!b) throw new AppError("reference_invalid", "query.to");
        return { from, to, ...diffContents(contentOf(a.content), contentOf(b.content), d.locale as "ja" | "en") };
      }),

    /**
     * The CISO signs off the newest version (the one they saw: `version` must still be the newest). When the
     * document answers an obligation, its filing is recorded and signed off in the same transaction.
     */
    signOff: (ctx: RequestContext, incidentId: string, documentId: string, version: number) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await open(ctx, tx, incidentId);
        authorize(pol.signOff);
        const locked = await documentStore.lockForSignOff(tx.db, incidentId, documentId);
        if (!locked) throw notFound();
        if (locked.latest_version !== version) throw new AppError("document_stale", "body.version", { latest: String(locked.latest_version) });
        const at = p.now();
        let filingId: string | null = null;
        if (locked.obligation_id) {
          const f = await filingStore.insert(tx.db, {
            org_id: row.org_id, incident_id: incidentId, obligation_id: locked.obligation_id, filed_at: at,
            reference: `document ${documentId} v${version}`, recorded_by: ctx.actor.userId, recorded_at: at, signed_off_by: ctx.actor.userId, signed_off_at: at,
          });
          filingId = f.id;
        }
        const s = await documentStore.signOff(tx.db, { documentId, orgId: row.org_id, incidentId, version, by: ctx.actor.userId, at, filingId });
        if (!s) throw new AppError("conflict", "body.version", { field: "body.version" });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "obligation.document.sign_off", objectType: "obligation_document", objectId: documentId,
          after: { incidentId, version, obligationId: locked.obligation_id, filedAt: filingId ? at.toISOString() : null },
        });
        if (filingId) await obligations.refresh(tx.db, tx, incidentOf(row), ctx.actor.userId, "filing");
        return detail(ctx, tx, incidentId, documentId);
      }),

    /** One version (default the newest) as HTML, PDF or the JSON of the document model. */
    render: (ctx: RequestContext, incidentId: string, documentId: string, format: DocumentFormat, version?: number) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await open(ctx, tx, incidentId);
        const d = await docOf(tx.db, incidentId, documentId);
        const v = version ?? d.latest_version;
        const doc = await documentOf(tx, row, d, v);
        const name = `${row.ref ?? "incident"}-${d.kind}-${d.locale}-v${v}`;
        return { doc, name, kind: d.kind, version: v };
      }).then(async ({ doc, name }) => {
        // Rendering runs after the transaction: a PDF takes a moment and holds no lock.
        if (format === "pdf") return { body: await renderPdf(doc), type: "application/pdf", filename: `${name}.pdf` };
        if (format === "html") return { body: renderHtml(doc), type: "text/html; charset=utf-8", filename: `${name}.html` };
        return { body: JSON.stringify(doc, null, 2), type: "application/json; charset=utf-8", filename: `${name}.json` };
      }),

    /**
     * Submits a signed-off version to a supervising regulator (refused unless the CISO signed that version off): the
     * report carries the document model as JSON with the document's id and version, so both sides can render it.
     */
    submit: async (ctx: RequestContext, incidentId: string, input: { documentId: string; version?: number | undefined; obligationId?: string | undefined; regulatorOrgId?: string | undefined; title: string }) => {
      const att = await inTenant(p, ctx, async (tx) => {
        const { row } = await open(ctx, tx, incidentId);
        const d = await docOf(tx.db, incidentId, input.documentId);
        const v = input.version ?? d.latest_version;
        const signed = (await documentStore.signoffs(tx.db, input.documentId)).some((s) => s.version === v);
        if (!signed) throw new AppError("document_not_signed_off", "body.documentId", { latest: String(v) });
        return { version: v, kind: d.kind, obligationId: input.obligationId ?? d.obligation_id, document: await documentOf(tx, row, d, v) };
      });
      if (!att.obligationId) throw new AppError("reference_invalid", "body.obligationId");
      const text = JSON.stringify({ sokuhoDocument: { documentId: input.documentId, version: att.version, kind: att.kind }, document: att.document });
      return obligations.submit(ctx, incidentId, { obligationId: att.obligationId, regulatorOrgId: input.regulatorOrgId, title: input.title, document: text });
    },

    /**
     * What the PPC's web form asks, from the newest signed-off version of the incident's 速報 or 確報 (Japanese
     * preferred): 409 when none is signed off. Reads only.
     */
    ppcForm: (ctx: RequestContext, incidentId: string, kind: PpcForm["kind"]): Promise<PpcForm> =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await open(ctx, tx, incidentId);
        const signed = (await documentStore.list(tx.db, incidentId))
          .filter((d) => d.kind === kind && d.signed_version !== null && d.signed_off_at !== null)
          .sort((a, b) => (a.locale === b.locale ? b.signed_off_at!.getTime() - a.signed_off_at!.getTime() : a.locale === "ja" ? -1 : 1));
        const d = signed[0];
        if (!d) throw new AppError("document_not_signed_off", "query.kind", { latest: "" });
        const v = await documentStore.version(tx.db, d.id, d.signed_version!);
        if (!v) throw notFound();
        const { inputs, evaluation } = await obligations.current(tx.db, tx, incidentOf(row));
        const fact = (f: string) => inputs.fields.find((x) => x.field === f)?.value;
        const company = await documentStore.company(tx.db, row.org_id);
        const report = evaluation?.obligations.find((o) => o.required && o.kind === (kind === "ppc_preliminary" ? "preliminary_report" : "final_report"));
        return ppcFormFields({
          kind, documentId: d.id, version: d.signed_version!, signedOffAt: d.signed_off_at!.toISOString(), signedOffBy: d.signed_by_name ?? null,
          content: contentOf(v.content), companyNameJa: company.name_ja,
          knownAt: typeof fact("knownAt") === "string" ? (fact("knownAt") as string) : null,
          items: Array.isArray(fact("items")) ? (fact("items") as string[]) : null,
          route: report?.authority ?? null,
        });
      }),

    /** A submitted report with its thread and, when it carries a signed-off version, that version's kind, number and metadata. */
    report: async (ctx: RequestContext, reportId: string) => {
      const r = await obligations.report(ctx, reportId);
      return { ...r, submittedDocument: submittedDocumentOf(r.report.document) };
    },

    /** The document model a report carries (a report submitted from a signed-off version); 404 for pasted text. */
    reportDocument: async (ctx: RequestContext, reportId: string): Promise<{ document: Document; version: number }> => {
      const { report } = await obligations.report(ctx, reportId);
      const parsed = ZSubmittedDocument.safeParse(safeJson(report.document));
      if (!parsed.success) throw notFound();
      return { document: parsed.data.document, version: parsed.data.sokuhoDocument.version };
    },
  };
};
export type DocumentService = ReturnType<typeof createDocumentService>;
