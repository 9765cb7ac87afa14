/** /api/v1/orgs/:orgId/network/associations: which associations a regulator works with (its broadcasts reach them). */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZOrgParams } from "../../platform/http/params.js";
import { ZRegulatorAssociations } from "./associations-contract.js";
import { createRegulatorAssociationService } from "./associations-service.js";

export const regulatorAssociationRoutes = (api: Api, p: Platform): void => {
  const svc = createRegulatorAssociationService(p);
  const tags = ["network"];
  const base = "/orgs/:orgId/network/associations";

  api.get(base, {
    schema: { tags, summary: "The associations this regulator works with (or, for an association, the regulators working with it)", params: ZOrgParams, response: { 200: ZRegulatorAssociations } },
  }, async (req) => svc.list(await requestContext(p, req, req.params.orgId)));

  api.post(base, {
    schema: {
      tags, summary: "A regulator's org-admin adds an association it works with: its broadcasts to the associations reach it",
      params: ZOrgParams, body: z.strictObject({ associationOrgId: z.string().uuid() }), response: { 201: ZRegulatorAssociations },
    },
  }, async (req, reply) => reply.status(201).send(await svc.add(await requestContext(p, req, req.params.orgId), req.body.associationOrgId)));

  api.delete(`${base}/:otherOrgId`, {
    schema: {
      tags, summary: "Ends the relation (the regulator's or the association's org-admin)",
      params: ZOrgParams.extend({ otherOrgId: z.string().uuid() }), response: { 200: ZRegulatorAssociations },
    },
  }, async (req) => svc.remove(await requestContext(p, req, req.params.orgId), req.params.otherOrgId));
};
