/**
 * The one way for any capability to reach an incident on behalf of an actor: RLS hides what the organisation
 * may not see; this adds the policy (owner roles, or a vendor's live grant). Not visible → 404.
 */
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";
import type { RequestContext } from "../../platform/context.js";
import { notFound } from "../../platform/http/errors.js";
import { authorize, policiesForIncident, type IncidentPolicies, type IncidentSubject } from "../../platform/policies/policies.js";
import { incidentStore } from "./store.js";

export type IncidentAccess = { row: NonNullable<Awaited<ReturnType<typeof incidentStore.get>>>; pol: IncidentPolicies };

/** An incident row as the policies see it: its owner and the live grant (if any) the actor reads it under. */
export const incidentSubject = (row: { org_id: string; grant_access: "read" | "write" | null }): IncidentSubject =>
  ({ orgId: row.org_id, grant: row.grant_access ? { access: row.grant_access } : null });

export const loadIncident = async (ctx: RequestContext, db: Kysely<DB>, id: string, need: "read" | "update" = "read"): Promise<IncidentAccess> => {
  const row = await incidentStore.get(db, ctx.actor.orgId, id);
  if (!row) throw notFound();
  const pol = policiesForIncident(ctx.actor, incidentSubject(row));
  if (!pol.read) throw notFound();
  if (need === "update") authorize(pol.update);
  return { row, pol };
};
