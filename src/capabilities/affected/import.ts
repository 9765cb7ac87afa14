/**
 * `sokuho scan FILE... --import INCIDENT_ID`: loads the unique people of a leaked data set into the incident's
 * registry.
 *
 * 1. The scanner's person stream (pass 1: the scan; pass 2: one record per person, deterministic order).
 * 2. Batches of people, packed (packed.ts), go to worker threads (copy-worker.ts) that encrypt the contact details
 *    and hash the match keys into binary COPY data.
 * 3. In stream order, each batch is one transaction on a dedicated connection: COPY people, COPY identifiers,
 *    move the import's cursor (only from where it was). A crash loses at most the open batch; running the same
 *    command again finds the import by its fingerprint, skips the people already committed and goes on. The
 *    primary key (import, person) refuses a person twice even if the cursor were wrong.
 * 4. At the end: the import is marked done, with an audit row and a timeline entry (counts only).
 */
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { availableParallelism } from "node:os";
import pg from "pg";
import type { Worker } from "node:worker_threads";
import { peopleBatches, type SourceBatch, type SourceOptions } from "./people-source.js";
import { isZipArchive } from "../../engines/scan/archive.js";
import { siblingModule, spawnWorker } from "../../engines/scan/spawn-worker.js";
import type { ScanOptions, ScanResult } from "../../engines/scan/types.js";
import { auditMeta, type Platform, type RequestContext } from "../../platform/context.js";
import { policiesForAffected } from "../../platform/policies/policies.js";
import { appendTimelineEvent } from "../timeline/service.js";
import { incidentFactsChanged } from "../incidents/hooks.js";
import { makePackedEncoder, type BatchOut } from "./batch.js";
import { PEOPLE_COPY, identifiersCopy, importFingerprint, importSourceKey, isStrongKind, type RowPrefix } from "./domain.js";
import { affectedStore, copyInto, createIdentifierPartition, indexIdentifierPartition, mergeStore } from "./store.js";

/** An error for the person running the import, in both languages; never holds a value from the data. */
export class ImportError extends Error {
  constructor(
    readonly code: "incident_not_found" | "actor_not_allowed" | "busy" | "file_unreadable" | "cursor_moved" | "archive",
    readonly ja: string,
    en: string,
  ) {
    super(en);
  }
}

export type RegistryImportInput = {
  incidentId: string;
  files: string[];
  scan: ScanOptions;
  /** the user the import is recorded for (a writer of the incident's organisation); none: the platform itself */
  actorEmail?: string;
  /** encoding threads (0: in this thread) */
  threads?: number;
  /** the person stream in a thread of its own (default: when there are encoding threads) */
  sourceThread?: boolean;
  batchSize?: number;
  onProgress?: (phase: "scan" | "import", done: number, total: number) => void;
  /** tests: fail after committing this many batches, as a crash would */
  crashAfterBatches?: number;
};
export type RegistryImportResult = {
  importId: string;
  status: "done" | "already-done";
  /** people already committed by an earlier, interrupted run */
  resumedFrom: number;
  people: number;
  identifiers: number;
  /** rows written by this run (a resumed run writes only the rest) */
  copied: { people: number; identifiers: number };
  scan: ScanResult | null;
  /** people of this import merged into a person of an earlier import of the incident (domain.ts `isStrongKind`) */
  merged: number;
  /** earlier unfinished imports of the same file names whose files changed: marked stale by this run */
  staleMarked: string[];
  /** copy: the COPY transactions; index: building the look-up index at the end; merge: merging across imports */
  seconds: { total: number; copy: number; index: number; merge: number };
};


/** The options that change the stream (and so the fingerprint); progress callbacks and threads do not. */
const streamOptions = (o: ScanOptions): Record<string, unknown> => ({
  format: o.format, encoding: o.encoding, delimiter: o.delimiter, header: o.header, referenceDate: o.referenceDate,
  matchKeys: o.matchKeys, passportRule: o.passportRule, sourceColumn: o.sourceColumn,
});

