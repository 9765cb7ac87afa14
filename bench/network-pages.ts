/**
 * Pages' part of `npm run bench:network` (bench/network.ts imports these):
 *   - measureReportToMta: a company submits a report to its regulator (the real service, in its transaction) and we
 *     time until the first message of the regulator's desk page is accepted by the MTA (the outbox row `sent`, which
 *     the delivery worker marks only after the MTA's 250), over ≥ 200 runs. With `until: "queued"` it stops at the
 *     outbox row (what this part alone controls: commit → NOTIFY → escalation worker → outbox).
 *   - measureEscalationLateness: pages whose next step falls due a few seconds ahead, staggered; how late each step
 *     fired after its timeout (the worker's processing instant minus the step's scheduled time).
 * Both need a Platform whose database the benchmark may fill (a fresh one), with the real clock.
 */
import { randomUUID } from "node:crypto";
import type { Platform } from "../src/platform/context.js";
import { createOrgService } from "../src/capabilities/orgs/service.js";
import { createObligationService } from "../src/capabilities/obligations/service.js";
import { createIncidentService } from "../src/capabilities/incidents/service.js";
import { policyStore, deskStore } from "../src/capabilities/network/config-store.js";
import { pageStore } from "../src/capabilities/network/pages-store.js";
import { pageToJson } from "../src/capabilities/network/page-engine.js";
import { startPage } from "../src/capabilities/network/escalation.js";
import { createEscalationWorker } from "../src/capabilities/network/escalation-worker.js";
import type { RequestContext } from "../src/platform/context.js";

export type Percentiles = { runs: number; p50Ms: number; p99Ms: number; maxMs: number };
const percentiles = (xs: number[]): Percentiles => {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? 0;
  return { runs: s.length, p50Ms: Math.round(at(0.5)), p99Ms: Math.round(at(0.99)), maxMs: Math.round(s[s.length - 1] ?? 0) };
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tag = () => randomUUID().slice(0, 8);

/** A company supervised by a regulator whose desk pages one officer; an incident with a report due. */
const world = async (p: Platform) => {
  const orgs = createOrgService(p);
  const company = await orgs.createOrg({ kind: "company", slug: `bench-co-${tag()}`, nameJa: "ベンチ社", nameEn: "Bench Co" });
  const regulator = await orgs.createOrg({ kind: "regulator", slug: `bench-reg-${tag()}`, nameJa: "ベンチ庁", nameEn: "Bench Agency" });
  await orgs.relate(company.id, regulator.id, "supervised_by");
  const system = { actor: null, requestId: null, ip: null };
  const ciso = await orgs.addMember(system, company.id, { email: `ciso.${tag()}@example.jp`, displayName: "CISO", role: "ciso", password: "bench-password-123", notify: false });
  const officer = await orgs.addMember(system, regulator.id, { email: `root+officer-${tag()}@localhost` /* delivered by Postfix on loopback, never outside */, displayName: "Officer", role: "regulator-officer", password: "bench-password-123", notify: false });
  const policy = await p.db.tenant({ orgId: regulator.id }, (tx) => policyStore.insert(tx.db, {
    orgId: regulator.id, nameJa: "窓口", nameEn: "Desk", repeat: 0, steps: [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: officer.userId }] }], by: null, at: p.now(),
  }));
  await p.db.tenant({ orgId: regulator.id }, (tx) => deskStore.set(tx.db, regulator.id, policy.id, null, p.now()));
  const ctx: RequestContext = { actor: { userId: ciso.userId, tokenId: null, orgId: company.id, orgKind: "company", role: "ciso" }, requestId: null, ip: null, locale: "ja" };
  const incident = await createIncidentService(p).create(ctx, { title: "bench", category: "unauthorized_access" } as never);
  const incidentId = (incident as { id: string }).id;
  await createIncidentService(p).setClock(ctx, incidentId, "leak_confirmed", { at: new Date(Date.now() - 86_400_000).toISOString(), evidence: "" });
  const obligations = createObligationService(p);
  const view = await obligations.setFacts(ctx, incidentId, { cause: "misconfiguration", wrongful: false, people: 2000 } as never) as { evaluation: { obligations: { id: string; required: boolean; kind: string }[] } };
  const obligationId = view.evaluation.obligations.find((o) => o.required && o.kind === "preliminary_report")!.id;
  /**
   * The next run's desk pages a new officer at a new address: as in production, where 200 reports in a row do not
   * go to one mailbox, the per-destination throttle stays on and is not what is measured.
   */
  const nextOfficer = async (i: number) => {
    const o = await orgs.addMember(system, regulator.id, { email: `root+officer-${tag()}-${i}@localhost`, displayName: `Officer ${i}`, role: "regulator-officer", password: "bench-password-123", notify: false });
    const pol = await p.db.tenant({ orgId: regulator.id }, (tx) => policyStore.insert(tx.db, {
      orgId: regulator.id, nameJa: `窓口 ${i}`, nameEn: `Desk ${i}`, repeat: 0, steps: [{ timeoutMinutes: 5, targets: [{ kind: "user", userId: o.userId }] }], by: null, at: p.now(),
    }));
    await p.db.tenant({ orgId: regulator.id }, (tx) => deskStore.set(tx.db, regulator.id, pol.id, null, p.now()));
  };
  return { ctx, incidentId, obligationId, regulatorId: regulator.id, obligations, nextOfficer };
};

