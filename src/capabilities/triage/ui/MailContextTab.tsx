/**
 * Settings → mail analysis: what the mail triage knows of this organisation. The partner registry (one partner per
 * line: name | domains | display names | DKIM d= domains, lists separated by commas), own domains, the authserv-ids
 * of the organisation's own mail servers (only their Authentication-Results are trusted), VIPs and known senders.
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { Loading, Section } from "../../../web/components/Layout";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";
import type { MailContextResponse } from "../contract";

const lines = (s: string): string[] => s.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
const list = (s: string | undefined): string[] => (s ?? "").split(/[,、，]/).map((x) => x.trim()).filter(Boolean);

const partnersText = (c: MailContextResponse): string =>
  c.partners.map((p) => [p.name, p.domains.join(", "), p.displayNames.join(", "), p.dkimDomains.join(", ")].join(" | ")).join("\n");
const vipsText = (c: MailContextResponse): string => c.vips.map((v) => `${v.name} <${v.address}>`).join("\n");

export function MailContextTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const path = orgPath(org.orgId, "mail-context");
  const loaded = useApi<MailContextResponse>(path);
  const save = useMutations(loaded.reload);
  const [generation, setGeneration] = useState(0);
  useEffect(() => setGeneration((g) => g + 1), [loaded.data]);
  if (!loaded.data) return loaded.error ? <ErrorAlert error={loaded.error} /> : <Loading />;
  const c = loaded.data;
  const canEdit = c.policies.update;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const body = {
      ownDomains: lines(v.ownDomains ?? ""),
      trustedAuthservIds: lines(v.trustedAuthservIds ?? ""),
      knownSenders: lines(v.knownSenders ?? ""),
      vips: lines(v.vips ?? "").map((l) => {
        const m = /^(.*?)\s*<([^>]+)>$/.exec(l);
        return m ? { name: m[1]!.trim() || m[2]!, address: m[2]!.trim() } : { name: l, address: l };
      }),
      partners: lines(v.partners ?? "").map((l) => {
        const [name = "", domains, displayNames, dkim] = l.split("|").map((x) => x.trim());
        return { name, domains: list(domains), displayNames: list(displayNames), dkimDomains: list(dkim) };
      }),
    };
    void save.mutate(() => api.put(path, body), t("triage.contextSaved"));
  };

  return (
    <Section title={t("triage.contextTitle")} id="mail-context">
      <p className="muted">{t("triage.contextIntro")}</p>
      <ErrorAlert error={save.error} />
      <Notice message={save.notice} />
      <form key={generation} className="form" onSubmit={submit} noValidate>
        <Field label={t("triage.partners")} name="partners" hint={t("triage.partnersHint")} error={save.error}>
          {(p) => <textarea {...p} rows={6} defaultValue={partnersText(c)} readOnly={!canEdit} spellCheck={false} />}
        </Field>
        <Field label={t("triage.ownDomains")} name="ownDomains" hint={t("triage.onePerLine")} error={save.error}>
          {(p) => <textarea {...p} rows={3} defaultValue={c.ownDomains.join("\n")} readOnly={!canEdit} spellCheck={false} />}
        </Field>
        <Field label={t("triage.trustedAuthservIds")} name="trustedAuthservIds" hint={t("triage.trustedHint")} error={save.error}>
          {(p) => <textarea {...p} rows={2} defaultValue={c.trustedAuthservIds.join("\n")} readOnly={!canEdit} spellCheck={false} />}
        </Field>
        <Field label={t("triage.vips")} name="vips" hint={t("triage.vipsHint")} error={save.error}>
          {(p) => <textarea {...p} rows={3} defaultValue={vipsText(c)} readOnly={!canEdit} spellCheck={false} />}
        </Field>
        <Field label={t("triage.knownSenders")} name="knownSenders" hint={t("triage.onePerLine")} error={save.error}>
          {(p) => <textarea {...p} rows={3} defaultValue={c.knownSenders.join("\n")} readOnly={!canEdit} spellCheck={false} />}
        </Field>
        {canEdit && (
          <div className="form__actions">
            <SubmitButton busy={save.busy}>{t("triage.contextSave")}</SubmitButton>
          </div>
        )}
      </form>
    </Section>
  );
}
