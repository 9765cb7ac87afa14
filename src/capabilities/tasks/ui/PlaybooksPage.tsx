/**
 * Playbooks: the built-in ones (read-only: copy one to change it) and this organisation's own, edited as a form.
 * Each step is due at an offset from one of the incident's clocks. The open playbook is in the URL (?id=…).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router-dom";
import { CLOCKS, type Clock } from "../../incidents/clocks";
import type { Playbook, PlaybooksResponse } from "../contract";
import { INCIDENT_CATEGORIES, ROLES, type Role } from "../../../platform/db/schema";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, EnumOptions, SubmitButton } from "../../../web/components/Controls";
import { formatMinutes } from "../../../web/components/Duration";
import { DurationInput } from "../../../web/components/DurationInput";
import { Field } from "../../../web/components/Field";
import { PageHeader, Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { Options } from "../../../web/components/Options";
import { nameOf } from "../../../web/format";
import { useMutations, useApi, type Mutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import { useOrg } from "../../../web/org";
import "./tasks.css";

/** A step being edited; `doneWhenClock` (the clock that completes its tasks) is kept as it came. */
type StepDraft = { key: number; titleJa: string; titleEn: string; anchorClock: Clock; offsetMinutes: number; mandatory: boolean; role: Role; doneWhenClock: Clock | null };
type Draft = { nameJa: string; nameEn: string; category: string; steps: StepDraft[] };

let nextKey = 1;
const blankStep = (): StepDraft => ({ key: nextKey++, titleJa: "", titleEn: "", anchorClock: "detected", offsetMinutes: 60, mandatory: false, role: "responder", doneWhenClock: null });
const draftOf = (p: Playbook | null): Draft =>
  p
    ? {
        nameJa: p.nameJa,
        nameEn: p.nameEn,
        category: p.category,
        steps: p.steps.map(({ titleJa, titleEn, anchorClock, offsetMinutes, mandatory, role, doneWhenClock }) => ({ key: nextKey++, titleJa, titleEn, anchorClock, offsetMinutes, mandatory, role, doneWhenClock })),
      }
    : { nameJa: "", nameEn: "", category: "other", steps: [blankStep()] };

export function PlaybooksPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const locale = currentLocale();
  const path = orgPath(org.orgId, "playbooks");
  const list = useApi<PlaybooksResponse>(path);
  const rows = useMutations(list.reload);
  const [params, setParams] = useSearchParams();
  const openId = params.get("id");
  const open = (id: string | null) => setParams(id ? { id } : {}, { replace: false });
  const playbooks = list.data?.playbooks ?? [];
  const current = openId === "new" ? null : (playbooks.find((p) => p.id === openId) ?? undefined);

  const copy = async (p: Playbook) => {
    const res = await rows.mutate(() => api.post<{ playbook: Playbook }>(path, { copyFrom: p.id }), t("playbooks.copied"));
    if (res) open(res.value.playbook.id);
  };

  return (
    <>
      <PageHeader title={t("playbooks.title")}>
        {list.data?.policies.create && (
          <button type="button" className="button button--primary" onClick={() => open("new")}>
            {t("playbooks.create")}
          </button>
        )}
      </PageHeader>
      <Notice message={rows.notice} />
      <ErrorAlert error={list.error ?? rows.error} />
      <Section title={t("playbooks.list")} id="playbooks">
        <ListTable
          items={list.data ? playbooks : undefined}
          loading={list.loading}
          columns={[t("playbooks.name"), t("playbooks.category"), t("playbooks.steps"), t("playbooks.kind"), { hidden: t("members.actions") }]}
          row={(p) => (
            <tr key={p.id} aria-current={p.id === openId ? "true" : undefined}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => open(p.id)}>
                  {nameOf(p, locale)}
                </button>
              </th>
              <td>{t(`categories.${p.category}`, { defaultValue: p.category })}</td>
              <td>{t("playbooks.stepCount", { count: p.steps.length })}</td>
              <td>
                <span className={p.builtin ? "tag tag--muted" : "tag"}>{t(p.builtin ? "playbooks.builtin" : "playbooks.own")}</span>
              </td>
              <td className="actions">
                {p.policies.copy && (
                  <button type="button" className="button button--small" disabled={rows.busy} onClick={() => void copy(p)} aria-label={t("playbooks.copyOf", { name: nameOf(p, locale) })}>
                    {t("playbooks.copy")}
                  </button>
                )}{" "}
                {p.policies.delete && (
                  <ConfirmButton
                    label={t("playbooks.removeOf", { name: nameOf(p, locale) })}
                    question={t("common.confirmRemove")}
                    disabled={rows.busy}
                    onConfirm={() => void rows.mutate(() => api.del(`${path}/${encodeURIComponent(p.id)}`), t("playbooks.removed")).then(() => p.id === openId && open(null))}
                  >
                    {t("common.remove")}
                  </ConfirmButton>
                )}
              </td>
            </tr>
          )}
        />
      </Section>
      {current && current.builtin && <BuiltinView playbook={current} onCopy={() => void copy(current)} busy={rows.busy} />}
      {(current === null || (current && !current.builtin)) && (
        <PlaybookEditor
          key={current?.id ?? "new"}
          playbook={current}
          path={path}
          canEdit={current ? current.policies.update : !!list.data?.policies.create}
          onSaved={(p) => {
            list.reload();
            open(p.id);
          }}
          onClose={() => open(null)}
        />
      )}
    </>
  );
}

