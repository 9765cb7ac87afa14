/**
 * One broadcast. The sender sees the live board: every recipient organisation, who has and has not acknowledged
 * or answered, time to acknowledge, reminders and escalation, updated without reload from the server's event
 * stream (EventSource resumes with Last-Event-ID on its own); export and drill report links; close. A recipient
 * sees the message, acknowledges, and answers a request with text or a file.
 */
import { useEffect, useMemo, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { ApiError, api, apiUrl, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime, OrgName } from "../../../web/components/Labels";
import { Loading, PageHeader, Section } from "../../../web/components/Layout";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { i18n } from "../../../web/i18n";
import { useOrg } from "../../../web/org";
import { useMe } from "../../../web/session";
import type { ApiErrorBody } from "../../../platform/auth/contract";
import type { BroadcastRecipient, BroadcastView } from "../broadcasts-contract";
import { DrillTag, titleOf } from "./BroadcastsPage";
import "./broadcasts.css";

/** "1時間2分3秒" / "1 h 2 min 3 s" */
export const duration = (ms: number | null): string => {
  if (ms === null) return "—";
  const s = Math.round(ms / 1000);
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const en = i18n.language === "en";
  const parts = [h ? `${h}${en ? " h" : "時間"}` : "", m ? `${m}${en ? " min" : "分"}` : "", sec || (!h && !m) ? `${sec}${en ? " s" : "秒"}` : ""];
  return parts.filter(Boolean).join(en ? " " : "");
};

export function BroadcastPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const { broadcastId = "" } = useParams();
  const path = orgPath(org.orgId, "broadcasts", broadcastId);
  const view = useApi<BroadcastView>(path);
  const v = view.data;
  return (
    <>
      <PageHeader title={v ? titleOf(v.broadcast) : t("broadcasts.title")}>{v?.broadcast.isDrill && <DrillTag />}</PageHeader>
      <ErrorAlert error={view.error} />
      {!v && view.loading && <Loading />}
      {v && (
        <>
          <Section title={t(v.broadcast.kind === "request" ? "broadcasts.kind_request" : "broadcasts.kind_alert")} id="broadcast-message">
            <p className="muted">{t("broadcasts.from")}: <OrgName org={v.broadcast.sender} /> · <DateTime value={v.broadcast.createdAt} />{v.broadcast.closedAt && <> · {t("broadcasts.closed")}</>}</p>
            {(i18n.language === "en" ? v.broadcast.bodyEn || v.broadcast.bodyJa : v.broadcast.bodyJa || v.broadcast.bodyEn).split("\n").map((line, i) => <p key={i}>{line}</p>)}
          </Section>
          {v.policies.board ? <Board path={path} initial={v} onChanged={view.reload} /> : <RecipientSide path={path} view={v} onChanged={view.reload} />}
        </>
      )}
    </>
  );
}

/** Keeps the board's rows current from the event stream: each event replaces its organisation's row. */
function useLiveRecipients(path: string, initial: BroadcastRecipient[]) {
  const [rows, setRows] = useState(initial);
  const [connected, setConnected] = useState(false);
  useEffect(() => setRows(initial), [initial]);
  useEffect(() => {
    const after = initial.reduce((m, r) => (BigInt(r.seq) > m ? BigInt(r.seq) : m), 0n).toString();
    const source = new EventSource(apiUrl(`${path}/events?after=${after}`));
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener("recipient", (e) => {
      const r = JSON.parse((e as MessageEvent<string>).data) as BroadcastRecipient;
      setRows((old) => (old.some((x) => x.id === r.id) ? old.map((x) => (x.id === r.id ? r : x)) : [...old, r]));
    });
    return () => source.close();
  }, [path, initial]);
  return { rows, connected };
}

