/** The indicators of an incident: list, add one or many (pasted, one per line), change TLP or description, remove. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { INDICATOR_TYPES, TLPS } from "../../../platform/db/schema";
import { ChoiceAndText, ChoiceNoteForm } from "../../../web/components/ChoiceNoteForm";
import type { BulkResult, Indicator, OneIndicator } from "../contract";

const TYPES = INDICATOR_TYPES;
type One = OneIndicator;

function TlpOptions() {
  return (
    <>
      {TLPS.map((v) => (
        <option key={v} value={v}>
          TLP:{v.toUpperCase()}
        </option>
      ))}
    </>
  );
}

export function IndicatorsPanel({ orgId, incidentId, canEdit }: { orgId: string; incidentId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "indicators");
  const list = useApi<{ indicators: Indicator[]; policies: { create: boolean } }>(path);
  const rows = useMutations(list.reload);
  const [mode, setMode] = useState<"single" | "bulk">("single");
  const [editing, setEditing] = useState<Indicator | null>(null);
  const [bulk, setBulk] = useState<BulkResult | null>(null);

  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { type = "", value = "", bulk: lines = "", tlp = "amber", description = "" } = formValues(form);
    const common = { ...(type ? { type } : {}), tlp, ...(description ? { description } : {}) };
    setBulk(null);
    const res =
      mode === "single"
        ? await rows.mutate(() => api.post<One>(path, { ...common, value }), (r) => t(r.duplicate ? "indicators.duplicate" : "indicators.added", { value: r.indicator.normalized }))
        : await rows.mutate(() => api.post<BulkResult>(path, { ...common, bulk: lines }), (r) => t("indicators.bulkDone", r));
    if (!res) return;
    if (mode === "bulk") setBulk(res.value as BulkResult);
    form.reset();
  };
  const save = async ({ tlp, description = "" }: Record<string, string>, ind: Indicator) => {
    const res = await rows.mutate(() => api.patch(`${path}/${encodeURIComponent(ind.id)}`, { tlp, description }), t("indicators.saved"));
    if (res) setEditing(null);
  };

  return (
    <Section title={t("indicators.title")} id="indicators">
      <ErrorAlert error={list.error ?? rows.error} />
      <Notice message={rows.notice} />
      <ListTable
        items={list.data?.indicators}
        loading={list.loading}
        empty={t("indicators.empty")}
        columns={[t("indicators.type"), t("indicators.normalized"), t("indicators.value"), t("indicators.tlp"), t("indicators.description"), { hidden: t("assets.actions") }]}
        row={(ind) => (
          <tr key={ind.id}>
            <td>{t(`indicators.types.${ind.type}`)}</td>
            <th scope="row">
              <code>{ind.normalized}</code>
            </th>
            <td>{ind.value !== ind.normalized && <code className="muted">{ind.value}</code>}</td>
            <td>TLP:{ind.tlp.toUpperCase()}</td>
            <td className="prewrap">{ind.description}</td>
            <td className="actions">
              {canEdit && ind.policies.update && (
                <button type="button" className="button button--small" aria-label={t("indicators.edit", { value: ind.normalized })} onClick={() => setEditing(ind)}>
                  {t("common.edit")}
                </button>
              )}
              {canEdit && ind.policies.delete && (
                <ConfirmButton
                  label={t("indicators.remove", { value: ind.normalized })}
                  question={t("common.confirmRemove")}
                  disabled={rows.busy}
                  onConfirm={() => void rows.mutate(() => api.del(`${path}/${encodeURIComponent(ind.id)}`), t("indicators.removed"))}
                >
                  {t("common.remove")}
                </ConfirmButton>
              )}
            </td>
          </tr>
        )}
      />
      {editing && (
        <ChoiceNoteForm
          key={editing.id}
          title={t("indicators.editTitle", { value: editing.normalized })}
          choice={{ name: "tlp", label: t("indicators.tlp"), value: editing.tlp, options: <TlpOptions /> }}
          text={{ name: "description", label: t("indicators.description"), value: editing.description }}
          error={rows.error}
          busy={rows.busy}
          onSubmit={(v) => void save(v, editing)}
          onCancel={() => setEditing(null)}
        />
      )}
      {canEdit && list.data?.policies.create && (
        <form className="form" onSubmit={(e) => void add(e)} aria-label={t("indicators.add")} noValidate>
          <fieldset className="segmented">
            <legend className="visually-hidden">{t("indicators.mode")}</legend>
            {(["single", "bulk"] as const).map((m) => (
              <label key={m}>
                <input type="radio" name="mode" value={m} checked={mode === m} onChange={() => setMode(m)} /> {t(`indicators.${m}`)}
              </label>
            ))}
          </fieldset>
          {mode === "single" ? (
            <Field label={t("indicators.value")} name="value" error={rows.error}>
              {(p) => <input {...p} type="text" required maxLength={4000} autoComplete="off" spellCheck={false} />}
            </Field>
          ) : (
            <Field label={t("indicators.bulkValues")} name="bulk" hint={t("indicators.bulkHint")} error={rows.error}>
              {(p) => <textarea {...p} rows={6} required spellCheck={false} />}
            </Field>
          )}
          <div className="form--row">
            <Field label={t("indicators.type")} name="type" error={rows.error}>
              {(p) => (
                <select {...p} defaultValue="">
                  <option value="">{t("indicators.detect")}</option>
                  {TYPES.map((v) => (
                    <option key={v} value={v}>
                      {t(`indicators.types.${v}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <ChoiceAndText
              choice={{ name: "tlp", label: t("indicators.tlp"), value: "amber", options: <TlpOptions /> }}
              text={{ name: "description", label: t("indicators.description") }}
              error={rows.error}
            />
          </div>
          <div className="form__actions">
            <SubmitButton busy={rows.busy}>{t("indicators.submit")}</SubmitButton>
          </div>
        </form>
      )}
      {bulk && (
        <div role="region" aria-labelledby="indicator-bulk-heading">
          <h3 id="indicator-bulk-heading">{t("indicators.bulkResults")}</h3>
          <ul>
            {bulk.results.map((r) => (
              <li key={r.line} className={r.status === "invalid" ? "field__error" : undefined}>
                {t("indicators.lineResult", { line: r.line })}: {t(`indicators.status.${r.status}`)}
                {r.indicator && (
                  <>
                    {" "}
                    <code>{r.indicator.normalized}</code>
                  </>
                )}
                {r.error && ` — ${r.error.message}`}
              </li>
            ))}
          </ul>
        </div>
      )}
    </Section>
  );
}
