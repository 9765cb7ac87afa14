/** Vendor access: a company lets its IT vendor see (or work on) one incident until a date. */
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Grant, IncidentsResponse } from "../../incidents/contract";
import type { Org } from "../contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime, OrgName } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { endOfTokyoDay, nameOf, tokyoDatePlus } from "../../../web/format";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import { useOrg } from "../../../web/org";

export function GrantsTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const list = useApi<{ grants: Grant[] }>(orgPath(org.orgId, "grants"));
  const rows = useMutations(list.reload);

  return (
    <>
      <Section title={t("grants.list")} id="grants">
        <p className="muted">{t("grants.intro")}</p>
        <ErrorAlert error={list.error ?? rows.error} />
        <Notice message={rows.notice} />
        <ListTable
          items={list.data?.grants}
          loading={list.loading}
          columns={[t("grants.vendor"), t("grants.incident"), t("grants.access"), t("grants.expiresAt"), t("grants.state"), { hidden: t("members.actions") }]}
          row={(g) => (
            <tr key={g.id} className={g.active ? undefined : "row--inactive"}>
              <th scope="row">
                <OrgName org={g.vendor} />
              </th>
              <td>
                <code>{g.incidentRef}</code> {g.incidentTitle}
              </td>
              <td>{t(`grants.${g.access}`)}</td>
              <td>
                <DateTime value={g.expiresAt} />
              </td>
              <td>{g.active ? t("grants.active") : t("grants.inactive")}</td>
              <td className="actions">
                {g.active && (
                  <ConfirmButton
                    label={t("grants.revokeGrant", { vendor: nameOf(g.vendor, currentLocale()) })}
                    question={t("common.confirmRevoke")}
                    disabled={rows.busy}
                    onConfirm={() => void rows.mutate(() => api.del(orgPath(org.orgId, "grants", g.id)), t("grants.revokedDone"))}
                  >
                    {t("common.revoke")}
                  </ConfirmButton>
                )}
              </td>
            </tr>
          )}
        />
      </Section>
      <CreateGrantForm onCreated={list.reload} />
    </>
  );
}

function CreateGrantForm({ onCreated }: { onCreated: () => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const locale = currentLocale();
  const vendors = useApi<{ orgs: Org[] }>("/directory?kind=vendor");
  const incidents = useApi<IncidentsResponse>(orgPath(org.orgId, "incidents"));
  const own = incidents.data?.incidents.filter((i) => i.access === "owner" && i.status !== "closed") ?? [];
  const action = useMutations(onCreated);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { vendorOrgId = "", incidentId = "", access = "read", expiresAt = "" } = formValues(form);
    const body = { vendorOrgId, incidentId, access, expiresAt: expiresAt ? endOfTokyoDay(expiresAt) : "" };
    const res = await action.mutate(() => api.post<{ grant: Grant }>(orgPath(org.orgId, "grants"), body), t("grants.created"));
    if (res) form.reset();
  };

  return (
    <Section title={t("grants.create")} id="create-grant">
      <ErrorAlert error={action.error ?? vendors.error ?? incidents.error} />
      <Notice message={action.notice} />
      {incidents.data && own.length === 0 ? (
        <p className="muted">{t("grants.noIncidents")}</p>
      ) : (
        <form className="form form--row" onSubmit={submit} noValidate>
          <Field label={t("grants.vendor")} name="vendorOrgId" error={action.error}>
            {(p) => (
              <select {...p} required defaultValue="">
                <option value="" disabled>
                  {t("grants.choose")}
                </option>
                {vendors.data?.orgs.map((v) => (
                  <option key={v.id} value={v.id}>
                    {nameOf(v, locale)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("grants.incident")} name="incidentId" error={action.error}>
            {(p) => (
              <select {...p} required defaultValue="">
                <option value="" disabled>
                  {t("grants.choose")}
                </option>
                {own.map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.ref} {i.title}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t("grants.access")} name="access" error={action.error}>
            {(p) => (
              <select {...p} defaultValue="read">
                <option value="read">{t("grants.read")}</option>
                <option value="write">{t("grants.write")}</option>
              </select>
            )}
          </Field>
          <Field label={t("grants.expiresAt")} name="expiresAt" error={action.error}>
            {(p) => <input {...p} type="date" required defaultValue={tokyoDatePlus(30)} min={tokyoDatePlus(0)} />}
          </Field>
          <SubmitButton busy={action.busy}>{t("grants.create")}</SubmitButton>
        </form>
      )}
    </Section>
  );
}
