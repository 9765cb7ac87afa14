/**
 * The incident's activity, newest first, in sentences ("佐藤 花子が決定『外部通信の遮断』を記録しました"), each
 * linking to its object's tab and anchor. Built by the server from the audit rows of the incident's objects;
 * names come from the users table when shown. Internal action names never reach this page.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { ActivityEntry, ActivityResponse, Incident } from "../contract";
import { api, orgPath, type ApiError } from "../../../web/api";
import { ErrorAlert } from "../../../web/components/Alerts";
import { useGapName } from "../../../web/components/GapBadge";
import { DateTime } from "../../../web/components/Labels";
import { Loading, Section } from "../../../web/components/Layout";
import { useApi } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";

const VALUE_GROUPS: Record<string, string> = { status: "statuses", severity: "severities", category: "categories" };

export function ActivityPanel({ incident, orgId }: { incident: Incident; orgId: string }) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incident.id, "activity");
  const first = useApi<ActivityResponse>(path);
  const [more, setMore] = useState<ActivityEntry[]>([]);
  const [next, setNext] = useState<string | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | null>(null);
  const cursor = next === undefined ? first.data?.nextBefore : next;
  const loadMore = async () => {
    if (!cursor) return;
    try {
      const page = await api.get<ActivityResponse>(`${path}?before=${encodeURIComponent(cursor)}`);
      setMore((m) => [...m, ...page.entries]);
      setNext(page.nextBefore);
    } catch (e) {
      setError(e as ApiError);
    }
  };
  const entries = [...(first.data?.entries ?? []), ...more];
  return (
    <Section title={t("activity.title")} id="activity">
      <p className="muted">{t("activity.hint")}</p>
      <ErrorAlert error={first.error ?? error} />
      {first.loading && !first.data && <Loading />}
      {first.data && entries.length === 0 && <p className="muted">{t("activity.empty")}</p>}
      <ol className="activity-list">
        {entries.map((e) => (
          <ActivityItem key={e.id} entry={e} />
        ))}
      </ol>
      {cursor && (
        <button type="button" className="button" onClick={() => void loadMore()}>
          {t("activity.more")}
        </button>
      )}
    </Section>
  );
}

function ActivityItem({ entry: e }: { entry: ActivityEntry }) {
  const { t } = useTranslation();
  const gapName = useGapName();
  const isEn = currentLocale() === "en";
  const actor = e.actor ? e.actor.name || t("activity.unknownUser") : t("activity.system");
  const label = (isEn ? (e.object.labelEn ?? e.object.label) : e.object.label) ?? t("activity.deleted");
  const sentence = t(`activity.kinds.${e.kind}`, {
    actor, label, clock: e.clock ? t(`clocks.${e.clock}`) : "", gap: e.gap ? gapName(e.gap) : "",
  });
  // a task's status has its own words (対応中, 完了), an incident's its own (検知, クローズ)
  const group = (field: string) => (e.kind === "task_updated" && field === "status" ? "taskStatuses" : VALUE_GROUPS[field]);
  const value = (field: string, v: string | null) => (v === null ? "—" : group(field) ? t(`${group(field)}.${v}`) : v.toUpperCase());
  const changes = [
    ...e.changes.filter((c) => c.field !== "leadUserId").map((c) =>
      c.from !== null || c.to !== null ? t("activity.change", { field: t(`activity.fields.${c.field}`), from: value(c.field, c.from), to: value(c.field, c.to) }) : t(`activity.fields.${c.field}`),
    ),
    ...(e.lead === undefined ? [] : [e.lead ? t("activity.leadSet", { name: e.lead.name }) : t("activity.leadCleared")]),
  ];
  const to = `?tab=${e.object.tab}${e.object.anchor ? `#${e.object.anchor}` : ""}`;
  return (
    <li>
      <DateTime value={e.at} />
      <div>
        <Link to={to}>{sentence}</Link>
        {changes.length > 0 && <div className="activity-list__changes">{changes.join(" · ")}</div>}
      </div>
    </li>
  );
}
