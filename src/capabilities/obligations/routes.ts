/**
 * /api/v1/orgs/:orgId/incidents/:incidentId/obligations (facts, evaluation, history, filings, submit),
 * /api/v1/orgs/:orgId/obligations/due (dashboard), /reports/:reportId (+ messages), /inbox and /orders (regulators).
 */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZIncidentParams, ZOrgParams } from "../../platform/http/params.js";
import { createObligationService } from "./service.js";
import { ZFactValues } from "./facts.js";
import { STATUSES } from "./domain.js";
import { KINDS } from "./schema.js";
import { documentRoutes } from "./documents-routes.js";
import { createDocumentService } from "./documents-service.js";
import { renderHtml, renderPdf } from "../../platform/documents/index.js";

const ZInstant = z.iso.datetime({ offset: true });
const ZText = z.object({ ja: z.string(), en: z.string() });
const ZName = { nameJa: z.string(), nameEn: z.string() };
// The engine's answer is documented in docs/obligations.md and by its TypeScript type; here it passes through.
const ZEvaluation = z.object({ evaluatedAt: z.string(), knownAt: z.string(), obligations: z.array(z.looseObject({ id: z.string() })) }).loose();

const ZFactView = z.object({
  field: z.string(), value: z.unknown(), source: z.enum(["confirmed", "override", "suggested", "default", "missing"]),
  suggested: z.unknown(), suggestedFrom: z.string().nullable(),
});
const ZReport = z.object({
  id: z.string(), orgId: z.string(), regulatorOrgId: z.string(), incidentId: z.string(), incidentRef: z.string().nullable(),
  obligationId: z.string(), kind: z.string(), title: z.string(), submittedAt: z.string(),
  company: z.object(ZName), submittedBy: z.string().nullable(),
});
const ZObligationView = z.object({
  facts: z.object({ fields: z.array(ZFactView), missing: z.array(z.string()), complete: z.boolean() }),
  evaluation: ZEvaluation.nullable(),
  history: z.array(z.object({ id: z.string(), cause: z.string(), changes: z.array(z.unknown()), evaluatedAt: z.string(), evaluatedBy: z.string().nullable() })),
  filings: z.array(z.object({
    id: z.string(), obligationId: z.string(), filedAt: z.string(), reference: z.string(), recordedAt: z.string(), recordedBy: z.string().nullable(),
    signedOffAt: z.string().nullable(), signedOffBy: z.string().nullable(),
  })),
  reports: z.array(ZReport),
  supervisors: z.array(z.object({ id: z.string(), ...ZName })),
  policies: z.object({ read: z.boolean(), editFacts: z.boolean(), recordFiling: z.boolean(), signOff: z.boolean(), submit: z.boolean(), share: z.boolean() }),
});
const ZObligationLine = z.object({
  obligationId: z.string(), regime: z.string(), kind: z.string(), title: ZText, authority: z.string(), required: z.boolean(),
  status: z.enum(STATUSES), targetAt: z.string().nullable(), dueAt: z.string().nullable(), filedAt: z.string().nullable(), reason: ZText,
});
const ZMessage = z.object({
  id: z.string(), body: z.string(), createdAt: z.string(), authorOrgId: z.string(), authorOrg: z.object(ZName), authorName: z.string().nullable(),
});
const ZObligationId = z.string().trim().min(1).max(200);
const ZReportParams = ZOrgParams.extend({ reportId: z.string().uuid() });
const ZOrderParams = ZOrgParams.extend({ orderId: z.string().uuid() });

