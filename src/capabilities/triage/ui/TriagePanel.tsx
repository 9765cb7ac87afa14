/**
 * Triage on an incident: suspicious mails (upload, verdict, the reasons as sentences with their evidence,
 * attachments with SHA-256, "add its indicators to the incident") and connection logs (import, the ranked
 * findings, "add to this incident" with the detected clock, "link host to asset").
 */
import { useEffect, useState, type FormEvent, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router-dom";
import { orgHref } from "../../../web/nav";
import { ApiError, api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { useMe } from "../../../web/session";
import type { IncidentsResponse } from "../../incidents/contract";
import { useOrg } from "../../../web/org";
import type { AddedIndicators, EgressFinding, EgressImportDetail, EgressImportsResponse, HostLinked, MailReport, MailReportsResponse, Promoted } from "../contract";
import { inLanguage, postFile } from "./upload";
import "./triage.css";

/** `incidentId` null: the organisation's page (unknown mails, logs before there is an incident). */
type Props = { orgId: string; incidentId: string | null; canEdit: boolean; onChanged: () => void };

export function TriagePanel(props: Props) {
  return (
    <>
      <MailSection {...props} />
      <EgressSection {...props} />
    </>
  );
}

const evidenceText = (e: MailReport["signals"][number]["evidence"]): string =>
  [e.header && `${e.header}${e.offset !== undefined ? ` @${e.offset}` : ""}`, e.part, e.value && `“${e.value}”`, e.expected && `≠ ${e.expected}`, e.kind]
    .filter(Boolean).join(" · ");

export function MailSection({ orgId, incidentId, canEdit }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const path = incidentId ? orgPath(orgId, "incidents", incidentId, "mail-reports") : orgPath(orgId, "mail-reports");
  // Every member may report an unknown mail; only the triage roles list the organisation's reports.
  const membership = useOrg();
  const mayList = incidentId !== null || ["org-admin", "ciso", "responder"].includes(membership.role);
  const list = useApi<MailReportsResponse>(mayList ? (incidentId ? path : `${path}?unattached=true`) : null);
  const rows = useMutations(list.reload);
  const [mine, setMine] = useState<MailReport | null>(null);
  // the file being analysed (in a worker thread on the server): shown as pending until the verdict arrives
  const [analysing, setAnalysing] = useState<string | null>(null);
  const incidents = useApi<IncidentsResponse>(incidentId || !mayList ? null : orgPath(orgId, "incidents"));
  const attach = async (r: MailReport, e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { incident = "" } = formValues(e.currentTarget);
    await rows.mutate(() => api.put(orgPath(orgId, "mail-reports", r.id, "incident"), { incidentId: incident }), t("triage.attached", { name: r.subject || r.filename }));
  };

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    const { note = "" } = formValues(form);
    const res = await rows.mutate(async () => {
      if (!file) throw new ApiError(400, "validation", t("triage.chooseFile"), "body.file");
      setAnalysing(file.name);
      try {
        return await postFile<{ report: MailReport }>(path, file, me.csrfToken, { note });
      } finally {
        setAnalysing(null);
      }
    }, (r) => t("triage.mailAnalysed", { name: r.report.filename, verdict: t(`triage.verdict.${r.report.verdict}`) }));
    if (!res) return;
    form.reset();
    if (!mayList) setMine(res.value.report);
  };
  const addIndicators = (r: MailReport) =>
    rows.mutate(() => api.post<AddedIndicators>(orgPath(orgId, "mail-reports", r.id, "indicators")), (a) => t("triage.indicatorsAdded", a));

  return (
    <Section title={t("triage.mailTitle")} id="triage-mail">
      <ErrorAlert error={list.error ?? rows.error} />
      <Notice message={rows.notice} />
      {canEdit && (list.data?.policies.upload || !mayList) && (
        <form className="form" onSubmit={submit} noValidate aria-label={t("triage.mailUpload")}>
          <Field label={t("triage.mailFile")} name="file" hint={t("triage.mailFileHint")} error={rows.error}>
            {(p) => <input {...p} type="file" accept=".eml,message/rfc822" required />}
          </Field>
          <Field label={t("triage.note")} name="note" error={rows.error}>
            {(p) => <textarea {...p} rows={2} maxLength={2000} />}
          </Field>
          <div className="form__actions">
            <SubmitButton busy={rows.busy}>{t("triage.mailSubmit")}</SubmitButton>
          </div>
        </form>
      )}
      {analysing && (
        <p className="muted" role="status" aria-live="polite" aria-busy="true">
          {t("triage.mailAnalysing", { name: analysing, seconds: 30 })}
        </p>
      )}
      {list.data && list.data.reports.length === 0 && <p className="muted">{t(incidentId ? "triage.noMail" : "triage.noMailUnattached")}</p>}
      {mine && <MailCard r={mine} busy={rows.busy} />}
      {list.data?.reports.map((r) => (
        <MailCard key={r.id} r={r} busy={rows.busy} onAddIndicators={() => void addIndicators(r)}>
          {r.policies.attach && incidents.data && (
            <form className="form form--row" onSubmit={(e) => void attach(r, e)} aria-label={t("triage.attachOf", { name: r.subject || r.filename })}>
              <Field label={t("triage.attachTo")} name="incident" error={rows.error}>
                {(p) => (
                  <select {...p} required>
                    {incidents.data!.incidents.filter((i) => i.orgId === orgId).map((i) => (
                      <option key={i.id} value={i.id}>
                        {i.ref} {i.title}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <SubmitButton busy={rows.busy}>{t("triage.attach")}</SubmitButton>
            </form>
          )}
        </MailCard>
      ))}
    </Section>
  );
}

/** One analysed mail: verdict, reasons as sentences with their evidence, attachments with SHA-256, and its actions. */
export function MailCard({ r, busy, onAddIndicators, children }: { r: MailReport; busy: boolean; onAddIndicators?: () => void; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <article className="card triage-mail-card" aria-labelledby={`mail-${r.id}`} data-verdict={r.verdict}>
      <h3 id={`mail-${r.id}`}>
        <span className={`badge badge--verdict-${r.verdict}`}>{t(`triage.verdict.${r.verdict}`)}</span>{" "}
        {r.subject || r.filename}
      </h3>
      <dl className="dl">
        <dt>{t("triage.from")}</dt>
        <dd>{r.from || "—"}</dd>
        <dt>{t("triage.file")}</dt>
        <dd>
          {r.filename} <code title={r.sha256}>{r.sha256.slice(0, 12)}…</code>
        </dd>
        <dt>{t("triage.reportedAt")}</dt>
        <dd>
          <DateTime value={r.reportedAt} />
        </dd>
      </dl>
      <h4>{t("triage.reasons")}</h4>
      {r.signals.length === 0 ? (
        <p className="muted">{t("triage.noSignals")}</p>
      ) : (
        <ul className="triage-reasons">
          {r.signals.map((s, i) => (
            <li key={`${s.id}-${i}`} data-signal={s.id}>
              <p>{inLanguage(s.reason)}</p>
              {evidenceText(s.evidence) && <p className="muted small">{t("triage.evidence")}: {evidenceText(s.evidence)}</p>}
            </li>
          ))}
        </ul>
      )}
      {r.attachments.length > 0 && (
        <ListTable
          items={r.attachments}
          loading={false}
          columns={[t("triage.attachment"), t("triage.realType"), t("triage.size"), "SHA-256"]}
          row={(a) => (
            <tr key={a.path}>
              <th scope="row">{a.path}</th>
              <td>{a.realType}{a.hasMacro ? ` · ${t("triage.macro")}` : ""}{a.isEncrypted ? ` · ${t("triage.encrypted")}` : ""}</td>
              <td className="nowrap">{a.size}</td>
              <td>
                <code style={{ wordBreak: "break-all" }}>{a.sha256 ?? "—"}</code>
              </td>
            </tr>
          )}
        />
      )}
      <p className="muted small">
        {t("triage.indicatorCounts", { urls: r.indicators.urls.length, domains: r.indicators.domains.length, ips: r.indicators.ips.length, hashes: r.indicators.sha256.length })}
      </p>
      {r.policies.addIndicators && onAddIndicators && (
        <button type="button" className="button" disabled={busy} onClick={onAddIndicators} aria-label={t("triage.addIndicatorsOf", { name: r.subject || r.filename })}>
          {t("triage.addIndicators")}
        </button>
      )}
      {children}
    </article>
  );
}

export function EgressSection({ orgId, incidentId, canEdit, onChanged }: Props) {
  const { t } = useTranslation();
  const me = useMe();
  const path = incidentId ? orgPath(orgId, "incidents", incidentId, "egress-imports") : orgPath(orgId, "egress-imports");
  const loaded = useApi<EgressImportsResponse>(path);
  // The organisation's page shows the imports that belong to no incident.
  const list = { ...loaded, data: loaded.data && { ...loaded.data, imports: loaded.data.imports.filter((i) => incidentId !== null || i.incidentId === null) } };
  const rows = useMutations(list.reload);
  const [openId, setOpenId] = useState<string | null>(null);
  const latest = openId ?? list.data?.imports[0]?.id ?? null;
  const pending = list.data?.imports.some((i) => i.status === "queued" || i.status === "running") ?? false;
  const { reload } = loaded;
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(reload, 1000);
    return () => clearInterval(timer);
  }, [pending, reload]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    const res = await rows.mutate(async () => {
      if (!file) throw new ApiError(400, "validation", t("triage.chooseFile"), "body.file");
      return postFile<{ import: { id: string; filename: string } }>(path, file, me.csrfToken);
    }, (r) => t("triage.logQueued", { name: r.import.filename }));
    if (!res) return;
    form.reset();
    setOpenId(res.value.import.id);
  };

  return (
    <Section title={t("triage.egressTitle")} id="triage-egress">
      <ErrorAlert error={list.error ?? rows.error} />
      <Notice message={rows.notice} />
      {canEdit && list.data?.policies.upload && (
        <form className="form" onSubmit={submit} noValidate aria-label={t("triage.logUpload")}>
          <Field label={t("triage.logFile")} name="file" hint={t("triage.logFileHint")} error={rows.error}>
            {(p) => <input {...p} type="file" required />}
          </Field>
          <div className="form__actions">
            <SubmitButton busy={rows.busy}>{t("triage.logSubmit")}</SubmitButton>
          </div>
        </form>
      )}
      <ListTable
        items={list.data?.imports}
        loading={list.loading}
        empty={t(incidentId ? "triage.noImports" : "triage.noImportsUnattached")}
        columns={[t("triage.file"), t("triage.status"), t("triage.records"), t("triage.findings"), t("triage.importedAt"), { hidden: t("triage.actions") }]}
        row={(i) => (
          <tr key={i.id}>
            <th scope="row">{i.filename}</th>
            <td>
              {t(`triage.importStatus.${i.status}`)}
              {i.error && <p className="alert alert--error small">{inLanguage(i.error)}</p>}
            </td>
            <td>{i.summary?.records ?? "—"}</td>
            <td>{i.summary?.findings ?? "—"}</td>
            <td>
              <DateTime value={i.createdAt} />
            </td>
            <td className="actions">
              {i.status === "done" && (
                <button type="button" className="button button--small" aria-pressed={latest === i.id} onClick={() => setOpenId(i.id)}>
                  {t("triage.showFindings")}
                </button>
              )}
            </td>
          </tr>
        )}
      />
      {latest && list.data?.imports.find((i) => i.id === latest)?.status === "done" && (
        <Findings key={latest} orgId={orgId} incidentId={incidentId} importId={latest} canEdit={canEdit} onChanged={onChanged} />
      )}
    </Section>
  );
}

/**
 * The ranked findings of one import. On an incident: "add to this incident" and "link host to asset"; on the
 * organisation's page (no incident): "create incident", which opens the new incident.
 */
export function Findings({ orgId, incidentId, importId, canEdit, onChanged }: { orgId: string; incidentId: string | null; importId: string; canEdit: boolean; onChanged: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const detail = useApi<EgressImportDetail>(orgPath(orgId, "egress-imports", importId));
  const acts = useMutations();
  const create = async (f: EgressFinding) => {
    const r = await acts.run(() => api.post<Promoted>(orgPath(orgId, "egress-findings", f.id, "incident"), {}));
    if (r) void navigate(`${orgHref(orgId, `incidents/${r.incidentId}`)}?tab=triage`);
  };
  const promote = async (f: EgressFinding) => {
    if (!incidentId) return;
    const r = await acts.mutate(() => api.post<Promoted>(orgPath(orgId, "egress-findings", f.id, "incident"), { incidentId }), (p) =>
      t("triage.promoted", { indicators: p.indicators.created, assets: p.linkedAssets.length, detected: p.detectedChanged ? t("triage.detectedSet") : t("triage.detectedKept") }));
    if (r) onChanged();
  };
  const linkHost = (f: EgressFinding) =>
    incidentId && acts.mutate(() => api.post<HostLinked>(orgPath(orgId, "egress-findings", f.id, "hosts"), { incidentId, host: f.src }), (l) =>
      t(l.alreadyLinked ? "triage.hostAlreadyLinked" : l.createdAsset ? "triage.hostLinkedNew" : "triage.hostLinked", { host: l.host, asset: l.hostname }));
  const fmt = (n: number) => new Intl.NumberFormat().format(n);
  return (
    <section aria-labelledby="triage-findings-title">
      <h3 id="triage-findings-title">{t("triage.findingsOf", { name: detail.data?.import.filename ?? "" })}</h3>
      <ErrorAlert error={detail.error ?? acts.error} />
      <Notice message={acts.notice} />
      <ListTable
        items={detail.data?.findings}
        loading={detail.loading}
        empty={t("triage.noFindings")}
        className="triage-findings"
        columns={["#", t("triage.kind"), t("triage.src"), t("triage.dst"), t("triage.score"), t("triage.firstSeen"), t("triage.lastSeen"), t("triage.bytesOut"), t("triage.reason"), { hidden: t("triage.actions") }]}
        row={(f) => (
          <tr key={f.id} data-kind={f.kind}>
            <td>{f.rank}</td>
            <td>{t(`triage.kinds.${f.kind}`)}</td>
            <td>{f.src}</td>
            <td>
              {f.dstHost ? `${f.dstHost} (${f.dst})` : f.dst}
              {f.port !== null ? `:${f.port}` : ""}
            </td>
            <td>{f.score.toFixed(2)}</td>
            <td>
              <DateTime value={f.firstSeen} />
            </td>
            <td>
              <DateTime value={f.lastSeen} />
            </td>
            <td className="nowrap">{fmt(f.bytesOut)}</td>
            <td>{inLanguage(f.reason)}</td>
            <td className="actions">
              {canEdit && !incidentId && (
                <button type="button" className="button button--small" disabled={acts.busy} onClick={() => void create(f)} aria-label={t("triage.createIncidentOf", { rank: f.rank })}>
                  {t("triage.createIncident")}
                </button>
              )}
              {canEdit && incidentId && (
                <>
                  <button type="button" className="button button--small" disabled={acts.busy} onClick={() => void promote(f)} aria-label={t("triage.promoteOf", { rank: f.rank })}>
                    {t("triage.promote")}
                  </button>
                  <button type="button" className="button button--small" disabled={acts.busy} onClick={() => void linkHost(f)} aria-label={t("triage.linkHostOf", { host: f.src, rank: f.rank })}>
                    {t("triage.linkHost")}
                  </button>
                </>
              )}
            </td>
          </tr>
        )}
      />
    </section>
  );
}
