/** /api/v1/orgs/:orgId/incidents/:incidentId/affected: the affected-person registry (loaded by `sokuho scan --import`). */
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZLookupInput } from "./domain.js";
import { ZAffectedSummary as ZSummary, ZDeleteImportResult, ZLookupResult } from "./contract.js";
import { z } from "zod";
import { createAffectedService } from "./service.js";
import { ZIncidentParams } from "../../platform/http/params.js";

export const affectedRoutes = (api: Api, p: Platform): void => {
  const svc = createAffectedService(p);
  const tags = ["affected"];
  const base = "/orgs/:orgId/incidents/:incidentId/affected";

  api.get(base, {
    schema: {
      tags, params: ZIncidentParams, response: { 200: ZSummary },
      summary: "The affected-person registry: imports with counts and progress (no personal data)",
    },
  }, async (req) => svc.summary(await requestContext(p, req, req.params.orgId), req.params.incidentId));

  api.post(`${base}/lookup`, {
    schema: {
      tags, params: ZIncidentParams, body: ZLookupInput, response: { 200: ZLookupResult },
      summary: "Is this person in the registry? By e-mail, or phone / kana name with a birth date",
      description: "Values are normalised as the scanner does (full-width, hiragana, 和暦 dates) and compared as HMAC. The answer names the leaked items and masked contact details; the look-up is audited without its values. Owner organisation, writers only.",
    },
  }, async (req) => svc.lookup(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.body));

  api.delete(`${base}/imports/:importId`, {
    schema: {
      tags, params: ZIncidentParams.extend({ importId: z.string().uuid() }), response: { 200: ZDeleteImportResult },
      summary: "Delete one import: its people and identifiers; people merged across imports keep their other provenance",
      description: "Refused (409 busy) while the import is loading. Audited with counts only. Owner organisation, writers only.",
    },
  }, async (req) => svc.deleteImport(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.importId));
};
