/**
 * The regulator's inbox: reports the supervised companies submitted (each with its document and a Q&A thread),
 * and their obligations due soon or overdue, filterable by company and status; and the order form (報告徴収).
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, apiUrl, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime, OrgName } from "../../../web/components/Labels";
import { Loading, PageHeader, Section } from "../../../web/components/Layout";
import { endOfTokyoDay, tokyoDatePlus } from "../../../web/format";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";
import { StatusBadge, useText } from "./ObligationsPanel";
import type { InboxResponse, ObligationStatus, ReportResponse } from "./types";

const FILTER_STATUSES: ObligationStatus[] = ["overdue", "due_soon", "upcoming", "filed"];

export function InboxPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const text = useText();
  const [company, setCompany] = useState("");
  const [status, setStatus] = useState("");
  const [open, setOpen] = useState<string | null>(null);
  const query = new URLSearchParams({ ...(company ? { company } : {}), ...(status ? { status } : {}) }).toString();
  const inbox = useApi<InboxResponse>(`${orgPath(org.orgId, "inbox")}${query ? `?${query}` : ""}`);
  const d = inbox.data;
  return (
    <>
      <PageHeader title={t("inbox.title")} />
      <ErrorAlert error={inbox.error} />
      {!d && inbox.loading && <Loading />}
      {d && (
        <>
          <div className="form-inline" role="group" aria-label={t("inbox.filters")}>
            <label>
              {t("inbox.company")}{" "}
              <select value={company} onChange={(e) => setCompany(e.target.value)} name="company">
                <option value="">{t("inbox.allCompanies")}</option>
                {d.companies.map((c) => <option key={c.id} value={c.id}>{text({ ja: c.nameJa, en: c.nameEn })}</option>)}
              </select>
            </label>
            <label>
              {t("obligations.status")}{" "}
              <select value={status} onChange={(e) => setStatus(e.target.value)} name="status">
                <option value="">{t("inbox.allStatuses")}</option>
                {FILTER_STATUSES.map((s) => <option key={s} value={s}>{t(`obligations.status_${s}`)}</option>)}
              </select>
            </label>
          </div>
          <Section title={t("inbox.reports")} id="inbox-reports">
            {d.reports.length === 0 ? <p className="muted">{t("inbox.noReports")}</p> : (
              <table className="table" data-testid="inbox-reports">
                <thead>
                  <tr><th scope="col">{t("inbox.company")}</th><th scope="col">{t("obligations.reportTitle")}</th><th scope="col">{t("obligations.obligation")}</th><th scope="col">{t("inbox.submittedAt")}</th><th /></tr>
                </thead>
                <tbody>
                  {d.reports.map((r) => (
                    <tr key={r.id}>
                      <td><OrgName org={r.company} /></td>
                      <td>{r.title}</td>
                      <td>{((title) => (title ? text(title) : <code>{r.obligationId}</code>))(d.obligations.find((o) => o.obligationId === r.obligationId)?.title)}</td>
                      <td><DateTime value={r.submittedAt} /></td>
                      <td><button type="button" className="button" onClick={() => setOpen(open === r.id ? null : r.id)}>{open === r.id ? t("common.close") : t("inbox.open")}</button></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            {open && <ReportThread orgId={org.orgId} reportId={open} />}
          </Section>
          <Section title={t("inbox.obligations")} id="inbox-obligations">
            {d.obligations.length === 0 ? <p className="muted">{t("inbox.noObligations")}</p> : (
              <table className="table" data-testid="inbox-obligations">
                <thead>
                  <tr><th scope="col">{t("inbox.company")}</th><th scope="col">{t("obligations.what")}</th><th scope="col">{t("obligations.due")}</th><th scope="col">{t("obligations.status")}</th></tr>
                </thead>
                <tbody>
                  {d.obligations.map((o) => (
                    <tr key={`${o.incidentId}-${o.obligationId}`}>
                      <td>{text({ ja: o.companyNameJa, en: o.companyNameEn })}{o.incidentRef && <div className="muted small">{o.incidentRef}</div>}</td>
                      <td>{text(o.title)}</td>
                      <td><DateTime value={o.dueAt} /></td>
                      <td><StatusBadge status={o.status} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </Section>
          {d.policies.issueOrder && <OrderForm orgId={org.orgId} companies={d.companies} onDone={inbox.reload} />}
        </>
      )}
    </>
  );
}

function ReportThread({ orgId, reportId }: { orgId: string; reportId: string }) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "reports", reportId);
  const loaded = useApi<ReportResponse>(path);
  const m = useMutations(loaded.reload);
  const d = loaded.data;
  const ask = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const res = await m.mutate(() => api.post(`${path}/messages`, { body: formValues(form).body }), t("inbox.messageSent"));
    if (res) form.reset();
  };
  return (
    <div className="card" data-testid="report-thread">
      <Notice message={m.notice} />
      <ErrorAlert error={loaded.error ?? m.error} />
      {d && (
        <>
          <h3>{d.report.title}</h3>
          <p className="muted">
            <DateTime value={d.report.submittedAt} />{d.report.submittedBy && <> · {t("inbox.submittedBy", { name: d.report.submittedBy })}</>}
          </p>
          {d.submittedDocument ? (
            <div data-testid="report-document">
              <p>
                {t("inbox.signedDocument", { kind: t(`obligationDocuments.kind_${d.submittedDocument.kind}`, { defaultValue: d.submittedDocument.title }), version: d.submittedDocument.version })}
                {" · "}<a href={apiUrl(`${path}/render?format=pdf`)} download>{t("inbox.downloadPdf")}</a>
                {" · "}<a href={apiUrl(`${path}/render?format=html`)} target="_blank" rel="noreferrer">{t("inbox.openHtml")}</a>
              </p>
              <dl className="report-document__meta" lang={d.submittedDocument.locale}>
                {d.submittedDocument.metadata.map((x) => (
                  <div key={x.key}><dt>{x.key}</dt><dd>{x.value}</dd></div>
                ))}
              </dl>
            </div>
          ) : (
            <pre className="prewrap">{d.report.document}</pre>
          )}
          <h4>{t("inbox.thread")}</h4>
          <ul className="plain-list">
            {d.messages.map((x) => <li key={x.id}><DateTime value={x.createdAt} /> · <OrgName org={x.authorOrg} /> {x.authorName ?? ""}: {x.body}</li>)}
          </ul>
          {d.policies.reply && (
            <form onSubmit={ask}>
              <Field label={t("inbox.message")} name="body">{(p) => <textarea {...p} required rows={3} maxLength={10000} />}</Field>
              <SubmitButton busy={m.busy}>{t("inbox.send")}</SubmitButton>
            </form>
          )}
        </>
      )}
    </div>
  );
}

/** Items of the 2016 order, as the example the form starts from. */
const ITEMS_2016 = { ja: "事実関係\n発生前の安全管理措置\n発覚後の対応（問題点を含む）\n現在の状況\n再発防止策", en: "The facts\nSafety measures before\nResponse after discovery, incl. problems\nCurrent state\nPrevention" };