export const obligationRoutes = (api: Api, p: Platform): void => {
  const svc = createObligationService(p);
  const docs = createDocumentService(p);
  const tags = ["obligations"];
  const base = "/orgs/:orgId/incidents/:incidentId/obligations";

  api.get(base, {
    schema: { tags, summary: "The incident's facts (suggested, confirmed, overridden), its obligations now, their history, filings and reports", params: ZIncidentParams, response: { 200: ZObligationView } },
  }, async (req) => svc.get(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.put(`${base}/facts`, {
    schema: {
      tags, summary: "Confirm or override facts (null clears a value back to the suggestion); overrides are audited; the obligations are recomputed",
      params: ZIncidentParams, body: z.strictObject({ values: ZFactValues }), response: { 200: ZObligationView },
    },
  }, async (req) => svc.setFacts(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body.values));

  api.post(`${base}/filings`, {
    schema: {
      tags, summary: "Record that an obligation was filed (who, when, reference); it counts once the CISO signs it off",
      params: ZIncidentParams, body: z.strictObject({ obligationId: ZObligationId, filedAt: ZInstant, reference: z.string().trim().max(500).optional() }),
      response: { 201: ZObligationView },
    },
  }, async (req, reply) => reply.status(201).send(await svc.recordFiling(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body)));

  api.post(`${base}/filings/:filingId/sign-off`, {
    schema: { tags, summary: "The CISO signs a filing off", params: ZIncidentParams.extend({ filingId: z.string().uuid() }), response: { 200: ZObligationView } },
  }, async (req) => svc.signOff(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.filingId));

  api.post(`${base}/reports`, {
    schema: {
      tags, summary: "Submit a report to a supervising regulator: a document version the CISO signed off (documentId), or one obligation's document as JSON or text",
      params: ZIncidentParams,
      body: z.strictObject({
        obligationId: ZObligationId.optional(), regulatorOrgId: z.string().uuid().optional(), title: z.string().trim().min(1).max(300),
        document: z.string().min(1).max(200_000).optional(), documentId: z.string().uuid().optional(), documentVersion: z.number().int().min(1).optional(),
      })
        .refine((b) => (b.document === undefined) !== (b.documentId === undefined), { message: "give document or documentId", path: ["document"] })
        .refine((b) => b.documentId !== undefined || b.obligationId !== undefined, { message: "give the obligation the document files", path: ["obligationId"] }),
      response: { 201: z.object({ report: ZReport }) },
    },
  }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const b = req.body;
    const result = b.documentId
      ? await docs.submit(ctx, req.params.incidentId, { documentId: b.documentId, version: b.documentVersion, obligationId: b.obligationId, regulatorOrgId: b.regulatorOrgId, title: b.title })
      : await svc.submit(ctx, req.params.incidentId, { obligationId: b.obligationId!, regulatorOrgId: b.regulatorOrgId, title: b.title, document: b.document! });
    return reply.status(201).send(result);
  });

  api.get("/orgs/:orgId/obligations/due", {
    schema: { tags, summary: "Obligations of this organisation's incidents that are due soon or overdue", params: ZOrgParams, response: { 200: z.object({ obligations: z.array(ZObligationLine.extend({ incidentId: z.string(), incidentRef: z.string().nullable(), incidentTitle: z.string().nullable() })) }) } },
  }, async (req) => svc.due(await requestContext(p, req, req.params.orgId)));

  api.get("/orgs/:orgId/reports/:reportId", {
    schema: {
      tags, summary: "A submitted report with its question-and-answer thread (the company and its regulator)", params: ZReportParams,
      response: {
        200: z.object({
          report: ZReport.extend({ document: z.string() }), messages: z.array(ZMessage), policies: z.object({ read: z.boolean(), reply: z.boolean() }),
          /** The signed-off version the report carries (render it with /render); null when the report is pasted text. */
          submittedDocument: z.object({
            documentId: z.string(), version: z.number(), kind: z.string(), locale: z.enum(["ja", "en"]), title: z.string(),
            metadata: z.array(z.object({ key: z.string(), value: z.string() })),
          }).nullable(),
        }),
      },
    },
  }, async (req) => docs.report(await requestContext(p, req, req.params.orgId), req.params.reportId));

  api.get("/orgs/:orgId/reports/:reportId/render", {
    schema: {
      tags, summary: "A submitted report's signed-off document as PDF or HTML (reports submitted with a documentId; both the company and its regulator)",
      params: ZReportParams, querystring: z.strictObject({ format: z.enum(["html", "pdf"]) }),
    },
  }, async (req, reply) => {
    const r = await docs.reportDocument(await requestContext(p, req, req.params.orgId), req.params.reportId);
    const body = req.query.format === "pdf" ? await renderPdf(r.document) : renderHtml(r.document);
    return reply
      .header("content-type", req.query.format === "pdf" ? "application/pdf" : "text/html; charset=utf-8")
      .header("content-disposition", `${req.query.format === "pdf" ? "attachment" : "inline"}; filename="report-${req.params.reportId}.${req.query.format}"`)
      .header("x-content-type-options", "nosniff").header("cache-control", "no-store")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .send(body);
  });

  api.post("/orgs/:orgId/reports/:reportId/messages", {
    schema: { tags, summary: "Ask or answer on a report", params: ZReportParams, body: z.strictObject({ body: z.string().trim().min(1).max(10_000) }), response: { 201: z.object({ messages: z.array(ZMessage) }) } },
  }, async (req, reply) => reply.status(201).send(await svc.reply(await requestContext(p, req, req.params.orgId), req.params.reportId, req.body.body)));

  api.get("/orgs/:orgId/inbox", {
    schema: {
      tags, summary: "A regulator's inbox: reports submitted to it and obligations due across the companies it supervises",
      params: ZOrgParams,
      querystring: z.strictObject({ company: z.string().uuid().optional(), status: z.enum(STATUSES).optional(), kind: z.enum(KINDS).optional() }),
      response: {
        200: z.object({
          companies: z.array(z.object({ id: z.string(), ...ZName })),
          reports: z.array(ZReport),
          obligations: z.array(ZObligationLine.extend({ companyOrgId: z.string(), companyNameJa: z.string(), companyNameEn: z.string(), incidentId: z.string(), incidentRef: z.string().nullable() })),
          policies: z.object({ issueOrder: z.boolean() }),
        }),
      },
    },
  }, async (req) => svc.inbox(await requestContext(p, req, req.params.orgId), { companyOrgId: req.query.company, status: req.query.status, kind: req.query.kind }));

  const ZOrderLine = z.object({
    id: z.string(), authority: z.string(), title: z.string(), items: z.array(z.string()), issuedAt: z.string(), dueAt: z.string(),
    company: z.object({ id: z.string(), ...ZName }), regulator: z.object({ id: z.string(), ...ZName }), incidentId: z.string().nullable(), linkedAt: z.string().nullable(),
  });
  api.get("/orgs/:orgId/orders", {
    schema: { tags, summary: "Orders (報告徴収) this regulator issued, or this company received", params: ZOrgParams, response: { 200: z.object({ orders: z.array(ZOrderLine) }) } },
  }, async (req) => svc.orders(await requestContext(p, req, req.params.orgId)));

  api.post("/orgs/:orgId/orders", {
    schema: {
      tags, summary: "Issue an order (報告徴収: items and due date) to one supervised company or to all",
      params: ZOrgParams,
      body: z.strictObject({
        authority: z.string().regex(/^[a-z][a-z0-9_-]{0,39}$/), title: z.string().trim().min(1).max(300),
        items: z.array(z.string().trim().min(1).max(500)).min(1).max(50), issuedAt: ZInstant.optional(), dueAt: ZInstant,
        companyOrgId: z.string().uuid().optional(), all: z.boolean().optional(),
      }).refine((b) => (b.all === true) !== (b.companyOrgId !== undefined), { message: "give companyOrgId or all: true", path: ["companyOrgId"] }),
      response: { 201: z.object({ order: z.object({ id: z.string(), companies: z.number() }) }) },
    },
  }, async (req, reply) => reply.status(201).send(await svc.issueOrder(await requestContext(p, req, req.params.orgId), req.body)));

  api.put("/orgs/:orgId/orders/:orderId/incident", {
    schema: {
      tags, summary: "Attach a received order to one of this company's incidents (null detaches it)", params: ZOrderParams,
      body: z.strictObject({ incidentId: z.string().uuid().nullable() }), response: { 200: z.object({ orderId: z.string(), incidentId: z.string().nullable() }) },
    },
  }, async (req) => svc.linkOrder(await requestContext(p, req, req.params.orgId), req.params.orderId, req.body.incidentId));

  const ZShares = z.object({
    shares: z.array(z.object({
      id: z.string(), associationOrgId: z.string(), association: z.object(ZName), sharedAt: z.string(), sharedBy: z.string().nullable(),
      revokedAt: z.string().nullable(), revokedBy: z.string().nullable(),
    })),
    associations: z.array(z.object({ id: z.string(), ...ZName })),
    policies: z.object({ share: z.boolean() }),
  });
  api.get(`${base}/shares`, {
    schema: { tags, summary: "The incident's shares with associations (live and revoked) and the associations the company is a member of", params: ZIncidentParams, response: { 200: ZShares } },
  }, async (req) => svc.shares(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.post(`${base}/shares`, {
    schema: {
      tags, summary: "Share the incident's obligations and submitted reports with an association the company is a member of (CISO or org-admin; audited)",
      params: ZIncidentParams, body: z.strictObject({ associationOrgId: z.string().uuid() }), response: { 201: ZShares },
    },
  }, async (req, reply) => reply.status(201).send(await svc.share(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body.associationOrgId)));

  api.delete(`${base}/shares/:shareId`, {
    schema: { tags, summary: "Revoke a share: the association no longer sees the incident (audited)", params: ZIncidentParams.extend({ shareId: z.string().uuid() }), response: { 200: ZShares } },
  }, async (req) => svc.revokeShare(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.shareId));

  api.get("/orgs/:orgId/shared", {
    schema: {
      tags, summary: "An association's list (read only): the obligations and reports of incidents its members shared with it",
      params: ZOrgParams,
      response: {
        200: z.object({
          shares: z.array(z.object({
            id: z.string(), companyOrgId: z.string(), company: z.object(ZName), incidentId: z.string(), sharedAt: z.string(),
            obligations: z.array(ZObligationLine), reports: z.array(ZReport),
          })),
        }),
      },
    },
  }, async (req) => svc.shared(await requestContext(p, req, req.params.orgId)));

  documentRoutes(api, p);
};
