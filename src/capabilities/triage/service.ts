/**
 * Triage commands. Mail: a reported .eml is read (bounded), checked to be a mail, analysed by the mail engine with
 * the owning organisation's context, stored encrypted in the blob store, and its analysis kept as a row; its
 * indicators go to the incident through the indicators capability. Egress: a log is streamed into the blob store,
 * a job runs the egress engine over it with the asset register as policy and stores the ranked findings; a finding
 * opens or feeds an incident (its `detected` clock, its indicators, its hosts as assets).
 */
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { isIP } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { z } from "zod";
import type { Kysely } from "kysely";
import { createMailPool, MailAnalysisError, parseContext, type MailContext, type MailResult, type Text } from "../../engines/mail/index.js";
import { analyseEgressInWorker, type Asset as EngineAsset, type EgressResult, type Indicator as EngineIndicator } from "../../engines/egress/index.js";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { MailAnalysisConfig } from "../../platform/config/config.js";
import type { DB } from "../../platform/db/schema.js";
import type { Tx } from "../../platform/db/database.js";
import { AppError, notFound } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForTriage } from "../../platform/policies/policies.js";
import { BlobTooLargeError, newBlobKey } from "../../platform/storage/index.js";
import { sanitizeFilename } from "../evidence/domain.js";
import type { UploadPart } from "../evidence/service.js";
import { incidentSubject, loadIncident } from "../incidents/access.js";
import { createIncidentService, currentClocks, recordClock } from "../incidents/service.js";
import { createIndicatorService } from "../indicators/service.js";
import { indicatorStore } from "../indicators/store.js";
import { createAssetService } from "../assets/service.js";
import { assetStore } from "../assets/store.js";
import {
  assetMatchesHost, findingIndicatorLines, findingTitle, mailAnalysisFailedMessage, mailFileMessage, mailFileProblem, mailIndicatorLines, MAX_MAIL_BYTES,
  MAX_NOTE_CHARS, MAX_STORED_FINDINGS, tooLargeMailMessage, type MailContextInput, type ZLinkFindingHost, type ZPromoteFinding,
} from "./domain.js";
import { egressStore, mailContextStore, mailReportStore, type EgressFindingRow, type EgressImportRow, type MailReportRow } from "./store.js";
import type { EgressFinding, EgressImport, MailReport } from "./contract.js";

export const EGRESS_ANALYSE_JOB = "triage.egress.analyse";

type Db = Kysely<DB>;
const say = (ctx: RequestContext, t: Text): string => t[ctx.locale];
const invalid = (ctx: RequestContext, field: string, t: Text): AppError => new AppError("validation", field, { detail: say(ctx, t) });
const fieldName = (name: string): string => (/^[A-Za-z0-9_.-]{1,40}$/.test(name) ? `body.${name}` : "body");
const UNKNOWN_FIELD: Text = { ja: "不明な項目です", en: "unknown field" };
const ONE_FILE: Text = { ja: "ファイルは1つだけ送ってください", en: "send one file only" };
const NO_FILE: Text = { ja: "ファイルを選んでください", en: "choose a file" };

/** The organisation's mail context as the engine wants it (read as the platform: a vendor analyses with its client's). */
export const mailContextOf = async (db: Db, orgId: string): Promise<MailContext> => {
  const [s, partners] = await Promise.all([mailContextStore.settings(db, orgId), mailContextStore.partners(db, orgId)]);
  const r = parseContext({
    ownDomains: s?.own_domains ?? [], trustedAuthservIds: s?.trusted_authserv_ids ?? [], knownSenders: s?.known_senders ?? [], vips: s?.vips ?? [],
    partners: partners.map((x) => ({ name: x.name, domains: x.domains, displayNames: x.display_names, dkimDomains: x.dkim_domains })),
  });
  // What is stored was checked by the same rules when saved; a row that no longer passes is left out, not fatal.
  return r.ok ? r.context : (parseContext({}) as { ok: true; context: MailContext }).context;
};

