/** /api/v1/orgs/:orgId/playbooks and /api/v1/orgs/:orgId/incidents/:incidentId/tasks */
import { z } from "zod";
import type { Platform } from "../../platform/context.js";
import type { Api } from "../../platform/http/server.js";
import { requestContext } from "../../platform/http/context.js";
import { ZPlaybook, ZPlaybooks, ZTasks } from "./contract.js";
import { ZPlaybookCreate, ZPlaybookInput, ZTaskInput, ZTaskPatch } from "./domain.js";
import { createTaskService } from "./service.js";
import { ZIncidentParams, ZOrgParams } from "../../platform/http/params.js";

export const taskRoutes = (api: Api, p: Platform): void => {
  const svc = createTaskService(p);
  const tags = ["playbooks and tasks"];

  api.get("/orgs/:orgId/playbooks", { schema: { tags, summary: "Built-in and own playbooks", params: ZOrgParams, response: { 200: ZPlaybooks } } },
    async (req) => svc.listPlaybooks(await requestContext(p, req, req.params.orgId)));
  api.post("/orgs/:orgId/playbooks", { schema: { tags, summary: "Create a playbook, or copy one ({copyFrom})", params: ZOrgParams, body: ZPlaybookCreate, response: { 201: z.object({ playbook: ZPlaybook }) } } },
    async (req, reply) => reply.status(201).send({ playbook: await svc.createPlaybook(await requestContext(p, req, req.params.orgId), req.body) }));
  const ZPb = ZOrgParams.extend({ playbookId: z.string().uuid() });
  api.get("/orgs/:orgId/playbooks/:playbookId", { schema: { tags, summary: "One playbook", params: ZPb, response: { 200: z.object({ playbook: ZPlaybook }) } } },
    async (req) => ({ playbook: await svc.getPlaybook(await requestContext(p, req, req.params.orgId), req.params.playbookId) }));
  api.put("/orgs/:orgId/playbooks/:playbookId", { schema: { tags, summary: "Replace an own playbook", params: ZPb, body: ZPlaybookInput, response: { 200: z.object({ playbook: ZPlaybook }) } } },
    async (req) => ({ playbook: await svc.updatePlaybook(await requestContext(p, req, req.params.orgId), req.params.playbookId, req.body) }));
  api.delete("/orgs/:orgId/playbooks/:playbookId", { schema: { tags, summary: "Delete an own playbook", params: ZPb } }, async (req, reply) => {
    await svc.deletePlaybook(await requestContext(p, req, req.params.orgId), req.params.playbookId);
    return reply.status(204).send();
  });

  api.post("/orgs/:orgId/incidents/:incidentId/playbooks/:playbookId/apply", {
    schema: { tags, summary: "Create the playbook's tasks on the incident (once per step)", params: ZIncidentParams.extend({ playbookId: z.string().uuid() }), response: { 200: ZTasks.extend({ created: z.number() }) } },
  }, async (req) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    const { created } = await svc.applyPlaybook(ctx, req.params.incidentId, req.params.playbookId);
    return { created, ...(await svc.listTasks(ctx, req.params.incidentId)) };
  });
  api.get("/orgs/:orgId/incidents/:incidentId/tasks", { schema: { tags, summary: "Tasks with their due times (from their clocks) and overdue flags", params: ZIncidentParams, response: { 200: ZTasks } } },
    async (req) => svc.listTasks(await requestContext(p, req, req.params.orgId), req.params.incidentId));
  api.post("/orgs/:orgId/incidents/:incidentId/tasks", { schema: { tags, summary: "Add a task", params: ZIncidentParams, body: ZTaskInput, response: { 201: ZTasks } } }, async (req, reply) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    await svc.addTask(ctx, req.params.incidentId, req.body);
    return reply.status(201).send(await svc.listTasks(ctx, req.params.incidentId));
  });
  const ZTaskParams = ZIncidentParams.extend({ taskId: z.string().uuid() });
  api.patch("/orgs/:orgId/incidents/:incidentId/tasks/:taskId", { schema: { tags, summary: "Change a task (status, assignee, due…)", params: ZTaskParams, body: ZTaskPatch, response: { 200: ZTasks } } }, async (req) => {
    const ctx = await requestContext(p, req, req.params.orgId);
    await svc.updateTask(ctx, req.params.incidentId, req.params.taskId, req.body);
    return svc.listTasks(ctx, req.params.incidentId);
  });
  api.delete("/orgs/:orgId/incidents/:incidentId/tasks/:taskId", { schema: { tags, summary: "Delete a task (mandatory ones: ciso or org-admin only)", params: ZTaskParams } }, async (req, reply) => {
    await svc.removeTask(await requestContext(p, req, req.params.orgId), req.params.incidentId, req.params.taskId);
    return reply.status(204).send();
  });
};
