/**
 * Evidence commands. A file is streamed into the BlobStore (hashed and counted on the way, never opened), then its
 * row, the first custody event and the audit row are written in one tenant transaction; every later touch
 * (download, verification, transfer, note) appends a custody event and an audit row.
 */
import type { AuditObject } from "../../platform/audit/chain.js";
import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, notFound } from "../../platform/http/errors.js";
import { authorize, type policiesForIncident } from "../../platform/policies/policies.js";
import { BlobDamagedError, BlobNotFoundError, BlobTooLargeError, hashStream, newBlobKey } from "../../platform/storage/index.js";
import { loadIncident as loadIncidentFor } from "../incidents/access.js";
import {
  recordedContentType, sanitizeFilename, verifyNote, verifyOutcome, ZDescription, type VerifyOutcome, type ZCustodyInput,
} from "./domain.js";
import { custodyStore, evidenceStore, type EvidenceRow } from "./store.js";
import type { z } from "zod";

/** One part of a multipart upload, independent of the HTTP library that parsed it. */
export type UploadPart =
  | { kind: "field"; name: string; value: string; truncated: boolean }
  | { kind: "file"; name: string; filename: string; mimetype: string; stream: Readable & { truncated?: boolean } };

type Db = Tx["db"];
type CustodyAction = "uploaded" | "downloaded" | "verified" | "transferred" | "note";

const fieldName = (name: string): string => (/^[A-Za-z0-9_.-]{1,40}$/.test(name) ? `body.${name}` : "body");
const invalid = (field: string, ja: string, en: string): AppError => new AppError("validation", field, { detail: `${en} / ${ja}` });