/** What of the engine's result is kept: the model's bodies stay out (they are in the stored .eml). */
const keptResult = (r: MailResult) => ({
  signals: r.signals, rules: r.rules, indicators: r.indicators, warnings: r.warnings,
  attachments: r.message.files.map((f) => ({
    path: f.path, name: f.name, declaredType: f.declaredType, realType: f.realType, size: f.size, sha256: f.sha256, depth: f.depth,
    isEncrypted: f.isEncrypted, hasMacro: f.hasMacro,
  })),
  auth: r.message.auth, timings: r.timings,
});
type KeptResult = ReturnType<typeof keptResult>;

/** A finding's internal hosts as addresses (the engine writes "10.1.0.5 (files-01)" when the register names one). */
const hostsOf = (f: { src: string; hosts: string[] }): string[] => [...new Set([f.src, ...f.hosts.map((h) => h.split(" ")[0] ?? h)])].filter((h) => h !== "");

const readBounded = async (stream: AsyncIterable<Buffer> & { truncated?: boolean }, max: number): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const c of stream) {
    total += c.length;
    if (total > max) throw new BlobTooLargeError(max);
    chunks.push(c);
  }
  if (stream.truncated) throw new BlobTooLargeError(max);
  return Buffer.concat(chunks);
};

/**
 * Mail analysis runs in worker threads, never on the HTTP event loop: a 10 MiB mail or an archive bomb takes the
 * CPU of one thread while the server answers everything else. The bounds come from the platform's config
 * (`config.mail`: SOKUHO_MAIL_WORKERS, SOKUHO_MAIL_QUEUE, SOKUHO_MAIL_TIMEOUT_MS; the time limit is read per upload).
 * Threads are started on the first mail and do not keep the process alive when idle.
 */
const mailAnalysis = (log: Platform["log"], settings: MailAnalysisConfig) => {
  const pool = createMailPool({ workers: settings.workers, maxQueued: settings.maxQueued });
  return {
    pool,
    analyse: async (ctx: RequestContext, filename: string, bytes: Uint8Array, context: MailContext): Promise<MailResult> => {
      const timeoutMs = settings.timeoutMs;
      try {
        return await pool.analyse(bytes, context, { timeoutMs });
      } catch (err) {
        if (!(err instanceof MailAnalysisError)) throw err;
        const f = { kind: err.kind, stage: err.stage, part: err.part, ms: err.ms };
        // the file is not logged (it may name a person); the kind, stage and time are enough to see a trend
        if (err.kind !== "busy") log.warn({ kind: err.kind, stage: err.stage, ms: err.ms, size: bytes.length }, "mail analysis stopped");
        throw new AppError("validation", "body.file", { detail: say(ctx, mailAnalysisFailedMessage(filename, f, timeoutMs)) });
      }
    },
  };
};

