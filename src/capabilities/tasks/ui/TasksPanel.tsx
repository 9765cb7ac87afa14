/**
 * The incident's tasks: due times come from the server (a playbook step is due at an offset from a clock, so
 * correcting the clock moves it), overdue ones first and marked in words. A playbook adds its steps once.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { MembersResponse } from "../../orgs/contract";
import type { PlaybooksResponse, Task, TasksResponse } from "../contract";
import { ROLES, TASK_STATUSES } from "../../../platform/db/schema";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, EnumOptions, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { Options } from "../../../web/components/Options";
import { nameOf } from "../../../web/format";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import "./tasks.css";

/**
 * `orgId`: the organisation the user works in. `isOwner`: it owns the incident, so its members are who tasks are
 * assigned to; a vendor working on a granted incident sees assignees but cannot pick the owner's people.
 */
type Props = { orgId: string; incidentId: string; canEdit: boolean; isOwner: boolean };

const ORDER = (task: Task): number => (task.overdue ? 0 : task.status === "done" || task.status === "skipped" ? 3 : task.dueAt ? 1 : 2);
const byUrgency = (a: Task, b: Task): number =>
  ORDER(a) - ORDER(b) || (a.dueAt && b.dueAt ? Date.parse(a.dueAt) - Date.parse(b.dueAt) : 0) || a.createdAt.localeCompare(b.createdAt);

export function TasksPanel({ orgId, incidentId, canEdit, isOwner }: Props) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "tasks");
  const list = useApi<TasksResponse>(path);
  const members = useApi<MembersResponse>(isOwner ? orgPath(orgId, "members") : null).data?.members ?? [];
  const rows = useMutations(list.reload);
  const canAdd = canEdit && !!list.data?.policies.add;
  const tasks = [...(list.data?.tasks ?? [])].sort(byUrgency);
  const overdue = tasks.filter((x) => x.overdue).length;
  const taskPath = (task: Task) => `${path}/${encodeURIComponent(task.id)}`;
  const patch = (task: Task, body: Record<string, unknown>) => void rows.mutate(() => api.patch(taskPath(task), body), t("tasks.updated"));

  return (
    <>
      {canAdd && <ApplyPlaybook orgId={orgId} incidentId={incidentId} onApplied={list.reload} />}
      <Section title={t("tasks.title")} id="tasks">
        <Notice message={rows.notice} />
        <ErrorAlert error={list.error ?? rows.error} />
        {overdue > 0 && <p className="warning">{t("tasks.overdueCount", { count: overdue })}</p>}
        <ListTable
          items={list.data ? tasks : undefined}
          loading={list.loading}
          empty={t("tasks.empty")}
          columns={[t("tasks.titleField"), t("tasks.due"), t("tasks.status"), t("tasks.assignee"), t("tasks.role"), { hidden: t("members.actions") }]}
          row={(task) => (
            <tr key={task.id} className={task.overdue ? "task-row--overdue" : task.status === "done" || task.status === "skipped" ? "row--inactive" : undefined}>
              <th scope="row">
                {task.title}
                <span className="task-tags">
                  {task.mandatory && <span className="tag">{t("tasks.mandatory")}</span>}
                  {task.fromPlaybook && <span className="tag tag--muted">{t("tasks.fromPlaybook")}</span>}
                </span>
              </th>
              <td className="nowrap">
                {task.dueAt ? <DateTime value={task.dueAt} /> : <span className="muted">{task.anchorClock ? t("tasks.waitsFor", { clock: t(`clocks.${task.anchorClock}`) }) : t("tasks.noDue")}</span>}
                {task.overdue && <span className="gap-badge gap-badge--overdue task-overdue">{t("tasks.overdue")}</span>}
                {task.completedBy && <span className="task-done-by">{t("tasks.completedBy", { clock: t(`clocks.${task.completedBy}`) })}</span>}
              </td>
              <td>
                {canAdd ? (
                  <select aria-label={t("tasks.statusOf", { task: task.title })} value={task.status} disabled={rows.busy} onChange={(e) => patch(task, { status: e.target.value })}>
                    <Options section="taskStatuses" values={TASK_STATUSES} />
                  </select>
                ) : (
                  t(`taskStatuses.${task.status}`)
                )}
              </td>
              <td>
                {canAdd && members.length > 0 ? (
                  <select
                    aria-label={t("tasks.assigneeOf", { task: task.title })}
                    value={task.assignee?.id ?? ""}
                    disabled={rows.busy}
                    onChange={(e) => patch(task, { assigneeUserId: e.target.value || null })}
                  >
                    <option value="">{t("tasks.unassigned")}</option>
                    {task.assignee && !members.some((m) => m.userId === task.assignee?.id) && <option value={task.assignee.id}>{task.assignee.name}</option>}
                    {members.map((m) => (
                      <option key={m.userId} value={m.userId}>
                        {m.displayName}
                      </option>
                    ))}
                  </select>
                ) : (
                  (task.assignee?.name ?? <span className="muted">{t("tasks.unassigned")}</span>)
                )}
              </td>
              <td className="nowrap">{t(`roles.${task.role}`, { defaultValue: task.role })}</td>
              <td className="actions">
                {canAdd && (
                  <ConfirmButton
                    label={t("tasks.removeTask", { task: task.title })}
                    question={t("common.confirmRemove")}
                    disabled={rows.busy}
                    onConfirm={() => void rows.mutate(() => api.del(taskPath(task)), t("tasks.removed"))}
                  >
                    {t("common.remove")}
                  </ConfirmButton>
                )}
              </td>
            </tr>
          )}
        />
      </Section>
      {canAdd && <AddTask path={path} members={members} onAdded={list.reload} />}
    </>
  );
}

