/** The asset inventory (companies only), its CSV import, and the assets linked to an incident. */
import type { z } from "zod";
import type { Kysely } from "kysely";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { DB } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import type { ImportReport } from "./contract.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import { authorize, canInOrg } from "../../platform/policies/policies.js";
import { loadIncident as loadIncidentFor } from "../incidents/access.js";
import { orgStore } from "../orgs/store.js";
import {
  CSV_PROBLEM_TEXT, csvError, decodeCsv, normalizeAddress, normalizeHostname, parseAssetCsv, segmentationWarning,
  type AssetCsvRow, type CsvProblem, type ZAssetImport, type ZAssetInput, type ZAssetPatch,
  type ZIncidentAssetInput, type ZIncidentAssetPatch,
} from "./domain.js";
import { assetStore, incidentAssetStore, type AssetColumns, type AssetRow, type IncidentAssetRow } from "./store.js";
import { randomUUID } from "node:crypto";
import { changedFields, digestOf } from "../../platform/audit/chain.js";

/** Rows per import transaction: small enough that other writes of the organisation wait at most one batch. */
const IMPORT_BATCH_ROWS = 1000;

/** The columns an asset's fields set; undefined leaves a column as it is. */
type AssetValues = {
  hostname?: string; addresses?: string[]; role?: string; owner?: string; vendor_org_id?: string | null;
  holds_personal_data?: boolean; internet_facing?: boolean; egress_allowed?: boolean;
};

const presentAsset = (r: AssetRow, canManage: boolean) => {
  const exposure = { holdsPersonalData: r.holds_personal_data, internetFacing: r.internet_facing, egressAllowed: r.egress_allowed };
  const reasons = segmentationWarning(exposure);
  return {
    id: r.id,
    orgId: r.org_id,
    hostname: r.hostname,
    addresses: r.addresses,
    role: r.role,
    owner: r.owner,
    vendor: r.vendor_org_id ? { id: r.vendor_org_id, nameJa: r.vendor_name_ja ?? "", nameEn: r.vendor_name_en ?? "" } : null,
    ...exposure,
    segmentation: { warning: reasons.length > 0, reasons },
    createdAt: r.created_at.toISOString(),
    updatedAt: r.updated_at.toISOString(),
    policies: { update: canManage, delete: canManage },
  };
};
// The owner field may name a person and the role is free text: both stay out of the audit log (see AUDIT_FIELDS).
const snapshot = (r: AssetRow) => ({
  hostname: r.hostname, addresses: r.addresses, vendorOrgId: r.vendor_org_id,
  holdsPersonalData: r.holds_personal_data, internetFacing: r.internet_facing, egressAllowed: r.egress_allowed,
});

const ASSET_FIELDS = ["hostname", "addresses", "role", "owner", "vendor_org_id", "holds_personal_data", "internet_facing", "egress_allowed"] as const;

/** Only the columns `v` changes, compared with `row`: nothing when the values are already there. */
const changes = (row: AssetRow, v: AssetValues): AssetValues =>
  Object.fromEntries(Object.entries(v).filter(([k, x]) => x !== undefined && JSON.stringify(row[k as keyof AssetRow]) !== JSON.stringify(x)));

/** The row as an import batch leaves it: the CSV's values over the stored ones (an empty cell keeps a value). */
const mergeColumns = (row: AssetRow, v: AssetValues): AssetColumns => ({
  id: row.id, addresses: v.addresses ?? row.addresses, role: v.role ?? row.role, owner: v.owner ?? row.owner,
  vendor_org_id: v.vendor_org_id === undefined ? row.vendor_org_id : v.vendor_org_id,
  holds_personal_data: v.holds_personal_data ?? row.holds_personal_data, internet_facing: v.internet_facing ?? row.internet_facing,
  egress_allowed: v.egress_allowed ?? row.egress_allowed,
});