function BuiltinView({ playbook, onCopy, busy }: { playbook: Playbook; onCopy: () => void; busy: boolean }) {
  const { t } = useTranslation();
  const locale = currentLocale();
  return (
    <Section title={nameOf(playbook, locale)} id="playbook-view">
      <p className="muted">{t("playbooks.readOnly")}</p>
      <ol className="playbook-steps">
        {playbook.steps.map((s) => (
          <li key={s.id}>
            <strong>{locale === "en" ? s.titleEn : s.titleJa}</strong>
            <span className="muted">
              {" "}
              — {t("playbooks.due", { clock: t(`clocks.${s.anchorClock}`), offset: formatMinutes(s.offsetMinutes) })} · {t(`roles.${s.role}`)}
              {s.mandatory && ` · ${t("tasks.mandatory")}`}
            </span>
          </li>
        ))}
      </ol>
      {playbook.policies.copy && (
        <button type="button" className="button button--primary" disabled={busy} onClick={onCopy}>
          {t("playbooks.copy")}
        </button>
      )}
    </Section>
  );
}

function PlaybookEditor({ playbook, path, canEdit, onSaved, onClose }: { playbook: Playbook | null; path: string; canEdit: boolean; onSaved: (p: Playbook) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(() => draftOf(playbook));
  const save = useMutations();
  const setStep = (i: number, patch: Partial<StepDraft>) => setDraft({ ...draft, steps: draft.steps.map((s, j) => (j === i ? { ...s, ...patch } : s)) });
  const move = (i: number, by: number) => {
    const steps = [...draft.steps];
    const [s] = steps.splice(i, 1);
    if (s) steps.splice(i + by, 0, s);
    setDraft({ ...draft, steps });
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const body = { ...draft, steps: draft.steps.map(({ key: _key, ...s }) => s) };
    const res = await save.mutate(
      () => (playbook ? api.put<{ playbook: Playbook }>(`${path}/${encodeURIComponent(playbook.id)}`, body) : api.post<{ playbook: Playbook }>(path, body)),
      t(playbook ? "playbooks.saved" : "playbooks.created"),
    );
    if (res) onSaved(res.value.playbook);
  };

  return (
    <Section title={playbook ? t("playbooks.editTitle", { name: nameOf(playbook, currentLocale()) }) : t("playbooks.create")} id="playbook-editor">
      <Notice message={save.notice} />
      <ErrorAlert error={save.error} />
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset className="fieldset" disabled={!canEdit}>
          <legend>{t("playbooks.about")}</legend>
          <div className="form--row">
            <Field label={t("playbooks.nameJa")} name="nameJa" error={save.error}>
              {(p) => <input {...p} type="text" required maxLength={200} value={draft.nameJa} onChange={(e) => setDraft({ ...draft, nameJa: e.target.value })} />}
            </Field>
            <Field label={t("playbooks.nameEn")} name="nameEn" error={save.error}>
              {(p) => <input {...p} type="text" required maxLength={200} value={draft.nameEn} onChange={(e) => setDraft({ ...draft, nameEn: e.target.value })} />}
            </Field>
            <Field label={t("playbooks.category")} name="category" error={save.error}>
              {(p) => (
                <select {...p} value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
                  <Options section="categories" values={INCIDENT_CATEGORIES} />
                </select>
              )}
            </Field>
          </div>
        </fieldset>
        <ol className="step-list">
          {draft.steps.map((s, i) => (
            <StepEditor key={s.key} step={s} index={i} count={draft.steps.length} canEdit={canEdit} save={save} onChange={(patch) => setStep(i, patch)} onMove={(by) => move(i, by)} onRemove={() => setDraft({ ...draft, steps: draft.steps.filter((_, j) => j !== i) })} />
          ))}
        </ol>
        {canEdit && (
          <div className="form__actions">
            <button type="button" className="button" onClick={() => setDraft({ ...draft, steps: [...draft.steps, blankStep()] })}>
              {t("playbooks.addStep")}
            </button>
            <SubmitButton busy={save.busy}>{t("common.save")}</SubmitButton>
            <button type="button" className="button" onClick={onClose}>
              {t("common.close")}
            </button>
          </div>
        )}
      </form>
    </Section>
  );
}

type StepProps = {
  step: StepDraft;
  index: number;
  count: number;
  canEdit: boolean;
  save: Mutations;
  onChange: (patch: Partial<StepDraft>) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
};

function StepEditor({ step: s, index: i, count, canEdit, save, onChange, onMove, onRemove }: StepProps) {
  const { t } = useTranslation();
  const n = i + 1;
  const name = (field: string) => `steps.${i}.${field}`;
  return (
    <li className="step">
      <fieldset className="fieldset" disabled={!canEdit}>
        <legend>{t("playbooks.step", { n })}</legend>
        <div className="form--row">
          <Field label={t("playbooks.titleJa")} name={name("titleJa")} error={save.error}>
            {(p) => <input {...p} type="text" required maxLength={300} value={s.titleJa} onChange={(e) => onChange({ titleJa: e.target.value })} />}
          </Field>
          <Field label={t("playbooks.titleEn")} name={name("titleEn")} error={save.error}>
            {(p) => <input {...p} type="text" required maxLength={300} value={s.titleEn} onChange={(e) => onChange({ titleEn: e.target.value })} />}
          </Field>
        </div>
        <div className="form--row">
          <Field label={t("playbooks.anchor")} name={name("anchorClock")} error={save.error}>
            {(p) => (
              <select {...p} value={s.anchorClock} onChange={(e) => onChange({ anchorClock: e.target.value as Clock })}>
                <Options section="clocks" values={CLOCKS} />
              </select>
            )}
          </Field>
          <div className="field">
            <span className="field__label">{t("playbooks.offset")}</span>
            <DurationInput label={t("playbooks.offsetOf", { n })} minutes={s.offsetMinutes} onChange={(m) => onChange({ offsetMinutes: m })} invalid={!!save.error?.isAbout(name("offsetMinutes"))} />
          </div>
          <Field label={t("playbooks.role")} name={name("role")} error={save.error}>
            {(p) => (
              <select {...p} value={s.role} onChange={(e) => onChange({ role: e.target.value as Role })}>
                <EnumOptions group="roles" values={ROLES} />
              </select>
            )}
          </Field>
          <label className="checkbox step__mandatory">
            <input type="checkbox" checked={s.mandatory} onChange={(e) => onChange({ mandatory: e.target.checked })} /> {t("tasks.mandatory")}
          </label>
        </div>
        {canEdit && (
          <div className="step__buttons">
            <button type="button" className="button button--small" disabled={i === 0} onClick={() => onMove(-1)} aria-label={t("playbooks.moveUp", { n })}>
              ↑
            </button>
            <button type="button" className="button button--small" disabled={i === count - 1} onClick={() => onMove(1)} aria-label={t("playbooks.moveDown", { n })}>
              ↓
            </button>
            <button type="button" className="button button--small button--danger" disabled={count === 1} onClick={onRemove} aria-label={t("playbooks.removeStep", { n })}>
              {t("common.remove")}
            </button>
          </div>
        )}
      </fieldset>
    </li>
  );
}
