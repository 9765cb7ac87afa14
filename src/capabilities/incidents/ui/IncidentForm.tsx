/** The incident fields as a form, shared by "new incident" and "edit incident". */
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Incident } from "../contract";
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, PAPS, SEVERITIES, TLPS } from "../../../platform/db/schema";
import type { ApiError } from "../../../web/api";
import { EnumOptions, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { Options } from "../../../web/components/Options";
import { formValues } from "../../../web/hooks";

export type IncidentFields = { title: string; summary: string; severity: string; category: string; tlp: string; status?: string; pap?: string };

type Props = {
  initial?: Incident;
  error: ApiError | null;
  busy: boolean;
  submitLabel: string;
  onSubmit: (fields: IncidentFields, form: HTMLFormElement) => void;
  children?: ReactNode;
};

export function IncidentForm({ initial, error, busy, submitLabel, onSubmit, children }: Props) {
  const { t } = useTranslation();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { title = "", summary = "", severity = "medium", category = "other", tlp = "amber", status, pap } = formValues(e.currentTarget);
    onSubmit({ title, summary, severity, category, tlp, ...(status ? { status } : {}), ...(pap ? { pap } : {}) }, e.currentTarget);
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <Field label={t("incidents.name")} name="title" error={error}>
        {(p) => <input {...p} type="text" required maxLength={300} defaultValue={initial?.title} />}
      </Field>
      <Field label={t("incidents.summary")} name="summary" error={error}>
        {(p) => <textarea {...p} rows={3} maxLength={20000} defaultValue={initial?.summary} />}
      </Field>
      <div className="form--row">
        <Field label={t("incidents.category")} name="category" error={error}>
          {(p) => (
            <select {...p} defaultValue={initial?.category ?? "other"}>
              <Options section="categories" values={INCIDENT_CATEGORIES} />
            </select>
          )}
        </Field>
        <Field label={t("incidents.severity")} name="severity" error={error}>
          {(p) => (
            <select {...p} defaultValue={initial?.severity ?? "medium"}>
              <EnumOptions group="severities" values={SEVERITIES} />
            </select>
          )}
        </Field>
        {initial && (
          <Field label={t("incidents.status")} name="status" error={error}>
            {(p) => (
              <select {...p} defaultValue={initial.status}>
                <EnumOptions group="statuses" values={INCIDENT_STATUSES} />
              </select>
            )}
          </Field>
        )}
        <Field label={t("incidents.tlp")} name="tlp" error={error} hint={t("incidents.tlpHint")}>
          {(p) => (
            <select {...p} defaultValue={initial?.tlp ?? "amber"}>
              {TLPS.map((v) => (
                <option key={v} value={v}>
                  TLP:{v.toUpperCase()} — {t(`tlpHelp.${v.replace("+", "_")}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {initial && (
          <Field label={t("incidents.pap")} name="pap" error={error} hint={t("incidents.papHint")}>
            {(p) => (
              <select {...p} defaultValue={initial.pap}>
                {PAPS.map((v) => (
                  <option key={v} value={v}>
                    PAP:{v.toUpperCase()} — {t(`papHelp.${v}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
      </div>
      <div className="form__actions">
        <SubmitButton busy={busy}>{submitLabel}</SubmitButton>
        {children}
      </div>
    </form>
  );
}
