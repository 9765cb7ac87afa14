/** Asset and incident-asset queries. RLS: the owner sees its inventory, a vendor only assets linked to granted incidents. */
import { sql, type Kysely } from "kysely";
import type { Insertable, Updateable } from "kysely";
import type { AssetsTable, DB } from "../../platform/db/schema.js";
import type { Compromise } from "./domain.js";

const assetColumns = [
  "a.id", "a.org_id", "a.hostname", "a.addresses", "a.role", "a.owner", "a.vendor_org_id", "a.holds_personal_data",
  "a.internet_facing", "a.egress_allowed", "a.created_at", "a.updated_at", "v.name_ja as vendor_name_ja", "v.name_en as vendor_name_en",
] as const;
const assets = (db: Kysely<DB>) => db.selectFrom("assets as a").leftJoin("organizations as v", "v.id", "a.vendor_org_id");

export const assetStore = {
  list: (db: Kysely<DB>, orgId: string) => assets(db).select(assetColumns).where("a.org_id", "=", orgId).orderBy("a.hostname").execute(),
  get: (db: Kysely<DB>, orgId: string, id: string) =>
    assets(db).select(assetColumns).where("a.org_id", "=", orgId).where("a.id", "=", id).executeTakeFirst(),
  /** Any asset this actor may see (a vendor: those linked to its granted incidents). */
  getVisible: (db: Kysely<DB>, id: string) => assets(db).select(assetColumns).where("a.id", "=", id).executeTakeFirst(),
  byHostnames: (db: Kysely<DB>, orgId: string, hostnames: string[]) =>
    hostnames.length === 0 ? Promise.resolve([]) : assets(db).select(assetColumns).where("a.org_id", "=", orgId).where("a.hostname", "in", hostnames).execute(),
  insert: (db: Kysely<DB>, row: Insertable<AssetsTable>) => db.insertInto("assets").values(row).returning("id").executeTakeFirstOrThrow(),
  /** One statement for a batch of new assets; their ids in the order given. */
  insertMany: async (db: Kysely<DB>, rows: Array<Insertable<AssetsTable>>): Promise<string[]> =>
    rows.length === 0 ? [] : (await db.insertInto("assets").values(rows).returning("id").execute()).map((r) => r.id),
  /** One statement for a batch of updates, every column given (the row as it should be). */
  updateMany: async (db: Kysely<DB>, orgId: string, rows: AssetColumns[], now: Date): Promise<number> => {
    if (rows.length === 0) return 0;
    const r = await sql`
      UPDATE assets a SET addresses = v.addresses, role = v.role, owner = v.owner, vendor_org_id = v.vendor_org_id,
        holds_personal_data = v.holds_personal_data, internet_facing = v.internet_facing, egress_allowed = v.egress_allowed,
        updated_at = ${now}
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS v(id uuid, addresses text[], role text, owner text,
        vendor_org_id uuid, holds_personal_data boolean, internet_facing boolean, egress_allowed boolean)
      WHERE a.id = v.id AND a.org_id = ${orgId}`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  },
  update: (db: Kysely<DB>, orgId: string, id: string, patch: Updateable<AssetsTable>) =>
    db.updateTable("assets").set(patch).where("org_id", "=", orgId).where("id", "=", id).returning("id").executeTakeFirst(),
  delete: (db: Kysely<DB>, orgId: string, id: string) =>
    db.deleteFrom("assets").where("org_id", "=", orgId).where("id", "=", id).returning("id").executeTakeFirst(),
  countLinks: async (db: Kysely<DB>, assetId: string): Promise<number> => {
    const r = await db.selectFrom("incident_assets").select((eb) => eb.fn.countAll<string>().as("n")).where("asset_id", "=", assetId).executeTakeFirstOrThrow();
    return Number(r.n);
  },
  /** Serialises imports per organisation, so two at once cannot both create the same host name. */
  lockInventory: (db: Kysely<DB>, orgId: string) => sql`SELECT pg_advisory_xact_lock(hashtext('asset-import:' || ${orgId}))`.execute(db),
};
export type AssetRow = NonNullable<Awaited<ReturnType<typeof assetStore.get>>>;
/** Every column an import batch sets, for one existing asset. */
export type AssetColumns = {
  id: string; addresses: string[]; role: string; owner: string; vendor_org_id: string | null;
  holds_personal_data: boolean; internet_facing: boolean; egress_allowed: boolean;
};

const linkColumns = ["ia.incident_id", "ia.asset_id", "ia.compromise", "ia.note", "ia.linked_at"] as const;

const links = (db: Kysely<DB>, incidentId: string) =>
  db
    .selectFrom("incident_assets as ia")
    .innerJoin("assets as a", "a.id", "ia.asset_id")
    .leftJoin("organizations as v", "v.id", "a.vendor_org_id")
    .select([...linkColumns, ...assetColumns])
    .where("ia.incident_id", "=", incidentId);

export const incidentAssetStore = {
  list: (db: Kysely<DB>, incidentId: string) => links(db, incidentId).orderBy("a.hostname").execute(),
  get: (db: Kysely<DB>, incidentId: string, assetId: string) => links(db, incidentId).where("ia.asset_id", "=", assetId).executeTakeFirst(),
  /** Nothing when the asset is already linked. */
  insert: (db: Kysely<DB>, l: { orgId: string; incidentId: string; assetId: string; compromise: Compromise; note: string }) =>
    db
      .insertInto("incident_assets")
      .values({ org_id: l.orgId, incident_id: l.incidentId, asset_id: l.assetId, compromise: l.compromise, note: l.note })
      .onConflict((oc) => oc.columns(["incident_id", "asset_id"]).doNothing())
      .returning("asset_id")
      .executeTakeFirst(),
  update: (db: Kysely<DB>, incidentId: string, assetId: string, patch: { compromise?: Compromise; note?: string }) =>
    db.updateTable("incident_assets").set(patch).where("incident_id", "=", incidentId).where("asset_id", "=", assetId).returning("asset_id").executeTakeFirst(),
  delete: (db: Kysely<DB>, incidentId: string, assetId: string) =>
    db.deleteFrom("incident_assets").where("incident_id", "=", incidentId).where("asset_id", "=", assetId).returning("asset_id").executeTakeFirst(),
};
export type IncidentAssetRow = NonNullable<Awaited<ReturnType<typeof incidentAssetStore.get>>>;
