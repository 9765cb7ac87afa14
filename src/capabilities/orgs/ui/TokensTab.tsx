/** API tokens for scripts and integrations: the secret is shown once, right after creation. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { ApiToken, CreatedToken, MembersResponse } from "../contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, CopyButton, EnumOptions, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime, Label } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { endOfTokyoDay } from "../../../web/format";
import { formValues, useAction, useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";

const stateOf = (tok: ApiToken, now: number): "revoked" | "expired" | "active" =>
  tok.revokedAt ? "revoked" : tok.expiresAt && Date.parse(tok.expiresAt) <= now ? "expired" : "active";

export function TokensTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const list = useApi<{ tokens: ApiToken[] }>(orgPath(org.orgId, "tokens"));
  // The roles a token may have are those a member may have here.
  const roles = useApi<MembersResponse>(orgPath(org.orgId, "members")).data?.roles ?? [];
  const rows = useMutations(list.reload);
  const [created, setCreated] = useState<CreatedToken | null>(null);
  const now = Date.now();

  return (
    <>
      {created && <SecretBox created={created} onClose={() => setCreated(null)} />}
      <Section title={t("tokens.list")} id="tokens">
        <ErrorAlert error={list.error ?? rows.error} />
        <Notice message={rows.notice} />
        <ListTable
          items={list.data?.tokens}
          loading={list.loading}
          columns={[
            t("tokens.name"), t("tokens.prefix"), t("tokens.role"), t("tokens.createdAt"), t("tokens.expiresAt"),
            t("tokens.lastUsedAt"), t("tokens.state"), { hidden: t("members.actions") },
          ]}
          row={(tok) => {
            const state = stateOf(tok, now);
            return (
              <tr key={tok.id} className={state === "active" ? undefined : "row--inactive"}>
                <th scope="row">{tok.name}</th>
                <td>
                  <code>{tok.prefix}…</code>
                </td>
                <td>
                  <Label group="roles" value={tok.role} />
                </td>
                <td>
                  <DateTime value={tok.createdAt} />
                </td>
                <td>
                  <DateTime value={tok.expiresAt} />
                </td>
                <td>{tok.lastUsedAt ? <DateTime value={tok.lastUsedAt} /> : <span className="muted">{t("common.never")}</span>}</td>
                <td>{t(`tokens.${state}`)}</td>
                <td className="actions">
                  {state === "active" && (
                    <ConfirmButton
                      label={t("tokens.revokeToken", { name: tok.name })}
                      question={t("common.confirmRevoke")}
                      disabled={rows.busy}
                      onConfirm={() => void rows.mutate(() => api.del(orgPath(org.orgId, "tokens", tok.id)), t("tokens.revokedDone"))}
                    >
                      {t("common.revoke")}
                    </ConfirmButton>
                  )}
                </td>
              </tr>
            );
          }}
        />
      </Section>
      {roles.length > 0 && (
        <CreateTokenForm
          roles={roles}
          onCreated={(c) => {
            setCreated(c);
            list.reload();
          }}
        />
      )}
    </>
  );
}

/** A date `days` from today as yyyy-mm-dd (Japan time), for a date input's default. */
const inDays = (days: number): string =>
  new Intl.DateTimeFormat("sv-SE", { timeZone: "Asia/Tokyo" }).format(new Date(Date.now() + days * 86_400_000));

function CreateTokenForm({ roles, onCreated }: { roles: string[]; onCreated: (c: CreatedToken) => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const action = useAction();

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { name = "", role = "", expiresAt = "" } = formValues(form);
    const body = { name, role, expiresAt: expiresAt ? endOfTokyoDay(expiresAt) : "" };
    const res = await action.run(() => api.post<CreatedToken>(orgPath(org.orgId, "tokens"), body));
    if (res) {
      form.reset();
      onCreated(res);
    }
  };

  return (
    <Section title={t("tokens.create")} id="create-token">
      <ErrorAlert error={action.error} />
      <form className="form form--row" onSubmit={submit} noValidate>
        <Field label={t("tokens.name")} name="name" error={action.error}>
          {(p) => <input {...p} type="text" required maxLength={100} autoComplete="off" />}
        </Field>
        <Field label={t("tokens.role")} name="role" error={action.error}>
          {(p) => (
            <select {...p} defaultValue={roles.includes("viewer") ? "viewer" : roles[0]}>
              <EnumOptions group="roles" values={roles} />
            </select>
          )}
        </Field>
        <Field label={t("tokens.expiresAt")} name="expiresAt" hint={t("tokens.expiresHint")} error={action.error}>
          {(p) => <input {...p} type="date" required defaultValue={inDays(90)} />}
        </Field>
        <SubmitButton busy={action.busy}>{t("common.create")}</SubmitButton>
      </form>
    </Section>
  );
}

function SecretBox({ created, onClose }: { created: CreatedToken; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card card--highlight" aria-labelledby="secret-heading" role="region">
      <h2 id="secret-heading">
        {t("tokens.secretTitle")}: {created.token.name}
      </h2>
      <p role="alert" className="warning">
        {t("tokens.secretWarning")}
      </p>
      <div className="secret">
        <label htmlFor="token-secret" className="visually-hidden">
          {t("tokens.secretLabel")}
        </label>
        <input id="token-secret" readOnly value={created.secret} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
        <CopyButton text={created.secret} />
        <button type="button" className="button button--small" onClick={onClose}>
          {t("common.close")}
        </button>
      </div>
    </section>
  );
}
