/**
 * The document editor on the incident's obligations tab: choose a kind and a language and draft it from the
 * incident; edit each section; preview the HTML (a sandboxed frame); download the PDF or JSON; the versions with
 * a diff between any two; the CISO's sign-off of the newest version; submitting a signed-off version to a
 * supervising regulator (for whoever the obligations' policy lets submit).
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, apiUrl } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { DateTime } from "../../../web/components/Labels";
import { Loading, Section } from "../../../web/components/Layout";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import type { DocumentDetail, DocumentDiff, DocumentList, DocumentSummary } from "../documents-contract";

/** Who may submit a signed-off version, and to whom (from the obligations' view: its `submit` policy and supervisors). */
export type SubmitTo = { supervisors: { id: string; nameJa: string; nameEn: string }[]; onSubmitted: () => void };

export function DocumentsEditor({ path, submitTo }: { path: string; submitTo?: SubmitTo | undefined }) {
  const { t } = useTranslation();
  const base = `${path}/documents`;
  const list = useApi<DocumentList>(base);
  const m = useMutations(list.reload);
  const [openId, setOpenId] = useState<string | null>(null);
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const res = await m.mutate(() => api.post<DocumentDetail>(base, { kind: v.kind, locale: v.locale }), t("obligationDocuments.created"));
    if (res) setOpenId(res.value.document.id);
  };
  const d = list.data;
  return (
    <Section title={t("obligationDocuments.title")} id="obligation-documents">
      <p className="muted">{t("obligationDocuments.intro")}</p>
      <Notice message={m.notice} />
      <ErrorAlert error={list.error ?? m.error} />
      {!d && list.loading && <Loading />}
      {d && (
        <>
          {d.policies.create && (
            <form className="inline-form" onSubmit={create} aria-label={t("obligationDocuments.create")}>
              <label>
                {t("obligationDocuments.kind")}{" "}
                <select name="kind" defaultValue={d.kinds.find((k) => k.required)?.kind ?? "ppc_preliminary"}>
                  {d.kinds.map((k) => (
                    <option key={k.kind} value={k.kind}>{t(`obligationDocuments.kind_${k.kind}`)}{k.required ? ` ${t("obligationDocuments.required")}` : ""}</option>
                  ))}
                </select>
              </label>{" "}
              <label>
                {t("obligationDocuments.language")}{" "}
                <select name="locale" defaultValue="ja">
                  <option value="ja">{t("obligationDocuments.locale_ja")}</option>
                  <option value="en">{t("obligationDocuments.locale_en")}</option>
                </select>
              </label>{" "}
              <SubmitButton busy={m.busy}>{t("obligationDocuments.create")}</SubmitButton>
            </form>
          )}
          {d.documents.length === 0 ? <p className="muted">{t("obligationDocuments.none")}</p> : (
            <table className="table" data-testid="documents-table">
              <thead>
                <tr>
                  <th scope="col">{t("obligationDocuments.docTitle")}</th>
                  <th scope="col">{t("obligationDocuments.language")}</th>
                  <th scope="col">{t("obligationDocuments.version")}</th>
                  <th scope="col">{t("obligationDocuments.status")}</th>
                  <th scope="col"><span className="visually-hidden">{t("obligationDocuments.open")}</span></th>
                </tr>
              </thead>
              <tbody>
                {d.documents.map((doc) => (
                  <tr key={doc.id} aria-label={`${doc.title} ${t(`obligationDocuments.locale_${doc.locale}`)}`}>
                    <td>{doc.title}<div className="muted small">{t(`obligationDocuments.kind_${doc.kind}`)}</div></td>
                    <td>{t(`obligationDocuments.locale_${doc.locale}`)}</td>
                    <td>{doc.latestVersion} · <DateTime value={doc.savedAt} />{doc.savedBy ? ` · ${doc.savedBy}` : ""}</td>
                    <td><SignStatus doc={doc} /></td>
                    <td><button type="button" onClick={() => setOpenId(openId === doc.id ? null : doc.id)}>{openId === doc.id ? t("obligationDocuments.close") : t("obligationDocuments.open")}</button></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {openId && <Editor key={openId} path={`${base}/${encodeURIComponent(openId)}`} reportsPath={`${path}/reports`} submitTo={submitTo} onChange={list.reload} />}
        </>
      )}
    </Section>
  );
}

function SignStatus({ doc }: { doc: DocumentSummary }) {
  const { t } = useTranslation();
  return (
    <>
      {doc.isSignedOff ? <span className="badge badge--obligation-filed">{t("obligationDocuments.signedOff", { version: doc.latestVersion })}</span>
        : doc.signOff ? <span className="badge badge--obligation-due_soon">{t("obligationDocuments.needsSignOff", { signed: doc.signOff.version, latest: doc.latestVersion })}</span>
          : <span className="badge badge--obligation-upcoming">{t("obligationDocuments.draft")}</span>}
      {doc.placeholders > 0 && <div className="muted small">{t("obligationDocuments.placeholders", { count: doc.placeholders })}</div>}
    </>
  );
}

function Editor({ path, reportsPath, submitTo, onChange }: { path: string; reportsPath: string; submitTo?: SubmitTo | undefined; onChange: () => void }) {
  const { t } = useTranslation();
  const loaded = useApi<DocumentDetail>(path);
  const reload = () => {
    loaded.reload();
    onChange();
  };
  const m = useMutations(reload);
  const [diff, setDiff] = useState<DocumentDiff | null>(null);
  const d = loaded.data;
  if (!d) return loaded.loading ? <Loading /> : <ErrorAlert error={loaded.error} />;

  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const content = {
      title: v.title ?? d.content.title,
      sections: d.content.sections.map((s) => ({ id: s.id, heading: v[`heading-${s.id}`] ?? s.heading, text: v[`text-${s.id}`] ?? s.text })),
    };
    await m.mutate(() => api.put<DocumentDetail>(path, { content, baseVersion: d.version }), (r) => t("obligationDocuments.saved", { version: r.version }));
  };
  const signOff = () =>
    m.mutate(() => api.post<DocumentDetail>(`${path}/sign-off`, { version: d.document.latestVersion }), t("obligationDocuments.signOffDone", { version: d.document.latestVersion }));
  const compare = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const r = await m.run(() => api.get<DocumentDiff>(`${path}/diff?from=${encodeURIComponent(v.from ?? "")}&to=${encodeURIComponent(v.to ?? "")}`));
    if (r) setDiff(r);
  };
  const render = (format: string, extra = "") => apiUrl(`${path}/render?format=${format}&version=${d.version}${extra}`);
  // The PPC web form's fields from the newest signed-off version of this kind (the route picks it).
  const ppcForm = (format: string) => apiUrl(`${path.replace(/\/documents\/[^/]+$/, "")}/ppc-form?kind=${d.document.kind}&format=${format}`);
  const editable = d.policies.edit && d.version === d.document.latestVersion;
  // The version shown, once the CISO signed it off, goes to a supervising regulator as it is (the document's obligation).
  const submittable = submitTo && d.document.obligationId !== null && d.versions.some((v) => v.version === d.version && v.signedOff) ? submitTo : null;
  const regulatorName = (s: SubmitTo["supervisors"][number]) => (currentLocale() === "en" ? s.nameEn : s.nameJa);
  const submit = async (s: SubmitTo["supervisors"][number]) => {
    const res = await m.mutate(
      () => api.post(reportsPath, { documentId: d.document.id, documentVersion: d.version, regulatorOrgId: s.id, title: d.content.title }),
      t("obligationDocuments.submittedTo", { version: d.version, regulator: regulatorName(s) }),
    );
    if (res) submittable?.onSubmitted();
  };

  return (
    <div className="document-editor" data-testid="document-editor">
      <h3>{t("obligationDocuments.editorFor", { title: d.content.title })} — {t("obligationDocuments.versionN", { version: d.version })}</h3>
      <Notice message={m.notice} />
      <ErrorAlert error={m.error} />
      <p>
        <a href={render("pdf")} download>{t("obligationDocuments.downloadPdf")}</a>{" · "}
        <a href={render("json", "&download=1")} download>{t("obligationDocuments.downloadJson")}</a>
        {(d.document.kind === "ppc_preliminary" || d.document.kind === "ppc_final") && d.document.signOff && <>
          {" · "}{t("obligationDocuments.ppcForm")}{": "}
          <a href={ppcForm("text")} target="_blank" rel="noreferrer" data-testid="ppc-form-text">{t("obligationDocuments.ppcFormText")}</a>{" · "}
          <a href={ppcForm("csv")} download>{t("obligationDocuments.ppcFormCsv")}</a>{" · "}
          <a href={ppcForm("json")} target="_blank" rel="noreferrer">{t("obligationDocuments.ppcFormJson")}</a>
        </>}
        {d.policies.signOff && <>{" · "}<button type="button" onClick={() => void signOff()} disabled={m.busy}>{t("obligationDocuments.signOff")}</button></>}
      </p>
      {submittable && submittable.supervisors.length > 0 && (
        <p className="document-editor__submit">
          {submittable.supervisors.map((s) => (
            <button key={s.id} type="button" className="button" onClick={() => void submit(s)} disabled={m.busy}>
              {t("obligationDocuments.submitTo", { version: d.version, regulator: regulatorName(s) })}
            </button>
          ))}
        </p>
      )}
      <div className="document-editor__panes">
        <form onSubmit={save} aria-label={t("obligationDocuments.save")} className="document-editor__form">
          <label className="field">
            <span>{t("obligationDocuments.docTitle")}</span>
            <input name="title" defaultValue={d.content.title} readOnly={!editable} maxLength={300} required />
          </label>
          {d.content.sections.map((s) => (
            <fieldset key={s.id} className="document-editor__section">
              <legend>{s.heading}</legend>
              <input type="hidden" name={`heading-${s.id}`} value={s.heading} />
              <textarea name={`text-${s.id}`} aria-label={s.heading} defaultValue={s.text} readOnly={!editable} rows={Math.min(14, Math.max(3, s.text.split("\n").length + 1))} maxLength={20000} />
            </fieldset>
          ))}
          {editable && <SubmitButton busy={m.busy}>{t("obligationDocuments.save")}</SubmitButton>}
        </form>
        <div className="document-editor__preview">
          <h4>{t("obligationDocuments.preview")}</h4>
          <Preview url={render("html")} />
        </div>
      </div>

      <h4>{t("obligationDocuments.versions")}</h4>
      <ul className="plain-list" data-testid="document-versions">
        {d.versions.map((v) => (
          <li key={v.version}>
            {t("obligationDocuments.versionN", { version: v.version })} · <DateTime value={v.savedAt} />{v.savedBy ? ` · ${v.savedBy}` : ""}
            {v.signedOff && <> · <span className="badge badge--obligation-filed">{t("obligationDocuments.signedOff", { version: v.version })}</span></>}
          </li>
        ))}
      </ul>
      {d.signOffs.length > 0 && (
        <>
          <h4>{t("obligationDocuments.signOffs")}</h4>
          <ul className="plain-list">
            {d.signOffs.map((s) => <li key={s.version}>{t("obligationDocuments.signOffLine", { version: s.version, by: s.by ?? "—" })}<DateTime value={s.at} /></li>)}
          </ul>
        </>
      )}
      {d.versions.length > 1 && (
        <form className="inline-form" onSubmit={compare} aria-label={t("obligationDocuments.compare")}>
          <label>{t("obligationDocuments.from")}{" "}
            <select name="from" defaultValue={String(d.versions[1]!.version)}>{d.versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}</select>
          </label>{" "}
          <label>{t("obligationDocuments.to")}{" "}
            <select name="to" defaultValue={String(d.versions[0]!.version)}>{d.versions.map((v) => <option key={v.version} value={v.version}>{v.version}</option>)}</select>
          </label>{" "}
          <SubmitButton busy={m.busy}>{t("obligationDocuments.compare")}</SubmitButton>
        </form>
      )}
      {diff && <DiffView diff={diff} />}
    </div>
  );
}

/**
 * The server's HTML of one version in a sandboxed frame (no scripts, its own origin). The page is fetched and given
 * as srcdoc: the API answers every response with X-Frame-Options: DENY, which a framed URL would obey.
 */
function Preview({ url }: { url: string }) {
  const { t } = useTranslation();
  const [html, setHtml] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    setHtml(null);
    void fetch(url, { credentials: "same-origin" }).then(async (r) => (r.ok ? r.text() : "")).then((text) => {
      if (live) setHtml(text);
    });
    return () => {
      live = false;
    };
  }, [url]);
  if (html === null) return <Loading />;
  return <iframe title={t("obligationDocuments.previewTitle")} srcDoc={html} sandbox="" data-testid="document-preview" />;
}

function DiffView({ diff }: { diff: DocumentDiff }) {
  const { t } = useTranslation();
  return (
    <div className="document-diff" data-testid="document-diff">
      <h4>{t("obligationDocuments.diffTitle", { from: diff.from, to: diff.to, count: diff.changedSections })}</h4>
      {diff.sections.filter((s) => s.change !== "same").map((s) => (
        <section key={s.id}>
          <h5>{s.heading} <span className="muted small">({t(`obligationDocuments.change_${s.change}`)})</span></h5>
          <p className="document-diff__text">
            {s.parts.map((p, i) => (p.op === "added" ? <ins key={i}>{p.text}</ins> : p.op === "removed" ? <del key={i}>{p.text}</del> : <span key={i}>{p.text}</span>))}
          </p>
        </section>
      ))}
    </div>
  );
}
