/** The organisation's audit log, newest first, fetched 50 at a time ("older" asks for the next page). */
import { useCallback, useEffect, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import type { AuditEvent, MembersResponse } from "../contract";
import { ApiError, api, apiUrl, orgPath } from "../../../web/api";
import { ErrorAlert } from "../../../web/components/Alerts";
import { DateTime } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { useApi } from "../../../web/hooks";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { useMe } from "../../../web/session";

const PAGE = 50;
const short = (id: string) => id.slice(0, 8);

export function AuditTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const me = useMe();
  const [events, setEvents] = useState<AuditEvent[]>([]);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  // Members give names to the actor ids; people who left show as a short id.
  const members = useApi<MembersResponse>(orgPath(org.orgId, "members")).data?.members;
  const names = useMemo(() => new Map(members?.map((m) => [m.userId, m.displayName])), [members]);

  const load = useCallback(
    async (before?: string) => {
      setBusy(true);
      setError(null);
      try {
        const q = `?limit=${PAGE}${before !== undefined ? `&before=${before}` : ""}`;
        const page = await api.get<{ events: AuditEvent[] }>(orgPath(org.orgId, "audit") + q);
        setEvents((prev) => (before === undefined ? page.events : [...prev, ...page.events]));
        setDone(page.events.length < PAGE);
      } catch (e) {
        setError(e instanceof ApiError ? e : null);
      } finally {
        setBusy(false);
      }
    },
    [org.orgId],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const actor = (e: AuditEvent): string =>
    e.actorUserId === me.user.id
      ? t("audit.you")
      : e.actorUserId
        ? (names.get(e.actorUserId) ?? t("audit.user", { id: short(e.actorUserId) }))
        : e.actorTokenId
          ? t("audit.token", { id: short(e.actorTokenId) })
          : t("audit.system");
  const last = events[events.length - 1];

  return (
    <Section title={t("audit.list")} id="audit">
      <p>
        <a href={apiUrl(orgPath(org.orgId, "audit", "export"))} download className="button button--small">
          {t("audit.export")}
        </a>
      </p>
      <ErrorAlert error={error} />
      <ListTable
        items={events.length > 0 || !busy ? events : undefined}
        loading={busy}
        columns={[t("audit.time"), t("audit.actor"), t("audit.action"), t("audit.object")]}
        row={(e) => (
          <tr key={e.id}>
            <td className="nowrap">
              <DateTime value={e.occurredAt} />
            </td>
            <td>{actor(e)}</td>
            <td>
              {/* Words for people; the action's key stays as the title for whoever reads the export. */}
              <span title={e.action}>{t(`auditActions.${e.action.replace(/\./g, "_")}`, { defaultValue: e.action })}</span>
            </td>
            <td>
              {t(`auditObjects.${e.objectType}`, { defaultValue: e.objectType })}
              {e.objectId &&
                (e.objectType === "incident" ? (
                  <>
                    {" "}
                    <Link to={orgHref(org.orgId, `incidents/${encodeURIComponent(e.objectId)}`)}>{t("audit.open")}</Link>
                  </>
                ) : (
                  <span className="muted"> {short(e.objectId)}</span>
                ))}
            </td>
          </tr>
        )}
      />
      {last && !done && (
        <p>
          <button type="button" className="button" disabled={busy} onClick={() => void load(last.seq)}>
            {t("audit.older")}
          </button>
        </p>
      )}
      {done && events.length > 0 && <p className="muted">{t("audit.end")}</p>}
    </Section>
  );
}