function Board({ path, initial, onChanged }: { path: string; initial: BroadcastView; onChanged: () => void }) {
  const { t } = useTranslation();
  const { rows, connected } = useLiveRecipients(path, initial.recipients);
  const m = useMutations(onChanged);
  const sorted = useMemo(() => [...rows].sort((a, b) => Number(a.acknowledgedAt !== null) - Number(b.acknowledgedAt !== null) || (a.timeToAckMs ?? 0) - (b.timeToAckMs ?? 0)), [rows]);
  const acked = rows.filter((r) => r.acknowledgedAt);
  const times = acked.map((r) => r.timeToAckMs ?? 0).sort((a, b) => a - b);
  const median = times.length ? times[Math.ceil(times.length / 2) - 1]! : null;
  const isRequest = initial.broadcast.kind === "request";
  return (
    <Section title={t("broadcasts.board")} id="broadcast-board">
      <p className="broadcast-summary" data-testid="board-summary" aria-live="polite">
        <strong>{t("broadcasts.summaryAck", { n: acked.length, total: rows.length })}</strong> · {t("broadcasts.summaryNever", { n: rows.length - acked.length })}
        {isRequest && <> · {t("broadcasts.answeredCount", { answered: rows.filter((r) => r.answeredAt).length })}</>}
        {median !== null && <> · {t("broadcasts.summaryP50", { d: duration(median) })}</>}
        {" "}<span className={connected ? "broadcast-live" : "broadcast-live broadcast-live--off"}>{connected ? t("broadcasts.live") : t("broadcasts.reconnecting")}</span>
      </p>
      <p className="form-inline">
        <a className="button" href={apiUrl(`${path}/export?format=csv`)} download>{t("broadcasts.exportCsv")}</a>
        <a className="button" href={apiUrl(`${path}/export?format=json`)} download>{t("broadcasts.exportJson")}</a>
        <a className="button" href={apiUrl(`${path}/report?lang=${i18n.language === "en" ? "en" : "ja"}`)} target="_blank" rel="noopener">{t("broadcasts.report")}</a>
        <a className="button" href={apiUrl(`${path}/report?format=pdf&lang=${i18n.language === "en" ? "en" : "ja"}`)} download>{t("broadcasts.reportPdf")}</a>
        {initial.policies.close && <button type="button" className="button" onClick={() => void m.mutate(() => api.post(`${path}/close`), t("broadcasts.closedNotice"))}>{t("broadcasts.close")}</button>}
      </p>
      <ErrorAlert error={m.error} />
      <Notice message={m.notice} />
      <table className="table broadcast-board" data-testid="broadcast-board">
        <thead>
          <tr>
            <th scope="col">{t("broadcasts.org")}</th><th scope="col">{t("broadcasts.state")}</th><th scope="col">{t("broadcasts.timeToAck")}</th>
            <th scope="col">{t("broadcasts.step")}</th><th scope="col">{t("broadcasts.reminders")}</th>{isRequest && <th scope="col">{t("broadcasts.answer")}</th>}
          </tr>
        </thead>
        <tbody>
          {sorted.map((r) => (
            <tr key={r.id} data-org={r.org.id} data-acknowledged={r.acknowledgedAt ? "yes" : "no"} className={r.acknowledgedAt ? "" : "broadcast-row--open"}>
              <td><OrgName org={r.org} />{r.delivery?.messages === 0 && <div className="muted">{t("broadcasts.noDesk")}</div>}</td>
              <td>
                {r.acknowledgedAt ? <>{t("broadcasts.acknowledged")} <DateTime value={r.acknowledgedAt} />{r.acknowledgedBy && <> · {r.acknowledgedBy}</>} <span className="muted">({t(`broadcasts.via${r.acknowledgedVia === "link" ? "Link" : r.acknowledgedVia === "api" ? "Api" : "Ui"}`)})</span></> : <strong>{t("broadcasts.notAcknowledged")}</strong>}
                {r.escalatedAt && <div className="muted">{t("broadcasts.escalated")}</div>}
              </td>
              <td>{duration(r.timeToAckMs)}</td>
              <td>{r.ackStep === null ? "—" : r.ackStep === 1 ? t("broadcasts.stepFirst") : t("broadcasts.stepReminder", { n: r.ackStep - 1 })}</td>
              <td>{r.reminders}</td>
              {isRequest && (
                <td>
                  {r.answeredAt ? <><DateTime value={r.answeredAt} />{r.answerText && <div className="broadcast-answer">{r.answerText}</div>}</> : "—"}
                  {r.answerFile && <div><a href={apiUrl(`${path}/recipients/${r.id}/file`)} download>{r.answerFile.name}</a></div>}
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </Section>
  );
}

/** multipart/form-data with the session's CSRF token (the JSON client sends JSON only). */
const postForm = async (path: string, body: FormData, csrf: string): Promise<BroadcastView> => {
  const res = await fetch(apiUrl(path), { method: "POST", body, headers: { Accept: "application/json", "Accept-Language": i18n.language || "ja", "X-CSRF-Token": csrf } });
  const data = (await res.json().catch(() => undefined)) as unknown;
  if (res.ok) return data as BroadcastView;
  const err = (data as Partial<ApiErrorBody> | undefined)?.error;
  throw new ApiError(res.status, err?.code ?? "http", err?.message ?? i18n.t("errors.http", { status: res.status }), err?.field, err?.requestId, err?.fields ?? []);
};

function RecipientSide({ path, view, onChanged }: { path: string; view: BroadcastView; onChanged: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const m = useMutations(onChanged);
  const mine = view.recipients[0];
  if (!mine) return null;
  const answer = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    const text = formValues(form).answer?.trim() ?? "";
    const done = file
      ? await m.mutate(() => { const fd = new FormData(); if (text) fd.append("answer", text); fd.append("file", file); return postForm(`${path}/answer-file`, fd, me.csrfToken); }, t("broadcasts.answerSent"))
      : await m.mutate(() => api.post(`${path}/answer`, { answer: text }), t("broadcasts.answerSent"));
    if (done) form.reset();
  };
  return (
    <Section title={t("broadcasts.yourState")} id="broadcast-mine">
      <ErrorAlert error={m.error} />
      <Notice message={m.notice} />
      <p data-testid="my-ack">
        {mine.acknowledgedAt ? <>{t("broadcasts.acknowledged")} <DateTime value={mine.acknowledgedAt} />{mine.acknowledgedBy && <> · {mine.acknowledgedBy}</>}</> : <strong>{t("broadcasts.notAcknowledged")}</strong>}
      </p>
      {!mine.acknowledgedAt && view.policies.acknowledge && (
        <button type="button" className="button button--primary" onClick={() => void m.mutate(() => api.post(`${path}/acknowledge`), t("broadcasts.acknowledgedNotice"))}>{t("broadcasts.acknowledge")}</button>
      )}
      {mine.answeredAt && (
        <div>
          <p>{t("broadcasts.answered")} <DateTime value={mine.answeredAt} /></p>
          {mine.answerText && <div className="broadcast-answer">{mine.answerText}</div>}
          {mine.answerFile && <a href={apiUrl(`${path}/recipients/${mine.id}/file`)} download>{mine.answerFile.name}</a>}
        </div>
      )}
      {view.policies.answer && (
        <form className="form" onSubmit={answer} noValidate>
          <Field label={t("broadcasts.answer")} name="answer" error={m.error} hint={t("broadcasts.answerHint")}>{(p) => <textarea {...p} rows={4} />}</Field>
          <Field label={t("broadcasts.file")} name="file" error={m.error}>{(p) => <input {...p} type="file" />}</Field>
          <SubmitButton busy={m.busy}>{t("broadcasts.answerSubmit")}</SubmitButton>
        </form>
      )}
    </Section>
  );
}
