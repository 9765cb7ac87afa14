/** The organisation itself: names, kind, relations to associations and regulators; renaming for admins. */
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { OrgDetail } from "../contract";
import type { Me } from "../../../platform/auth/contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { Label, OrgName } from "../../../web/components/Labels";
import { Loading, Section } from "../../../web/components/Layout";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";
import { useSession } from "../../../web/session";

export function OrganisationTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const detail = useApi<OrgDetail>(orgPath(org.orgId));
  const d = detail.data;

  return (
    <>
      <Section title={t("org.details")} id="org">
        <ErrorAlert error={detail.error} />
        {detail.loading && !d && <Loading />}
        {d && (
          <dl className="dl">
            <dt>{t("org.nameJa")}</dt>
            <dd lang="ja">{d.org.nameJa}</dd>
            <dt>{t("org.nameEn")}</dt>
            <dd lang="en">{d.org.nameEn}</dd>
            <dt>{t("org.kind")}</dt>
            <dd>
              <Label group="kinds" value={d.org.kind} />
            </dd>
            <dt>{t("org.slug")}</dt>
            <dd>
              <code>{d.org.slug}</code>
            </dd>
          </dl>
        )}
      </Section>
      {d && (
        <Section title={t("org.relations")} id="relations">
          {d.relations.length === 0 ? (
            <p className="muted">{t("org.noRelations")}</p>
          ) : (
            <ul className="plain-list">
              {d.relations.map((r) => (
                <li key={`${r.kind}-${r.org.id}`}>
                  <span className="tag">
                    <Label group="relations" value={r.kind} />
                  </span>{" "}
                  <OrgName org={r.org} /> <span className="muted">(<Label group="kinds" value={r.org.kind} />)</span>
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}
      {d && d.policies.update && <RenameForm detail={d} onSaved={detail.reload} />}
    </>
  );
}

function RenameForm({ detail, onSaved }: { detail: OrgDetail; onSaved: () => void }) {
  const { t } = useTranslation();
  const { setMe } = useSession();
  const action = useMutations(onSaved);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { nameJa = "", nameEn = "" } = formValues(e.currentTarget);
    const ok = await action.mutate(() => api.patch(orgPath(detail.org.id), { nameJa, nameEn }), t("common.saved"));
    if (ok) {
      // The switcher shows names from /me.
      api.get<Me>("/me").then(setMe, () => {});
    }
  };

  return (
    <Section title={t("org.edit")} id="rename">
      <ErrorAlert error={action.error} />
      <Notice message={action.notice} />
      <form className="form form--row" onSubmit={submit} noValidate>
        <Field label={t("org.nameJa")} name="nameJa" error={action.error}>
          {(p) => <input {...p} type="text" lang="ja" required maxLength={200} defaultValue={detail.org.nameJa} />}
        </Field>
        <Field label={t("org.nameEn")} name="nameEn" error={action.error}>
          {(p) => <input {...p} type="text" lang="en" required maxLength={200} defaultValue={detail.org.nameEn} />}
        </Field>
        <SubmitButton busy={action.busy}>{t("common.save")}</SubmitButton>
      </form>
    </Section>
  );
}
