/**
 * On the incident's obligations tab (the company's own incident): with which associations its obligations and
 * submitted reports are shared, live or revoked, who did it and when; the CISO or an org-admin shares with an
 * association the company is a member of, and revokes a share.
 */
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { api } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, SubmitButton } from "../../../web/components/Controls";
import { DateTime, OrgName } from "../../../web/components/Labels";
import { Loading, Section } from "../../../web/components/Layout";
import { nameOf } from "../../../web/format";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { currentLocale } from "../../../web/i18n";
import type { SharesResponse } from "./types";

export function SharesSection({ path }: { path: string }) {
  const { t } = useTranslation();
  const base = `${path}/shares`;
  const loaded = useApi<SharesResponse>(base);
  const m = useMutations(loaded.reload);
  const d = loaded.data;
  const live = new Set(d?.shares.filter((s) => !s.revokedAt).map((s) => s.associationOrgId) ?? []);
  const open = d?.associations.filter((a) => !live.has(a.id)) ?? [];
  const share = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    await m.mutate(() => api.post(base, { associationOrgId: v.associationOrgId }), t("obligationShares.shared"));
  };
  return (
    <Section title={t("obligationShares.title")} id="obligation-shares">
      <p className="muted">{t("obligationShares.intro")}</p>
      <Notice message={m.notice} />
      <ErrorAlert error={loaded.error ?? m.error} />
      {!d && loaded.loading && <Loading />}
      {d && (
        <>
          {d.shares.length === 0 ? <p className="muted">{t("obligationShares.none")}</p> : (
            <table className="table" data-testid="obligation-shares">
              <thead>
                <tr>
                  <th scope="col">{t("obligationShares.association")}</th>
                  <th scope="col">{t("obligationShares.sharedAt")}</th>
                  <th scope="col">{t("obligationShares.state")}</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {d.shares.map((s) => (
                  <tr key={s.id}>
                    <td><OrgName org={s.association} /></td>
                    <td><DateTime value={s.sharedAt} />{s.sharedBy && <div className="muted small">{s.sharedBy}</div>}</td>
                    <td>
                      {s.revokedAt
                        ? <>{t("obligationShares.revokedOn")} <DateTime value={s.revokedAt} />{s.revokedBy && <span className="muted small"> ({s.revokedBy})</span>}</>
                        : <span className="badge badge--obligation-filed">{t("obligationShares.live")}</span>}
                    </td>
                    <td className="actions">
                      {!s.revokedAt && d.policies.share && (
                        <ConfirmButton
                          label={t("obligationShares.revokeWith", { name: nameOf(s.association, currentLocale()) })}
                          question={t("obligationShares.confirmRevoke")}
                          disabled={m.busy}
                          onConfirm={() => void m.mutate(() => api.del(`${base}/${encodeURIComponent(s.id)}`), t("obligationShares.revoked"))}
                        >
                          {t("obligationShares.revoke")}
                        </ConfirmButton>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {d.policies.share && (d.associations.length === 0 ? <p className="muted">{t("obligationShares.noAssociation")}</p> : open.length > 0 && (
            <form className="inline-form" onSubmit={share} aria-label={t("obligationShares.share")}>
              <label>
                {t("obligationShares.association")}{" "}
                <select name="associationOrgId" required>
                  {open.map((a) => <option key={a.id} value={a.id}>{nameOf(a, currentLocale())}</option>)}
                </select>
              </label>{" "}
              <SubmitButton busy={m.busy}>{t("obligationShares.share")}</SubmitButton>
            </form>
          ))}
        </>
      )}
    </Section>
  );
}