export const createTriageService = (p: Platform) => {
  const mailThreads = mailAnalysis(p.log, p.config.mail);
  const indicators = createIndicatorService(p);
  const assets = createAssetService(p);
  const incidents = createIncidentService(p);

  /** Policies on a report or import: through its incident when it has one, else the organisation's rules. */
  const policiesOf = async (ctx: RequestContext, db: Db, incidentId: string | null) => {
    if (!incidentId) return { pol: policiesForTriage(ctx.actor, null), ownerOrgId: ctx.actor.orgId };
    const { row } = await loadIncident(ctx, db, incidentId);
    return { pol: policiesForTriage(ctx.actor, incidentSubject(row)), ownerOrgId: row.org_id };
  };

  // ---------------------------------------------------------------- mail context (settings)

  const presentContext = (ctx: RequestContext, c: MailContext, updatedAt: Date | null) => ({
    ownDomains: c.ownDomains, trustedAuthservIds: c.trustedAuthservIds, knownSenders: c.knownSenders, vips: c.vips,
    partners: c.partners.map((x) => ({ name: x.name, domains: x.domains, displayNames: x.displayNames, dkimDomains: x.dkimDomains })),
    updatedAt: updatedAt?.toISOString() ?? null,
    policies: { update: canInOrg(ctx.actor, "mail.context.manage") },
  });

  // ---------------------------------------------------------------- mail reports

  const presentReport = (r: MailReportRow, pol: ReturnType<typeof policiesForTriage>): MailReport => {
    const k = r.result as KeptResult;
    return {
      id: r.id, incidentId: r.incident_id, filename: r.filename, size: Number(r.size_bytes), sha256: r.sha256, verdict: r.verdict,
      subject: r.subject, from: r.from_address, note: r.note, reportedAt: r.reported_at.toISOString(),
      reportedBy: { userId: r.reported_by, name: r.reported_by_name },
      signals: k.signals, rules: k.rules, indicators: k.indicators, attachments: k.attachments, warnings: k.warnings,
      policies: { addIndicators: r.incident_id !== null && pol.addToIncident, attach: r.incident_id === null && pol.createIncident },
    };
  };

  /** Reads the upload (bounded), refuses what is not a mail, analyses, stores the bytes and the row. */
  const reportMail = async (ctx: RequestContext, incidentId: string | null, parts: AsyncIterable<UploadPart>): Promise<MailReport> => {
    // The policy first: nobody fills the store by sending files where they may not.
    const first = await inTenant(p, ctx, (tx) => policiesOf(ctx, tx.db, incidentId));
    authorize(first.pol.report);
    let note = "";
    let mail: { bytes: Buffer; filename: string } | null = null;
    for await (const part of parts) {
      if (part.kind === "field") {
        if (part.name !== "note") throw invalid(ctx, fieldName(part.name), UNKNOWN_FIELD);
        if (part.truncated || part.value.length > MAX_NOTE_CHARS) throw invalid(ctx, "body.note", { ja: `${MAX_NOTE_CHARS}文字以内にしてください`, en: `at most ${MAX_NOTE_CHARS} characters` });
        note = part.value.trim();
        continue;
      }
      if (part.name !== "file") throw invalid(ctx, fieldName(part.name), UNKNOWN_FIELD);
      if (mail) throw invalid(ctx, "body.file", ONE_FILE);
      const filename = sanitizeFilename(part.filename);
      try {
        mail = { bytes: await readBounded(part.stream, MAX_MAIL_BYTES), filename };
      } catch (err) {
        if (err instanceof BlobTooLargeError || (err as { code?: string } | null)?.code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("validation", "body.file", { detail: say(ctx, tooLargeMailMessage(filename, MAX_MAIL_BYTES)) });
        throw err;
      }
    }
    if (!mail) throw invalid(ctx, "body.file", NO_FILE);
    const m = mail;
    const problem = mailFileProblem(m.bytes);
    if (problem) throw invalid(ctx, "body.file", mailFileMessage(m.filename, problem));
    const result = await mailThreads.analyse(ctx, m.filename, m.bytes, await mailContextOf(p.db.system, first.ownerOrgId));
    const key = newBlobKey();
    const stored = await p.storage.put(key, Readable.from([m.bytes]), { maxBytes: MAX_MAIL_BYTES });
    try {
      return await inTenant(p, ctx, async (tx) => {
        const { pol, ownerOrgId } = await policiesOf(ctx, tx.db, incidentId);
        authorize(pol.report);
        const { id } = await mailReportStore.insert(tx.db, {
          org_id: ownerOrgId, incident_id: incidentId, filename: m.filename, size_bytes: stored.size, sha256: stored.sha256, storage_key: key,
          verdict: result.verdict, subject: result.message.subject.slice(0, 998), from_address: result.message.from?.address ?? "",
          result: JSON.stringify(keptResult(result)), note, reported_by: ctx.actor.userId, reported_at: p.now(),
        });
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ownerOrgId, action: "mail_report.create", objectType: "mail_report", objectId: id,
          after: { incidentId, sha256: stored.sha256, size: stored.size, verdict: result.verdict, found: result.signals.length },
        });
        return presentReport((await mailReportStore.get(tx.db, id))!, pol);
      });
    } catch (err) {
      await p.storage.delete(key).catch((e: unknown) => p.log.error({ err: e, blob: key }, "could not remove an unrecorded mail blob"));
      throw err;
    }
  };

  const loadReport = async (ctx: RequestContext, db: Db, reportId: string) => {
    const row = await mailReportStore.get(db, reportId);
    if (!row) throw notFound();
    const { pol } = await policiesOf(ctx, db, row.incident_id);
    // An unattached report: the organisation's triage roles, or whoever reported it.
    if (!pol.read && !(row.incident_id === null && row.reported_by !== null && row.reported_by === ctx.actor.userId && row.org_id === ctx.actor.orgId)) throw notFound();
    return { row, pol };
  };

  // ---------------------------------------------------------------- egress imports

  const presentImport = (r: EgressImportRow, pol: ReturnType<typeof policiesForTriage>): EgressImport => ({
    id: r.id, incidentId: r.incident_id, filename: r.filename, size: Number(r.size_bytes), sha256: r.sha256, status: r.status,
    createdAt: r.created_at.toISOString(), finishedAt: r.finished_at?.toISOString() ?? null, createdBy: { userId: r.created_by, name: r.created_by_name },
    summary: (r.summary as EgressImport["summary"]) ?? null, error: (r.error as Text | null) ?? null,
    policies: { addToIncident: pol.addToIncident || (r.incident_id === null && pol.upload), createIncident: pol.createIncident },
  });
  const presentFinding = (f: EgressFindingRow): EgressFinding => ({
    id: f.id, importId: f.import_id, rank: f.rank, kind: f.kind, severity: f.severity, src: f.src, dst: f.dst, dstHost: f.dst_host, port: f.port,
    score: f.score, firstSeen: f.first_seen.toISOString(), lastSeen: f.last_seen.toISOString(), firstEvidenceAt: f.first_evidence_at.toISOString(),
    bytesOut: Number(f.bytes_out), bytesIn: Number(f.bytes_in), connections: f.connections, hosts: f.hosts, destinations: f.destinations,
    reason: { ja: f.reason_ja, en: f.reason_en },
  });

  const importLog = async (ctx: RequestContext, incidentId: string | null, parts: AsyncIterable<UploadPart>): Promise<EgressImport> => {
    const first = await inTenant(p, ctx, (tx) => policiesOf(ctx, tx.db, incidentId));
    authorize(first.pol.upload);
    const maxBytes = p.config.evidenceMaxBytes;
    let stored: { key: string; size: number; sha256: string; filename: string } | null = null;
    try {
      for await (const part of parts) {
        if (part.kind === "field") throw invalid(ctx, fieldName(part.name), UNKNOWN_FIELD);
        if (part.name !== "file") throw invalid(ctx, fieldName(part.name), UNKNOWN_FIELD);
        if (stored) throw invalid(ctx, "body.file", ONE_FILE);
        const key = newBlobKey();
        const filename = sanitizeFilename(part.filename);
        try {
          const r = await p.storage.put(key, part.stream, { maxBytes });
          if (part.stream.truncated) throw new BlobTooLargeError(maxBytes);
          stored = { key, ...r, filename };
        } catch (err) {
          await p.storage.delete(key).catch(() => undefined);
          throw err;
        }
      }
      if (!stored) throw invalid(ctx, "body.file", NO_FILE);
      const s = stored;
      if (s.size === 0) throw invalid(ctx, "body.file", { ja: `${s.filename}: ファイルが空です（0 バイト）。`, en: `${s.filename}: the file is empty (0 bytes).` });
      return await inTenant(p, ctx, async (tx) => {
        const { pol, ownerOrgId } = await policiesOf(ctx, tx.db, incidentId);
        authorize(pol.upload);
        const { id } = await egressStore.insertImport(tx.db, {
          org_id: ownerOrgId, incident_id: incidentId, filename: s.filename, size_bytes: s.size, sha256: s.sha256, storage_key: s.key,
          created_by: ctx.actor.userId, created_at: p.now(),
        });
        await p.audit.record(tx, auditMeta(ctx), { orgId: ownerOrgId, action: "egress_import.create", objectType: "egress_import", objectId: id, after: { incidentId, sha256: s.sha256, size: s.size } });
        await p.jobs.enqueue(tx, EGRESS_ANALYSE_JOB, { importId: id });
        return presentImport((await egressStore.getImport(tx.db, id))!, pol);
      });
    } catch (err) {
      if (stored) await p.storage.delete(stored.key).catch((e: unknown) => p.log.error({ err: e, blob: stored?.key }, "could not remove an unrecorded log blob"));
      if (err instanceof BlobTooLargeError || (err as { code?: string } | null)?.code === "FST_REQ_FILE_TOO_LARGE") throw new AppError("body_too_large", "body.file", { limit: maxBytes });
      throw err;
    }
  };

  const loadImport = async (ctx: RequestContext, db: Db, importId: string) => {
    const row = await egressStore.getImport(db, importId);
    if (!row) throw notFound();
    const { pol } = await policiesOf(ctx, db, row.incident_id);
    if (!pol.read) throw notFound();
    return { row, pol };
  };
  const loadFinding = async (ctx: RequestContext, db: Db, findingId: string) => {
    const f = await egressStore.finding(db, findingId);
    if (!f) throw notFound();
    const { row, pol } = await loadImport(ctx, db, f.import_id);
    return { f, imp: row, pol };
  };

  /** Links one host to an asset of the incident's owner (given, matched, or created); a second link is not an error. */
  const linkHost = async (ctx: RequestContext, incidentId: string, ownerOrgId: string, host: string, assetId?: string) => {
    let target = assetId ? await assetStore.get(p.db.system, ownerOrgId, assetId) : (await assetStore.list(p.db.system, ownerOrgId)).find((a) => assetMatchesHost(a, host));
    if (assetId && !target) throw new AppError("not_found", "body.assetId");
    let createdAsset = false;
    if (!target) {
      const made = await assets.create(ctx, { hostname: host, addresses: isIP(host) ? [host] : [] });
      target = (await assetStore.get(p.db.system, ownerOrgId, made.id))!;
      createdAsset = true;
    }
    let alreadyLinked = false;
    try {
      await assets.link(ctx, incidentId, { assetId: target.id, compromise: "suspected", note: "" });
    } catch (err) {
      if (!(err instanceof AppError && err.code === "conflict")) throw err;
      alreadyLinked = true;
    }
    return { host, assetId: target.id, hostname: target.hostname, createdAsset, alreadyLinked };
  };

  return {
    // ---- mail context
    getMailContext: (ctx: RequestContext) => {
      authorize(canInOrg(ctx.actor, "triage.read") || canInOrg(ctx.actor, "mail.context.manage"));
      return inTenant(p, ctx, async (tx) => {
        const s = await mailContextStore.settings(tx.db, ctx.actor.orgId);
        return presentContext(ctx, await mailContextOf(tx.db, ctx.actor.orgId), s?.updated_at ?? null);
      });
    },
    putMailContext: (ctx: RequestContext, input: MailContextInput) => {
      authorize(canInOrg(ctx.actor, "mail.context.manage"));
      const r = parseContext(input);
      if (!r.ok) {
        const first = r.problems[0]!;
        throw new AppError("validation", `body.${first.field.replace(/\[(\d+)\]/g, ".$1")}`, { detail: say(ctx, first.message) });
      }
      const c = r.context;
      return inTenant(p, ctx, async (tx) => {
        await mailContextStore.upsertSettings(tx.db, ctx.actor.orgId, {
          own_domains: c.ownDomains, trusted_authserv_ids: c.trustedAuthservIds, known_senders: c.knownSenders, vips: JSON.stringify(c.vips),
          updated_by: ctx.actor.userId, updated_at: p.now(),
        });
        await mailContextStore.replacePartners(tx.db, ctx.actor.orgId, c.partners.map((x) => ({ name: x.name, domains: x.domains, display_names: x.displayNames, dkim_domains: x.dkimDomains })));
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: ctx.actor.orgId, action: "mail_context.update", objectType: "organization", objectId: ctx.actor.orgId,
          after: { items: c.partners.length, created: c.ownDomains.length, keys: c.trustedAuthservIds.length },
        });
        return presentContext(ctx, await mailContextOf(tx.db, ctx.actor.orgId), p.now());
      });
    },

    // ---- mail reports
    reportMail,
    listReports: (ctx: RequestContext, incidentId: string | null, unattached: boolean) =>
      inTenant(p, ctx, async (tx) => {
        const { pol } = await policiesOf(ctx, tx.db, incidentId);
        authorize(pol.read);
        const rows = await mailReportStore.list(tx.db, incidentId ? { incidentId } : { unattached });
        const out: MailReport[] = [];
        for (const r of rows) out.push(presentReport(r, incidentId || !r.incident_id ? pol : (await policiesOf(ctx, tx.db, r.incident_id)).pol));
        return { reports: out, policies: { upload: pol.report }, limits: { maxBytes: MAX_MAIL_BYTES } };
      }),
    getReport: (ctx: RequestContext, reportId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await loadReport(ctx, tx.db, reportId);
        return { report: presentReport(row, pol) };
      }),
    /** An "unknown mail" report joins an incident of the same organisation (once). */
    attachReport: (ctx: RequestContext, reportId: string, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await loadReport(ctx, tx.db, reportId);
        const { row: inc } = await loadIncident(ctx, tx.db, incidentId, "update");
        if (inc.org_id !== row.org_id) throw new AppError("not_found", "body.incidentId");
        if (row.incident_id !== null || !(await mailReportStore.attach(tx.db, reportId, incidentId))) throw new AppError("conflict", "body.incidentId", { field: "incidentId" });
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "mail_report.attach", objectType: "mail_report", objectId: reportId, after: { incidentId } });
        const { pol } = await policiesOf(ctx, tx.db, incidentId);
        return { report: presentReport((await mailReportStore.get(tx.db, reportId))!, pol) };
      }),
    /** The report's URLs, domains, IPs and hashes onto its incident; values already there are counted, not added. */
    addReportIndicators: async (ctx: RequestContext, reportId: string) => {
      const { row, pol } = await inTenant(p, ctx, (tx) => loadReport(ctx, tx.db, reportId));
      if (!row.incident_id) throw new AppError("validation", "body.incidentId", { detail: say(ctx, { ja: "この報告はまだインシデントに結び付いていません", en: "this report is not attached to an incident yet" }) });
      authorize(pol.addToIncident);
      const lines = mailIndicatorLines((row.result as KeptResult).indicators);
      if (lines.length === 0) return { created: 0, duplicates: 0, invalid: 0 };
      const r = await indicators.createBulk(ctx, row.incident_id, { bulk: lines.join("\n"), description: say(ctx, { ja: `不審メール ${row.filename} から`, en: `from suspicious mail ${row.filename}` }).slice(0, 2000) });
      return { created: r.created, duplicates: r.duplicates, invalid: r.invalid };
    },

    // ---- egress
    importLog,
    listImports: (ctx: RequestContext, incidentId: string | null) =>
      inTenant(p, ctx, async (tx) => {
        const { pol } = await policiesOf(ctx, tx.db, incidentId);
        authorize(pol.read);
        return {
          imports: (await egressStore.listImports(tx.db, incidentId ?? undefined)).map((r) => presentImport(r, pol)),
          policies: { upload: pol.upload }, limits: { maxBytes: p.config.evidenceMaxBytes },
        };
      }),
    getImport: (ctx: RequestContext, importId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await loadImport(ctx, tx.db, importId);
        return { import: presentImport(row, pol), findings: (await egressStore.findings(tx.db, importId)).map(presentFinding) };
      }),

    /**
     * A finding into an incident: a new one (created here) or the given one. The `detected` clock becomes the
     * moment the finding first had enough evidence, unless the incident was detected earlier; its destinations
     * become indicators; its internal hosts are linked to the owner's assets that carry their address or name.
     */
    promoteFinding: async (ctx: RequestContext, findingId: string, input: z.infer<typeof ZPromoteFinding>) => {
      const { f } = await inTenant(p, ctx, (tx) => loadFinding(ctx, tx.db, findingId));
      let incidentId = input.incidentId;
      let created = false;
      if (!incidentId) {
        authorize(canInOrg(ctx.actor, "incidents.create") && f.org_id === ctx.actor.orgId);
        const severity = (["low", "medium", "high", "critical"] as const).find((s) => s === f.severity) ?? "high";
        const inc = await incidents.create(ctx, { title: input.title ?? findingTitle({ kind: f.kind, src: f.src, dst: f.dst, dstHost: f.dst_host })[ctx.locale], severity, category: "unauthorized_access" });
        incidentId = inc.id;
        created = true;
      }
      const target = incidentId;
      const at = f.first_evidence_at;
      const clock = await inTenant(p, ctx, async (tx) => {
        const { row } = await loadIncident(ctx, tx.db, target, "update");
        if (row.org_id !== f.org_id) throw new AppError("not_found", "body.incidentId");
        const current = (await currentClocks(tx, target)).detected ?? null;
        const changed = !current || current.getTime() > at.getTime();
        const evidence = say(ctx, { ja: `通信ログの検出結果（${f.kind}、${f.src} → ${f.dst_host ?? f.dst}）が最初に十分な根拠を持った時刻`, en: `when the egress finding (${f.kind}, ${f.src} → ${f.dst_host ?? f.dst}) first had enough evidence` });
        if (changed) await recordClock(p, tx, ctx, row, "detected", at, evidence, "body.incidentId");
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "egress_finding.promote", objectType: "egress_finding", objectId: f.id, after: { incidentId: target, kind: f.kind, created } });
        return { detectedAt: (changed ? at : current)?.toISOString() ?? null, detectedChanged: changed };
      });
      const lines = findingIndicatorLines({ kind: f.kind, dst: f.dst, dstHost: f.dst_host });
      const added = lines.length === 0 ? { created: 0, duplicates: 0, invalid: 0 }
        : await indicators.createBulk(ctx, target, { bulk: lines.join("\n"), description: say(ctx, { ja: `通信ログの検出結果（${f.kind}）から`, en: `from an egress finding (${f.kind})` }) });
      const owned = await assetStore.list(p.db.system, f.org_id);
      const linkedAssets: Array<{ host: string; assetId: string; hostname: string }> = [];
      const unmatchedHosts: string[] = [];
      for (const host of hostsOf(f)) {
        if (!owned.some((a) => assetMatchesHost(a, host))) {
          unmatchedHosts.push(host);
          continue;
        }
        const l = await linkHost(ctx, target, f.org_id, host);
        linkedAssets.push({ host, assetId: l.assetId, hostname: l.hostname });
      }
      return { incidentId: target, created, ...clock, indicators: { created: added.created, duplicates: added.duplicates, invalid: added.invalid }, linkedAssets, unmatchedHosts };
    },

    linkFindingHost: async (ctx: RequestContext, findingId: string, input: z.infer<typeof ZLinkFindingHost>) => {
      const { f } = await inTenant(p, ctx, (tx) => loadFinding(ctx, tx.db, findingId));
      if (!hostsOf(f).includes(input.host)) throw invalid(ctx, "body.host", { ja: `${input.host} はこの検出結果の送信元ではありません`, en: `${input.host} is not a source host of this finding` });
      const { row } = await inTenant(p, ctx, (tx) => loadIncident(ctx, tx.db, input.incidentId, "update"));
      if (row.org_id !== f.org_id) throw new AppError("not_found", "body.incidentId");
      return linkHost(ctx, input.incidentId, f.org_id, input.host, input.assetId);
    },
  };
};

