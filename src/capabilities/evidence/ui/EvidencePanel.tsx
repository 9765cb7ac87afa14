/**
 * Evidence of one incident: upload (streamed, with progress) showing the SHA-256 the server computed, the list,
 * downloads, verification, and each item's chain of custody. The incident page embeds it.
 */
import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, apiUrl, orgPath } from "../../../web/api";
import type { ApiErrorBody } from "../../../platform/auth/contract";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { CopyButton, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime, OrgName } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useAction, useApi, useMutations } from "../../../web/hooks";
import { i18n } from "../../../web/i18n";
import { useMe } from "../../../web/session";
import type { CustodyEvent, Evidence, EvidenceList, VerifyResponse } from "../contract";

type Who = Evidence["uploadedBy"];

/** 5.2 MiB style (binary units, as the limit is configured), in the UI language; the exact count goes in a title. */
const formatBytes = (n: number): string => {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(i18n.language || "ja", { maximumFractionDigits: u === 0 ? 0 : 1 }).format(v)} ${units[u]}`;
};
const exactBytes = (n: number): string => i18n.t("evidence.bytes", { n: new Intl.NumberFormat(i18n.language || "ja").format(n) });

/**
 * POST multipart/form-data with XMLHttpRequest, for its upload progress events (fetch has none). The browser sets
 * the multipart content type and boundary itself; the CSRF token goes in its header as with every write.
 */
const uploadWithProgress = (path: string, body: FormData, csrfToken: string, onProgress: (fraction: number) => void): Promise<{ evidence: Evidence }> =>
  new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", apiUrl(path));
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Accept-Language", i18n.language || "ja");
    xhr.setRequestHeader("X-CSRF-Token", csrfToken);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onerror = () => reject(new ApiError(0, "network", i18n.t("errors.network")));
    xhr.onload = () => {
      let data: unknown;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        data = undefined;
      }
      if (xhr.status === 201) return resolve(data as { evidence: Evidence });
      const err = (data as Partial<ApiErrorBody> | undefined)?.error;
      reject(new ApiError(xhr.status, err?.code ?? "http", err?.message ?? i18n.t("errors.http", { status: xhr.status }), err?.field, err?.requestId));
    };
    xhr.send(body);
  });

function WhoName({ who }: { who: Who }) {
  const { t } = useTranslation();
  return (
    <>
      {who.name ?? <span className="muted">{t("evidence.otherUser")}</span>}
      {who.org && (
        <>
          {" "}
          <span className="muted">
            (<OrgName org={who.org} />)
          </span>
        </>
      )}
    </>
  );
}

/** The full SHA-256, monospace, selectable and copyable. */
function HashBox({ label, value }: { label: string; value: string }) {
  const id = useId();
  return (
    <div className="secret">
      <label htmlFor={id}>{label}</label>
      <input id={id} readOnly value={value} spellCheck={false} size={66} onFocus={(e) => e.currentTarget.select()} />
      <CopyButton text={value} />
    </div>
  );
}

export function EvidencePanel({ orgId, incidentId, canEdit }: { orgId: string; incidentId: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "evidence");
  const list = useApi<EvidenceList>(path);
  const rows = useMutations(list.reload);
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const open = list.data?.evidence.find((e) => e.id === openId);

  const verify = async (ev: Evidence) => {
    setVerdict(null);
    const r = await rows.run(() => api.post<VerifyResponse>(orgPath(orgId, "incidents", incidentId, "evidence", ev.id, "verify")));
    if (!r) return;
    const status = r.result.status;
    setVerdict({ ok: status === "match", text: t(status === "match" ? "evidence.verifyMatch" : status === "mismatch" ? "evidence.verifyMismatch" : "evidence.verifyMissing", { name: ev.filename }) });
  };

  return (
    <>
      {canEdit && list.data?.policies.upload && <UploadForm path={path} maxBytes={list.data.limits.maxBytes} onUploaded={list.reload} />}
      <Section title={t("evidence.list")} id="evidence-list">
        <ErrorAlert error={list.error ?? rows.error} />
        <Notice message={verdict?.ok ? verdict.text : null} />
        <div aria-live="assertive" className="live">
          {verdict && !verdict.ok && (
            <div role="alert" className="alert alert--error">
              <p>{verdict.text}</p>
            </div>
          )}
        </div>
        <ListTable
          items={list.data?.evidence}
          loading={list.loading}
          empty={t("evidence.empty")}
          columns={[t("evidence.name"), t("evidence.size"), t("evidence.sha256"), t("evidence.uploadedBy"), t("evidence.uploadedAt"), { hidden: t("evidence.actions") }]}
          row={(ev) => (
            <tr key={ev.id}>
              <th scope="row">
                {ev.filename}
                {ev.description && <div className="muted prewrap">{ev.description}</div>}
              </th>
              <td className="nowrap" title={exactBytes(ev.size)}>
                {formatBytes(ev.size)}
              </td>
              <td>
                <details>
                  <summary>
                    <code title={ev.sha256}>{ev.sha256.slice(0, 12)}…</code>
                  </summary>
                  <code aria-label={t("evidence.sha256Of", { name: ev.filename })} style={{ wordBreak: "break-all" }}>
                    {ev.sha256}
                  </code>
                </details>
              </td>
              <td>
                <WhoName who={ev.uploadedBy} />
              </td>
              <td>
                <DateTime value={ev.uploadedAt} />
              </td>
              <td className="actions">
                {ev.policies.download && (
                  <a className="button button--small" href={apiUrl(orgPath(orgId, "incidents", incidentId, "evidence", ev.id, "download"))} download aria-label={t("evidence.downloadName", { name: ev.filename })}>
                    {t("evidence.download")}
                  </a>
                )}
                {ev.policies.verify && (
                  <button type="button" className="button button--small" disabled={rows.busy} aria-label={t("evidence.verifyName", { name: ev.filename })} onClick={() => void verify(ev)}>
                    {t("evidence.verify")}
                  </button>
                )}
                <button
                  type="button"
                  className="button button--small"
                  aria-expanded={openId === ev.id}
                  aria-label={t("evidence.custodyName", { name: ev.filename })}
                  onClick={() => setOpenId(openId === ev.id ? null : ev.id)}
                >
                  {t("evidence.custody")}
                </button>
              </td>
            </tr>
          )}
        />
      </Section>
      {open && <CustodyLog key={`${open.id}-${rows.notice ?? ""}-${verdict?.text ?? ""}`} path={`${path}/${encodeURIComponent(open.id)}`} evidence={open} onClose={() => setOpenId(null)} />}
    </>
  );
}

function UploadForm({ path, maxBytes, onUploaded }: { path: string; maxBytes: number; onUploaded: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const action = useAction();
  const [progress, setProgress] = useState<number | null>(null);
  const [done, setDone] = useState<Evidence | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const max = formatBytes(maxBytes);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const file = (form.elements.namedItem("file") as HTMLInputElement | null)?.files?.[0];
    setDone(null);
    setNotice(null);
    const res = await action.run(async () => {
      // Checked here too so a large file is refused before it is sent; the server's limit is the one that counts.
      if (!file) throw new ApiError(400, "validation", t("evidence.chooseFile"), "body.file");
      if (file.size > maxBytes) throw new ApiError(413, "body_too_large", t("evidence.tooLarge", { max }), "body.file");
      const body = new FormData();
      const { description = "" } = formValues(form);
      if (description.trim()) body.append("description", description);
      body.append("file", file, file.name);
      setProgress(0);
      try {
        return await uploadWithProgress(path, body, me.csrfToken, setProgress);
      } finally {
        setProgress(null);
      }
    });
    if (!res) return;
    form.reset();
    setDone(res.evidence);
    setNotice(t("evidence.uploaded", { name: res.evidence.filename }));
    onUploaded();
  };

  return (
    <Section title={t("evidence.upload")} id="evidence-upload">
      <ErrorAlert error={action.error} />
      <Notice message={notice} />
      <form className="form" onSubmit={submit} noValidate>
        <Field label={t("evidence.file")} name="file" hint={t("evidence.fileHint", { max })} error={action.error}>
          {(p) => <input {...p} type="file" required />}
        </Field>
        <Field label={t("evidence.description")} name="description" error={action.error}>
          {(p) => <textarea {...p} rows={2} maxLength={2000} />}
        </Field>
        <div className="form__actions">
          <SubmitButton busy={action.busy}>{t("evidence.submit")}</SubmitButton>
          {progress !== null && (
            <label className="nowrap">
              {t("evidence.progress")} <progress max={1} value={progress} /> {Math.round(progress * 100)}%
            </label>
          )}
        </div>
      </form>
      {done && (
        <section className="card card--highlight" aria-labelledby="evidence-result-heading" role="region">
          <h3 id="evidence-result-heading">{t("evidence.resultTitle")}</h3>
          <dl className="dl">
            <dt>{t("evidence.name")}</dt>
            <dd>{done.filename}</dd>
            <dt>{t("evidence.size")}</dt>
            <dd>{exactBytes(done.size)}</dd>
          </dl>
          <HashBox label={t("evidence.sha256")} value={done.sha256} />
        </section>
      )}
    </Section>
  );
}

function CustodyLog({ path, evidence, onClose }: { path: string; evidence: Evidence; onClose: () => void }) {
  const { t } = useTranslation();
  const loaded = useApi<{ evidence: Evidence; custody: CustodyEvent[] }>(path);
  const add = useMutations(loaded.reload);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { action = "note", note = "" } = formValues(form);
    const ok = await add.mutate(() => api.post(`${path}/custody`, { action, note }), t("evidence.custodyAdded"));
    if (ok) form.reset();
  };

  return (
    <Section title={t("evidence.custodyTitle", { name: evidence.filename })} id="evidence-custody">
      <ErrorAlert error={loaded.error ?? add.error} />
      <Notice message={add.notice} />
      <HashBox label={t("evidence.sha256")} value={evidence.sha256} />
      <ListTable
        items={loaded.data?.custody}
        loading={loaded.loading}
        columns={[t("evidence.at"), t("evidence.kind"), t("evidence.actor"), t("evidence.note")]}
        row={(c) => (
          <tr key={c.id}>
            <td>
              <DateTime value={c.at} />
            </td>
            <td>{t(`evidence.actionsLabel.${c.action}`)}</td>
            <td>
              <WhoName who={c.actor} />
            </td>
            <td className="prewrap" style={{ wordBreak: "break-all" }}>
              {c.note}
            </td>
          </tr>
        )}
      />
      {evidence.policies.custody && (
        <form className="form form--row" onSubmit={submit} noValidate>
          <Field label={t("evidence.kind")} name="action" error={add.error}>
            {(p) => (
              <select {...p} defaultValue="transferred">
                <option value="transferred">{t("evidence.actionsLabel.transferred")}</option>
                <option value="note">{t("evidence.actionsLabel.note")}</option>
              </select>
            )}
          </Field>
          <Field label={t("evidence.note")} name="note" error={add.error}>
            {(p) => <input {...p} type="text" required maxLength={2000} autoComplete="off" />}
          </Field>
          <SubmitButton busy={add.busy}>{t("evidence.addCustody")}</SubmitButton>
        </form>
      )}
      <button type="button" className="button button--small" onClick={onClose}>
        {t("common.close")}
      </button>
    </Section>
  );
}
