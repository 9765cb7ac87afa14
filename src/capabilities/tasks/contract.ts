/** The playbooks and tasks API's answers: schemas for the routes (validation, OpenAPI), types for the UI (`import type` only). */
import { z } from "zod";
import { INCIDENT_CATEGORIES, ROLES, TASK_STATUSES } from "../../platform/db/schema.js";
import { ZPerson } from "../../platform/auth/contract.js";
import { CLOCKS } from "../incidents/clocks.js";

export const ZPlaybookStep = z.object({
  id: z.string().uuid(), titleJa: z.string(), titleEn: z.string(), anchorClock: z.enum(CLOCKS), offsetMinutes: z.number(), mandatory: z.boolean(),
  role: z.enum(ROLES),
  /** Recording this clock completes the step's tasks. */
  doneWhenClock: z.enum(CLOCKS).nullable(),
});
export type PlaybookStep = z.infer<typeof ZPlaybookStep>;
export const ZPlaybook = z.object({
  id: z.string().uuid(), key: z.string(), nameJa: z.string(), nameEn: z.string(), category: z.enum(INCIDENT_CATEGORIES), builtin: z.boolean(),
  steps: z.array(ZPlaybookStep),
  policies: z.object({ update: z.boolean(), delete: z.boolean(), copy: z.boolean() }),
});
export type Playbook = z.infer<typeof ZPlaybook>;
export const ZPlaybooks = z.object({ playbooks: z.array(ZPlaybook), policies: z.object({ create: z.boolean() }) });
export type PlaybooksResponse = z.infer<typeof ZPlaybooks>;

export const ZTask = z.object({
  id: z.string().uuid(), title: z.string(), role: z.string(), status: z.enum(TASK_STATUSES), mandatory: z.boolean(),
  assignee: ZPerson.nullable(), anchorClock: z.string().nullable(),
  offsetMinutes: z.number().nullable(), dueAt: z.string().nullable(), overdue: z.boolean(),
  /** The clock whose recording completes the task, and the one that did (then status is done). */
  doneWhenClock: z.string().nullable(), completedBy: z.enum(CLOCKS).nullable(),
  fromPlaybook: z.boolean(), createdAt: z.string(),
  policies: z.object({ update: z.boolean(), setMandatory: z.boolean(), delete: z.boolean() }),
});
export type Task = z.infer<typeof ZTask>;
export const ZTasks = z.object({ tasks: z.array(ZTask), policies: z.object({ add: z.boolean() }) });
export type TasksResponse = z.infer<typeof ZTasks>;
