/**
 * Evidence files leave storage with their rows. Deleting an incident deletes its evidence rows (ON DELETE CASCADE);
 * `removeIncidentBlobsAfterCommit` deletes their blobs once that has committed. Anything that still escapes (a
 * crash between commit and delete, a blob written by an upload whose row never committed, the temporary file of an
 * interrupted upload) is removed by the daily sweep, which also runs when a worker starts.
 */
import type { Platform } from "../../platform/context.js";
import type { Tx } from "../../platform/db/database.js";
import { evidenceStore } from "./store.js";
// Mail reports and egress logs (triage) keep their files in the same store.
import { egressStore as triageBlobs } from "../triage/store.js";

export const EVIDENCE_SWEEP_JOB = "evidence.sweep";
/** An upload writes its blob before its row commits: a blob younger than this is never taken for an orphan. */
const ORPHAN_GRACE_MS = 6 * 3_600_000;
/** A temporary file untouched this long belongs to no upload still running. */
const TEMP_GRACE_MS = 6 * 3_600_000;

/** Call before deleting an incident, in the same transaction: its blobs are deleted after the commit. */
export const removeIncidentBlobsAfterCommit = async (p: Platform, tx: Tx, incidentId: string): Promise<void> => {
  const keys = await evidenceStore.storageKeysOfIncident(tx.db, incidentId);
  if (keys.length === 0) return;
  tx.afterCommit(async () => {
    for (const key of keys) {
      // The sweep removes what fails here; the deletion itself has committed and stands.
      await p.storage.delete(key).catch((err: unknown) => p.log.warn({ err, blob: key }, "evidence blob not deleted; the sweep will retry"));
    }
  });
};

export type SweepResult = { orphans: number; temp: number; kept: number };

/** Deletes blobs no evidence row points at (older than the grace period) and stale temporary files. */
export const sweepEvidenceStorage = async (p: Platform): Promise<SweepResult> => {
  const now = p.now().getTime();
  const result: SweepResult = { orphans: 0, temp: await p.storage.sweepTemp(new Date(now - TEMP_GRACE_MS)), kept: 0 };
  for await (const page of p.storage.list()) {
    const referenced = await evidenceStore.referencedKeys(p.db.system, page.map((b) => b.key));
    for (const key of await triageBlobs.referencedKeys(p.db.system, page.map((b) => b.key))) referenced.add(key);
    for (const blob of page) {
      if (referenced.has(blob.key) || blob.modifiedAt.getTime() > now - ORPHAN_GRACE_MS) {
        result.kept++;
        continue;
      }
      await p.storage.delete(blob.key);
      result.orphans++;
    }
  }
  if (result.orphans + result.temp > 0) p.log.info({ ...result }, "evidence storage swept");
  return result;
};

export const registerEvidenceJobs = (p: Platform): void => {
  p.jobs.define({
    name: EVIDENCE_SWEEP_JOB,
    schedule: "41 3 * * *",
    runAtStart: true,
    retryLimit: 2,
    handler: async () => void (await sweepEvidenceStorage(p)),
  });
};
