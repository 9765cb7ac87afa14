/** The incidents this organisation owns or was granted; a form to open a new one. */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import type { Incident, IncidentsResponse } from "../../../web/api-types";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { Badge, DateTime, Label, OrgName } from "../../../web/components/Labels";
import { PageHeader, Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { useApi, useMutations } from "../../../web/hooks";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { IncidentForm } from "./IncidentForm";

export function IncidentsPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const navigate = useNavigate();
  const list = useApi<IncidentsResponse>(orgPath(org.orgId, "incidents"));
  const [creating, setCreating] = useState(false);
  const create = useMutations(list.reload);
  const href = (i: Incident) => orgHref(org.orgId, `incidents/${encodeURIComponent(i.id)}`);

  return (
    <>
      <PageHeader title={t("incidents.title")}>
        {list.data?.policies.create && (
          <button type="button" className="button button--primary" aria-expanded={creating} aria-controls="new-incident" onClick={() => setCreating((c) => !c)}>
            {t("incidents.new")}
          </button>
        )}
      </PageHeader>
      <Notice message={create.notice} />
      {creating && (
        <div id="new-incident">
          <Section title={t("incidents.new")} id="new-incident-form">
            <ErrorAlert error={create.error} />
            <IncidentForm
              error={create.error}
              busy={create.busy}
              submitLabel={t("common.create")}
              onSubmit={async (fields, form) => {
                const res = await create.mutate(
                  () => api.post<{ incident: Incident }>(orgPath(org.orgId, "incidents"), fields),
                  (r) => t("incidents.created", { ref: r.incident.ref }),
                );
                if (res) {
                  form.reset();
                  setCreating(false);
                }
              }}
            >
              <button type="button" className="button" onClick={() => setCreating(false)}>
                {t("common.cancel")}
              </button>
            </IncidentForm>
          </Section>
        </div>
      )}
      <Section title={t("incidents.list")} id="incident-list">
        <ErrorAlert error={list.error} />
        <ListTable
          items={list.data?.incidents}
          loading={list.loading}
          empty={t("incidents.empty")}
          className="table--clickable"
          columns={[
            t("incidents.ref"), t("incidents.name"), t("incidents.status"), t("incidents.severity"), t("incidents.owner"),
            t("incidents.access"), t("incidents.updatedAt"),
          ]}
          row={(i) => (
            // The title link is the keyboard way in; the row click is a shortcut for the mouse.
            <tr key={i.id} onClick={() => navigate(href(i))}>
              <td className="nowrap">
                <code>{i.ref}</code>
              </td>
              <th scope="row">
                <Link to={href(i)} onClick={(e) => e.stopPropagation()}>
                  {i.title}
                </Link>
              </th>
              <td>
                <Badge group="statuses" value={i.status} />
              </td>
              <td>
                <Badge group="severities" value={i.severity} />
              </td>
              <td>
                <OrgName org={i.owner} />
              </td>
              <td>
                <Label group="access" value={i.access} />
              </td>
              <td className="nowrap">
                <DateTime value={i.updatedAt} />
              </td>
            </tr>
          )}
        />
      </Section>
    </>
  );
}