// ---------------------------------------------------------------- the analysis job

const engineAssets = (rows: Awaited<ReturnType<typeof assetStore.list>>): EngineAsset[] =>
  rows.map((a) => ({ hostname: a.hostname, addresses: a.addresses, internetFacing: a.internet_facing, egressAllowed: a.egress_allowed, holdsPersonalData: a.holds_personal_data }));

const engineIndicators = (rows: Awaited<ReturnType<typeof indicatorStore.list>>): EngineIndicator[] =>
  rows.flatMap((r): EngineIndicator[] =>
    r.type === "ipv4-addr" || r.type === "ipv6-addr" ? [{ value: r.normalized, type: "ip", label: null }]
      : r.type === "domain-name" ? [{ value: r.normalized, type: "domain", label: null }] : []);

/** Why an import found nothing to analyse, naming the file and line (the engine's first error). */
export const importFailure = (filename: string, r: Pick<EgressResult, "records" | "diagnostics">): Text | null => {
  if (r.records > 0) return null;
  const d = r.diagnostics.find((x) => x.severity === "error") ?? r.diagnostics[0];
  if (!d) return { ja: `${filename}: 接続記録が1件もありません。`, en: `${filename}: no connection records in the file.` };
  const at = d.line ? { ja: `${d.line} 行目: `, en: `line ${d.line}: ` } : { ja: "", en: "" };
  return { ja: `${filename}: ${at.ja}${d.message.ja}`, en: `${filename}: ${at.en}${d.message.en}` };
};

