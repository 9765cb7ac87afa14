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
import { authorize } from "../../platform/policies/policies.js";
import { loadIncident } from "../incidents/access.js";
import { unpackContact, type Contact, type ImportView, type LookupInput } from "./domain.js";
import { piiTypesOf } from "../../engines/scan/types.js";
import { affectedStore } from "./store.js";

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

export const createAffectedService = (p: Platform) => {
  const hashKey = keyedHasher(p.keys.identifier);
  const canLookup = (ctx: RequestContext, access: Awaited<ReturnType<typeof loadIncident>>): boolean =>
    access.row.org_id === ctx.actor.orgId && access.pol.update;

  return {
    /** Imports, newest first, and the people registered by the finished ones. */
    summary: (ctx: RequestContext, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        const imports = (await affectedStore.listImports(tx.db, incidentId)).map(present);
        return {
          people: imports.reduce((n, i) => n + (i.status === "done" ? i.peopleDone : 0), 0),
          imports,
          policies: { lookup: canLookup(ctx, access) },
        };
      }),

    /**
     * Who in the registry matches what the caller said. The answer names the data items and shows masked contact
     * details for the agent to confirm with the caller; the look-up is audited without its values.
     */
    lookup: (ctx: RequestContext, incidentId: string, input: LookupInput) =>
      inTenant(p, ctx, async (tx) => {
        const access = await loadIncident(ctx, tx.db, incidentId);
        authorize(canLookup(ctx, access));
        const imports = await affectedStore.listImports(tx.db, incidentId);
        const keySets = new Set<string>(imports.flatMap((i) => (i.summary as Summary).matchKeys ?? []));
        const matchKeys: MatchKey[] = keySets.size > 0 ? [...keySets].map((k) => k.split("+") as KeyComponent[]) : DEFAULT_MATCH_KEYS;
        const texts = lookupKeyTexts({ email: input.email, phone: input.phone, kana: input.nameKana, birth: input.birthDate }, matchKeys);
        const rows = texts.length === 0 ? [] : await affectedStore.peopleByHmac(tx.db, incidentId, texts.map((t) => Buffer.from(hashKey(t), "hex")));
        const people = new Map<string, { importId: string; personNo: number; items: string[]; records: number; matchedBy: string[]; contact: Record<string, string> }>();
        for (const r of rows) {
          const id = `${r.import_id}:${r.person_no}`;
          const known = people.get(id);
          if (known) {
            if (!known.matchedBy.includes(r.kind)) known.matchedBy.push(r.kind);
            continue;
          }
          const c = unpackContact(decrypt(p.keys.encryption, r.contact));
          const masked: Record<string, string> = {};
          for (const [field, type] of SHOWN_MASKED) if (c[field]) masked[field] = maskValue(type, c[field]);
          people.set(id, { importId: r.import_id, personNo: Number(r.person_no), items: piiTypesOf(r.items), records: r.records, matchedBy: [r.kind], contact: masked });
        }
        const found = [...people.values()];
        // Which fields were asked and how many people matched; the values themselves stay out of the log.
        const asked = Object.entries(input).filter(([, v]) => v !== undefined).map(([k]) => k).sort();
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: access.row.org_id, action: "affected.lookup", objectType: "incident", objectId: incidentId,
          after: { asked, keys: texts.length, found: found.length },
        });
        return { searchedKeys: texts.map((t) => t.slice(0, t.indexOf("\u0000"))), people: found };
      }),
  };
};
