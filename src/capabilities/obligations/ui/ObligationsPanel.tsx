/**
 * The incident's obligations: what is owed, to whom, by when, why and on which legal basis, with its status; the
 * facts they were computed from (sokuho's suggestion, confirmed or overridden); filings the CISO signs off;
 * reports submitted to the supervising regulator; and the history of evaluations (what changed and why).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { nowTokyoLocal } from "../../../web/components/Duration";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Loading, Section } from "../../../web/components/Layout";
import { tokyoLocalToIso } from "../../../web/format";
import { formValues, useApi, useMutations, type Mutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import type { FactView, Obligation, ObligationsResponse, ObligationStatus, Text } from "./types";
import { DocumentsEditor } from "./DocumentsEditor";
import { cite } from "../cite";
import { SharesSection } from "./SharesSection";
import { itemLabel } from "./items";
import { DATA_ITEMS } from "../items";
import "./obligations.css";

export const useText = () => {
  useTranslation();
  return (x: Text) => (currentLocale() === "en" ? x.en : x.ja);
};

export function StatusBadge({ status }: { status: ObligationStatus }) {
  const { t } = useTranslation();
  return <span className={`badge badge--obligation-${status}`}>{t(`obligations.status_${status}`)}</span>;
}

export function ObligationsPanel({ orgId, incidentId, own }: { orgId: string; incidentId: string; own: boolean }) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "obligations");
  const loaded = useApi<ObligationsResponse>(path);
  const m = useMutations(loaded.reload);
  const d = loaded.data;
  return (
    <>
      <Notice message={m.notice} />
      <ErrorAlert error={loaded.error ?? m.error} />
      {!d && loaded.loading && <Loading />}
      {d && (
        <>
          <Section title={t("obligations.title")} id="obligations">
            <p className="muted">{t("obligations.notAdvice")}</p>
            {!d.evaluation ? (
              <p className="warning" data-testid="facts-missing">{t("obligations.factsMissing", { fields: d.facts.missing.map((f) => t(`obligations.fact_${f}`, { defaultValue: f })).join("、") })}</p>
            ) : (
              <ObligationTable obligations={d.evaluation.obligations} />
            )}
          </Section>
          <DocumentsEditor path={path} submitTo={d.policies.submit ? { supervisors: d.supervisors, onSubmitted: loaded.reload } : undefined} />
          {d.evaluation && (d.policies.recordFiling || d.filings.length > 0) && <Filings data={d} path={path} m={m} />}
          {d.evaluation && d.policies.submit && <SubmitReport data={d} path={path} m={m} />}
          {own && <SharesSection path={path} />}
          <Facts data={d} path={path} m={m} />
          <Section title={t("obligations.history")} id="obligation-history">
            {d.history.length === 0 ? <p className="muted">{t("common.none")}</p> : (
              <ul className="plain-list">
                {d.history.map((h) => (
                  <li key={h.id}>
                    <DateTime value={h.evaluatedAt} /> · {t(`obligations.evalCause_${h.cause}`, { defaultValue: h.cause })}
                    {h.changes.length > 0 && <> · {t("obligations.changes", { count: h.changes.length })}: {h.changes.map((c) => `${c.id} (${t(`obligations.change_${c.change}`, { defaultValue: c.change })})`).join(", ")}</>}
                  </li>
                ))}
              </ul>
            )}
          </Section>
        </>
      )}
    </>
  );
}

function ObligationTable({ obligations }: { obligations: Obligation[] }) {
  const { t } = useTranslation();
  const text = useText();
  const [showAll, setShowAll] = useState(false);
  const shown = obligations.filter((o) => showAll || o.required);
  return (
    <>
      <label className="inline">
        <input type="checkbox" checked={showAll} onChange={(e) => setShowAll(e.target.checked)} /> {t("obligations.showNotRequired")}
      </label>
      <table className="table" data-testid="obligations-table">
        <thead>
          <tr>
            <th scope="col">{t("obligations.what")}</th>
            <th scope="col">{t("obligations.to")}</th>
            <th scope="col">{t("obligations.due")}</th>
            <th scope="col">{t("obligations.status")}</th>
            <th scope="col">{t("obligations.why")}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((o) => (
            <tr key={o.id} data-obligation={o.id}>
              <td>
                {text(o.title)}
                <div className="muted small"><code>{o.id}</code> · {o.ruleSet.id}@{o.ruleSet.version}</div>
              </td>
              <td>{t(`obligations.authority_${o.authority}`, { defaultValue: o.authority })}</td>
              <td>
                {o.dueAt ? <DateTime value={o.dueAt} /> : o.timing ? text(o.timing) : <span className="muted">—</span>}
                {o.targetAt && <div className="muted small">{t("obligations.target")}: <DateTime value={o.targetAt} /></div>}
              </td>
              <td><StatusBadge status={o.status} />{o.isLate && <span className="muted"> {t("obligations.late")}</span>}</td>
              <td>
                {text(o.reason)}
                <div className="small">
                  {o.basis.map((b) => (
                    <a key={`${b.law}${b.article}${b.paragraph ?? ""}${b.item ?? ""}`} href={b.url} target="_blank" rel="noreferrer noopener" className="basis"
                      title={currentLocale() === "en" && b.lawEn ? cite(b, "ja") : undefined}>
                      {cite(b, currentLocale() === "en" ? "en" : "ja")}
                    </a>
                  ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

type PartProps = { data: ObligationsResponse; path: string; m: Mutations };

function Filings({ data, path, m }: PartProps) {
  const { t } = useTranslation();
  const text = useText();
  const required = data.evaluation!.obligations.filter((o) => o.required);
  const record = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    await m.mutate(() => api.post(`${path}/filings`, { obligationId: v.obligationId, filedAt: tokyoLocalToIso(v.filedAt ?? ""), reference: v.reference ?? "" }), t("obligations.filingRecorded"));
  };
  return (
    <Section title={t("obligations.filings")} id="filings">
      <ul className="plain-list">
        {data.filings.map((f) => (
          <li key={f.id}>
            <code>{f.obligationId}</code> · <DateTime value={f.filedAt} /> · {f.reference || "—"} · {f.recordedBy ?? ""}{" "}
            {f.signedOffAt ? (
              <span className="badge badge--obligation-filed">{t("obligations.signedOff", { name: f.signedOffBy ?? "" })}</span>
            ) : data.policies.signOff ? (
              <button type="button" className="button" onClick={() => void m.mutate(() => api.post(`${path}/filings/${encodeURIComponent(f.id)}/sign-off`), t("obligations.signedOffNotice"))}>
                {t("obligations.signOff")}
              </button>
            ) : (
              <span className="muted">{t("obligations.awaitingSignOff")}</span>
            )}
          </li>
        ))}
      </ul>
      {data.policies.recordFiling && (
        <form onSubmit={record} className="form-inline">
          <Field label={t("obligations.obligation")} name="obligationId">
            {(p) => (
              <select {...p} required>
                {required.map((o) => <option key={o.id} value={o.id}>{text(o.title)}</option>)}
              </select>
            )}
          </Field>
          <Field label={t("obligations.filedAt")} name="filedAt">{(p) => <input {...p} type="datetime-local" required defaultValue={nowTokyoLocal()} />}</Field>
          <Field label={t("obligations.reference")} name="reference">{(p) => <input {...p} maxLength={500} />}</Field>
          <SubmitButton busy={m.busy}>{t("obligations.recordFiling")}</SubmitButton>
        </form>
      )}
    </Section>
  );
}

function SubmitReport({ data, path, m }: PartProps) {
  const { t } = useTranslation();
  const text = useText();
  const reports = data.evaluation!.obligations.filter((o) => o.required && o.authority !== "individuals" && o.authority !== "public");
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const res = await m.mutate(() => api.post(`${path}/reports`, { obligationId: v.obligationId, regulatorOrgId: v.regulatorOrgId, title: v.title, document: v.document }), t("obligations.submitted"));
    if (res) e.currentTarget?.reset();
  };
  return (
    <Section title={t("obligations.reports")} id="reports">
      <ul className="plain-list">
        {data.reports.map((r) => <li key={r.id}><DateTime value={r.submittedAt} /> · {r.title} · <code>{r.obligationId}</code></li>)}
      </ul>
      {data.supervisors.length === 0 ? <p className="muted">{t("obligations.noSupervisor")}</p> : (
        <form onSubmit={submit} className="stack" aria-label={t("obligations.submit")}>
          <Field label={t("obligations.regulator")} name="regulatorOrgId">
            {(p) => <select {...p}>{data.supervisors.map((s) => <option key={s.id} value={s.id}>{currentLocale() === "en" ? s.nameEn : s.nameJa}</option>)}</select>}
          </Field>
          <Field label={t("obligations.obligation")} name="obligationId">
            {(p) => <select {...p} required>{reports.map((o) => <option key={o.id} value={o.id}>{text(o.title)}</option>)}</select>}
          </Field>
          <Field label={t("obligations.reportTitle")} name="title">{(p) => <input {...p} required maxLength={300} />}</Field>
          <Field label={t("obligations.document")} name="document" hint={t("obligations.documentHint")}>{(p) => <textarea {...p} required rows={6} />}</Field>
          <SubmitButton busy={m.busy}>{t("obligations.submit")}</SubmitButton>
        </form>
      )}
    </Section>
  );
}

const BOOL_FACTS = ["wrongful", "keyLeaked", "contained", "notLeaked", "beingAcquired", "noticeDifficult"];
const ENUM_FACTS: Record<string, string[]> = {
  cause: ["unauthorised_access", "malware", "theft", "loss", "misdelivery", "misconfiguration", "skimming", "insider", "other"],
  encryption: ["none", "high_grade"], role: ["principal", "processor"], risk: ["unlikely", "risk", "high"],
};
const TIME_FACTS = ["knownAt", "assessedAt", "processorToldPrincipalAt"];

/** The form value of one fact as the API takes it; undefined when the field was left as it was. */
const parseFact = (f: FactView, raw: string, form: FormData): unknown => {
  if (f.field === "items") {
    // Checkboxes start as the current value: the items are sent only when the ticks changed.
    const ticked = form.getAll("items").map(String).sort();
    const now = (Array.isArray(f.value) ? (f.value as unknown[]).map(String) : []).sort();
    return ticked.join(",") === now.join(",") ? undefined : ticked;
  }
  if (raw === "") return undefined;
  if (BOOL_FACTS.includes(f.field)) return raw === "true";
  if (f.field === "people") return Number(raw);
  if (f.field === "residents") return JSON.parse(raw) as unknown;
  if (TIME_FACTS.includes(f.field)) return tokyoLocalToIso(raw);
  return raw;
};
const shown = (v: unknown): string => (v === null || v === undefined ? "—" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** A fact's value in words (a date, yes/no, a cause's name, the items' names), never the API's raw form. */
function FactValue({ field, value }: { field: string; value: unknown }) {
  const { t } = useTranslation();
  if (typeof value === "boolean") return <>{t(value ? "common.yes" : "common.no")}</>;
  if (typeof value === "number") return <>{value.toLocaleString(currentLocale())}</>;
  if (typeof value === "string" && TIME_FACTS.includes(field)) return <DateTime value={value} />;
  if (typeof value === "string" && ENUM_FACTS[field]?.includes(value)) return <>{t(`obligations.${field}_${value}`)}</>;
  if (field === "items" && Array.isArray(value)) return <>{value.map((x) => itemLabel(t, String(x))).join(currentLocale() === "en" ? ", " : "、")}</>;
  return <>{shown(value)}</>;
}

function Facts({ data, path, m }: PartProps) {
  const { t } = useTranslation();
  const [bad, setBad] = useState<string | null>(null);
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setBad(null);
    const v = formValues(e.currentTarget);
    const form = new FormData(e.currentTarget);
    const values: Record<string, unknown> = {};
    for (const f of data.facts.fields) {
      try {
        const x = parseFact(f, (v[f.field] ?? "").trim(), form);
        if (x !== undefined) values[f.field] = x;
      } catch {
        setBad(f.field);
        return;
      }
    }
    await m.mutate(() => api.put(`${path}/facts`, { values }), t("obligations.factsSaved"));
  };
  const reset = (field: string) => void m.mutate(() => api.put(`${path}/facts`, { values: { [field]: null } }), t("obligations.factsSaved"));
  return (
    <Section title={t("obligations.facts")} id="facts">
      <p className="muted">{t("obligations.factsIntro")}</p>
      {bad && <p className="error" role="alert">{t("obligations.factInvalid", { field: t(`obligations.fact_${bad}`) })}</p>}
      <form onSubmit={save} aria-label={t("obligations.facts")}>
        <table className="table" data-testid="facts-table">
          <thead>
            <tr>
              <th scope="col">{t("obligations.fact")}</th>
              <th scope="col">{t("obligations.value")}</th>
              <th scope="col">{t("obligations.source")}</th>
              {data.policies.editFacts && <th scope="col">{t("obligations.newValue")}</th>}
            </tr>
          </thead>
          <tbody>
            {data.facts.fields.map((f) => (
              <tr key={f.field} data-fact={f.field}>
                <th scope="row">{t(`obligations.fact_${f.field}`)}</th>
                <td><FactValue field={f.field} value={f.value} /></td>
                <td>
                  <span className={`badge badge--fact-${f.source}`}>{t(`obligations.source_${f.source}`)}</span>
                  {f.suggestedFrom && <div className="muted small">{t("obligations.suggested")}: <FactValue field={f.field} value={f.suggested} /> ({t(`obligations.from_${f.suggestedFrom.replace(":", "_")}`)})</div>}
                  {data.policies.editFacts && (f.source === "confirmed" || f.source === "override") && (
                    <button type="button" className="button button--link" onClick={() => reset(f.field)}>{t("obligations.useSuggestion")}</button>
                  )}
                </td>
                {data.policies.editFacts && <td><FactInput fact={f} /></td>}
              </tr>
            ))}
          </tbody>
        </table>
        {data.policies.editFacts && <SubmitButton busy={m.busy}>{t("obligations.saveFacts")}</SubmitButton>}
      </form>
    </Section>
  );
}

