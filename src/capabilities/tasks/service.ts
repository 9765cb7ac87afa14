/** Playbook and task commands. Built-in playbooks are read-only for everyone; organisations edit their copies. */
import { changedFields } from "../../platform/audit/chain.js";
import { randomBytes } from "node:crypto";
import type { z } from "zod";
import type { Kysely } from "kysely";
import { auditMeta, inTenant, type Platform, type RequestContext } from "../../platform/context.js";
import type { DB, IncidentCategory, Role } from "../../platform/db/schema.js";
import type { Clock } from "../incidents/clocks.js";
import type { Playbook, PlaybookStep } from "./contract.js";
import { AppError, found, notFound } from "../../platform/http/errors.js";
import { authorize, canInOrg, policiesForTask } from "../../platform/policies/policies.js";
import { incidentSubject, loadIncident, type IncidentAccess } from "../incidents/access.js";
import { memberStore } from "../orgs/store.js";
import { parseClockInput } from "../incidents/clocks.js";
import { currentClocks } from "../incidents/service.js";
import { BUILTIN_PLAYBOOKS, dueOf, effectiveStatus, isOverdue, type Step, type ZPlaybookCreate, type ZPlaybookInput, type ZTaskInput, type ZTaskPatch } from "./domain.js";
import { playbookStore, taskStore } from "./store.js";

const ensured = new WeakSet<object>();
/** Inserts the built-in playbooks once per database handle (idempotent across processes). */
const ensureBuiltins = async (p: Platform): Promise<void> => {
  if (ensured.has(p.db)) return;
  for (const b of BUILTIN_PLAYBOOKS) await playbookStore.ensureBuiltin(p.db.system, b.key, b, b.steps);
  ensured.add(p.db);
};

type StepRow = Awaited<ReturnType<typeof playbookStore.steps>>[number];
// The columns hold only these values (written from validated input or the built-ins); the casts name them.
const presentStep = (s: StepRow): PlaybookStep => ({
  id: s.id, titleJa: s.title_ja, titleEn: s.title_en, anchorClock: s.anchor_clock as Clock, offsetMinutes: s.offset_minutes, mandatory: s.mandatory,
  role: s.role as Role, doneWhenClock: s.done_when_clock as Clock | null,
});


/** What the audit row keeps of a task: its states (the assignee as an id); the title is free text and stays out. */
const auditedTask = (t: { status: string; mandatory: boolean; role: string; assignee_user_id: string | null; due_at: Date | null }) => ({
  status: t.status, mandatory: t.mandatory, role: t.role, assigneeUserId: t.assignee_user_id, dueAt: t.due_at?.toISOString() ?? null,
});

/** An assignee is a member of the incident's organisation, or of the acting vendor: never anyone else's user. */
const assertAssignable = async (db: Kysely<DB>, ctx: RequestContext, row: IncidentAccess["row"], userId: string): Promise<void> => {
  for (const orgId of new Set([row.org_id, ctx.actor.orgId])) if (await memberStore.findByUser(db, orgId, userId)) return;
  throw new AppError("not_found", "body.assigneeUserId");
};

const parseDue = (v: string | null | undefined): Date | null | undefined => {
  if (v === undefined) return undefined;
  if (v === null || v === "") return null;
  const d = parseClockInput(v);
  if (!d) throw new AppError("clock_format", "body.dueAt");
  return d;
};

