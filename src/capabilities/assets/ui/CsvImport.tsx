/**
 * The CSV import: the file is sent as bytes (base64) so Shift_JIS files from Excel arrive intact; first a dry run
 * shows what would change and every bad line, and only a clean file can be imported.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { useAction } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import { useOrg } from "../../../web/org";
import { SegmentationBadge } from "./SegmentationBadge";
import type { ImportReport } from "../contract";

const toBase64 = (bytes: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

export function CsvImport({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const action = useAction();
  const [file, setFile] = useState<{ name: string; base64: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const path = orgPath(org.orgId, "assets", "import");
  const locale = currentLocale();

  const check = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setNotice(null);
    const input = e.currentTarget.elements.namedItem("csvFile") as HTMLInputElement;
    const f = input.files?.[0];
    if (!f) return;
    const base64 = toBase64(new Uint8Array(await f.arrayBuffer()));
    setFile({ name: f.name, base64 });
    setReport((await action.run(() => api.post<ImportReport>(path, { csvBase64: base64, dryRun: true }))) ?? null);
  };
  const apply = async () => {
    if (!file) return;
    const r = await action.run(() => api.post<ImportReport>(path, { csvBase64: file.base64 }));
    if (!r) return;
    setReport(null);
    setFile(null);
    setNotice(t("assetImport.done", { created: r.created, updated: r.updated }));
    onImported();
  };

  return (
    <Section title={t("assetImport.title")} id="asset-import">
      <ErrorAlert error={action.error} />
      <Notice message={notice} />
      <form className="form form--row" onSubmit={(e) => void check(e)}>
        <div className="field">
          <label htmlFor="asset-csv">{t("assetImport.file")}</label>
          <input id="asset-csv" name="csvFile" type="file" accept=".csv,.tsv,.txt,text/csv" aria-describedby="asset-csv-hint" required onChange={() => setReport(null)} />
          <p className="field__hint" id="asset-csv-hint">
            {t("assetImport.hint")}
          </p>
        </div>
        <SubmitButton busy={action.busy}>{t("assetImport.check")}</SubmitButton>
      </form>
      {report && (
        <div role="region" aria-labelledby="import-preview-heading">
          <h3 id="import-preview-heading">{t("assetImport.preview")}</h3>
          {report.errors.length > 0 ? (
            <>
              <p className="warning" role="alert">
                {t("assetImport.hasErrors", { count: report.errors.length })}
              </p>
              <ListTable
                items={report.errors}
                loading={false}
                columns={[t("assetImport.line"), t("assetImport.column"), t("assetImport.problem")]}
                row={(e) => (
                  <tr key={`${e.line}-${e.column ?? ""}-${e.code}`}>
                    <th scope="row">{e.line}</th>
                    <td>{e.column ?? "—"}</td>
                    <td>{locale === "en" ? e.en : e.ja}</td>
                  </tr>
                )}
              />
            </>
          ) : (
            <>
              <p>{t("assetImport.summary", { created: report.created, updated: report.updated, unchanged: report.unchanged })}</p>
              <ListTable
                items={report.rows}
                loading={false}
                columns={[t("assetImport.line"), t("assets.hostname"), t("assetImport.result"), t("assets.segmentation")]}
                row={(r) => (
                  <tr key={r.line}>
                    <td>{r.line}</td>
                    <th scope="row">
                      <code>{r.hostname}</code>
                    </th>
                    <td>{t(`assetImport.actions.${r.action}`)}</td>
                    <td>
                      <SegmentationBadge reasons={r.segmentation} />
                    </td>
                  </tr>
                )}
              />
              <div className="form__actions">
                <button type="button" className="button button--primary" disabled={action.busy || report.created + report.updated === 0} onClick={() => void apply()}>
                  {t("assetImport.apply")}
                </button>
              </div>
            </>
          )}
        </div>
      )}
    </Section>
  );
}
