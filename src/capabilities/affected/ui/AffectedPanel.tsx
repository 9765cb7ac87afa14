/**
 * The affected people of an incident: how many are registered, what was leaked about how many of them, each
 * import's progress (refreshed while one runs), how to load a file, and the call-centre look-up. The registry
 * itself is loaded by `sokuho scan FILE --import INCIDENT_ID` (a leaked file never passes through the browser).
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, CopyButton, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useAction, useApi } from "../../../web/hooks";
import { i18n } from "../../../web/i18n";
import type { AffectedSummary, ImportView, LookupResult } from "../contract";

type Summary = AffectedSummary;

/** A match key ("kana+birth") in words: its components' names joined (氏名（カナ）＋生年月日). */
const keyName = (key: string): string => key.split("+").map((c) => i18n.t(`lookupKeys.${c}`, { defaultValue: c })).join(i18n.t("lookupKeys.and"));

const ITEMS = [
  "name_kanji", "name_kana", "name_romaji", "sex", "birth_date", "email", "phone", "postal_code", "address", "passport_number",
  "passport_issue_date", "passport_expiry_date", "my_number", "corporate_number", "card_number", "bank_account", "drivers_licence", "ip_address",
] as const;
const num = (n: number | undefined | null): string => (n === undefined || n === null ? "—" : new Intl.NumberFormat(i18n.language || "ja").format(n));

function ImportRow({ imp, onDelete, busy }: { imp: ImportView; onDelete: (() => void) | null; busy: boolean }) {
  const { t } = useTranslation();
  const total = imp.peopleTotal ?? 0;
  const files = imp.files.map((f) => f.name).join(", ");
  return (
    <tr>
      <td>{files}</td>
      <td>
        <span className={`badge badge--import-${imp.status}`}>{t(`affected.status.${imp.status}`)}</span>
        {imp.status === "stale" && <p className="muted">{t("affected.staleNote")}</p>}
        {imp.status !== "done" && imp.status !== "stale" && total > 0 && (
          <>
            {" "}
            <progress max={total} value={imp.peopleDone} aria-label={t("affected.progress", { done: num(imp.peopleDone), total: num(total) })} />
          </>
        )}
      </td>
      <td className="num">
        {num(imp.peopleDone)}
        {imp.status !== "done" && total > 0 && <span className="muted"> / {num(total)}</span>}
      </td>
      <td className="num">{num(imp.scan.records)}</td>
      <td className="num">
        {num(imp.scan.passportsValid)}
        {imp.scan.referenceDate && <span className="muted"> ({imp.scan.referenceDate})</span>}
      </td>
      <td className="num">{num(imp.merged)}</td>
      <td>
        <DateTime value={imp.startedAt} />
        {imp.startedByName && <span className="muted"> {imp.startedByName}</span>}
      </td>
      <td>
        {onDelete && (
          <ConfirmButton label={t("affected.deleteImportLabel", { files })} question={t("affected.deleteImportConfirm", { files })} onConfirm={onDelete} disabled={busy || imp.status === "running"}>
            {t("affected.deleteImport")}
          </ConfirmButton>
        )}
      </td>
    </tr>
  );
}