function FactInput({ fact: f }: { fact: FactView }) {
  const { t } = useTranslation();
  const label = t(`obligations.fact_${f.field}`);
  if (BOOL_FACTS.includes(f.field)) {
    return (
      <select name={f.field} aria-label={label} defaultValue="">
        <option value="">{t("obligations.unchanged")}</option>
        <option value="true">{t("common.yes")}</option>
        <option value="false">{t("common.no")}</option>
      </select>
    );
  }
  const values = ENUM_FACTS[f.field];
  if (values) {
    return (
      <select name={f.field} aria-label={label} defaultValue="">
        <option value="">{t("obligations.unchanged")}</option>
        {values.map((v) => <option key={v} value={v}>{t(`obligations.${f.field}_${v}`, { defaultValue: v })}</option>)}
      </select>
    );
  }
  if (TIME_FACTS.includes(f.field)) return <input type="datetime-local" name={f.field} aria-label={label} />;
  if (f.field === "people") return <input type="number" min={0} name={f.field} aria-label={label} />;
  if (f.field === "items") return <ItemsInput fact={f} />;
  return <input name={f.field} aria-label={label} placeholder={f.field === "residents" ? '{"JP": 100, "EU": 2}' : undefined} />;
}

/**
 * The data items as labelled checkboxes, ticked as they stand (an item outside the list is kept and labelled too).
 * `postcode` (the facts') and `postal_code` (the scanner's) are one item, 郵便番号: one choice, the one in use.
 */
function ItemsInput({ fact: f }: { fact: FactView }) {
  const { t } = useTranslation();
  const current = Array.isArray(f.value) ? (f.value as unknown[]).map(String) : [];
  const twin = current.includes("postcode") && !current.includes("postal_code") ? "postal_code" : "postcode";
  const all = [...DATA_ITEMS.filter((x) => x !== twin || current.includes(x)), ...current.filter((x) => !(DATA_ITEMS as readonly string[]).includes(x))];
  return (
    <details>
      <summary>{t("obligations.chooseItems")}</summary>
      <fieldset className="fieldset facts-items" aria-label={t("obligations.fact_items")}>
        {all.map((item) => (
          <label key={item} className="checkbox">
            <input type="checkbox" name="items" value={item} defaultChecked={current.includes(item)} /> {itemLabel(t, item)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}

