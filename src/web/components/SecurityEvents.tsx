/** An account's security log (sign-ins, failures, lockouts, sign-outs, resets, profile changes), newest first. */
import { useTranslation } from "react-i18next";
import { ErrorAlert } from "./Alerts";
import { DateTime } from "./Labels";
import { ListTable } from "./ListTable";
import { useApi } from "../hooks";

/** As GET /me/security-events and GET /orgs/:orgId/members/:memberId/security-events answer. */
type SecurityEvent = {
  id: string; kind: string; at: string; ip: string | null; userAgent: string | null; detail: { reason?: string; changed?: string[] };
};

export function SecurityEventsTable({ path }: { path: string }) {
  const { t } = useTranslation();
  const list = useApi<{ events: SecurityEvent[] }>(`${path}?limit=100`);
  const detailOf = (e: SecurityEvent) =>
    [
      e.detail.reason ? t(`security.reasons.${e.detail.reason}`) : "",
      e.detail.changed?.length ? t("security.changed", { fields: e.detail.changed.map((f) => t(`security.fields.${f}`, { defaultValue: f })).join("、") }) : "",
    ].filter(Boolean).join(" ");
  return (
    <>
      <ErrorAlert error={list.error} />
      <ListTable
        items={list.data?.events}
        loading={list.loading}
        empty={t("security.empty")}
        columns={[t("security.at"), t("security.kind"), t("security.ip"), t("security.userAgent")]}
        row={(e) => (
          <tr key={e.id}>
            <td>
              <DateTime value={e.at} />
            </td>
            <th scope="row">
              {t(`security.kinds.${e.kind}`, { defaultValue: e.kind })}
              {detailOf(e) && <span className="muted"> ({detailOf(e)})</span>}
            </th>
            <td>{e.ip ?? "—"}</td>
            <td className="muted">{e.userAgent ?? "—"}</td>
          </tr>
        )}
      />
    </>
  );
}
