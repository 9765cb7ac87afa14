/**
 * Triage routes: /orgs/:orgId/mail-context, /orgs/:orgId/mail-reports (an "unknown mail" report, attached later),
 * /orgs/:orgId/incidents/:incidentId/mail-reports, /orgs/:orgId/egress-imports, /orgs/:orgId/incidents/:incidentId/
 * egress-imports and /orgs/:orgId/egress-findings/:findingId/{incident,hosts}. Uploads are multipart, one `file`.
 */
import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { AppError } from "../../platform/http/errors.js";
import { ZIncidentParams, ZOrgParams } from "../../platform/http/params.js";
import type { UploadPart } from "../evidence/service.js";
import { MAX_MAIL_BYTES, MAX_NOTE_CHARS, ZAttachReport, ZImportListQuery, ZLinkFindingHost, ZMailContextInput, ZPromoteFinding, ZReportListQuery } from "./domain.js";
import {
  ZAddedIndicators, ZEgressImport, ZEgressImportDetail, ZEgressImports, ZHostLinked, ZMailContext, ZMailReport, ZMailReports, ZPromoted,
} from "./contract.js";
import { createTriageService } from "./service.js";

const ZReportParams = ZOrgParams.extend({ reportId: z.string().uuid() });
const ZImportParams = ZOrgParams.extend({ importId: z.string().uuid() });
const ZFindingParams = ZOrgParams.extend({ findingId: z.string().uuid() });

async function* uploadParts(req: FastifyRequest): AsyncGenerator<UploadPart> {
  for await (const part of req.parts()) {
    if (part.type === "file") yield { kind: "file", name: part.fieldname, filename: part.filename, mimetype: part.mimetype, stream: part.file };
    else yield { kind: "field", name: part.fieldname, value: typeof part.value === "string" ? part.value : "", truncated: part.valueTruncated };
  }
}