function ApplyPlaybook({ orgId, incidentId, onApplied }: { orgId: string; incidentId: string; onApplied: () => void }) {
  const { t } = useTranslation();
  const playbooks = useApi<PlaybooksResponse>(orgPath(orgId, "playbooks"));
  const apply = useMutations(onApplied);
  const [chosen, setChosen] = useState("");
  const locale = currentLocale();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (!chosen) return;
    void apply.mutate(
      () => api.post<{ created: number }>(orgPath(orgId, "incidents", incidentId, "playbooks", chosen, "apply")),
      (r) => t("tasks.applied", { count: r.created }),
    );
  };
  return (
    <Section title={t("tasks.applyPlaybook")} id="apply-playbook">
      <Notice message={apply.notice} />
      <ErrorAlert error={apply.error ?? playbooks.error} />
      <form className="form form--row" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="apply-playbook-select">{t("tasks.playbook")}</label>
          <select id="apply-playbook-select" value={chosen} onChange={(e) => setChosen(e.target.value)}>
            <option value="">{t("tasks.choose")}</option>
            {playbooks.data?.playbooks.map((p) => (
              <option key={p.id} value={p.id}>
                {nameOf(p, locale)} ({t("playbooks.stepCount", { count: p.steps.length })})
              </option>
            ))}
          </select>
        </div>
        <SubmitButton busy={apply.busy}>{t("tasks.apply")}</SubmitButton>
      </form>
    </Section>
  );
}

function AddTask({ path, members, onAdded }: { path: string; members: MembersResponse["members"]; onAdded: () => void }) {
  const { t } = useTranslation();
  const add = useMutations(onAdded);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { title = "", role = "responder", dueAt = "", assigneeUserId = "", mandatory } = formValues(form);
    const body = { title, role, mandatory: mandatory === "on", ...(dueAt ? { dueAt } : {}), ...(assigneeUserId ? { assigneeUserId } : {}) };
    const res = await add.mutate(() => api.post(path, body), t("tasks.added"));
    if (res) form.reset();
  };
  return (
    <Section title={t("tasks.add")} id="add-task">
      <Notice message={add.notice} />
      <ErrorAlert error={add.error} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t("tasks.titleField")} name="title" error={add.error}>
          {(p) => <input {...p} type="text" required maxLength={300} />}
        </Field>
        <div className="form--row">
          <Field label={t("tasks.role")} name="role" error={add.error}>
            {(p) => (
              <select {...p} defaultValue="responder">
                <EnumOptions group="roles" values={ROLES} />
              </select>
            )}
          </Field>
          <Field label={t("tasks.dueAt")} name="dueAt" error={add.error} hint={t("clock.atHint")}>
            {(p) => <input {...p} type="datetime-local" />}
          </Field>
          {members.length > 0 && (
            <Field label={t("tasks.assignee")} name="assigneeUserId" error={add.error}>
              {(p) => (
                <select {...p} defaultValue="">
                  <option value="">{t("tasks.unassigned")}</option>
                  {members.map((m) => (
                    <option key={m.userId} value={m.userId}>
                      {m.displayName}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </div>
        <label className="checkbox">
          <input type="checkbox" name="mandatory" /> {t("tasks.mandatory")}
        </label>
        <div className="form__actions">
          <SubmitButton busy={add.busy}>{t("tasks.add")}</SubmitButton>
        </div>
      </form>
    </Section>
  );
}
