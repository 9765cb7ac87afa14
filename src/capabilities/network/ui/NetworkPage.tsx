/**
 * 連絡網 / Network: the page board (open pages first, each with its step and what the user may do), a page's
 * timeline, the schedules (who is on call now, the next hand-off), the escalation policies (an editor of steps and
 * targets) and which events page which policy. Acknowledge and resolve come from each page's policies.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router-dom";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Loading, PageHeader, Section } from "../../../web/components/Layout";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import type { NetworkOverview, PageDetail, PageList, PageSummary, PolicyView } from "../pages-contract";
import "./network.css";

type Text = { ja: string; en: string };
const useText = () => {
  useTranslation();
  return (t: Text) => (currentLocale() === "en" ? t.en : t.ja);
};
const EVENT_KINDS = ["incident.created", "incident.severity_raised", "gap.at_risk", "gap.overdue", "obligation.due_soon", "obligation.overdue", "report.received"] as const;
type Tab = "pages" | "schedules" | "policies" | "triggers";

function StatusBadge({ status }: { status: PageSummary["status"] }) {
  const { t } = useTranslation();
  return <span className={`badge network-status network-status--${status}`}>{t(`network.status_${status}`)}</span>;
}

export function NetworkPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState<Tab>("pages");
  return (
    <>
      <PageHeader title={t("network.title")} />
      <div className="network-tabs" role="tablist" aria-label={t("network.title")}>
        {(["pages", "schedules", "policies", "triggers"] as const).map((x) => (
          <button key={x} type="button" role="tab" aria-selected={tab === x} className="button" onClick={() => setTab(x)}>
            {t(`network.tab_${x}`)}
          </button>
        ))}
      </div>
      {tab === "pages" ? <PagesBoard /> : <Setup tab={tab} />}
    </>
  );
}

function PagesBoard() {
  const { t } = useTranslation();
  const org = useOrg();
  const text = useText();
  const list = useApi<PageList>(orgPath(org.orgId, "network", "pages"));
  const overview = useApi<NetworkOverview>(orgPath(org.orgId, "network", "overview"));
  const m = useMutations(list.reload);
  const raise = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const res = await m.mutate(() => api.post(orgPath(org.orgId, "network", "pages"), { titleJa: v.titleJa, policyId: v.policyId, isDrill: v.isDrill === "on" }), t("network.raised"));
    if (res) form.reset();
  };
  return (
    <>
      <Notice message={m.notice} />
      <ErrorAlert error={list.error ?? m.error} />
      {!list.data && list.loading && <Loading />}
      {list.data && (
        <Section title={t("network.board")} id="network-board">
          {list.data.pages.length === 0 ? <p className="muted">{t("network.noPages")}</p> : (
            <table className="table" data-testid="page-board">
              <thead>
                <tr><th scope="col">{t("network.page")}</th><th scope="col">{t("network.status")}</th><th scope="col">{t("network.step")}</th><th scope="col">{t("network.raisedAt")}</th></tr>
              </thead>
              <tbody>
                {list.data.pages.map((p) => (
                  <tr key={p.id} data-page-id={p.id}>
                    <td>
                      {p.isDrill && <span className="badge network-drill">{t("network.drill")}</span>}{" "}
                      <Link to={orgHref(org.orgId, `network/pages/${p.id}`)}>{text(p.title)}</Link>
                      {p.sourceOrg && <div className="muted small">{t("network.from", { org: text({ ja: p.sourceOrg.nameJa, en: p.sourceOrg.nameEn }) })}</div>}
                    </td>
                    <td><StatusBadge status={p.status} /></td>
                    <td>{p.steps > 0 ? t("network.stepOf", { step: p.step + 1, steps: p.steps }) : "—"}</td>
                    <td><DateTime value={p.createdAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
      {list.data?.policies.page && overview.data && overview.data.escalationPolicies.length > 0 && (
        <Section title={t("network.manual")} id="network-manual">
          <form onSubmit={raise}>
            <Field label={t("network.pageTitle")} name="titleJa" error={m.error}>{(p) => <input {...p} required maxLength={300} />}</Field>
            <Field label={t("network.policy")} name="policyId" error={m.error}>
              {(p) => <select {...p}>{overview.data!.escalationPolicies.map((x) => <option key={x.id} value={x.id}>{text({ ja: x.nameJa, en: x.nameEn })}</option>)}</select>}
            </Field>
            <label className="checkbox"><input type="checkbox" name="isDrill" /> {t("network.isDrill")}</label>
            <SubmitButton busy={m.busy}>{t("network.raise")}</SubmitButton>
          </form>
        </Section>
      )}
    </>
  );
}

export function PageDetailPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const text = useText();
  const { pageId } = useParams();
  const path = orgPath(org.orgId, "network", "pages", pageId ?? "");
  const loaded = useApi<PageDetail>(path);
  const m = useMutations(loaded.reload);
  const d = loaded.data;
  return (
    <>
      <PageHeader title={d ? text(d.page.title) : t("network.page")}>
        <Link to={orgHref(org.orgId, "network")}>{t("network.back")}</Link>
      </PageHeader>
      <Notice message={m.notice} />
      <ErrorAlert error={loaded.error ?? m.error} />
      {!d && loaded.loading && <Loading />}
      {d && (
        <>
          <div className="card network-summary">
            <p>
              <StatusBadge status={d.page.status} /> {d.page.isDrill && <span className="badge network-drill">{t("network.drill")}</span>}{" "}
              {d.page.steps > 0 && t("network.stepOf", { step: d.page.step + 1, steps: d.page.steps })}
            </p>
            {d.page.sourceOrg && <p>{t("network.from", { org: text({ ja: d.page.sourceOrg.nameJa, en: d.page.sourceOrg.nameEn }) })}</p>}
            {d.page.nextWakeAt && d.page.status === "triggered" && <p>{t("network.nextStepAt")} <DateTime value={d.page.nextWakeAt} /></p>}
            <div className="form-inline">
              {d.page.policies.acknowledge && (
                <button type="button" className="button button--primary" disabled={m.busy}
                  onClick={() => void m.mutate(() => api.post(`${path}/acknowledge`), t("network.acknowledged"))}>{t("network.acknowledge")}</button>
              )}
              {d.page.policies.resolve && (
                <button type="button" className="button" disabled={m.busy}
                  onClick={() => void m.mutate(() => api.post(`${path}/resolve`), t("network.resolved"))}>{t("network.resolve")}</button>
              )}
            </div>
          </div>
          <Section title={t("network.timeline")} id="network-timeline">
            <ol className="network-timeline" data-testid="page-timeline">
              {d.events.map((e) => (
                <li key={e.id} data-kind={e.kind}>
                  <DateTime value={e.at} /> · {t(`network.event_${e.kind}`, { step: (e.step ?? 0) + 1, round: (e.round ?? 0) + 1, count: e.recipients })}
                  {e.by && <> · {e.by.name}</>}
                  {e.via && e.via !== "system" && <span className="muted"> ({t(`network.via_${e.via}`)})</span>}
                  {e.reason && <span className="muted"> — {t(`network.reason_${e.reason}`)}</span>}
                </li>
              ))}
            </ol>
          </Section>
        </>
      )}
    </>
  );
}

function Setup({ tab }: { tab: Exclude<Tab, "pages"> }) {
  const org = useOrg();
  const loaded = useApi<NetworkOverview>(orgPath(org.orgId, "network", "overview"));
  if (!loaded.data) return <>{loaded.loading ? <Loading /> : <ErrorAlert error={loaded.error} />}</>;
  if (tab === "schedules") return <Schedules d={loaded.data} reload={loaded.reload} />;
  if (tab === "policies") return <Policies d={loaded.data} reload={loaded.reload} />;
  return <Triggers d={loaded.data} reload={loaded.reload} />;
}

function Schedules({ d, reload }: { d: NetworkOverview; reload: () => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const text = useText();
  const m = useMutations(reload);
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const participants = [...form.querySelectorAll<HTMLInputElement>("input[name=participant]:checked")].map((x) => x.value);
    const body = { nameJa: v.nameJa, nameEn: v.nameEn || v.nameJa, timeZone: v.timeZone || "Asia/Tokyo", rotation: { kind: v.kind, handoffTime: v.handoffTime, startDate: v.startDate, participants } };
    const res = await m.mutate(() => api.post(orgPath(org.orgId, "network", "schedules"), body), t("common.saved"));
    if (res) form.reset();
  };
  return (
    <>
      <Notice message={m.notice} />
      <ErrorAlert error={m.error} />
      <Section title={t("network.tab_schedules")} id="network-schedules">
        {d.schedules.length === 0 ? <p className="muted">{t("common.empty")}</p> : (
          <table className="table" data-testid="schedules">
            <thead><tr><th scope="col">{t("network.schedule")}</th><th scope="col">{t("network.onCallNow")}</th><th scope="col">{t("network.nextHandoff")}</th></tr></thead>
            <tbody>
              {d.schedules.map((s) => (
                <tr key={s.id}>
                  <td>{text({ ja: s.nameJa, en: s.nameEn })}<div className="muted small">{t(`network.rotation_${s.rotation.kind}`)} · {s.rotation.handoffTime} ({s.timeZone})</div></td>
                  <td>{s.onCallNow?.name ?? <span className="muted">{t("network.nobody")}</span>}</td>
                  <td>{s.nextHandoff ? <><DateTime value={s.nextHandoff.at} /> → {s.nextHandoff.user?.name ?? t("network.nobody")}</> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
      {d.policies.manage && (
        <Section title={t("network.newSchedule")} id="network-new-schedule">
          <form onSubmit={create}>
            <Field label={t("network.nameJa")} name="nameJa" error={m.error}>{(p) => <input {...p} required maxLength={200} />}</Field>
            <Field label={t("network.nameEn")} name="nameEn" error={m.error}>{(p) => <input {...p} maxLength={200} />}</Field>
            <Field label={t("network.timeZone")} name="timeZone" error={m.error}>{(p) => <input {...p} defaultValue="Asia/Tokyo" />}</Field>
            <Field label={t("network.rotation")} name="kind" error={m.error}>
              {(p) => <select {...p}><option value="weekly">{t("network.rotation_weekly")}</option><option value="daily">{t("network.rotation_daily")}</option></select>}
            </Field>
            <Field label={t("network.handoffTime")} name="handoffTime" error={m.error}>{(p) => <input {...p} type="time" defaultValue="09:00" required />}</Field>
            <Field label={t("network.startDate")} name="startDate" error={m.error}>{(p) => <input {...p} type="date" required />}</Field>
            <fieldset>
              <legend>{t("network.participants")}</legend>
              {d.members.map((x) => <label key={x.id} className="checkbox"><input type="checkbox" name="participant" value={x.id} /> {x.name}</label>)}
            </fieldset>
            <SubmitButton busy={m.busy}>{t("common.create")}</SubmitButton>
          </form>
        </Section>
      )}
    </>
  );
}

type TargetChoice = string; // "user:<id>" | "schedule:<id>" | "role:<role>" | "desk:<orgId>"
const targetOf = (c: TargetChoice) => {
  const [kind, value] = [c.slice(0, c.indexOf(":")), c.slice(c.indexOf(":") + 1)];
  return kind === "user" ? { kind, userId: value } : kind === "schedule" ? { kind, scheduleId: value } : kind === "role" ? { kind, role: value } : { kind, orgId: value };
};
const choiceOf = (t: PolicyView["steps"][number]["targets"][number]): TargetChoice =>
  t.kind === "user" ? `user:${t.userId}` : t.kind === "schedule" ? `schedule:${t.scheduleId}` : t.kind === "role" ? `role:${t.role}` : `desk:${t.orgId}`;
/** A step being edited: its time limit and every target ("" while a new target row is unchosen). */
type StepDraft = { timeoutMinutes: number; targets: TargetChoice[] };
const newStep = (): StepDraft => ({ timeoutMinutes: 5, targets: [""] });