export const triageRoutes = async (api: Api, p: Platform): Promise<void> => {
  const svc = createTriageService(p);
  const tags = ["triage"];

  api.get("/orgs/:orgId/mail-context", {
    schema: { tags, summary: "What the mail analysis knows of this organisation: own domains, trusted authserv-ids, partners, VIPs, known senders", params: ZOrgParams, response: { 200: ZMailContext } },
  }, async (req) => svc.getMailContext(await requestContext(p, req, req.params.orgId)));
  api.put("/orgs/:orgId/mail-context", {
    schema: { tags, summary: "Replace the organisation's mail context (the partner registry with it)", params: ZOrgParams, body: ZMailContextInput, response: { 200: ZMailContext } },
  }, async (req) => svc.putMailContext(await requestContext(p, req, req.params.orgId), req.body));

  // Multipart in two scopes, each with its own size limit: mails are read into memory, logs streamed to storage.
  await api.register(async (scoped: Api) => {
    await scoped.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: MAX_MAIL_BYTES, files: 1, fields: 2, parts: 4, fieldSize: MAX_NOTE_CHARS * 4, headerPairs: 50 } });
    const upload = { consumes: ["multipart/form-data"], response: { 201: z.object({ report: ZMailReport }) } };
    scoped.post("/orgs/:orgId/mail-reports", {
      schema: { tags, summary: "Report a suspicious mail (.eml, multipart `file`, optional `note`) without an incident: analysed at once", params: ZOrgParams, ...upload },
    }, async (req, reply) => {
      const ctx = await requestContext(p, req, req.params.orgId);
      if (!req.isMultipart()) throw new AppError("unsupported_media_type");
      return reply.status(201).send({ report: await svc.reportMail(ctx, null, uploadParts(req)) });
    });
    scoped.post("/orgs/:orgId/incidents/:incidentId/mail-reports", {
      schema: { tags, summary: "Upload a suspicious mail (.eml) to an incident: analysed at once", params: ZIncidentParams, ...upload },
    }, async (req, reply) => {
      const ctx = await requestContext(p, req, req.params.orgId);
      if (!req.isMultipart()) throw new AppError("unsupported_media_type");
      return reply.status(201).send({ report: await svc.reportMail(ctx, req.params.incidentId, uploadParts(req)) });
    });
  });
  await api.register(async (scoped: Api) => {
    await scoped.register(multipart, { throwFileSizeLimit: true, limits: { fileSize: p.config.evidenceMaxBytes, files: 1, fields: 0, parts: 2, headerPairs: 50 } });
    const upload = { consumes: ["multipart/form-data"], response: { 202: z.object({ import: ZEgressImport }) } };
    scoped.post("/orgs/:orgId/egress-imports", {
      schema: { tags, summary: "Import a connection log (Zeek conn.log TSV/JSON, Suricata EVE, proxy log; gzip or plain) for analysis", params: ZOrgParams, ...upload },
    }, async (req, reply) => {
      const ctx = await requestContext(p, req, req.params.orgId);
      if (!req.isMultipart()) throw new AppError("unsupported_media_type");
      return reply.status(202).send({ import: await svc.importLog(ctx, null, uploadParts(req)) });
    });
    scoped.post("/orgs/:orgId/incidents/:incidentId/egress-imports", {
      schema: { tags, summary: "Import a connection log into an incident; the analysis runs as a job", params: ZIncidentParams, ...upload },
    }, async (req, reply) => {
      const ctx = await requestContext(p, req, req.params.orgId);
      if (!req.isMultipart()) throw new AppError("unsupported_media_type");
      return reply.status(202).send({ import: await svc.importLog(ctx, req.params.incidentId, uploadParts(req)) });
    });
  });

  api.get("/orgs/:orgId/mail-reports", {
    schema: { tags, summary: "The organisation's mail reports (`unattached=true`: those not yet in an incident)", params: ZOrgParams, querystring: ZReportListQuery, response: { 200: ZMailReports } },
  }, async (req) => svc.listReports(await requestContext(p, req, req.params.orgId), req.query.incidentId ?? null, req.query.unattached === "true"));
  api.get("/orgs/:orgId/incidents/:incidentId/mail-reports", {
    schema: { tags, summary: "Mail reports of an incident with their analysis", params: ZIncidentParams, response: { 200: ZMailReports } },
  }, async (req) => svc.listReports(await requestContext(p, req, req.params.orgId), req.params.incidentId, false));
  api.get("/orgs/:orgId/mail-reports/:reportId", {
    schema: { tags, summary: "One mail report with its analysis", params: ZReportParams, response: { 200: z.object({ report: ZMailReport }) } },
  }, async (req) => svc.getReport(await requestContext(p, req, req.params.orgId), req.params.reportId));
  api.put("/orgs/:orgId/mail-reports/:reportId/incident", {
    schema: { tags, summary: "Attach an unattached mail report to an incident", params: ZReportParams, body: ZAttachReport, response: { 200: z.object({ report: ZMailReport }) } },
  }, async (req) => svc.attachReport(await requestContext(p, req, req.params.orgId), req.params.reportId, req.body.incidentId));
  api.post("/orgs/:orgId/mail-reports/:reportId/indicators", {
    schema: { tags, summary: "Add the mail's URLs, domains, IPs and SHA-256 hashes to its incident's indicators (values already there are not added again)", params: ZReportParams, response: { 200: ZAddedIndicators } },
  }, async (req) => svc.addReportIndicators(await requestContext(p, req, req.params.orgId), req.params.reportId));

  api.get("/orgs/:orgId/egress-imports", {
    schema: { tags, summary: "The organisation's log imports", params: ZOrgParams, querystring: ZImportListQuery, response: { 200: ZEgressImports } },
  }, async (req) => svc.listImports(await requestContext(p, req, req.params.orgId), req.query.incidentId ?? null));
  api.get("/orgs/:orgId/incidents/:incidentId/egress-imports", {
    schema: { tags, summary: "Log imports of an incident", params: ZIncidentParams, response: { 200: ZEgressImports } },
  }, async (req) => svc.listImports(await requestContext(p, req, req.params.orgId), req.params.incidentId));
  api.get("/orgs/:orgId/egress-imports/:importId", {
    schema: { tags, summary: "One log import with its ranked findings", params: ZImportParams, response: { 200: ZEgressImportDetail } },
  }, async (req) => svc.getImport(await requestContext(p, req, req.params.orgId), req.params.importId));
  api.post("/orgs/:orgId/egress-findings/:findingId/incident", {
    schema: {
      tags, params: ZFindingParams, body: ZPromoteFinding, response: { 200: ZPromoted },
      summary: "Create an incident from a finding, or add it to one (`incidentId`): detected clock, indicators, asset links",
      description: "The `detected` clock is set to the moment the finding first had enough evidence, unless the incident was detected earlier. The finding's destinations become indicators (values already there are not added again); its internal hosts are linked to the assets that carry their address or host name, and those that match none are listed in `unmatchedHosts`.",
    },
  }, async (req) => svc.promoteFinding(await requestContext(p, req, req.params.orgId), req.params.findingId, req.body));
  api.post("/orgs/:orgId/egress-findings/:findingId/hosts", {
    schema: { tags, summary: "Link a host of a finding to an asset (given, matched by address or name, or created) on an incident", params: ZFindingParams, body: ZLinkFindingHost, response: { 200: ZHostLinked } },
  }, async (req) => svc.linkFindingHost(await requestContext(p, req, req.params.orgId), req.params.findingId, req.body));
};
