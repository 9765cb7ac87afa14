/** Members of the organisation: list, invite, change role, remove, each only where the policies allow. */
import { useState, type FormEvent } from "react";
import { SecurityEventsTable } from "../../../web/components/SecurityEvents";
import { useTranslation } from "react-i18next";
import type { Invitation, Member, MembersResponse } from "../contract";
import type { Role } from "../../../platform/db/schema";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, EnumOptions, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime, Label } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";

export function MembersTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const list = useApi<MembersResponse>(orgPath(org.orgId, "members"));
  const rows = useMutations(list.reload);
  const roles = list.data?.roles ?? [];
  const memberPath = (m: Member) => orgPath(org.orgId, "members", m.id);
  // Org-admins may open one member's security log below the list.
  const [history, setHistory] = useState<Member | null>(null);

  return (
    <>
      <Section title={t("members.list")} id="members">
        <ErrorAlert error={list.error ?? rows.error} />
        <Notice message={rows.notice} />
        <ListTable
          items={list.data?.members}
          loading={list.loading}
          columns={[t("members.name"), t("members.email"), t("members.role"), t("members.since"), { hidden: t("members.actions") }]}
          row={(m) => (
            <tr key={m.id}>
              <th scope="row">{m.displayName}</th>
              <td>{m.email}</td>
              <td>
                {m.policies.update ? (
                  <select
                    aria-label={t("members.roleOf", { name: m.displayName })}
                    value={m.role}
                    disabled={rows.busy}
                    onChange={(e) => void rows.mutate(() => api.patch(memberPath(m), { role: e.target.value }), t("members.roleChanged"))}
                  >
                    <EnumOptions group="roles" values={roles.includes(m.role) ? roles : [m.role, ...roles]} />
                  </select>
                ) : (
                  <Label group="roles" value={m.role} />
                )}
              </td>
              <td>
                <DateTime value={m.createdAt} withTime={false} />
              </td>
              <td className="actions">
                {org.policies.manageMembers && (
                  <>
                    <button
                      type="button"
                      className="button button--small"
                      aria-label={t("security.memberTitle", { name: m.displayName })}
                      aria-pressed={history?.id === m.id}
                      onClick={() => setHistory(history?.id === m.id ? null : m)}
                    >
                      {t("security.ofMember", { name: m.displayName })}
                    </button>{" "}
                  </>
                )}
                {m.policies.remove && (
                  <ConfirmButton
                    label={t("members.removeMember", { name: m.displayName })}
                    question={t("common.confirmRemove")}
                    disabled={rows.busy}
                    onConfirm={() => void rows.mutate(() => api.del(memberPath(m)), t("members.removed"))}
                  >
                    {t("common.remove")}
                  </ConfirmButton>
                )}
              </td>
            </tr>
          )}
        />
      </Section>
      {org.policies.manageMembers && list.data && list.data.invitations.length > 0 && (
        <Section title={t("members.pending")} id="invitations">
          <p className="muted">{t("members.pendingHint")}</p>
          <ListTable
            items={list.data.invitations}
            loading={false}
            columns={[t("members.name"), t("members.email"), t("members.role"), t("members.expiresAt"), { hidden: t("members.actions") }]}
            row={(i) => (
              <tr key={i.id}>
                <th scope="row">{i.displayName}</th>
                <td>{i.email}</td>
                <td><Label group="roles" value={i.role} /></td>
                <td><DateTime value={i.expiresAt} withTime={false} /></td>
                <td className="actions">
                  <ConfirmButton
                    label={t("members.withdraw", { name: i.displayName })}
                    question={t("common.confirmRemove")}
                    disabled={rows.busy}
                    onConfirm={() => void rows.mutate(() => api.del(orgPath(org.orgId, "invitations", i.id)), t("members.withdrawn"))}
                  >
                    {t("common.remove")}
                  </ConfirmButton>
                </td>
              </tr>
            )}
          />
        </Section>
      )}
      {history && (
        <Section title={t("security.memberTitle", { name: history.displayName })} id="member-security">
          <SecurityEventsTable key={history.id} path={orgPath(org.orgId, "members", history.id, "security-events")} />
        </Section>
      )}
      {org.policies.manageMembers && list.data && <InviteForm roles={roles} onInvited={list.reload} />}
    </>
  );
}

function InviteForm({ roles, onInvited }: { roles: Role[]; onInvited: () => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const invite = useMutations(onInvited);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { email = "", displayName = "", role = "" } = formValues(form);
    const res = await invite.mutate(
      () => api.post<{ invitation: Invitation }>(orgPath(org.orgId, "members"), { email, displayName, role }),
      (r) => t("members.invited", { name: r.invitation.displayName }),
    );
    if (res) form.reset();
  };

  return (
    <Section title={t("members.invite")} id="invite">
      <ErrorAlert error={invite.error} />
      <Notice message={invite.notice} />
      <form className="form form--row" onSubmit={submit} noValidate>
        <Field label={t("members.email")} name="email" error={invite.error}>
          {(p) => <input {...p} type="email" autoComplete="off" required />}
        </Field>
        <Field label={t("members.displayName")} name="displayName" error={invite.error}>
          {(p) => <input {...p} type="text" autoComplete="off" required maxLength={100} />}
        </Field>
        <Field label={t("members.role")} name="role" error={invite.error}>
          {(p) => (
            <select {...p} defaultValue={roles.includes("viewer") ? "viewer" : roles[0]}>
              <EnumOptions group="roles" values={roles} />
            </select>
          )}
        </Field>
        <SubmitButton busy={invite.busy}>{t("members.submit")}</SubmitButton>
      </form>
    </Section>
  );
}