function Policies({ d, reload }: { d: NetworkOverview; reload: () => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const text = useText();
  const m = useMutations(reload);
  const [editing, setEditing] = useState<PolicyView | null>(null);
  const [steps, setSteps] = useState<StepDraft[]>([newStep()]);
  const targetName = (c: TargetChoice): string => {
    const x = targetOf(c);
    if (x.kind === "user") return d.members.find((u) => u.id === x.userId)?.name ?? t("network.unknownTarget");
    if (x.kind === "schedule") { const s = d.schedules.find((y) => y.id === x.scheduleId); return s ? text({ ja: s.nameJa, en: s.nameEn }) : t("network.unknownTarget"); }
    if (x.kind === "role") return t(`roles.${x.role}`, { defaultValue: x.role ?? "" });
    if (x.orgId === org.orgId) return t("network.ownDesk");
    const o = d.desks.find((y) => y.id === x.orgId);
    return o ? t("network.deskOf", { org: text({ ja: o.nameJa, en: o.nameEn }) }) : t("network.unknownTarget");
  };
  const choices: TargetChoice[] = [
    ...d.members.map((u) => `user:${u.id}`), ...d.schedules.map((s) => `schedule:${s.id}`),
    ...[...new Set(d.members.map((u) => u.role))].map((r) => `role:${r}`), `desk:${org.orgId}`, ...d.desks.map((o) => `desk:${o.id}`),
  ];
  const edit = (p: PolicyView | null) => {
    setEditing(p);
    setSteps(p ? p.steps.map((s) => ({ timeoutMinutes: s.timeoutMinutes, targets: s.targets.map(choiceOf) })) : [newStep()]);
  };
  /** Every target of every step, kept: a choice the lists no longer offer (a member who left) stays until removed. */
  const setStep = (i: number, change: (s: StepDraft) => StepDraft) => setSteps(steps.map((x, j) => (j === i ? change(x) : x)));
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const body = {
      nameJa: v.nameJa, nameEn: v.nameEn || v.nameJa, repeat: Number(v.repeat || 0),
      steps: steps.map((s) => ({ timeoutMinutes: s.timeoutMinutes, targets: [...new Set(s.targets.filter(Boolean))].map(targetOf) })),
    };
    const res = await m.mutate(() => (editing ? api.put(orgPath(org.orgId, "network", "policies", editing.id), body) : api.post(orgPath(org.orgId, "network", "policies"), body)), t("common.saved"));
    if (res) edit(null);
  };
  const setDesk = (policyId: string) => void m.mutate(() => api.put(orgPath(org.orgId, "network", "desk"), { policyId: policyId || null }), t("common.saved"));
  return (
    <>
      <Notice message={m.notice} />
      <ErrorAlert error={m.error} />
      <Section title={t("network.tab_policies")} id="network-policies">
        {d.escalationPolicies.length === 0 ? <p className="muted">{t("common.empty")}</p> : (
          <ul className="plain-list" data-testid="policies">
            {d.escalationPolicies.map((p) => (
              <li key={p.id} className="card">
                <strong>{text({ ja: p.nameJa, en: p.nameEn })}</strong> <span className="muted small">v{p.version} · {t("network.repeatN", { count: p.repeat })}</span>
                <ol>{p.steps.map((s, i) => <li key={i}>{s.targets.map((x) => targetName(choiceOf(x))).join(", ")} — {t("network.waitMinutes", { count: s.timeoutMinutes })}</li>)}</ol>
                {d.policies.manage && <button type="button" className="button" onClick={() => edit(p)}>{t("common.edit")}</button>}
              </li>
            ))}
          </ul>
        )}
        <label>
          {t("network.deskPolicy")}{" "}
          <select value={d.desk.policyId ?? ""} onChange={(e) => setDesk(e.target.value)} disabled={!d.policies.manage} name="deskPolicy">
            <option value="">{t("network.deskChannelsOnly")}</option>
            {d.escalationPolicies.map((p) => <option key={p.id} value={p.id}>{text({ ja: p.nameJa, en: p.nameEn })}</option>)}
          </select>
        </label>
      </Section>
      {d.policies.manage && (
        <Section title={editing ? t("network.editPolicy") : t("network.newPolicy")} id="network-policy-editor">
          <form onSubmit={save} key={editing?.id ?? "new"}>
            <Field label={t("network.nameJa")} name="nameJa" error={m.error}>{(p) => <input {...p} required maxLength={200} defaultValue={editing?.nameJa ?? ""} />}</Field>
            <Field label={t("network.nameEn")} name="nameEn" error={m.error}>{(p) => <input {...p} maxLength={200} defaultValue={editing?.nameEn ?? ""} />}</Field>
            <Field label={t("network.repeat")} name="repeat" error={m.error}>{(p) => <input {...p} type="number" min={0} max={9} defaultValue={editing?.repeat ?? 0} />}</Field>
            {steps.map((s, i) => (
              <fieldset key={i} className="network-step" data-testid={`policy-step-${i + 1}`}>
                <legend>{t("network.stepN", { step: i + 1 })}</legend>
                <ul className="plain-list network-targets">
                  {s.targets.map((c, k) => (
                    <li key={k}>
                      <select required value={c} aria-label={t("network.targetN", { step: i + 1, n: k + 1 })}
                        onChange={(e) => setStep(i, (x) => ({ ...x, targets: x.targets.map((y, l) => (l === k ? e.target.value : y)) }))}>
                        <option value="">—</option>
                        {c && !choices.includes(c) && <option value={c}>{targetName(c)}</option>}
                        {choices.map((o) => <option key={o} value={o} disabled={o !== c && s.targets.includes(o)}>{targetName(o)}</option>)}
                      </select>{" "}
                      {s.targets.length > 1 && (
                        <button type="button" className="button" aria-label={t("network.removeTargetN", { step: i + 1, n: k + 1, name: c ? targetName(c) : "—" })}
                          onClick={() => setStep(i, (x) => ({ ...x, targets: x.targets.filter((_, l) => l !== k) }))}>{t("network.removeTarget")}</button>
                      )}
                    </li>
                  ))}
                </ul>
                <button type="button" className="button" aria-label={t("network.addTargetN", { step: i + 1 })}
                  onClick={() => setStep(i, (x) => ({ ...x, targets: [...x.targets, ""] }))}>{t("network.addTarget")}</button>{" "}
                <label>{t("network.timeoutMinutes")}{" "}
                  <input type="number" min={1} max={1440} value={s.timeoutMinutes} onChange={(e) => setStep(i, (x) => ({ ...x, timeoutMinutes: Number(e.target.value) }))} />
                </label>
                {steps.length > 1 && <button type="button" className="button" onClick={() => setSteps(steps.filter((_, j) => j !== i))}>{t("network.removeStep")}</button>}
              </fieldset>
            ))}
            <button type="button" className="button" onClick={() => setSteps([...steps, newStep()])}>{t("network.addStep")}</button>{" "}
            <SubmitButton busy={m.busy}>{t("common.save")}</SubmitButton>
            {editing && <button type="button" className="button" onClick={() => edit(null)}>{t("common.cancel")}</button>}
          </form>
        </Section>
      )}
    </>
  );
}

