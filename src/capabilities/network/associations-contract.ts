/** The regulator–association relation as the API answers it (migration 0024). */
import { z } from "zod";
import { ORG_KINDS } from "../../platform/db/schema.js";

const ZLinkedOrg = z.object({ id: z.string(), kind: z.enum(ORG_KINDS), nameJa: z.string(), nameEn: z.string(), since: z.string() });
export const ZRegulatorAssociations = z.object({
  /** The associations this regulator works with, or the regulators an association works with. */
  links: z.array(ZLinkedOrg),
  /** For a regulator's org-admin: the associations it may add. */
  candidates: z.array(z.object({ id: z.string(), nameJa: z.string(), nameEn: z.string() })),
  policies: z.object({ read: z.boolean(), add: z.boolean(), remove: z.boolean() }),
});
export type RegulatorAssociations = z.infer<typeof ZRegulatorAssociations>;
