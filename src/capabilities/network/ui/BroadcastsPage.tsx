/**
 * Broadcasts of an organisation: the compose form (regulators and associations: audience with a live count,
 * drill, reminders), the broadcasts it sent with their acknowledgement counts, and the ones it received.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { DateTime, OrgName } from "../../../web/components/Labels";
import { Loading, PageHeader, Section } from "../../../web/components/Layout";
import { formValues, useAction, useApi, useMutations } from "../../../web/hooks";
import { Notice } from "../../../web/components/Alerts";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { currentLocale } from "../../../web/i18n";
import type { AudiencePreview, BroadcastList, BroadcastView } from "../broadcasts-contract";
import type { RegulatorAssociations } from "../associations-contract";
import "./broadcasts.css";

const AUDIENCES = ["related", "supervised", "members", "associations", "list"] as const;
type Audience = (typeof AUDIENCES)[number];

/** The title in the UI language, else the other one. */
export const titleOf = (b: { titleJa: string; titleEn: string }): string => (currentLocale() === "en" ? b.titleEn || b.titleJa : b.titleJa || b.titleEn);

export function DrillTag() {
  const { t } = useTranslation();
  return <span className="broadcast-drill">{t("broadcasts.drill")}</span>;
}

export function BroadcastsPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const list = useApi<BroadcastList>(orgPath(org.orgId, "broadcasts"));
  const d = list.data;
  return (
    <>
      <PageHeader title={t("broadcasts.title")} />
      <ErrorAlert error={list.error} />
      {!d && list.loading && <Loading />}
      {d?.policies.send && <Compose />}
      {(org.kind === "regulator" || org.kind === "association") && <WorksWith />}
      {d && d.sent.length > 0 && (
        <Section title={t("broadcasts.sentList")} id="broadcasts-sent">
          <table className="table" data-testid="broadcasts-sent">
            <thead><tr><th scope="col">{t("broadcasts.createdAt")}</th><th scope="col">{t("broadcasts.titleJa")}</th><th scope="col">{t("broadcasts.state")}</th></tr></thead>
            <tbody>
              {d.sent.map((b) => (
                <tr key={b.id}>
                  <td><DateTime value={b.createdAt} /></td>
                  <td>{b.isDrill && <DrillTag />} <Link to={orgHref(org.orgId, `broadcasts/${b.id}`)}>{titleOf(b)}</Link></td>
                  <td>{t("broadcasts.progress", { acknowledged: b.acknowledged, recipients: b.recipients })}{b.kind === "request" ? ` · ${t("broadcasts.answeredCount", { answered: b.answered })}` : ""}{b.closedAt ? ` · ${t("broadcasts.closed")}` : ""}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Section>
      )}
      {d && (
        <Section title={t("broadcasts.receivedList")} id="broadcasts-received">
          {d.received.length === 0 ? <p className="muted">{t("broadcasts.none")}</p> : (
            <table className="table" data-testid="broadcasts-received">
              <thead><tr><th scope="col">{t("broadcasts.createdAt")}</th><th scope="col">{t("broadcasts.from")}</th><th scope="col">{t("broadcasts.titleJa")}</th><th scope="col">{t("broadcasts.state")}</th></tr></thead>
              <tbody>
                {d.received.map((b) => (
                  <tr key={b.id}>
                    <td><DateTime value={b.createdAt} /></td>
                    <td><OrgName org={b.sender} /></td>
                    <td>{b.isDrill && <DrillTag />} <Link to={orgHref(org.orgId, `broadcasts/${b.id}`)}>{titleOf(b)}</Link></td>
                    <td>{b.acknowledgedAt ? t("broadcasts.acknowledged") : <strong>{t("broadcasts.notAcknowledged")}</strong>}{b.answeredAt ? ` · ${t("broadcasts.answered")}` : ""}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Section>
      )}
    </>
  );
}

function Compose() {
  const { t } = useTranslation();
  const org = useOrg();
  const navigate = useNavigate();
  const action = useAction();
  const [audience, setAudience] = useState<Audience>("related");
  const [chosen, setChosen] = useState<string[]>([]);
  const reach = useApi<AudiencePreview>(`${orgPath(org.orgId, "broadcasts", "audience")}?audience=related`);
  const preview = reach.data?.organisations.filter((o) =>
    audience === "related" ? true : audience === "list" ? chosen.includes(o.id)
      : o.via === (audience === "supervised" ? "supervised_by" : audience === "members" ? "member_of" : "association"));
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    const sent = await action.run(() => api.post<BroadcastView>(orgPath(org.orgId, "broadcasts"), {
      kind: v.kind, titleJa: v.titleJa ?? "", titleEn: v.titleEn ?? "", bodyJa: v.bodyJa ?? "", bodyEn: v.bodyEn ?? "",
      audience, ...(audience === "list" ? { orgIds: chosen } : {}), isDrill: v.isDrill === "on",
      reminderMinutes: Number(v.reminderMinutes), maxReminders: Number(v.maxReminders),
    }));
    if (sent) void navigate(orgHref(org.orgId, `broadcasts/${sent.broadcast.id}`));
  };
  return (
    <Section title={t("broadcasts.compose")} id="broadcast-compose">
      <form className="form broadcast-compose" onSubmit={submit} noValidate>
        <ErrorAlert error={action.error} />
        <Field label={t("broadcasts.kind")} name="kind" error={action.error}>
          {(p) => <select {...p} defaultValue="alert"><option value="alert">{t("broadcasts.kind_alert")}</option><option value="request">{t("broadcasts.kind_request")}</option></select>}
        </Field>
        <Field label={t("broadcasts.titleJa")} name="titleJa" error={action.error}>{(p) => <input {...p} maxLength={300} />}</Field>
        <Field label={t("broadcasts.titleEn")} name="titleEn" error={action.error}>{(p) => <input {...p} maxLength={300} />}</Field>
        <Field label={t("broadcasts.bodyJa")} name="bodyJa" error={action.error}>{(p) => <textarea {...p} rows={5} />}</Field>
        <Field label={t("broadcasts.bodyEn")} name="bodyEn" error={action.error}>{(p) => <textarea {...p} rows={3} />}</Field>
        <Field label={t("broadcasts.audience")} name="audience" error={action.error}>
          {(p) => (
            <select {...p} value={audience} onChange={(e) => setAudience(e.target.value as Audience)}>
              {AUDIENCES.map((a) => <option key={a} value={a}>{t(`broadcasts.audience_${a}`)}</option>)}
            </select>
          )}
        </Field>
        {audience === "list" && reach.data && (
          <fieldset className="broadcast-choose">
            <legend>{t("broadcasts.chooseOrgs")}</legend>
            {reach.data.organisations.map((o) => (
              <label key={o.id}>
                <input type="checkbox" checked={chosen.includes(o.id)} onChange={(e) => setChosen(e.target.checked ? [...chosen, o.id] : chosen.filter((x) => x !== o.id))} /> <OrgName org={o} />
              </label>
            ))}
          </fieldset>
        )}
        {preview && (
          <details className="broadcast-preview" data-testid="audience-preview">
            <summary>{t("broadcasts.preview", { count: preview.length })}</summary>
            <ul>{preview.map((o) => <li key={o.id}><OrgName org={o} /></li>)}</ul>
          </details>
        )}
        <label className="checkbox"><input type="checkbox" name="isDrill" /> {t("broadcasts.isDrill")}</label>
        <Field label={t("broadcasts.reminderMinutes")} name="reminderMinutes" error={action.error}>{(p) => <input {...p} type="number" min={1} max={10080} defaultValue={60} />}</Field>
        <Field label={t("broadcasts.maxReminders")} name="maxReminders" error={action.error}>{(p) => <input {...p} type="number" min={0} max={20} defaultValue={3} />}</Field>
        <SubmitButton busy={action.busy}>{t("broadcasts.send")}</SubmitButton>
      </form>
    </Section>
  );
}

/**
 * Which associations a regulator works with (its broadcasts "to the associations" reach exactly these): the
 * regulator's org-admins add and remove them; an association sees the regulators working with it and may end it.
 */
function WorksWith() {
  const { t } = useTranslation();
  const org = useOrg();
  const path = orgPath(org.orgId, "network", "associations");
  const loaded = useApi<RegulatorAssociations>(path);
  const m = useMutations(loaded.reload);
  const d = loaded.data;
  const name = (o: { nameJa: string; nameEn: string }) => (currentLocale() === "en" ? o.nameEn : o.nameJa);
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    if (v.associationOrgId) await m.mutate(() => api.post(path, { associationOrgId: v.associationOrgId }), t("broadcasts.worksWithAdded"));
  };
  const title = org.kind === "regulator" ? t("broadcasts.worksWithTitle") : t("broadcasts.worksWithTitleAssociation");
  return (
    <Section title={title} id="broadcasts-works-with">
      <Notice message={m.notice} />
      <ErrorAlert error={loaded.error ?? m.error} />
      {d && (
        <>
          <p className="muted">{org.kind === "regulator" ? t("broadcasts.worksWithIntro") : t("broadcasts.worksWithIntroAssociation")}</p>
          {d.links.length === 0 ? <p className="muted">{t("broadcasts.worksWithNone")}</p> : (
            <ul className="plain-list" data-testid="works-with">
              {d.links.map((l) => (
                <li key={l.id}>
                  {name(l)}{" "}
                  {d.policies.remove && (
                    <button type="button" className="button" disabled={m.busy} aria-label={t("broadcasts.worksWithRemoveNamed", { org: name(l) })}
                      onClick={() => void m.mutate(() => api.del(`${path}/${l.id}`), t("broadcasts.worksWithRemoved"))}>{t("broadcasts.worksWithRemove")}</button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {d.policies.add && d.candidates.length > 0 && (
            <form onSubmit={add} className="form-inline">
              <Field label={t("broadcasts.worksWithAdd")} name="associationOrgId" error={m.error}>
                {(p) => <select {...p} required defaultValue="">
                  <option value="">—</option>
                  {d.candidates.map((c) => <option key={c.id} value={c.id}>{name(c)}</option>)}
                </select>}
              </Field>
              <SubmitButton busy={m.busy}>{t("broadcasts.worksWithAddButton")}</SubmitButton>
            </form>
          )}
        </>
      )}
    </Section>
  );
}
