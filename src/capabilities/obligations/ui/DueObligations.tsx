/** The dashboard's list of obligations due soon or overdue, each linking to its incident's obligations tab. */
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { orgPath } from "../../../web/api";
import { ErrorAlert } from "../../../web/components/Alerts";
import { DateTime } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { useEvery } from "../../../web/components/useNow";
import { useApi } from "../../../web/hooks";
import { orgHref } from "../../../web/nav";
import { StatusBadge, useText } from "./ObligationsPanel";
import type { ObligationLine } from "./types";

export function DueObligations({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const text = useText();
  const due = useApi<{ obligations: (ObligationLine & { incidentTitle: string | null })[] }>(orgPath(orgId, "obligations", "due"));
  useEvery(60_000, due.reload);
  const list = [...(due.data?.obligations ?? [])].sort((a, b) => (a.dueAt ?? "").localeCompare(b.dueAt ?? ""));
  return (
    <Section title={t("obligations.dueTitle")} id="due-obligations">
      <ErrorAlert error={due.error} />
      {due.data && list.length === 0 && <p className="muted">{t("obligations.noneDue")}</p>}
      <ul className="plain-list dashboard-gaps" data-testid="due-obligations">
        {list.map((o) => (
          <li key={`${o.incidentId}-${o.obligationId}`} className={`dashboard-gap dashboard-gap--${o.status === "overdue" ? "overdue" : "at_risk"}`}>
            <StatusBadge status={o.status} />
            <span className="dashboard-gap__what">
              <Link to={`${orgHref(orgId, `incidents/${encodeURIComponent(o.incidentId)}`)}?tab=obligations`}>
                <code>{o.incidentRef}</code> {o.incidentTitle}
              </Link>
              <span className="dashboard-gap__name">{text(o.title)}</span>
            </span>
            <DateTime value={o.dueAt} />
          </li>
        ))}
      </ul>
    </Section>
  );
}
