/**
 * The registry as users see it: the imports of an incident with their counts and progress, and the call-centre
 * look-up ("was my data in the leak?") by e-mail, or phone / kana name with a birth date. Loading is import.ts.
 */
import { lookupKeyTexts } from "../../engines/scan/lookup-keys.js";
import { keyedHasher } from "../../engines/scan/keyed-hash.js";
import { maskValue } from "../../engines/scan/mask.js";
import type { ColumnType, MatchKey, KeyComponent } from "../../engines/scan/types.js";
import { DEFAULT_MATCH_KEYS } from "../../engines/scan/types.js";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import { decrypt } from "../../platform/crypto/keys.js";
import { authorize, policiesForAffected } from "../../platform/policies/policies.js";
import { incidentSubject, loadIncident, type IncidentAccess } from "../incidents/access.js";
import { unpackContact, type Contact, type ImportView, type LookupInput } from "./domain.js";
import { piiTypesOf } from "../../engines/scan/types.js";
import { affectedStore, groupMembers, mergeStore } from "./store.js";
import { AppError, notFound } from "../../platform/http/errors.js";
import { isStrongKind } from "./domain.js";
import type { Kysely } from "kysely";
import type { DB } from "../../platform/db/schema.js";

type ImportRow = Awaited<ReturnType<typeof affectedStore.listImports>>[number];
type Summary = { records?: number; people?: number; passportsValid?: number; passportsExpired?: number; referenceDate?: string; matchKeys?: string[]; itemCounts?: Record<string, number> };

/** What the agent sees of a caller's record, each masked as the scanner masks its type. */
const SHOWN_MASKED: [keyof Contact, ColumnType][] = [
  ["nameKanji", "name_kanji"], ["nameKana", "name_kana"], ["email", "email"], ["phone", "phone"], ["address", "address"],
];

const present = (r: ImportRow): ImportView => {
  const s = r.summary as Summary;
  return {
    id: r.id,
    status: r.status,
    files: r.files,
    peopleTotal: r.people_total === null ? null : Number(r.people_total),
    peopleDone: Number(r.people_done),
    identifiers: Number(r.identifiers_done),
    merged: Number(r.merged ?? 0),
    itemCounts: s.itemCounts ?? {},
    scan: {
      ...(s.records !== undefined ? { records: s.records } : {}),
      ...(s.people !== undefined ? { people: s.people } : {}),
      ...(s.passportsValid !== undefined ? { passportsValid: s.passportsValid } : {}),
      ...(s.passportsExpired !== undefined ? { passportsExpired: s.passportsExpired } : {}),
      ...(s.referenceDate !== undefined ? { referenceDate: s.referenceDate } : {}),
    },
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at ? r.finished_at.toISOString() : null,
    startedByName: r.started_by_name ?? null,
  };
};

/** The incident's merges again from nothing: each finished import, in start order, against the ones before it. */
export const recomputeMerges = async (db: Kysely<DB>, incidentId: string): Promise<void> => {
  await mergeStore.clear(db, incidentId);
  const done = (await affectedStore.listImports(db, incidentId)).filter((i) => i.status === "done").reverse(); // oldest first
  for (let k = 1; k < done.length; k++) {
    const before = done.slice(0, k);
    const kinds = new Set<string>();
    for (const i of done.slice(0, k + 1)) for (const key of (i.summary as Summary).matchKeys ?? []) kinds.add(key);
    await mergeStore.mergeImport(db, done[k]!.id, before.map((i) => i.id), [...kinds].filter(isStrongKind));
  }
};