export const createEvidenceService = (p: Platform) => {
  /** The incident as the actor may see it, with the actor's policies on it; unseen incidents are 404. */
  const loadIncident = async (ctx: RequestContext, db: Db, incidentId: string) => {
    const { row: inc, pol } = await loadIncidentFor(ctx, db, incidentId);
    return { inc, pol };
  };
  const loadEvidence = async (ctx: RequestContext, db: Db, incidentId: string, evidenceId: string) => {
    const { inc, pol } = await loadIncident(ctx, db, incidentId);
    const row = await evidenceStore.get(db, incidentId, evidenceId);
    if (!row) throw notFound();
    return { inc, pol, row };
  };

  const present = (row: EvidenceRow, pol: ReturnType<typeof policiesForIncident>) => ({
    id: row.id,
    incidentId: row.incident_id,
    filename: row.filename,
    contentType: row.content_type,
    size: Number(row.size_bytes),
    sha256: row.sha256,
    description: row.description,
    uploadedAt: row.uploaded_at.toISOString(),
    uploadedBy: {
      userId: row.uploaded_by,
      name: row.uploaded_by_name,
      org: row.uploaded_by_org_id ? { id: row.uploaded_by_org_id, nameJa: row.uploaded_by_org_name_ja ?? "", nameEn: row.uploaded_by_org_name_en ?? "" } : null,
    },
    policies: { download: pol.read, verify: pol.update, custody: pol.update },
  });
  const presentCustody = (rows: Awaited<ReturnType<typeof custodyStore.list>>) =>
    rows.map((c) => ({
      id: c.id,
      action: c.action,
      at: c.at.toISOString(),
      note: c.note,
      actor: {
        userId: c.actor_user_id,
        name: c.actor_name,
        org: c.actor_org_id ? { id: c.actor_org_id, nameJa: c.actor_org_name_ja ?? "", nameEn: c.actor_org_name_en ?? "" } : null,
      },
    }));

  /** A custody event and its audit row, together. Filenames and notes stay out of the audit row: they may name people. */
  const record = async (ctx: RequestContext, tx: Tx, row: Pick<EvidenceRow, "id" | "org_id" | "incident_id">, action: CustodyAction, note: string, after: AuditObject) => {
    await custodyStore.append(tx.db, { orgId: row.org_id, evidenceId: row.id, action, actorUserId: ctx.actor.userId, actorOrgId: ctx.actor.orgId, note });
    await p.audit.record(tx, auditMeta(ctx), {
      orgId: row.org_id, action: `evidence.${action === "uploaded" ? "upload" : action === "downloaded" ? "download" : action === "verified" ? "verify" : "custody"}`,
      objectType: "evidence", objectId: row.id, after: { incidentId: row.incident_id, action, ...after },
    });
  };

  const tooLarge = (): AppError => new AppError("body_too_large", "body.file", { limit: p.config.evidenceMaxBytes });
  const isTooLarge = (e: unknown): boolean => e instanceof BlobTooLargeError || (e as { code?: string } | null)?.code === "FST_REQ_FILE_TOO_LARGE";

  return {
    list: (ctx: RequestContext, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { pol } = await loadIncident(ctx, tx.db, incidentId);
        return {
          evidence: (await evidenceStore.list(tx.db, incidentId)).map((r) => present(r, pol)),
          policies: { upload: pol.update },
          limits: { maxBytes: p.config.evidenceMaxBytes },
        };
      }),

    get: (ctx: RequestContext, incidentId: string, evidenceId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { pol, row } = await loadEvidence(ctx, tx.db, incidentId, evidenceId);
        return { evidence: present(row, pol), custody: presentCustody(await custodyStore.list(tx.db, row.id)) };
      }),

    upload: async (ctx: RequestContext, incidentId: string, parts: AsyncIterable<UploadPart>) => {
      // The policy first: nobody may fill the store by sending files to incidents they cannot change.
      const { pol } = await inTenant(p, ctx, (tx) => loadIncident(ctx, tx.db, incidentId));
      authorize(pol.update);
      const maxBytes = p.config.evidenceMaxBytes;
      let description = "";
      let stored: { key: string; size: number; sha256: string; filename: string; contentType: string } | null = null;
      try {
        for await (const part of parts) {
          if (part.kind === "field") {
            if (part.name !== "description") throw invalid(fieldName(part.name), "不明な項目です", "unknown field");
            const d = ZDescription.safeParse(part.value);
            if (part.truncated || !d.success) throw invalid("body.description", "2000文字以内にしてください", "at most 2000 characters");
            description = d.data;
            continue;
          }
          if (part.name !== "file") throw invalid(fieldName(part.name), "不明な項目です", "unknown field");
          if (stored) throw invalid("body.file", "ファイルは1つだけ送ってください", "send one file only");
          const key = newBlobKey();
          try {
            const r = await p.storage.put(key, part.stream, { maxBytes });
            // The multipart parser stops at the same limit by truncating the stream, not failing it.
            if (part.stream.truncated) throw new BlobTooLargeError(maxBytes);
            stored = { key, ...r, filename: sanitizeFilename(part.filename), contentType: recordedContentType(part.mimetype) };
          } catch (err) {
            await p.storage.delete(key).catch((e: unknown) => p.log.error({ err: e, blob: key }, "could not remove a partial evidence blob"));
            throw err;
          }
        }
        if (!stored) throw invalid("body.file", "ファイルを選んでください", "required");
        const s = stored;
        return await inTenant(p, ctx, async (tx) => {
          const { inc, pol: now } = await loadIncident(ctx, tx.db, incidentId);
          authorize(now.update);
          const id = randomUUID();
          await evidenceStore.insert(tx.db, {
            id, orgId: inc.org_id, incidentId, filename: s.filename, contentType: s.contentType, size: s.size, sha256: s.sha256,
            storageKey: s.key, description, uploadedBy: ctx.actor.userId, at: p.now(),
          });
          await record(ctx, tx, { id, org_id: inc.org_id, incident_id: incidentId }, "uploaded", `sha256 ${s.sha256}, ${s.size} bytes`, { sha256: s.sha256, size: s.size, contentType: s.contentType });
          return present((await evidenceStore.get(tx.db, incidentId, id))!, now);
        });
      } catch (err) {
        if (stored) await p.storage.delete(stored.key).catch((e: unknown) => p.log.error({ err: e, blob: stored?.key }, "could not remove an unrecorded evidence blob"));
        if (isTooLarge(err)) throw tooLarge();
        if ((err as { code?: string } | null)?.code === "FST_FILES_LIMIT") throw invalid("body.file", "ファイルは1つだけ送ってください", "send one file only");
        throw err;
      }
    },

    /** Opens the stored bytes and records the download before the first byte leaves. */
    download: async (ctx: RequestContext, incidentId: string, evidenceId: string) => {
      const { row } = await inTenant(p, ctx, (tx) => loadEvidence(ctx, tx.db, incidentId, evidenceId));
      let stream: Readable;
      try {
        stream = await p.storage.get(row.storage_key);
      } catch (err) {
        if (err instanceof BlobNotFoundError) throw new AppError("evidence_missing");
        throw err;
      }
      try {
        // A vendor with only a read grant may append exactly this kind of custody row (migration 0003).
        await inTenant(p, ctx, (tx: Tx) => record(ctx, tx, row, "downloaded", "", { sha256: row.sha256 }));
      } catch (err) {
        stream.destroy();
        throw err;
      }
      return { stream, filename: row.filename, size: Number(row.size_bytes) };
    },

    verify: async (ctx: RequestContext, incidentId: string, evidenceId: string) => {
      const { pol, row } = await inTenant(p, ctx, (tx) => loadEvidence(ctx, tx.db, incidentId, evidenceId));
      authorize(pol.update);
      const recorded = { sha256: row.sha256, size: Number(row.size_bytes) };
      let found: { sha256: string; size: number } | null = null;
      try {
        found = await hashStream(await p.storage.get(row.storage_key));
      } catch (err) {
        // Sealed bytes that fail authentication were altered (or cut short): a mismatch, whatever they hash to.
        if (err instanceof BlobDamagedError) found = { sha256: "unreadable", size: 0 };
        else if (!(err instanceof BlobNotFoundError)) throw err;
      }
      const outcome: VerifyOutcome = verifyOutcome(recorded, found);
      if (outcome.status !== "match") p.log.warn({ evidenceId: row.id, status: outcome.status }, "evidence verification failed");
      return inTenant(p, ctx, async (tx) => {
        const { pol: now } = await loadEvidence(ctx, tx.db, incidentId, evidenceId);
        authorize(now.update);
        await record(ctx, tx, row, "verified", verifyNote(recorded, outcome), { status: outcome.status, ...(outcome.status === "missing" ? {} : { sha256: outcome.sha256, size: outcome.size }) });
        return { result: { ...outcome, recorded }, custody: presentCustody(await custodyStore.list(tx.db, row.id)) };
      });
    },

    addCustody: (ctx: RequestContext, incidentId: string, evidenceId: string, input: z.infer<typeof ZCustodyInput>) =>
      inTenant(p, ctx, async (tx) => {
        const { pol, row } = await loadEvidence(ctx, tx.db, incidentId, evidenceId);
        authorize(pol.update);
        await record(ctx, tx, row, input.action, input.note, {});
        return { custody: presentCustody(await custodyStore.list(tx.db, row.id)) };
      }),
  };
};