/** Time from a report's submission to the first message of the regulator's page accepted by the MTA (or queued). */
export const measureReportToMta = async (opts: { p: Platform; runs?: number; until?: "sent" | "queued"; timeoutMs?: number; distinctOfficers?: boolean; log?: (line: string) => void }): Promise<Percentiles & { samples: number[] }> => {
  const { p } = opts;
  const runs = Math.max(opts.runs ?? 200, 1);
  const until = opts.until ?? "sent";
  const w = await world(p);
  const worker = createEscalationWorker(p);
  const samples: number[] = [];
  try {
    for (let i = 0; i < runs; i++) {
      if (opts.distinctOfficers ?? true) await w.nextOfficer(i);
      const t0 = performance.now();
      const { report } = await w.obligations.submit(w.ctx, w.incidentId, { obligationId: w.obligationId, title: `速報 ${i}`, document: "{}" });
      const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
      for (;;) {
        const page = await pageStore.byDedupKey(p.db.system, w.regulatorId, `report:${report.id}`);
        const row = page ? await p.db.system.selectFrom("network_outbox").select("state").where("page_id", "=", page.id)
          .where((eb) => (until === "sent" ? eb("state", "=", "sent") : eb("state", "is not", null))).executeTakeFirst() : undefined;
        if (row) break;
        if (Date.now() > deadline) throw new Error(`report ${i}: no ${until} message within ${opts.timeoutMs ?? 30_000} ms (is the delivery worker running?)`);
        await sleep(2);
      }
      samples.push(performance.now() - t0);
      if ((i + 1) % 50 === 0) opts.log?.(`  report → ${until}: ${i + 1}/${runs}`);
    }
  } finally {
    await worker.stop();
  }
  return { ...percentiles(samples), samples };
};

/**
 * How late each escalation step fires after its timeout: `pages` pages whose second step falls due 2 s from now,
 * 50 ms apart, worked by a real escalation worker (timer + NOTIFY); lateness = when the worker processed the step
 * (its outbox row's not-before, the worker's clock) minus the step's scheduled time.
 */
export const measureEscalationLateness = async (opts: { p: Platform; pages?: number; spacingMs?: number; log?: (line: string) => void }): Promise<Percentiles & { samples: number[]; missed: number }> => {
  const { p } = opts;
  const count = opts.pages ?? 40;
  const spacing = opts.spacingMs ?? 50;
  const orgs = createOrgService(p);
  const org = await orgs.createOrg({ kind: "company", slug: `bench-late-${tag()}`, nameJa: "遅延計測", nameEn: "Lateness" });
  const member = await orgs.addMember({ actor: null, requestId: null, ip: null }, org.id, { email: `late.${tag()}@example.jp`, displayName: "On call", role: "responder", password: "bench-password-123", notify: false });
  const policy = { id: "bench", repeat: 0, steps: [{ timeoutMinutes: 1, targets: [{ kind: "user" as const, userId: member.userId }] }, { timeoutMinutes: 1, targets: [{ kind: "user" as const, userId: member.userId }] }] };
  const worker = createEscalationWorker(p);
  const due = new Map<string, number>();
  try {
    const start = Date.now() + 2_000;
    for (let i = 0; i < count; i++) {
      const dueAt = start + i * spacing;
      const triggeredAt = new Date(dueAt - 60_000);
      const id = randomUUID();
      // The first step is already notified (as if the worker had done it a minute ago); the second is due at dueAt.
      const page = { ...startPage(id, policy, triggeredAt), isStepNotified: true };
      await pageStore.insert(p.db.system, {
        id, org_id: org.id, title_ja: "遅延計測", title_en: "Lateness", state: pageToJson(page), next_wake_at: new Date(dueAt),
        source_kind: "manual", source_id: null, dedup_key: `bench:${id}`, created_at: triggeredAt, updated_at: triggeredAt,
      });
      due.set(id, dueAt);
    }
    await pageStore.notifyChanged(p.db.system);
    const last = start + count * spacing;
    await sleep(Math.max(0, last - Date.now()) + 1_500);
  } finally {
    await worker.stop();
  }
  const rows = await p.db.system.selectFrom("network_outbox").select(["page_id", "next_attempt_at"]).where("page_id", "in", [...due.keys()]).where("step", "=", 1).execute();
  const samples = rows.map((r) => Math.max(0, r.next_attempt_at.getTime() - due.get(r.page_id!)!));
  opts.log?.(`  escalation: ${samples.length}/${count} steps fired`);
  return { ...percentiles(samples), samples, missed: count - samples.length };
};
