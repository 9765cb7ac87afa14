/**
 * /api/v1/orgs/:orgId/incidents/:incidentId/obligations/documents: draft a document of a kind and language, read
 * and save versions, compare two, sign off (CISO), and render one as HTML (preview), PDF or JSON.
 */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZIncidentParams } from "../../platform/http/params.js";
import { createDocumentService } from "./documents-service.js";
import { DOCUMENT_KINDS, ZDraftContent } from "./documents.js";
import { ZDocumentDetail, ZDocumentDiff, ZDocumentList } from "./documents-contract.js";
import { ppcFormCsv, ppcFormText } from "./ppc-form.js";

const ZDocParams = ZIncidentParams.extend({ documentId: z.string().uuid() });
const ZVersion = z.coerce.number().int().min(1).max(1_000_000);

export const documentRoutes = (api: Api, p: Platform): void => {
  const svc = createDocumentService(p);
  const tags = ["obligations"];
  const base = "/orgs/:orgId/incidents/:incidentId/obligations/documents";

  api.get(base, {
    schema: { tags, summary: "The incident's documents (newest version, sign-off) and the kinds it can draft, each with the obligation it files", params: ZIncidentParams, response: { 200: ZDocumentList } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.post(base, {
    schema: {
      tags, summary: "Draft a document of a kind and language from the incident's facts, evaluation, clocks, timeline and registry (version 1)",
      params: ZIncidentParams,
      body: z.strictObject({ kind: z.enum(DOCUMENT_KINDS), locale: z.enum(["ja", "en"]), orderId: z.string().uuid().optional() }),
      response: { 201: ZDocumentDetail },
    },
  }, async (req, reply) => reply.status(201).send(await svc.create(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body)));

  api.get(`${base}/:documentId`, {
    schema: {
      tags, summary: "A document: one version's content (the newest by default), every version and every sign-off",
      params: ZDocParams, querystring: z.strictObject({ version: ZVersion.optional() }), response: { 200: ZDocumentDetail },
    },
  }, async (req) => svc.get(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.documentId, req.query.version));

  api.put(`${base}/:documentId`, {
    schema: {
      tags, summary: "Save the edited document as its next version (baseVersion: refuse if someone saved since); a sign-off does not carry over",
      params: ZDocParams, body: z.strictObject({ content: ZDraftContent, baseVersion: z.number().int().min(1).optional() }), response: { 200: ZDocumentDetail },
    },
  }, async (req) => svc.save(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.documentId, req.body));

  api.get(`${base}/:documentId/diff`, {
    schema: {
      tags, summary: "What changed between two versions, per section (word diff)",
      params: ZDocParams, querystring: z.strictObject({ from: ZVersion, to: ZVersion }), response: { 200: ZDocumentDiff },
    },
  }, async (req) => svc.diff(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.documentId, req.query.from, req.query.to));

  api.post(`${base}/:documentId/sign-off`, {
    schema: {
      tags, summary: "The CISO signs off the newest version (version must be it); a document that answers an obligation files it",
      params: ZDocParams, body: z.strictObject({ version: z.number().int().min(1) }), response: { 200: ZDocumentDetail },
    },
  }, async (req) => svc.signOff(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.documentId, req.body.version));

  api.get("/orgs/:orgId/incidents/:incidentId/obligations/ppc-form", {
    schema: {
      tags, summary: "What the PPC's web form asks, field by field with its Japanese label, from the newest signed-off 速報 or 確報: JSON, plain text or CSV to copy into the form",
      params: ZIncidentParams,
      querystring: z.strictObject({ kind: z.enum(["ppc_preliminary", "ppc_final"]), format: z.enum(["json", "text", "csv"]).optional() }),
    },
  }, async (req, reply) => {
    const form = await svc.ppcForm(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.query.kind);
    const format = req.query.format ?? "json";
    const name = `ppc-form-${req.query.kind}-v${form.version}.${format === "text" ? "txt" : format}`;
    const body = format === "text" ? ppcFormText(form) : format === "csv" ? ppcFormCsv(form) : JSON.stringify(form, null, 2);
    return reply
      .header("content-type", format === "text" ? "text/plain; charset=utf-8" : format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
      .header("content-disposition", `${format === "json" ? "inline" : "attachment"}; filename="${name}"`)
      .header("x-content-type-options", "nosniff").header("cache-control", "no-store")
      .send(body);
  });

  api.get(`${base}/:documentId/render`, {
    schema: {
      tags, summary: "One version as HTML (preview, printable), PDF (A4, subset Noto Sans JP embedded) or JSON (the document model)",
      params: ZDocParams,
      querystring: z.strictObject({ format: z.enum(["html", "pdf", "json"]), version: ZVersion.optional(), download: z.enum(["0", "1"]).optional() }),
    },
  }, async (req, reply) => {
    const r = await svc.render(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.documentId, req.query.format, req.query.version);
    const filename = r.filename.replace(/[^A-Za-z0-9._-]/g, "_");
    return reply
      .header("content-type", r.type)
      .header("content-disposition", `${req.query.download === "1" || req.query.format === "pdf" ? "attachment" : "inline"}; filename="${filename}"`)
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "no-store")
      .header("content-security-policy", "default-src 'none'; style-src 'unsafe-inline'; sandbox")
      .send(r.body);
  });
};