/** What the import keeps of the scan: counts only. */
export const scanSummary = (r: ScanResult): Record<string, unknown> => ({
  records: r.records,
  people: r.people.count,
  matchKeys: r.people.matchKeys,
  passportsValid: r.passports.valid,
  passportsExpired: r.passports.expired,
  referenceDate: r.passports.referenceDate,
  recordsByType: r.recordsByType,
  flags: r.flags,
});

/** The match keys of this import (from this run's scan, or the scan stored by an interrupted run). */
const r0MatchKeys = (scan: ScanResult | null, summary: unknown): string[] =>
  (scan ? (scanSummary(scan).matchKeys as string[] | undefined) : (summary as { matchKeys?: string[] }).matchKeys) ?? [];

type Pool = { run: (batch: SourceBatch) => Promise<BatchOut>; close: () => Promise<void> };

const makePool = (threads: number, keys: { identifier: Buffer; encryption: Buffer }, prefix: RowPrefix): Pool => {
  if (threads <= 0) {
    const encode = makePackedEncoder(keys, prefix);
    return { run: async (batch) => encode(batch), close: async () => {} };
  }
  const waiting = new Map<number, { resolve: (o: BatchOut) => void; reject: (e: Error) => void }>();
  const entry = siblingModule(import.meta.url, "copy-worker");
  const workers: Worker[] = Array.from({ length: threads }, () => {
    const w = spawnWorker(entry, { workerData: { keys, prefix } });
    w.on("message", (m: { seq: number; out?: BatchOut; error?: string }) => {
      const p = waiting.get(m.seq);
      waiting.delete(m.seq);
      if (m.out) p?.resolve(m.out);
      else p?.reject(new Error(m.error ?? "encoding failed"));
    });
    w.on("error", (e) => {
      for (const p of waiting.values()) p.reject(e);
      waiting.clear();
    });
    return w;
  });
  let seq = 0;
  return {
    run: (batch) =>
      new Promise<BatchOut>((resolve, reject) => {
        const s = seq++;
        waiting.set(s, { resolve, reject });
        // The packed bytes are transferred (this thread no longer reads them), not copied.
        (workers[s % workers.length] as Worker).postMessage({ seq: s, buf: batch.buf, kinds: batch.kinds }, [batch.buf.buffer as ArrayBuffer]);
      }),
    close: async () => {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
};

/** The batches of people-source.ts from a thread of its own (people-worker.ts), asked for a few at a time. */
async function* workerBatches(o: Omit<SourceOptions, "onScan" | "onProgress">, onScan: (r: ScanResult) => void, onProgress?: (d: number, t: number) => void): AsyncGenerator<SourceBatch> {
  const w = spawnWorker(siblingModule(import.meta.url, "people-worker"), { workerData: { ...o, progress: onProgress !== undefined } });
  const queue: SourceBatch[] = [];
  let ended = false;
  let failed: Error | null = null;
  let wake: (() => void) | null = null;
  const poke = (): void => {
    wake?.();
    wake = null;
  };
  w.on("message", (m: { scan?: ScanResult; progress?: [number, number]; batch?: SourceBatch; end?: boolean; error?: string }) => {
    if (m.scan) onScan(m.scan);
    else if (m.progress) onProgress?.(m.progress[0], m.progress[1]);
    else if (m.batch) queue.push(m.batch);
    else if (m.end) ended = true;
    else if (m.error !== undefined) failed = new Error(m.error);
    poke();
  });
  w.on("error", (e) => {
    failed = e;
    poke();
  });
  w.on("exit", () => {
    if (!ended && !failed) failed = new Error("the person stream's thread stopped");
    poke();
  });
  try {
    w.postMessage({ next: 2 }); // two batches ahead: the stream works while the last one is encoded and copied
    for (;;) {
      const b = queue.shift();
      if (b) {
        w.postMessage({ next: 1 });
        yield b;
        continue;
      }
      if (failed) throw failed;
      if (ended) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    await w.terminate();
  }
}

/** The actor the import is recorded for: a writer of the owning organisation, or the platform itself. */
export const resolveActor = async (p: Platform, orgId: string, orgKind: string, email: string | undefined): Promise<RequestContext> => {
  const platformActor: RequestContext = {
    actor: { userId: null, tokenId: null, orgId, orgKind: orgKind as RequestContext["actor"]["orgKind"], role: "org-admin" },
    requestId: null, ip: null, locale: "ja",
  };
  if (email === undefined) return platformActor;
  const m = await affectedStore.memberByEmailHash(p.db.system, orgId, p.users.emailHash(email));
  const actor = { ...platformActor.actor, userId: m?.id ?? null, role: m?.role ?? "viewer" };
  if (!m || !policiesForAffected(actor, { orgId }).importFile)
    throw new ImportError("actor_not_allowed", "--as の利用者はこのインシデントの組織の管理者・CISO・対応者ではありません", "--as: not an admin, CISO or responder of the incident's organisation");
  return { ...platformActor, actor, locale: m.locale };
};

export async function importRegistry(p: Platform, input: RegistryImportInput): Promise<RegistryImportResult> {
  const t0 = performance.now();
  const incident = await affectedStore.incidentWithOrgKind(p.db.system, { incidentId: input.incidentId });
  if (!incident) throw new ImportError("incident_not_found", "インシデントが見つかりません", "no incident with this id");
  const ctx = await resolveActor(p, incident.org_id, incident.kind, input.actorEmail);

  const files = await Promise.all(
    input.files.map(async (f, i) => {
      try {
        const s = await stat(f);
        return { name: basename(f), bytes: s.size, mtimeMs: s.mtimeMs };
      } catch {
        throw new ImportError("file_unreadable", `ファイル ${i + 1} を読めません`, `file ${i + 1} cannot be read`);
      }
    }),
  );
  // the import reads its files twice and resumes from them after a crash: an archive's members must be files that
  // stay where they are (the scan alone reads archives: engines/scan/archive.ts)
  const archive = input.files.findIndex((f) => isZipArchive(f));
  if (archive >= 0)
    throw new ImportError("archive", `ファイル ${archive + 1} はzipアーカイブです。展開してから中のファイルを取り込んでください`, `file ${archive + 1} is a zip archive: extract it and import the files in it`);
  const fingerprint = importFingerprint({ files, options: streamOptions(input.scan) });
  const sourceKey = importSourceKey({ files, options: streamOptions(input.scan) });

  const client = new pg.Client({ connectionString: p.db.ownerUrl });
  await client.connect();
  // A commit lost to a server crash takes its cursor move with it (same transaction), so the resume stays exact;
  // not waiting for the WAL flush on every batch is safe here.
  await client.query("SET synchronous_commit = off");
  let pool: Pool | null = null;
  let importId: string | null = null;
  try {
    // One importer per incident and input: a second run of the same command waits for nobody, it stops.
    if (!(await affectedStore.holdImportLock(client, incident.id, fingerprint))) throw new ImportError("busy", "同じファイルの取り込みが実行中です", "an import of the same files is running");

    // An unfinished import of the same file names whose files have changed since cannot be resumed: mark it stale
    // (out of look-ups and counts) rather than mix people of two versions of a file. One still running (its
    // lock held by another process) is left alone.
    const staleIds: string[] = [];
    for (const c of await affectedStore.unfinishedOfSource(p.db.system, incident.id, sourceKey, fingerprint)) {
      if (!(await affectedStore.holdImportLock(client, incident.id, c.fingerprint))) continue;
      await p.db.systemTx(async (tx) => {
        await affectedStore.finish(tx.db, c.id, "stale");
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: incident.org_id, action: "affected.import.stale", objectType: "affected_import", objectId: c.id,
          after: { incidentId: incident.id, people: Number(c.people_done), status: "stale" },
        });
      });
      await affectedStore.releaseImportLock(client, incident.id, c.fingerprint);
      staleIds.push(c.id);
    }

    const existing = await affectedStore.findImport(p.db.system, incident.id, fingerprint);
    if (existing?.status === "done")
      return {
        importId: existing.id, status: "already-done", resumedFrom: Number(existing.people_done), people: Number(existing.people_done),
        identifiers: Number(existing.identifiers_done), copied: { people: 0, identifiers: 0 }, scan: null, merged: 0, staleMarked: [], seconds: { total: (performance.now() - t0) / 1000, copy: 0, index: 0, merge: 0 },
      };
    const row =
      existing ??
      (await affectedStore.createImport(p.db.system, {
        orgId: incident.org_id, incidentId: incident.id, fingerprint, sourceKey, files: files.map(({ name, bytes }) => ({ name, bytes })), startedBy: ctx.actor.userId,
      }));
    importId = row.id;
    await createIdentifierPartition(client, row.id);
    const resumedFrom = Number(row.people_done);
    const prefix: RowPrefix = { importId: row.id, orgId: incident.org_id, incidentId: incident.id };
    const threads = input.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
    pool = makePool(threads, { identifier: p.keys.identifier, encryption: p.keys.encryption }, prefix);

    const batchSize = input.batchSize ?? 20_000;
    const committedCounts: Record<string, number> = { ...((row.summary as { itemCounts?: Record<string, number> }).itemCounts ?? {}) };
    let done = resumedFrom;
    let identifiers = Number(row.identifiers_done);
    let batches = 0;
    let copySeconds = 0;
    let scanResult: ScanResult | null = null;
    let scanSaved = false;
    // The scan's counts, stored once, when pass 1 has given them (before the first person, or after none).
    const saveScan = async (): Promise<void> => {
      const r = scanResult as ScanResult | null;
      if (scanSaved || r === null) return;
      await affectedStore.setScanned(p.db.system, row.id, { ...scanSummary(r), itemCounts: committedCounts }, r.people.count);
      scanSaved = true;
    };

    // Batches are encoded in parallel but committed one after another, in stream order.
    let chain: Promise<void> = Promise.resolve();
    const inFlight: Promise<void>[] = [];
    const commit = async (out: BatchOut, count: number, counts: Record<string, number>): Promise<void> => {
      const c0 = performance.now();
      const next = { ...committedCounts };
      for (const [k, v] of Object.entries(counts)) next[k] = (next[k] ?? 0) + v;
      await client.query("BEGIN");
      try {
        await copyInto(client, PEOPLE_COPY, out.people);
        if (out.identifierCount > 0) await copyInto(client, identifiersCopy(row.id), out.identifiers);
        const moved = await affectedStore.advance(client, row.id, done, done + count, out.identifierCount, next);
        if (!moved) throw new ImportError("cursor_moved", "別の取り込みが同じ台帳を更新しました", "another import moved this registry's cursor");
        await client.query("COMMIT");
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      }
      copySeconds += (performance.now() - c0) / 1000;
      done += count;
      identifiers += out.identifierCount;
      Object.assign(committedCounts, next);
      input.onProgress?.("import", done, scanResult?.people.count ?? done);
      if (input.crashAfterBatches !== undefined && ++batches >= input.crashAfterBatches) throw new Error("simulated crash (test)");
    };
    // The chain never rejects: the first failure is kept, later batches are not committed, and the loop stops.
    let failure: { error: unknown } | null = null;
    const dispatch = async (batch: SourceBatch): Promise<void> => {
      const { count, counts } = batch;
      const encoded = pool!.run(batch);
      encoded.catch(() => {}); // observed in the chain
      const step = chain.then(async () => {
        if (failure) return;
        try {
          await commit(await encoded, count, counts);
        } catch (error) {
          failure = { error };
        }
      });
      chain = step;
      inFlight.push(step);
      if (inFlight.length > threads + 3) await inFlight.shift();
      if (failure) throw (failure as { error: unknown }).error;
    };
    const { onProgress: _scanProgress, ...scanOptions } = input.scan;
    void _scanProgress;
    const sourceOptions = { files: input.files, scan: scanOptions, resumedFrom, batchSize, fileNames: files.map((f) => f.name) };
    const scanProgress = input.onProgress ? (d: number, t: number) => input.onProgress!("scan", d, t) : undefined;
    const onScan = (r: ScanResult): void => {
      scanResult = r;
    };
    // The person stream in a thread of its own unless everything runs in this one (threads: 0).
    const source = (input.sourceThread ?? threads > 0)
      ? workerBatches(sourceOptions, onScan, scanProgress)
      : peopleBatches({ ...sourceOptions, onScan, ...(scanProgress ? { onProgress: scanProgress } : {}) });
    for await (const b of source) {
      await saveScan();
      await dispatch(b);
    }
    await chain;
    if (failure) throw (failure as { error: unknown }).error;
    await saveScan(); // a data set with no people still records its scan

    const i0 = performance.now();
    await indexIdentifierPartition(client, row.id);
    const indexSeconds = (performance.now() - i0) / 1000;
    const fileNames = files.map((f) => f.name).join(", ");
    const m0 = performance.now();
    let merged = 0;
    await p.db.systemTx(async (tx) => {
      // Merging and marking done under the incident's merge lock, in one transaction: of two imports finishing at
      // once, the second waits, then sees the first as done and merges against it.
      await mergeStore.lock(tx.db, incident.id);
      const others = (await affectedStore.listImports(tx.db, incident.id)).filter((i) => i.status === "done" && i.id !== row.id);
      const kinds = new Set<string>(r0MatchKeys(scanResult, row.summary));
      for (const o of others) for (const k of (o.summary as { matchKeys?: string[] }).matchKeys ?? []) kinds.add(k);
      merged = await mergeStore.mergeImport(tx.db, row.id, others.map((o) => o.id), [...kinds].filter(isStrongKind));
      await affectedStore.finish(tx.db, row.id, "done");
      await p.audit.record(tx, auditMeta(ctx), {
        orgId: incident.org_id, action: "affected.import", objectType: "affected_import", objectId: row.id,
        after: { incidentId: incident.id, files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0), people: done, identifiers, resumedFrom, merged },
      });
      await appendTimelineEvent(p, tx, ctx, { id: incident.id, org_id: incident.org_id }, {
        at: p.now(), kind: "action", source: "sokuho scan --import",
        // One language per entry, the importer's (a line in both read as a mix of the two).
        text: ctx.locale === "en"
          ? `Registered ${done.toLocaleString("en-US")} affected people (${fileNames})`
          : `影響を受けた本人の台帳に ${done.toLocaleString("ja-JP")} 人を登録しました（${fileNames}）`,
      });
      // The registry's counts are facts of the incident (obligations recompute in this transaction).
      await incidentFactsChanged(p, tx, { incidentId: incident.id, orgId: incident.org_id, cause: "registry", userId: ctx.actor.userId });
    });
    const mergeSeconds = (performance.now() - m0) / 1000;
    return {
      importId: row.id, status: "done", resumedFrom, people: done, identifiers, scan: scanResult, merged, staleMarked: staleIds,
      copied: { people: done - resumedFrom, identifiers: identifiers - Number(row.identifiers_done) }, seconds: { total: (performance.now() - t0) / 1000, copy: copySeconds, index: indexSeconds, merge: mergeSeconds } };
  } catch (e) {
    if (importId !== null) await affectedStore.finish(p.db.system, importId, "failed").catch(() => {});
    throw e;
  } finally {
    await pool?.close();
    await client.end().catch(() => {});
  }
}