export const createAffectedService = (p: Platform) => {
  const hashKey = keyedHasher(p.keys.identifier);
  const policies = (ctx: RequestContext, access: IncidentAccess) =>
    policiesForAffected(ctx.actor, incidentSubject(access.row));

  return {
    /** Imports, newest first, and the people registered by the finished ones. */
    summary: (ctx: RequestContext, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        const imports = (await affectedStore.listImports(tx.db, incidentId)).map(present);
        const unique = await mergeStore.uniquePeople(tx.db, incidentId);
        return {
          people: unique.people,
          merged: unique.merged,
          imports,
          policies: policies(ctx, access),
        };
      }),

    /**
     * Who in the registry matches what the caller said. The answer names the data items and shows masked contact
     * details for the agent to confirm with the caller; the look-up is audited without its values.
     */
    lookup: (ctx: RequestContext, incidentId: string, input: LookupInput) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        authorize(policies(ctx, access).lookup);
        const imports = await affectedStore.listImports(tx.db, incidentId);
        const keySets = new Set<string>(imports.flatMap((i) => (i.summary as Summary).matchKeys ?? []));
        const matchKeys: MatchKey[] = keySets.size > 0 ? [...keySets].map((k) => k.split("+") as KeyComponent[]) : DEFAULT_MATCH_KEYS;
        const texts = lookupKeyTexts({ email: input.email, phone: input.phone, kana: input.nameKana, birth: input.birthDate }, matchKeys);
        const rows = texts.length === 0 ? [] : await affectedStore.peopleByHmac(tx.db, incidentId, texts.map((t) => Buffer.from(hashKey(t), "hex")));
        // Every person found stands for its merged group (one person across imports): the canonical person first,
        // then the others, each a provenance.
        const matched = new Map<string, Set<string>>();
        const canonOf = (r: { import_id: string; person_no: string; canon_import: string | null; canon_no: string | null }) =>
          r.canon_import !== null ? { importId: r.canon_import, personNo: Number(r.canon_no) } : { importId: r.import_id, personNo: Number(r.person_no) };
        for (const r of rows) {
          const c = canonOf(r);
          const id = `${c.importId}:${c.personNo}`;
          const kinds = matched.get(id) ?? new Set<string>();
          kinds.add(r.kind);
          matched.set(id, kinds);
        }
        const canon = [...matched.keys()].map((id) => ({ importId: id.slice(0, 36), personNo: Number(id.slice(37)) }));
        const members = await groupMembers(tx.db, incidentId, canon);
        type Found = { importId: string; personNo: number; items: string[]; records: number; matchedBy: string[]; contact: Record<string, string>; sources: { importId: string; personNo: number; file: string; line: number }[] };
        const people = new Map<string, Found & { mask: number }>();
        for (const m of members) {
          const c = canonOf(m);
          const id = `${c.importId}:${c.personNo}`;
          if (!matched.has(id)) continue;
          const file = m.files[m.file_no]?.name ?? "";
          const source = { importId: m.import_id, personNo: Number(m.person_no), file, line: Number(m.line) };
          const known = people.get(id);
          if (known) {
            known.mask |= m.items;
            known.records += m.records;
            known.sources.push(source);
            continue;
          }
          const contact = unpackContact(decrypt(p.keys.encryption, m.contact));
          const masked: Record<string, string> = {};
          for (const [field, type] of SHOWN_MASKED) if (contact[field]) masked[field] = maskValue(type, contact[field]);
          people.set(id, { importId: c.importId, personNo: c.personNo, items: [], mask: m.items, records: m.records, matchedBy: [...matched.get(id)!], contact: masked, sources: [source] });
        }
        for (const f of people.values()) f.items = piiTypesOf(f.mask);
        const found: Found[] = [...people.values()].map(({ mask: _mask, ...f }) => f);
        // Which fields were asked and how many people matched; the values themselves stay out of the log.
        const asked = Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: access.row.org_id, action: "affected.lookup", objectType: "incident", objectId: incidentId,
          after: { asked, keys: texts.length, found: found.length },
        });
        return { searchedKeys: texts.map((t) => t.slice(0, t.indexOf("\u0000"))), people: found };
      }),

    /**
     * Deletes one import: its people and identifiers (the migration's trigger), the merges that name it, and then
     * recomputes the incident's merges, so a person merged across imports keeps the provenance of the others.
     * Refused (busy) while the import is being loaded. Audited with counts only.
     */
    deleteImport: async (ctx: RequestContext, incidentId: string, importId: string): Promise<{ deleted: string; people: number; merged: number }> => {
      const target = await inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        authorize(policies(ctx, access).deleteImport);
        const imp = (await affectedStore.listImports(tx.db, incidentId)).find((i) => i.id === importId);
        if (!imp) throw notFound();
        return { orgId: access.row.org_id, imp };
      });
      return p.db.systemTx(async (tx) => {
        const row = await affectedStore.lockImportForDelete(tx.db, incidentId, importId);
        if (!row) throw notFound();
        // The importer holds a session lock on (incident, fingerprint) while it loads: a running import is not deleted.
        if (!(await affectedStore.tryImportLock(tx.db, incidentId, row.fingerprint))) throw new AppError("busy");
        await mergeStore.lock(tx.db, incidentId);
        await affectedStore.deleteImport(tx.db, importId);
        await recomputeMerges(tx.db, incidentId);
        const unique = await mergeStore.uniquePeople(tx.db, incidentId);
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: target.orgId, action: "affected.import.delete", objectType: "affected_import", objectId: importId,
          after: { incidentId, people: Number(row.people_done), files: row.files.length, status: target.imp.status, merged: unique.merged },
        });
        return { deleted: importId, people: unique.people, merged: unique.merged };
      });
    },

  };
};
