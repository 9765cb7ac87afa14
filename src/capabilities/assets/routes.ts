/** /api/v1/orgs/:orgId/assets (the inventory, CSV import) and /api/v1/orgs/:orgId/incidents/:incidentId/assets. */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { translator } from "../../platform/i18n/i18n.js";
import { ZAssetImport, ZAssetInput, ZAssetPatch, ZIncidentAssetInput, ZIncidentAssetPatch } from "./domain.js";
import { ZAsset, ZAssetLink as ZLink, ZAssetLinks, ZAssets, ZImportRefused, ZImportReport } from "./contract.js";
import { createAssetService } from "./service.js";
import { ZIncidentParams, ZOrgParams } from "../../platform/http/params.js";

const ZAssetParams = ZOrgParams.extend({ assetId: z.string().uuid() });
const ZLinkParams = ZIncidentParams.extend({ assetId: z.string().uuid() });
export const assetRoutes = (api: Api, p: Platform): void => {
  const svc = createAssetService(p);
  const tags = ["assets"];

  api.get("/orgs/:orgId/assets", {
    schema: { tags, summary: "The asset inventory", params: ZOrgParams, response: { 200: ZAssets } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId)));

  api.post("/orgs/:orgId/assets", {
    schema: { tags, summary: "Add an asset", params: ZOrgParams, body: ZAssetInput, response: { 201: z.object({ asset: ZAsset }) } },
  }, async (req, reply) => reply.status(201).send({ asset: await svc.create(await requestContext(p, req, req.params.orgId), req.body) }));

  api.post("/orgs/:orgId/assets/import", {
    schema: {
      tags, params: ZOrgParams, body: ZAssetImport,
      summary: "Import the inventory from CSV (upsert by host name; every row checked before any is written)",
      description:
        "`csv` is the file as text; `csvBase64` its bytes (UTF-8 or Shift_JIS, detected). The JSON body is limited by SOKUHO_BODY_LIMIT_BYTES " +
        "(1 MiB by default: about 1 MB of CSV text, 750 kB as base64). With `dryRun` the answer is the report and nothing changes. " +
        "Any bad row: 400 with the report, every error with its line, column and a message in Japanese and English; nothing is imported. " +
        "A valid file is written in batches of 1,000 rows, each with one audit row (counts, lines, SHA-256 of the batch); sending the same file " +
        "again after an interruption is safe (rows already written are unchanged).",
      response: { 200: ZImportReport, 400: ZImportRefused },
    },
  }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const report = await svc.importCsv(ctx, req.body);
    if (report.dryRun || report.applied) return report;
    const first = report.errors[0];
    const message = translator(ctx.locale)("errors.csv_invalid", { count: report.errors.length, line: first?.line ?? 0 });
    return reply.status(400).send({ error: { code: "csv_invalid", field: "body.csv", message, requestId: req.id }, report });
  });

  api.get("/orgs/:orgId/assets/:assetId", { schema: { tags, summary: "One asset", params: ZAssetParams, response: { 200: z.object({ asset: ZAsset }) } } },
    async (req) => ({ asset: await svc.get(await requestContext(p, req, req.params.orgId), req.params.assetId) }));

  api.patch("/orgs/:orgId/assets/:assetId", {
    schema: { tags, summary: "Change an asset", params: ZAssetParams, body: ZAssetPatch, response: { 200: z.object({ asset: ZAsset }) } },
  }, async (req) => ({ asset: await svc.update(await requestContext(p, req, req.params.orgId), req.params.assetId, req.body) }));

  api.delete("/orgs/:orgId/assets/:assetId", { schema: { tags, summary: "Delete an asset (not while linked to an incident)", params: ZAssetParams } }, async (req, reply) => {
    await svc.remove(await requestContext(p, req, req.params.orgId), req.params.assetId);
    return reply.status(204).send();
  });

  const links = "/orgs/:orgId/incidents/:incidentId/assets";
  api.get(links, {
    schema: { tags, summary: "Assets linked to an incident, with their compromise status", params: ZIncidentParams, response: { 200: ZAssetLinks } },
  }, async (req) => svc.listLinks(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.post(links, {
    schema: { tags, summary: "Link an asset to an incident", params: ZIncidentParams, body: ZIncidentAssetInput, response: { 201: z.object({ link: ZLink }) } },
  }, async (req, reply) => reply.status(201).send({ link: await svc.link(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body) }));

  api.patch(`${links}/:assetId`, {
    schema: { tags, summary: "Change a linked asset's compromise status or note", params: ZLinkParams, body: ZIncidentAssetPatch, response: { 200: z.object({ link: ZLink }) } },
  }, async (req) => ({ link: await svc.updateLink(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.assetId, req.body) }));

  api.delete(`${links}/:assetId`, { schema: { tags, summary: "Unlink an asset from an incident", params: ZLinkParams } }, async (req, reply) => {
    await svc.unlink(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.assetId);
    return reply.status(204).send();
  });
};