/** The import's outcome for the terminal, in both languages. */
export const importReport = (r: RegistryImportResult): { ja: string; en: string } => {
  const rate = r.seconds.copy > 0 ? Math.round((r.copied.people + r.copied.identifiers) / r.seconds.copy) : 0;
  if (r.status === "already-done")
    return {
      ja: `この入力は取り込み済みです（台帳 ${r.importId}、${r.people.toLocaleString("ja-JP")} 人）。重複して登録していません。`,
      en: `Already imported (registry import ${r.importId}, ${r.people.toLocaleString("en-US")} people); nothing was added twice.`,
    };
  const resumed = r.resumedFrom > 0;
  return {
    ja: `台帳に ${r.people.toLocaleString("ja-JP")} 人（識別子 ${r.identifiers.toLocaleString("ja-JP")} 件）を登録しました${resumed ? `（中断した取り込みを ${r.resumedFrom.toLocaleString("ja-JP")} 人目から再開）` : ""}。${r.seconds.total.toFixed(1)} 秒、COPY ${rate.toLocaleString("ja-JP")} 行/秒。`,
    en: `Registered ${r.people.toLocaleString("en-US")} people (${r.identifiers.toLocaleString("en-US")} identifiers)${resumed ? `, resuming an interrupted import after ${r.resumedFrom.toLocaleString("en-US")} people` : ""} in ${r.seconds.total.toFixed(1)} s; COPY ${rate.toLocaleString("en-US")} rows/s.`,
  };
};