function Triggers({ d, reload }: { d: NetworkOverview; reload: () => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const text = useText();
  const m = useMutations(reload);
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const triggers = EVENT_KINDS.filter((k) => v[`policy:${k}`]).map((k) => ({ eventKind: k, policyId: v[`policy:${k}`]!, isEnabled: v[`enabled:${k}`] === "on" }));
    await m.mutate(() => api.put(orgPath(org.orgId, "network", "triggers"), { triggers }), t("common.saved"));
  };
  return (
    <Section title={t("network.tab_triggers")} id="network-triggers">
      <Notice message={m.notice} />
      <ErrorAlert error={m.error} />
      <form onSubmit={save}>
        <table className="table" data-testid="triggers">
          <thead><tr><th scope="col">{t("network.event")}</th><th scope="col">{t("network.policy")}</th><th scope="col">{t("network.enabled")}</th></tr></thead>
          <tbody>
            {EVENT_KINDS.map((k) => {
              const cur = d.triggers.find((x) => x.eventKind === k);
              return (
                <tr key={k}>
                  <td>{t(`network.kind_${k.replace(".", "_")}`)}</td>
                  <td>
                    <select name={`policy:${k}`} defaultValue={cur?.policyId ?? ""} disabled={!d.policies.manage} aria-label={t("network.policy")}>
                      <option value="">{t("network.noPage")}</option>
                      {d.escalationPolicies.map((p) => <option key={p.id} value={p.id}>{text({ ja: p.nameJa, en: p.nameEn })}</option>)}
                    </select>
                  </td>
                  <td><input type="checkbox" name={`enabled:${k}`} defaultChecked={cur?.isEnabled ?? true} disabled={!d.policies.manage} aria-label={t("network.enabled")} /></td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {d.policies.manage && <SubmitButton busy={m.busy}>{t("common.save")}</SubmitButton>}
      </form>
    </Section>
  );
}
