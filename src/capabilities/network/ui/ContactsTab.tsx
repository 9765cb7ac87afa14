/**
 * 連絡先 / Contacts: how you (and, for an org-admin, the duty desk) are reached by the contact network. Add and
 * remove channels, send a test message; for a webhook, its signing secret once, its delivery log and, when it was
 * disabled after repeated failures, why, with a button to enable it again.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Channel, ChannelsResponse, CreatedChannel, DeliveriesResponse } from "../channel-contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, CopyButton, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useAction, useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";

const KINDS = ["email", "webhook", "sms", "voice"] as const;
const FORMATS = ["slack", "teams", "json"] as const;

export function ContactsTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const list = useApi<ChannelsResponse>(orgPath(org.orgId, "network", "channels"));
  const rows = useMutations(list.reload);
  const [created, setCreated] = useState<CreatedChannel | null>(null);
  const [logOf, setLogOf] = useState<Channel | null>(null);

  const owner = (c: Channel) => (c.userId === null ? t("contacts.desk") : c.ownerName ?? t("contacts.member"));
  return (
    <>
      {created?.secret && (
        <section className="card card--highlight" aria-labelledby="channel-secret-heading" role="region">
          <h2 id="channel-secret-heading">{t("contacts.secretTitle")}</h2>
          <p role="alert" className="warning">
            {t("contacts.secretWarning")}
          </p>
          <div className="secret">
            <label htmlFor="channel-secret" className="visually-hidden">
              {t("contacts.secretLabel")}
            </label>
            <input id="channel-secret" readOnly value={created.secret} onFocus={(e) => e.currentTarget.select()} spellCheck={false} />
            <CopyButton text={created.secret} />
            <button type="button" className="button button--small" onClick={() => setCreated(null)}>
              {t("common.close")}
            </button>
          </div>
        </section>
      )}
      <Section title={t("contacts.list")} id="contacts">
        <p className="muted">{t("contacts.intro")}</p>
        <ErrorAlert error={list.error ?? rows.error} />
        <Notice message={rows.notice} />
        <ListTable
          items={list.data?.channels}
          loading={list.loading}
          empty={t("contacts.empty")}
          columns={[t("contacts.kind"), t("contacts.label"), t("contacts.address"), t("contacts.owner"), t("contacts.state"), { hidden: t("members.actions") }]}
          row={(c) => (
            <tr key={c.id} className={c.disabled ? "row--inactive" : undefined}>
              <th scope="row">
                {t(`contacts.kinds.${c.kind}`)}
                {c.webhookFormat && <span className="muted"> ({t(`contacts.formats.${c.webhookFormat}`)})</span>}
              </th>
              <td>{c.label}</td>
              <td>
                <code>{c.address}</code>
              </td>
              <td>{owner(c)}</td>
              <td>
                {c.disabled ? (
                  <>
                    <strong>{t("contacts.disabled")}</strong>
                    <p className="warning">{c.disabled.reason}</p>
                  </>
                ) : (
                  t("contacts.enabled")
                )}
              </td>
              <td className="actions">
                {c.policies.manage && c.disabled && (
                  <button type="button" className="button button--small" disabled={rows.busy}
                    onClick={() => void rows.mutate(() => api.post(orgPath(org.orgId, "network", "channels", c.id, "enable")), t("contacts.enabledDone"))}>
                    {t("contacts.enable")}
                  </button>
                )}
                {c.policies.manage && !c.disabled && (
                  <button type="button" className="button button--small" disabled={rows.busy}
                    onClick={() => void rows.mutate(() => api.post(orgPath(org.orgId, "network", "channels", c.id, "test")), t("contacts.testQueued"))}>
                    {t("contacts.test")}
                  </button>
                )}
                {c.policies.readLog && (
                  <button type="button" className="button button--small" aria-expanded={logOf?.id === c.id} onClick={() => setLogOf(logOf?.id === c.id ? null : c)}>
                    {t("contacts.log")}
                  </button>
                )}
                {c.policies.manage && (
                  <ConfirmButton label={t("contacts.removeLabel", { kind: t(`contacts.kinds.${c.kind}`) })} question={t("common.confirmRemove")} disabled={rows.busy}
                    onConfirm={() => void rows.mutate(() => api.del(orgPath(org.orgId, "network", "channels", c.id)), t("contacts.removed"))}>
                    {t("common.remove")}
                  </ConfirmButton>
                )}
              </td>
            </tr>
          )}
        />
      </Section>
      {logOf && <DeliveryLog channel={logOf} />}
      <AddChannelForm
        canDesk={list.data?.policies.manageDesk ?? false}
        onCreated={(c) => {
          setCreated(c);
          list.reload();
        }}
      />
    </>
  );
}

function DeliveryLog({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const org = useOrg();
  const log = useApi<DeliveriesResponse>(orgPath(org.orgId, "network", "channels", channel.id, "deliveries"));
  return (
    <Section title={t("contacts.logTitle", { label: channel.label || t(`contacts.kinds.${channel.kind}`) })} id="delivery-log">
      <ErrorAlert error={log.error} />
      <button type="button" className="button button--small" onClick={log.reload}>
        {t("contacts.reload")}
      </button>
      <ListTable
        items={log.data?.deliveries}
        loading={log.loading}
        empty={t("contacts.logEmpty")}
        columns={[t("contacts.at"), t("contacts.attempt"), t("contacts.outcome"), t("contacts.status")]}
        row={(d) => (
          <tr key={d.id}>
            <td>
              <DateTime value={d.at} />
            </td>
            <td>{d.attempt}</td>
            <td>{d.sentence}</td>
            <td>{d.statusCode ?? "—"}</td>
          </tr>
        )}
      />
    </Section>
  );
}

function AddChannelForm({ canDesk, onCreated }: { canDesk: boolean; onCreated: (c: CreatedChannel) => void }) {
  const { t } = useTranslation();
  const org = useOrg();
  const action = useAction();
  const [kind, setKind] = useState<(typeof KINDS)[number]>("email");

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const v = formValues(form);
    const body = { kind, label: v.label ?? "", address: v.address ?? "", desk: v.desk === "on", ...(kind === "webhook" ? { webhookFormat: v.webhookFormat } : {}) };
    const res = await action.run(() => api.post<CreatedChannel>(orgPath(org.orgId, "network", "channels"), body));
    if (res) {
      form.reset();
      onCreated(res);
    }
  };

  return (
    <Section title={t("contacts.add")} id="add-channel">
      <ErrorAlert error={action.error} />
      <form className="form form--row" onSubmit={submit} noValidate>
        <Field label={t("contacts.kind")} name="kind" error={action.error}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.currentTarget.value as (typeof KINDS)[number])}>
              {KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`contacts.kinds.${k}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {kind === "webhook" && (
          <Field label={t("contacts.format")} name="webhookFormat" error={action.error}>
            {(p) => (
              <select {...p} defaultValue="slack">
                {FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {t(`contacts.formats.${f}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("contacts.address")} name="address" hint={t(`contacts.addressHint.${kind}`)} error={action.error}>
          {(p) => <input {...p} type={kind === "email" ? "email" : kind === "webhook" ? "url" : "tel"} required maxLength={2000} autoComplete="off" />}
        </Field>
        <Field label={t("contacts.label")} name="label" error={action.error}>
          {(p) => <input {...p} type="text" maxLength={200} autoComplete="off" />}
        </Field>
        {canDesk && (
          <label className="checkbox">
            <input type="checkbox" name="desk" /> {t("contacts.forDesk")}
          </label>
        )}
        <SubmitButton busy={action.busy}>{t("common.create")}</SubmitButton>
      </form>
    </Section>
  );
}
