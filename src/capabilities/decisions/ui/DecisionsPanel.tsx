/**
 * The decision log. Cutting off external traffic (外部通信の遮断) comes first and on its own: in 2016 nobody
 * could say who decides it, when, and who executes it. Deciding it sets the containment_decided clock, and
 * recording its execution sets contained (the server does both).
 */
import { useCallback, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Decision, DecisionKind, DecisionsResponse } from "../contract";
import { DECISION_KINDS } from "../../../platform/db/schema";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { nowTokyoLocal } from "../../../web/components/Duration";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Loading, Section } from "../../../web/components/Layout";
import { Options } from "../../../web/components/Options";
import { formValues, useApi, useMutations, type Mutations } from "../../../web/hooks";
import "./decisions.css";

type Props = { orgId: string; incidentId: string; canEdit: boolean; onChanged: () => void };

export function DecisionsPanel({ orgId, incidentId, canEdit, onChanged }: Props) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "decisions");
  const list = useApi<DecisionsResponse>(path);
  const { reload } = list;
  // A decision can move the incident's clocks: refresh both.
  const changed = useCallback(() => {
    reload();
    onChanged();
  }, [reload, onChanged]);
  const rows = useMutations(changed);
  const [formKind, setFormKind] = useState<DecisionKind | null>(null);
  const canAdd = canEdit && !!list.data?.policies.add;
  const decisions = list.data?.decisions ?? [];
  const cutOffs = decisions.filter((d) => d.kind === "cut_off_external");
  const others = decisions.filter((d) => d.kind !== "cut_off_external");

  return (
    <>
      <Notice message={rows.notice} />
      <ErrorAlert error={list.error ?? rows.error} />
      <section className="card cutoff" aria-labelledby="cutoff-heading">
        <h2 id="cutoff-heading">{t("decisions.cutOffTitle")}</h2>
        <p className="cutoff__intro">{t("decisions.cutOffIntro")}</p>
        {!list.data && list.loading && <Loading />}
        {list.data && cutOffs.length === 0 && <p className="warning">{t("decisions.cutOffNone")}</p>}
        {cutOffs.map((d) => (
          <DecisionCard key={d.id} decision={d} path={path} canEdit={canAdd} action={rows} prominent />
        ))}
        {canAdd && formKind === null && (
          <button type="button" className="button button--primary" onClick={() => setFormKind("cut_off_external")}>
            {t("decisions.recordCutOff")}
          </button>
        )}
      </section>
      <Section title={t("decisions.title")} id="decisions">
        {list.data && others.length === 0 && <p className="muted">{t("decisions.empty")}</p>}
        {others.map((d) => (
          <DecisionCard key={d.id} decision={d} path={path} canEdit={canAdd} action={rows} />
        ))}
        {canAdd && formKind === null && (
          <button type="button" className="button" onClick={() => setFormKind("other")}>
            {t("decisions.add")}
          </button>
        )}
      </Section>
      {canAdd && formKind !== null && <DecisionForm key={formKind} path={path} kind={formKind} action={rows} onDone={() => setFormKind(null)} />}
    </>
  );
}

function DecisionCard({ decision: d, path, canEdit, action, prominent }: { decision: Decision; path: string; canEdit: boolean; action: Mutations; prominent?: boolean }) {
  const { t } = useTranslation();
  const [executing, setExecuting] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { executor = "", executedAt = "" } = formValues(e.currentTarget);
    const res = await action.mutate(() => api.patch(`${path}/${encodeURIComponent(d.id)}`, { executor, executedAt }), t("decisions.executionRecorded"));
    if (res) setExecuting(false);
  };
  return (
    <article className={prominent ? "decision decision--prominent" : "decision"} aria-labelledby={`decision-${d.id}`}>
      <h3 id={`decision-${d.id}`}>
        {/* In the cut-off box the kind goes without saying. */}
        {!prominent && <span className="tag">{t(`decisionKinds.${d.kind}`)}</span>} {d.title}
      </h3>
      <dl className="decision__facts">
        <div>
          <dt>{t("decisions.authorityRole")}</dt>
          <dd>{d.authorityRole}</dd>
        </div>
        <div>
          <dt>{t("decisions.decidedBy")}</dt>
          <dd>{d.decidedBy}</dd>
        </div>
        <div>
          <dt>{t("decisions.decidedAt")}</dt>
          <dd>
            <DateTime value={d.decidedAt} />
          </dd>
        </div>
        <div>
          <dt>{t("decisions.executor")}</dt>
          <dd>{d.executor || <span className="muted">{t("decisions.noExecutor")}</span>}</dd>
        </div>
        <div>
          <dt>{t("decisions.executedAt")}</dt>
          <dd>{d.executedAt ? <DateTime value={d.executedAt} /> : <strong className="decision__pending">{t("decisions.notExecuted")}</strong>}</dd>
        </div>
      </dl>
      <p className="prewrap decision__text">{d.decision}</p>
      {d.options.length > 0 && (
        <div className="decision__options">
          <span className="muted">{t("decisions.options")}:</span>
          <ul>
            {d.options.map((o, i) => (
              <li key={i}>{o}</li>
            ))}
          </ul>
        </div>
      )}
      {canEdit && !d.executedAt && !executing && (
        <button type="button" className="button button--small" onClick={() => setExecuting(true)} aria-label={t("decisions.recordExecutionOf", { title: d.title })}>
          {t("decisions.recordExecution")}
        </button>
      )}
      {executing && (
        <form className="form form--row" onSubmit={(e) => void submit(e)} noValidate aria-label={t("decisions.recordExecutionOf", { title: d.title })}>
          <Field label={t("decisions.executor")} name="executor" error={action.error}>
            {(p) => <input {...p} type="text" maxLength={200} defaultValue={d.executor} />}
          </Field>
          <Field label={t("decisions.executedAt")} name="executedAt" error={action.error} hint={t("clock.atHint")}>
            {(p) => <input {...p} type="datetime-local" required defaultValue={nowTokyoLocal()} />}
          </Field>
          <SubmitButton busy={action.busy}>{t("decisions.recordExecution")}</SubmitButton>
          <button type="button" className="button" onClick={() => setExecuting(false)}>
            {t("common.cancel")}
          </button>
        </form>
      )}
    </article>
  );
}