export const runEgressImport = async (p: Platform, importId: string): Promise<void> => {
  const imp = await egressStore.getImport(p.db.system, importId);
  if (!imp || (imp.status !== "queued" && imp.status !== "running")) return;
  await egressStore.setStatus(p.db.system, importId, ["queued", "running"], { status: "running" });
  const finish = async (tx: Tx, status: "done" | "failed", summary: object | null, error: Text | null, findings: number) => {
    await egressStore.setStatus(tx.db, importId, ["running"], { status, summary: summary ? JSON.stringify(summary) : null, error: error ? JSON.stringify(error) : null, finished_at: p.now() });
    await p.audit.record(tx, { actor: { userId: null, orgId: null } }, { orgId: imp.org_id, action: "egress_import.analyse", objectType: "egress_import", objectId: importId, after: { incidentId: imp.incident_id, status, found: findings } });
  };
  let result: EgressResult;
  try {
    const assets = engineAssets(await assetStore.list(p.db.system, imp.org_id));
    const iocs = imp.incident_id ? engineIndicators(await indicatorStore.list(p.db.system, imp.incident_id)) : [];
    // the engine's own path: the stored file (decrypted) in a private temporary directory, removed at once, read by
    // a driver thread with one worker per core (byte ranges of a plain conn.log, one stream per gzip file), so the
    // web process's event loop is not blocked even with SOKUHO_JOBS=inline
    const dir = await mkdtemp(join(tmpdir(), "sokuho-egress-"));
    try {
      const path = join(dir, "log");
      await pipeline(await p.storage.get(imp.storage_key), createWriteStream(path, { mode: 0o600 }));
      result = await analyseEgressInWorker([{ name: imp.filename, path }], { assets, indicators: iocs, threads: Math.min(2, availableParallelism()) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } catch (err) {
    p.log.error({ err, importId }, "egress analysis failed");
    const error = { ja: `${imp.filename}: 解析できませんでした（内部エラー）。もう一度取り込んでください。`, en: `${imp.filename}: the analysis failed (internal error). Import the file again.` };
    await p.db.systemTx((tx) => finish(tx, "failed", null, error, 0));
    return;
  }
  const failure = importFailure(imp.filename, result);
  const summary = {
    records: result.records, egressRecords: result.egressRecords, skippedLines: result.skippedLines, pairs: result.pairs,
    findings: Math.min(result.findings.length, MAX_STORED_FINDINGS), window: result.window, formats: result.files.map((f) => f.format),
    diagnostics: result.diagnostics.slice(0, 20).map((d) => ({ severity: d.severity, ...(d.line ? { line: d.line } : {}), count: d.count, message: d.message })),
  };
  await p.db.systemTx(async (tx) => {
    if (failure) return finish(tx, "failed", summary, failure, 0);
    const rows = result.findings.slice(0, MAX_STORED_FINDINGS).map((f, i) => ({
      org_id: imp.org_id, import_id: importId, incident_id: imp.incident_id, rank: i + 1, kind: f.kind, severity: f.severity, src: f.src, dst: f.dst,
      dst_host: f.dstHost, port: f.port, score: f.score, first_seen: f.firstSeen, last_seen: f.lastSeen, first_evidence_at: f.firstEvidenceAt,
      bytes_out: f.bytesOut, bytes_in: f.bytesIn, connections: f.connections, hosts: f.hosts.slice(0, 100), destinations: f.destinations.slice(0, 100),
      reason_ja: f.reason.ja, reason_en: f.reason.en, details: JSON.stringify(f.details),
    }));
    await egressStore.insertFindings(tx.db, rows);
    return finish(tx, "done", summary, null, rows.length);
  });
};

export const registerTriageJobs = (p: Platform): void => {
  p.jobs.define<{ importId: string }>({
    name: EGRESS_ANALYSE_JOB,
    retryLimit: 1,
    handler: async ({ importId }) => runEgressImport(p, importId),
  });
};
