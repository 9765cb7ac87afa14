/** /api/v1/orgs/:orgId/incidents/:incidentId/evidence: upload (multipart, streamed), list, custody, download, verify. */
import multipart from "@fastify/multipart";
import type { FastifyRequest } from "fastify";
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { AppError } from "../../platform/http/errors.js";
import { contentDisposition, MAX_DESCRIPTION_CHARS, ZCustodyInput } from "./domain.js";
import { createEvidenceService, type UploadPart } from "./service.js";
import { ZIncidentParams } from "../../platform/http/params.js";
import { ZCustodyEvent, ZEvidence, ZEvidenceList, ZVerifyResponse } from "./contract.js";

const ZEvidenceParams = ZIncidentParams.extend({ evidenceId: z.string().uuid() });
/** @fastify/multipart's parts as the service's UploadPart, one at a time (a file must be read before the next part). */
async function* uploadParts(req: FastifyRequest): AsyncGenerator<UploadPart> {
  for await (const part of req.parts()) {
    if (part.type === "file") yield { kind: "file", name: part.fieldname, filename: part.filename, mimetype: part.mimetype, stream: part.file };
    else yield { kind: "field", name: part.fieldname, value: typeof part.value === "string" ? part.value : "", truncated: part.valueTruncated };
  }
}

export const evidenceRoutes = async (api: Api, p: Platform): Promise<void> => {
  const svc = createEvidenceService(p);
  const tags = ["evidence"];
  const base = "/orgs/:orgId/incidents/:incidentId/evidence";

  // Multipart only here: the parser is registered in this scope, with the evidence size limit.
  await api.register(async (scoped: Api) => {
    await scoped.register(multipart, {
      throwFileSizeLimit: true,
      limits: { fileSize: p.config.evidenceMaxBytes, files: 1, fields: 4, parts: 6, fieldSize: MAX_DESCRIPTION_CHARS * 4, headerPairs: 50 },
    });
    scoped.post(base, {
      schema: {
        tags, summary: "Upload a piece of evidence (multipart/form-data: `file`, optional `description`)", consumes: ["multipart/form-data"],
        params: ZIncidentParams, response: { 201: z.object({ evidence: ZEvidence }) },
      },
    }, async (req, reply) => {
      const ctx = await requestContext(p, req, req.params.orgId);
      if (!req.isMultipart()) throw new AppError("unsupported_media_type");
      const evidence = await svc.upload(ctx, req.params.incidentId, uploadParts(req));
      return reply.status(201).send({ evidence });
    });
  });

  api.get(base, {
    schema: {
      tags, summary: "Evidence of an incident", params: ZIncidentParams,
      response: { 200: ZEvidenceList },
    },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.get(`${base}/:evidenceId`, {
    schema: { tags, summary: "One piece of evidence with its chain of custody", params: ZEvidenceParams, response: { 200: z.object({ evidence: ZEvidence, custody: z.array(ZCustodyEvent) }) } },
  }, async (req) => svc.get(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.evidenceId));

  api.get(`${base}/:evidenceId/download`, {
    schema: { tags, summary: "Download the stored bytes (always as an attachment); recorded in the chain of custody", params: ZEvidenceParams },
  }, async (req, reply) => {
    const d = await svc.download(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.evidenceId);
    return reply
      .header("content-type", "application/octet-stream")
      .header("content-disposition", contentDisposition(d.filename))
      .header("content-length", String(d.size))
      .header("x-content-type-options", "nosniff")
      .header("cache-control", "no-store")
      .header("content-security-policy", "default-src 'none'; sandbox")
      .send(d.stream);
  });

  api.post(`${base}/:evidenceId/verify`, {
    schema: { tags, summary: "Hash the stored bytes again and record the result", params: ZEvidenceParams, response: { 200: ZVerifyResponse } },
  }, async (req) => svc.verify(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.evidenceId));

  api.post(`${base}/:evidenceId/custody`, {
    schema: { tags, summary: "Record a transfer or a note in the chain of custody", params: ZEvidenceParams, body: ZCustodyInput, response: { 201: z.object({ custody: z.array(ZCustodyEvent) }) } },
  }, async (req, reply) => reply.status(201).send(await svc.addCustody(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.evidenceId, req.body)));
};