export const createTaskService = (p: Platform) => {
  const presentPlaybooks = async (ctx: RequestContext, db: Kysely<DB>, rows: Awaited<ReturnType<typeof playbookStore.list>>): Promise<Playbook[]> => {
    const steps = await playbookStore.steps(db, rows.map((r) => r.id));
    const canManage = canInOrg(ctx.actor, "playbooks.manage");
    return rows.map((r) => ({
      id: r.id, key: r.key, nameJa: r.name_ja, nameEn: r.name_en, category: r.category as IncidentCategory, builtin: r.org_id === null,
      steps: steps.filter((s) => s.playbook_id === r.id && s.position >= 0).map(presentStep),
      policies: { update: canManage && r.org_id !== null, delete: canManage && r.org_id !== null, copy: canManage },
    }));
  };
  const loadOwn = async (ctx: RequestContext, db: Kysely<DB>, id: string) => {
    const pb = await playbookStore.get(db, id);
    if (!pb) throw notFound();
    return pb;
  };

  return {
    listPlaybooks: async (ctx: RequestContext) => {
      await ensureBuiltins(p);
      return inTenant(p, ctx, async (tx) => ({
        playbooks: await presentPlaybooks(ctx, tx.db, await playbookStore.list(tx.db)),
        policies: { create: canInOrg(ctx.actor, "playbooks.manage") },
      }));
    },

    getPlaybook: async (ctx: RequestContext, id: string) => {
      await ensureBuiltins(p);
      return inTenant(p, ctx, async (tx) => (await presentPlaybooks(ctx, tx.db, [await loadOwn(ctx, tx.db, id)]))[0]!);
    },

    createPlaybook: async (ctx: RequestContext, input: z.infer<typeof ZPlaybookCreate>) => {
      authorize(canInOrg(ctx.actor, "playbooks.manage"));
      await ensureBuiltins(p);
      return inTenant(p, ctx, async (tx) => {
        let def: z.infer<typeof ZPlaybookInput>;
        if ("copyFrom" in input) {
          const src = await loadOwn(ctx, tx.db, input.copyFrom);
          const steps = (await playbookStore.steps(tx.db, [src.id])).filter((s) => s.position >= 0);
          def = {
            nameJa: `${src.name_ja}（コピー）`,
            nameEn: `${src.name_en} (copy)`,
            category: src.category as z.infer<typeof ZPlaybookInput>["category"],
            steps: steps.map((s) => ({
              titleJa: s.title_ja, titleEn: s.title_en, anchorClock: s.anchor_clock as Step["anchorClock"],
              offsetMinutes: s.offset_minutes, mandatory: s.mandatory, role: s.role as Step["role"], doneWhenClock: s.done_when_clock as Step["doneWhenClock"],
            })),
          };
        } else def = input;
        const pb = await playbookStore.insert(tx.db, { orgId: ctx.actor.orgId, key: `own-${randomBytes(6).toString("hex")}`, ...def });
        await playbookStore.replaceSteps(tx.db, pb.id, ctx.actor.orgId, def.steps);
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "playbook.create", objectType: "playbook", objectId: pb.id, after: { nameEn: def.nameEn, steps: def.steps.length } });
        return (await presentPlaybooks(ctx, tx.db, [pb]))[0]!;
      });
    },

    updatePlaybook: async (ctx: RequestContext, id: string, input: z.infer<typeof ZPlaybookInput>) => {
      authorize(canInOrg(ctx.actor, "playbooks.manage"));
      return inTenant(p, ctx, async (tx) => {
        const pb = await loadOwn(ctx, tx.db, id);
        if (pb.org_id !== ctx.actor.orgId) throw new AppError("forbidden");
        found(await playbookStore.update(tx.db, id, input, p.now()));
        await playbookStore.replaceSteps(tx.db, id, ctx.actor.orgId, input.steps);
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "playbook.update", objectType: "playbook", objectId: id, before: { nameEn: pb.name_en }, after: { nameEn: input.nameEn, steps: input.steps.length } });
        return (await presentPlaybooks(ctx, tx.db, [(await playbookStore.get(tx.db, id))!]))[0]!;
      });
    },

    deletePlaybook: async (ctx: RequestContext, id: string) => {
      authorize(canInOrg(ctx.actor, "playbooks.manage"));
      await inTenant(p, ctx, async (tx) => {
        const pb = await loadOwn(ctx, tx.db, id);
        if (pb.org_id !== ctx.actor.orgId) throw new AppError("forbidden");
        found(await playbookStore.delete(tx.db, id));
        await p.audit.record(tx, auditMeta(ctx), { orgId: ctx.actor.orgId, action: "playbook.delete", objectType: "playbook", objectId: id, before: { nameEn: pb.name_en } });
      });
    },

    listTasks: (ctx: RequestContext, incidentId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row, pol } = await loadIncident(ctx, tx.db, incidentId);
        const clocks = await currentClocks(tx, incidentId);
        const now = p.now();
        return {
          tasks: (await taskStore.list(tx.db, incidentId)).map((t) => {
            const { status, completedBy } = effectiveStatus(t.status, t.done_when_clock, clocks);
            const timing = { anchorClock: t.anchor_clock, offsetMinutes: t.offset_minutes, dueAt: t.due_at, status };
            return {
              id: t.id, title: t.title, role: t.role, status, mandatory: t.mandatory, doneWhenClock: t.done_when_clock, completedBy,
              assignee: t.assignee_user_id ? { id: t.assignee_user_id, name: t.assignee_name ?? "" } : null,
              anchorClock: t.anchor_clock, offsetMinutes: t.offset_minutes,
              dueAt: dueOf(timing, clocks)?.toISOString() ?? null, overdue: isOverdue(timing, clocks, now),
              fromPlaybook: t.playbook_step_id !== null, createdAt: t.created_at.toISOString(),
              policies: policiesForTask(ctx.actor, incidentSubject(row), t),
            };
          }),
          policies: { add: pol.update },
        };
      }),

    applyPlaybook: async (ctx: RequestContext, incidentId: string, playbookId: string) => {
      await ensureBuiltins(p);
      return inTenant(p, ctx, async (tx) => {
        const { row } = await loadIncident(ctx, tx.db, incidentId, "update");
        const pb = await loadOwn(ctx, tx.db, playbookId);
        const steps = (await playbookStore.steps(tx.db, [pb.id])).filter((s) => s.position >= 0);
        const locale = ctx.locale;
        const created = await taskStore.insertMany(tx.db, steps.map((s) => ({
          org_id: row.org_id, incident_id: incidentId, title: locale === "en" ? s.title_en : s.title_ja, role: s.role,
          mandatory: s.mandatory, anchor_clock: s.anchor_clock, offset_minutes: s.offset_minutes, playbook_step_id: s.id, done_when_clock: s.done_when_clock,
        })));
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "playbook.apply", objectType: "incident", objectId: incidentId, after: { playbookId, created } });
        return { created };
      });
    },

    addTask: (ctx: RequestContext, incidentId: string, input: z.infer<typeof ZTaskInput>) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await loadIncident(ctx, tx.db, incidentId, "update");
        if (input.mandatory && !policiesForTask(ctx.actor, incidentSubject(row), { mandatory: true }).setMandatory) throw new AppError("forbidden", "body.mandatory");
        if (input.assigneeUserId) await assertAssignable(tx.db, ctx, row, input.assigneeUserId);
        await taskStore.insertMany(tx.db, [{
          org_id: row.org_id, incident_id: incidentId, title: input.title, role: input.role ?? "responder", mandatory: input.mandatory ?? false,
          due_at: parseDue(input.dueAt) ?? null, assignee_user_id: input.assigneeUserId ?? null,
        }]);
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "task.add", objectType: "incident", objectId: incidentId,
          after: { role: input.role ?? "responder", mandatory: input.mandatory ?? false, assigneeUserId: input.assigneeUserId ?? null } });
      }),

    updateTask: (ctx: RequestContext, incidentId: string, taskId: string, patch: z.infer<typeof ZTaskPatch>) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await loadIncident(ctx, tx.db, incidentId, "update");
        const before = await taskStore.get(tx.db, incidentId, taskId);
        if (!before) throw notFound();
        const pol = policiesForTask(ctx.actor, incidentSubject(row), before);
        if (patch.mandatory !== undefined && patch.mandatory !== before.mandatory && !pol.setMandatory) throw new AppError("forbidden", "body.mandatory");
        if (patch.assigneeUserId) await assertAssignable(tx.db, ctx, row, patch.assigneeUserId);
        const due = parseDue(patch.dueAt);
        const after = found(await taskStore.update(tx.db, taskId, {
          ...(patch.title ? { title: patch.title } : {}),
          ...(patch.role ? { role: patch.role } : {}),
          ...(patch.mandatory !== undefined ? { mandatory: patch.mandatory } : {}),
          ...(patch.status ? { status: patch.status } : {}),
          ...(patch.assigneeUserId !== undefined ? { assignee_user_id: patch.assigneeUserId } : {}),
          ...(due !== undefined ? { due_at: due } : {}),
          updated_at: p.now(),
        }));
        await p.audit.record(tx, auditMeta(ctx), {
          orgId: row.org_id, action: "task.update", objectType: "task", objectId: taskId,
          before: auditedTask(before),
          after: { ...auditedTask(after), changed: changedFields(before, after, ["title", "role", "mandatory", "status", "assignee_user_id", "due_at"]) },
        });
      }),

    removeTask: (ctx: RequestContext, incidentId: string, taskId: string) =>
      inTenant(p, ctx, async (tx) => {
        const { row } = await loadIncident(ctx, tx.db, incidentId, "update");
        const t = await taskStore.get(tx.db, incidentId, taskId);
        if (!t) throw notFound();
        authorize(policiesForTask(ctx.actor, incidentSubject(row), t).delete);
        found(await taskStore.delete(tx.db, taskId));
        await p.audit.record(tx, auditMeta(ctx), { orgId: row.org_id, action: "task.delete", objectType: "task", objectId: taskId, before: auditedTask(t) });
      }),
  };
};