function OrderForm({ orgId, companies, onDone }: { orgId: string; companies: InboxResponse["companies"]; onDone: () => void }) {
  const { t } = useTranslation();
  const text = useText();
  const m = useMutations(onDone);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const target = v.company === "all" ? { all: true } : { companyOrgId: v.company };
    const body = { authority: v.authority, title: v.title, items: (v.items ?? "").split("\n").map((x) => x.trim()).filter(Boolean), dueAt: new Date(endOfTokyoDay(v.dueDate ?? "")).toISOString(), ...target };
    const res = await m.mutate(() => api.post<{ order: { companies: number } }>(orgPath(orgId, "orders"), body), (r) => t("inbox.orderIssued", { count: r.order.companies }));
    if (res) form.reset();
  };
  return (
    <Section title={t("inbox.orderTitle")} id="order-form">
      <Notice message={m.notice} />
      <ErrorAlert error={m.error} />
      <form onSubmit={submit} className="stack" aria-label={t("inbox.orderTitle")}>
        <Field label={t("inbox.company")} name="company" error={m.error}>
          {(p) => (
            <select {...p}>
              <option value="all">{t("inbox.allSupervised")}</option>
              {companies.map((c) => <option key={c.id} value={c.id}>{text({ ja: c.nameJa, en: c.nameEn })}</option>)}
            </select>
          )}
        </Field>
        <Field label={t("inbox.authority")} name="authority" hint={t("inbox.authorityHint")} error={m.error}>{(p) => <input {...p} required defaultValue="jta" pattern="[a-z][a-z0-9_\-]*" />}</Field>
        <Field label={t("obligations.reportTitle")} name="title" error={m.error}>{(p) => <input {...p} required maxLength={300} defaultValue={t("inbox.orderDefaultTitle")} />}</Field>
        <Field label={t("inbox.items")} name="items" hint={t("inbox.itemsHint")} error={m.error}>{(p) => <textarea {...p} required rows={5} defaultValue={text(ITEMS_2016)} />}</Field>
        <Field label={t("inbox.dueDate")} name="dueDate" error={m.error}>{(p) => <input {...p} type="date" required defaultValue={tokyoDatePlus(10)} />}</Field>
        <SubmitButton busy={m.busy}>{t("inbox.issue")}</SubmitButton>
      </form>
    </Section>
  );
}