/** Saves through the panel's `action`, so its confirmation outlives the form, which closes on success. */
function DecisionForm({ path, kind: initialKind, action: save, onDone }: { path: string; kind: DecisionKind; action: Mutations; onDone: () => void }) {
  const { t } = useTranslation();
  const [options, setOptions] = useState<string[]>([]);
  const [option, setOption] = useState("");
  const addOption = () => {
    const o = option.trim();
    if (o && !options.includes(o)) setOptions([...options, o]);
    setOption("");
  };
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const body = {
      kind: v.kind ?? initialKind,
      title: v.title ?? "",
      authorityRole: v.authorityRole ?? "",
      decidedBy: v.decidedBy ?? "",
      options,
      decision: v.decision ?? "",
      decidedAt: v.decidedAt ?? "",
      ...(v.executor ? { executor: v.executor } : {}),
      ...(v.executedAt ? { executedAt: v.executedAt } : {}),
    };
    const res = await save.mutate(() => api.post(path, body), t("decisions.added"));
    if (res) onDone();
  };
  const isCutOff = initialKind === "cut_off_external";
  return (
    <Section title={isCutOff ? t("decisions.recordCutOff") : t("decisions.add")} id="decision-form">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form--row">
          <Field label={t("decisions.kind")} name="kind" error={save.error}>
            {(p) => (
              <select {...p} defaultValue={initialKind}>
                <Options section="decisionKinds" values={DECISION_KINDS} />
              </select>
            )}
          </Field>
          <Field label={t("decisions.titleField")} name="title" error={save.error}>
            {(p) => <input {...p} type="text" required maxLength={300} defaultValue={isCutOff ? t("decisionKinds.cut_off_external") : ""} />}
          </Field>
        </div>
        <fieldset className="fieldset">
          <legend>{t("decisions.who")}</legend>
          <div className="form--row">
            <Field label={t("decisions.authorityRole")} name="authorityRole" error={save.error} hint={t("decisions.authorityHint")}>
              {(p) => <input {...p} type="text" required maxLength={100} />}
            </Field>
            <Field label={t("decisions.decidedBy")} name="decidedBy" error={save.error}>
              {(p) => <input {...p} type="text" required maxLength={200} />}
            </Field>
            <Field label={t("decisions.decidedAt")} name="decidedAt" error={save.error} hint={t("clock.atHint")}>
              {(p) => <input {...p} type="datetime-local" required defaultValue={nowTokyoLocal()} />}
            </Field>
          </div>
        </fieldset>
        <fieldset className="fieldset">
          <legend>{t("decisions.options")}</legend>
          {options.length > 0 && (
            <ul className="option-list">
              {options.map((o) => (
                <li key={o}>
                  {o}{" "}
                  <button type="button" className="button button--small" aria-label={t("decisions.removeOption", { option: o })} onClick={() => setOptions(options.filter((x) => x !== o))}>
                    {t("common.remove")}
                  </button>
                </li>
              ))}
            </ul>
          )}
          <div className="form--row">
            <Field label={t("decisions.option")} name="option" error={save.error}>
              {(p) => (
                <input
                  {...p}
                  name={undefined}
                  type="text"
                  maxLength={500}
                  value={option}
                  onChange={(e) => setOption(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === "Enter") {
                      e.preventDefault();
                      addOption();
                    }
                  }}
                />
              )}
            </Field>
            <button type="button" className="button" onClick={addOption}>
              {t("decisions.addOption")}
            </button>
          </div>
        </fieldset>
        <Field label={t("decisions.decision")} name="decision" error={save.error}>
          {(p) => <textarea {...p} rows={3} required maxLength={5000} />}
        </Field>
        <fieldset className="fieldset">
          <legend>{t("decisions.execution")}</legend>
          <div className="form--row">
            <Field label={t("decisions.executor")} name="executor" error={save.error}>
              {(p) => <input {...p} type="text" maxLength={200} />}
            </Field>
            <Field label={t("decisions.executedAt")} name="executedAt" error={save.error} hint={t("decisions.executedHint")}>
              {(p) => <input {...p} type="datetime-local" />}
            </Field>
          </div>
        </fieldset>
        <div className="form__actions">
          <SubmitButton busy={save.busy}>{t("decisions.record")}</SubmitButton>
          <button type="button" className="button" onClick={onDone}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </Section>
  );
}