/** An incident this actor may see; vendors may change links under a write grant but not remove them (RLS agrees). */
const loadIncident = async (ctx: RequestContext, db: Kysely<DB>, id: string) => {
  const { row, pol } = await loadIncidentFor(ctx, db, id);
  return { ownerOrgId: row.org_id, policies: { update: pol.update, delete: pol.update && row.org_id === ctx.actor.orgId } };
};

export type { ImportReport } from "./contract.js";

export const createAssetService = (p: Platform) => {
  const problem = (ctx: RequestContext, field: string, code: CsvProblem, n?: number) =>
    new AppError("validation", field, { detail: CSV_PROBLEM_TEXT[code][ctx.locale].replace("{n}", String(n ?? "")) });

  /** A vendor organisation by id or slug (the CSV may use either), or null. */
  const findVendor = async (db: Kysely<DB>, ref: string) => {
    const org = /^[0-9a-f-]{36}$/i.test(ref) ? await orgStore.get(db, ref) : await orgStore.getBySlug(db, ref.toLowerCase());
    return org?.kind === "vendor" ? org.id : null;
  };

  /** API input as columns, each field checked by the same rules as the CSV import. */
  const valuesOf = async (ctx: RequestContext, db: Kysely<DB>, input: z.infer<typeof ZAssetPatch>): Promise<AssetValues> => {
    const hostname = input.hostname === undefined ? undefined : normalizeHostname(input.hostname);
    if (hostname === null) throw problem(ctx, "body.hostname", input.hostname?.trim() ? "hostname" : "required");
    const addresses = input.addresses?.map(normalizeAddress);
    const badAddress = addresses?.indexOf(null) ?? -1;
    if (badAddress >= 0) throw problem(ctx, `body.addresses.${badAddress}`, "address");
    if (input.vendorOrgId && !(await findVendor(db, input.vendorOrgId))) throw new AppError("asset_vendor_invalid", "body.vendorOrgId");
    return {
      hostname, addresses: addresses && [...new Set(addresses as string[])], role: input.role?.trim(), owner: input.owner?.trim(), vendor_org_id: input.vendorOrgId,
      holds_personal_data: input.holdsPersonalData, internet_facing: input.internetFacing, egress_allowed: input.egressAllowed,
    };
  };

  const loadAsset = async (ctx: RequestContext, db: Kysely<DB>, id: string) => {
    const row = await assetStore.get(db, ctx.actor.orgId, id);
    if (!row) throw notFound();
    return row;
  };
  const assertHostnameFree = async (db: Kysely<DB>, orgId: string, hostname: string | undefined, selfId?: string) => {
    if (!hostname) return;
    const [other] = await assetStore.byHostnames(db, orgId, [hostname]);
    if (other && other.id !== selfId) throw new AppError("conflict", "body.hostname", { field: "hostname" });
  };

  const insertAsset = async (ctx: RequestContext, tx: Tx, v: AssetValues & { hostname: string }, via: "api" | "csv") => {
    const { id } = await assetStore.insert(tx.db, { ...v, org_id: ctx.actor.orgId });
    const row = (await assetStore.get(tx.db, ctx.actor.orgId, id))!;
    await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "asset.create", objectType: "asset", objectId: id, after: { ...snapshot(row), via } });
    return row;
  };
  const updateAsset = async (ctx: RequestContext, tx: Tx, before: AssetRow, v: AssetValues, via: "api" | "csv") => {
    found(await assetStore.update(tx.db, ctx.actor.orgId, before.id, { ...v, updated_at: p.now() }));
    const row = (await assetStore.get(tx.db, ctx.actor.orgId, before.id))!;
    await p.audit.record(tx, auditMeta(ctx), {
      orgId: ctx.actor.orgId, action: "asset.update", objectType: "asset", objectId: before.id, before: snapshot(before), after: { ...snapshot(row), via, changed: changedFields(before, row, ASSET_FIELDS) },
    });
    return row;
  };

  /** CSV rows as column values, vendors resolved; a vendor that does not resolve is an error on its line. */
  const resolveRows = async (db: Kysely<DB>, rows: AssetCsvRow[]) => {
    const vendors = new Map<string, string | null>();
    for (const ref of new Set(rows.flatMap((r) => (r.vendor ? [r.vendor] : [])))) vendors.set(ref, await findVendor(db, ref));
    const errors = rows.flatMap((r) => (r.vendor && !vendors.get(r.vendor) ? [csvError(r.line, null, "vendor", "vendor")] : []));
    const values = rows.map((r): AssetValues & { hostname: string } => ({
      hostname: r.hostname, addresses: r.addresses, role: r.role, owner: r.owner, vendor_org_id: r.vendor ? vendors.get(r.vendor) : undefined,
      holds_personal_data: r.holdsPersonalData, internet_facing: r.internetFacing, egress_allowed: r.egressAllowed,
    }));
    return { values, errors };
  };

  /** What one CSV row does to the inventory as it is now. */
  const planRow = (line: number, v: AssetValues & { hostname: string }, before: AssetRow | undefined) => {
    const diff = before ? changes(before, v) : v;
    const action = !before ? ("create" as const) : Object.keys(diff).length > 0 ? ("update" as const) : ("unchanged" as const);
    const merged = {
      holdsPersonalData: v.holds_personal_data ?? before?.holds_personal_data ?? false,
      internetFacing: v.internet_facing ?? before?.internet_facing ?? false,
      egressAllowed: v.egress_allowed ?? before?.egress_allowed ?? false,
    };
    return { line, hostname: v.hostname, values: v, action, segmentation: segmentationWarning(merged) };
  };
  type PlannedRow = ReturnType<typeof planRow>;

  /**
   * Writes the import in batches, each its own transaction with set-based statements and one audit row (counts,
   * lines and a digest of what it wrote): the organisation's audit head is held for one batch, not for the whole
   * file. Every row was validated before the first batch, so a batch fails only on a crash or a concurrent edit; a
   * retry is safe (rows already written are unchanged).
   */
  const applyImport = async (ctx: RequestContext, rows: PlannedRow[]) => {
    const importId = randomUUID();
    const batches = Math.ceil(rows.length / IMPORT_BATCH_ROWS);
    for (let b = 0; b < batches; b++) {
      const batch = rows.slice(b * IMPORT_BATCH_ROWS, (b + 1) * IMPORT_BATCH_ROWS);
      await inTenant(p, ctx, async (tx) => {
        await assetStore.lockInventory(tx.db, ctx.actor.orgId);
        // Planned in another transaction: look again, so a host created meanwhile is updated, not inserted twice.
        const current = new Map((await assetStore.byHostnames(tx.db, ctx.actor.orgId, batch.map((x) => x.hostname))).map((r) => [r.hostname, r]));
        const creates: Array<AssetValues & { hostname: string }> = [];
        const updates: AssetColumns[] = [];
        for (const x of batch) {
          const before = current.get(x.hostname);
          if (!before) creates.push(x.values);
          else if (Object.keys(changes(before, x.values)).length > 0) updates.push(mergeColumns(before, x.values));
        }
        await assetStore.insertMany(tx.db, creates.map((v) => ({ ...v, org_id: ctx.actor.orgId })));
        await assetStore.updateMany(tx.db, ctx.actor.orgId, updates, p.now());
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "asset.import.batch", objectType: "asset_import", objectId: importId,
          after: {
            batch: b + 1, batches, firstLine: batch[0]!.line, lastLine: batch[batch.length - 1]!.line, created: creates.length, updated: updates.length,
            sha256: digestOf(batch.map((x) => ({ line: x.line, ...x.values }))), via: "csv",
          },
        });
      });
    }
  };

  return {
    list: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "assets.read"));
      const canManage = canInOrg(ctx.actor, "assets.manage");
      return inTenant(p, ctx, async (tx) => ({
        assets: (await assetStore.list(tx.db, ctx.actor.orgId)).map((r) => presentAsset(r, canManage)),
        policies: { create: canManage, import: canManage },
      }));
    },

    get: (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "assets.read"));
      return inTenant(p, ctx, async (tx) => presentAsset(await loadAsset(ctx, tx.db, id), canInOrg(ctx.actor, "assets.manage")));
    },

    create: (ctx: RequestContext, input: z.infer<typeof ZAssetInput>) => {
      authorize(canInOrg(ctx.actor, "assets.manage"));
      return inTenant(p, ctx, async (tx) => {
        const v = await valuesOf(ctx, tx.db, input);
        await assertHostnameFree(tx.db, ctx.actor.orgId, v.hostname);
        return presentAsset(await insertAsset(ctx, tx, { ...v, hostname: v.hostname! }, "api"), true);
      });
    },

    update: (ctx: RequestContext, id: string, patch: z.infer<typeof ZAssetPatch>) => {
      authorize(canInOrg(ctx.actor, "assets.manage"));
      return inTenant(p, ctx, async (tx) => {
        const before = await loadAsset(ctx, tx.db, id);
        const v = changes(before, await valuesOf(ctx, tx.db, patch));
        await assertHostnameFree(tx.db, ctx.actor.orgId, v.hostname, id);
        return presentAsset(Object.keys(v).length === 0 ? before : await updateAsset(ctx, tx, before, v, "api"), true);
      });
    },

    remove: (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "assets.manage"));
      return inTenant(p, ctx, async (tx) => {
        const before = await loadAsset(ctx, tx.db, id);
        // Deleting would silently drop the incidents' record of this host (ON DELETE CASCADE): unlink first.
        const links = await assetStore.countLinks(tx.db, id);
        if (links > 0) throw new AppError("asset_in_use", undefined, { count: links });
        found(await assetStore.delete(tx.db, ctx.actor.orgId, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "asset.delete", objectType: "asset", objectId: id, before: snapshot(before) });
      });
    },

    /** Upserts by host name, all rows or none; with `dryRun` (or any error) only reports what would happen. */
    importCsv: async (ctx: RequestContext, input: z.infer<typeof ZAssetImport>): Promise<ImportReport> => {
      authorize(canInOrg(ctx.actor, "assets.manage"));
      const dryRun = input.dryRun ?? false;
      if ((input.csv === undefined) === (input.csvBase64 === undefined))
        throw new AppError("validation", "body.csv", { detail: ctx.locale === "ja" ? "csv か csvBase64 のどちらか一方を指定してください" : "give exactly one of csv or csvBase64" });
      const decoded = input.csvBase64 !== undefined ? decodeCsv(Buffer.from(input.csvBase64, "base64")) : { text: input.csv ?? "", encoding: "utf-8" as const };
      if (!decoded) throw new AppError("csv_encoding", "body.csvBase64");
      const parsed = parseAssetCsv(decoded.text);
      const empty = { dryRun, applied: false, encoding: decoded.encoding, created: 0, updated: 0, unchanged: 0, rows: [] };
      if (parsed.errors.length > 0) return { ...empty, errors: parsed.errors };
      const planned = await inTenant(p, ctx, async (tx) => {
        const { values, errors } = await resolveRows(tx.db, parsed.rows);
        if (errors.length > 0) return { errors };
        const existing = new Map((await assetStore.byHostnames(tx.db, ctx.actor.orgId, values.map((v) => v.hostname))).map((r) => [r.hostname, r]));
        return { errors: [], plan: values.map((v, i) => planRow(parsed.rows[i]!.line, v, existing.get(v.hostname))) };
      });
      if (!planned.plan) return { ...empty, errors: planned.errors };
      const { plan } = planned;
      const count = (a: string) => plan.filter((x) => x.action === a).length;
      const report = {
        dryRun, applied: !dryRun, encoding: decoded.encoding, created: count("create"), updated: count("update"), unchanged: count("unchanged"), errors: [],
        rows: plan.map(({ line, hostname, action, segmentation }) => ({ line, hostname, action, segmentation })),
      };
      if (dryRun) return report;
      await applyImport(ctx, plan.filter((x) => x.action !== "unchanged"));
      return report;
    },

    listLinks: (ctx: RequestContext, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const inc = await loadIncident(ctx, tx.db, incidentId);
        return { links: (await incidentAssetStore.list(tx.db, incidentId)).map((r) => presentLink(ctx, r, inc.policies)), policies: { create: inc.policies.update } };
      }),

    link: (ctx: RequestContext, incidentId: string, input: z.infer<typeof ZIncidentAssetInput>) =>
      inTenant(p, ctx, async (tx) => {
        const inc = await loadIncident(ctx, tx.db, incidentId);
        authorize(inc.policies.update);
        const asset = await assetStore.getVisible(tx.db, input.assetId);
        // Only the incident owner's own assets: a vendor serving two companies must not mix their inventories.
        if (!asset || asset.org_id !== inc.ownerOrgId) throw new AppError("not_found", "body.assetId");
        const added = await incidentAssetStore.insert(tx.db, { orgId: inc.ownerOrgId, incidentId, assetId: input.assetId, compromise: input.compromise, note: input.note ?? "" });
        if (!added) throw new AppError("conflict", "body.assetId", { field: "assetId" });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: inc.ownerOrgId, action: "incident_asset.link", objectType: "incident_asset", objectId: input.assetId,
          after: { incidentId, assetId: input.assetId, hostname: asset.hostname, compromise: input.compromise },
        });
        return presentLink(ctx, (await incidentAssetStore.get(tx.db, incidentId, input.assetId))!, inc.policies);
      }),

    updateLink: (ctx: RequestContext, incidentId: string, assetId: string, patch: z.infer<typeof ZIncidentAssetPatch>) =>
      inTenant(p, ctx, async (tx) => {
        const inc = await loadIncident(ctx, tx.db, incidentId);
        const before = await incidentAssetStore.get(tx.db, incidentId, assetId);
        if (!before) throw notFound();
        authorize(inc.policies.update);
        if (Object.keys(patch).length > 0) found(await incidentAssetStore.update(tx.db, incidentId, assetId, patch));
        const after = (await incidentAssetStore.get(tx.db, incidentId, assetId))!;
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: inc.ownerOrgId, action: "incident_asset.update", objectType: "incident_asset", objectId: assetId,
          before: { incidentId, compromise: before.compromise }, after: { incidentId, compromise: after.compromise, changed: changedFields(before, after, ["compromise", "note"]) },
        });
        return presentLink(ctx, after, inc.policies);
      }),

    unlink: (ctx: RequestContext, incidentId: string, assetId: string) =>
      inTenant(p, ctx, async (tx) => {
        const inc = await loadIncident(ctx, tx.db, incidentId);
        const before = await incidentAssetStore.get(tx.db, incidentId, assetId);
        if (!before) throw notFound();
        authorize(inc.policies.delete);
        found(await incidentAssetStore.delete(tx.db, incidentId, assetId));
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: inc.ownerOrgId, action: "incident_asset.unlink", objectType: "incident_asset", objectId: assetId, before: { incidentId, compromise: before.compromise },
        });
      }),
  };
};

/** A linked asset as the incident shows it; the inventory entry is editable only by the owner's asset managers. */
const presentLink = (ctx: RequestContext, r: IncidentAssetRow, policies: { update: boolean; delete: boolean }) => ({
  incidentId: r.incident_id,
  asset: presentAsset(r, r.org_id === ctx.actor.orgId && canInOrg(ctx.actor, "assets.manage")),
  compromise: r.compromise,
  note: r.note,
  linkedAt: r.linked_at.toISOString(),
  policies,
});
