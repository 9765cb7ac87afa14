/** One incident: its fields, and an edit form when the user may update it. */
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useParams } from "react-router-dom";
import type { Incident } from "../../../web/api-types";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton } from "../../../web/components/Controls";
import { Badge, DateTime, Label, OrgName } from "../../../web/components/Labels";
import { Loading, PageHeader, Section } from "../../../web/components/Layout";
import { useAction, useApi, useMutations } from "../../../web/hooks";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { IncidentForm } from "./IncidentForm";

export function IncidentPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const navigate = useNavigate();
  const { incidentId = "" } = useParams();
  const path = orgPath(org.orgId, "incidents", incidentId);
  const loaded = useApi<{ incident: Incident }>(path);
  const save = useMutations(loaded.reload);
  const remove = useAction();
  const inc = loaded.data?.incident;
  const listHref = orgHref(org.orgId, "incidents");

  return (
    <>
      <PageHeader title={inc ? `${inc.ref} ${inc.title}` : t("incidents.detail")}>
        <Link to={listHref} className="button">
          {t("incidents.backToList")}
        </Link>
      </PageHeader>
      <ErrorAlert error={loaded.error} />
      <Notice message={save.notice} />
      {loaded.loading && !inc && <Loading />}
      {inc && (
        <Section title={t("incidents.detail")} id="incident">
          <dl className="dl">
            <dt>{t("incidents.ref")}</dt>
            <dd>
              <code>{inc.ref}</code>
            </dd>
            <dt>{t("incidents.status")}</dt>
            <dd>
              <Badge group="statuses" value={inc.status} />
            </dd>
            <dt>{t("incidents.severity")}</dt>
            <dd>
              <Badge group="severities" value={inc.severity} />
            </dd>
            <dt>{t("incidents.summary")}</dt>
            <dd className="prewrap">{inc.summary || <span className="muted">{t("common.none")}</span>}</dd>
            <dt>{t("incidents.owner")}</dt>
            <dd>
              <OrgName org={inc.owner} />
            </dd>
            <dt>{t("incidents.access")}</dt>
            <dd>
              <Label group="access" value={inc.access} />
            </dd>
            <dt>{t("incidents.createdAt")}</dt>
            <dd>
              <DateTime value={inc.createdAt} />
            </dd>
            <dt>{t("incidents.updatedAt")}</dt>
            <dd>
              <DateTime value={inc.updatedAt} />
            </dd>
          </dl>
        </Section>
      )}
      {inc?.policies.update && (
        <Section title={t("incidents.editTitle")} id="edit-incident">
          <ErrorAlert error={save.error ?? remove.error} />
          <IncidentForm
            key={inc.updatedAt}
            initial={inc}
            error={save.error}
            busy={save.busy}
            submitLabel={t("common.save")}
            onSubmit={(fields) => void save.mutate(() => api.patch(path, fields), t("common.saved"))}
          >
            {inc.policies.delete && (
              <ConfirmButton
                label={t("incidents.remove")}
                question={t("common.confirmRemove")}
                disabled={remove.busy}
                onConfirm={() =>
                  void remove.attempt(() => api.del(path)).then((ok) => ok && navigate(listHref, { replace: true }))
                }
              >
                {t("incidents.remove")}
              </ConfirmButton>
            )}
          </IncidentForm>
        </Section>
      )}
    </>
  );
}