function Lookup({ path }: { path: string }) {
  const { t } = useTranslation();
  const action = useAction();
  const [result, setResult] = useState<LookupResult | null>(null);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const body = Object.fromEntries(Object.entries({ email: v.email, phone: v.phone, nameKana: v.nameKana, birthDate: v.birthDate }).filter(([, x]) => x));
    setResult(null);
    const r = await action.run(() => api.post<LookupResult>(`${path}/lookup`, body));
    if (r) setResult(r);
  };
  return (
    <Section title={t("affected.lookupTitle")} id="affected-lookup">
      <p className="muted">{t("affected.lookupHint")}</p>
      <form onSubmit={(e) => void submit(e)} className="form" aria-label={t("affected.lookupTitle")} noValidate>
        <Field label={t("affected.email")} name="email" error={action.error}>
          {(p) => <input {...p} type="email" autoComplete="off" spellCheck={false} maxLength={320} />}
        </Field>
        <div className="form--row">
          <Field label={t("affected.phone")} name="phone" error={action.error}>
            {(p) => <input {...p} type="tel" autoComplete="off" maxLength={40} />}
          </Field>
          <Field label={t("affected.nameKana")} name="nameKana" error={action.error}>
            {(p) => <input {...p} type="text" autoComplete="off" maxLength={200} />}
          </Field>
          <Field label={t("affected.birthDate")} name="birthDate" hint={t("affected.birthDateHint")} error={action.error}>
            {(p) => <input {...p} type="text" autoComplete="off" maxLength={40} />}
          </Field>
        </div>
        <div className="form__actions">
          <SubmitButton busy={action.busy}>{t("affected.search")}</SubmitButton>
        </div>
      </form>
      <ErrorAlert error={action.error} />
      {result && (
        <div aria-live="polite">
          {result.people.length === 0 ? (
            <Notice message={t("affected.notFound", { keys: result.searchedKeys.map(keyName).join("、") || "—" })} />
          ) : (
            <ListTable
              items={result.people}
              loading={false}
              columns={[t("affected.person"), t("affected.leakedItems"), t("affected.matchedBy"), t("affected.sources")]}
              row={(p) => (
                <tr key={`${p.importId}:${p.personNo}`}>
                  <td>
                    {Object.values(p.contact).join(" · ")}
                    <span className="muted"> {t("affected.records", { n: p.records })}</span>
                  </td>
                  <td>{p.items.map((i) => t(`affected.item.${i}`)).join("、")}</td>
                  <td>{p.matchedBy.map(keyName).join("、")}</td>
                  <td>{p.sources.map((s) => `${s.file}:${s.line}`).join(", ")}</td>
                </tr>
              )}
            />
          )}
        </div>
      )}
    </Section>
  );
}

export function AffectedPanel({ orgId, incidentId }: { orgId: string; incidentId: string }) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "affected");
  const summary = useApi<Summary>(path);
  const running = summary.data?.imports.some((i) => i.status === "running") ?? false;
  const { reload } = summary;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(reload, 5000);
    return () => clearInterval(timer);
  }, [running, reload]);
  const counts: Record<string, number> = {};
  for (const imp of summary.data?.imports ?? []) if (imp.status === "done") for (const [k, v] of Object.entries(imp.itemCounts)) counts[k] = (counts[k] ?? 0) + v;
  const command = `sokuho scan leak.csv --import ${incidentId} --as you@example.jp`;
  const deletion = useAction();
  const remove = async (importId: string) => {
    await deletion.run(() => api.del(`${path}/imports/${importId}`));
    reload();
  };
  return (
    <>
      <Section title={t("affected.title")} id="affected">
        <ErrorAlert error={summary.error} />
        {summary.data && (
          <p className="affected-total">
            <strong>{num(summary.data.people)}</strong> {t("affected.peopleRegistered")}
            {summary.data.merged > 0 && <span className="muted"> {t("affected.mergedTotal", { n: num(summary.data.merged) })}</span>}
          </p>
        )}
        <ErrorAlert error={deletion.error} />
        <ListTable
          items={summary.data?.imports}
          loading={summary.loading}
          empty={t(summary.data?.policies.importFile ? "affected.noImports" : "affected.noImportsReader")}
          columns={[t("affected.files"), t("affected.statusLabel"), t("affected.people"), t("affected.records_col"), t("affected.validPassports"), t("affected.merged"), t("affected.started"), ""]}
          row={(imp) => <ImportRow key={imp.id} imp={imp} busy={deletion.busy} onDelete={summary.data?.policies.deleteImport ? () => void remove(imp.id) : null} />}
        />
        {summary.data?.policies.importFile && (
          <details className="affected-howto">
            <summary>{t("affected.howTo")}</summary>
            <p>{t("affected.howToText")}</p>
            <pre>
              <code>{command}</code>
            </pre>
            <CopyButton text={command} />
          </details>
        )}
      </Section>
      {Object.keys(counts).length > 0 && (
        <Section title={t("affected.itemsTitle")} id="affected-items">
          <ListTable
            items={ITEMS.filter((i) => counts[i] !== undefined)}
            loading={false}
            columns={[t("affected.item_col"), t("affected.people")]}
            row={(i) => (
              <tr key={i}>
                <td>{t(`affected.item.${i}`)}</td>
                <td className="num">{num(counts[i])}</td>
              </tr>
            )}
          />
        </Section>
      )}
      {summary.data?.policies.lookup && <Lookup path={path} />}
    </>
  );
}
