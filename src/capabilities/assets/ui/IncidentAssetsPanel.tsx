/** The assets linked to an incident, with their compromise status: list, link, change, unlink. For the incident page. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { orgHref } from "../../../web/nav";
import { ChoiceAndText, ChoiceNoteForm } from "../../../web/components/ChoiceNoteForm";
import { SegmentationBadge } from "./SegmentationBadge";
import type { AssetLink, AssetsResponse } from "../contract";
import { COMPROMISE_STATES } from "../../../platform/db/schema";

function CompromiseOptions() {
  const { t } = useTranslation();
  return (
    <>
      {COMPROMISE_STATES.map((c) => (
        <option key={c} value={c}>
          {t(`assets.compromise.${c}`)}
        </option>
      ))}
    </>
  );
}

/** `isOwner`: the user works in the incident's organisation, whose asset register the links come from. */
export function IncidentAssetsPanel({ orgId, incidentId, canEdit, isOwner }: { orgId: string; incidentId: string; canEdit: boolean; isOwner: boolean }) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "assets");
  const list = useApi<{ links: AssetLink[]; policies: { create: boolean } }>(path);
  const rows = useMutations(list.reload);
  const [editing, setEditing] = useState<AssetLink | null>(null);
  // Only the owner's asset managers can pick from the inventory; a vendor cannot read it (and gets no form).
  const canLink = canEdit && isOwner && !!list.data?.policies.create;
  const inventory = useApi<AssetsResponse>(canLink ? orgPath(orgId, "assets") : null);
  const linkedIds = new Set(list.data?.links.map((l) => l.asset.id));
  const choices = inventory.data?.assets.filter((a) => !linkedIds.has(a.id)) ?? [];

  const link = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { assetId = "", compromise = "suspected", note = "" } = formValues(form);
    const host = choices.find((a) => a.id === assetId)?.hostname ?? "";
    const res = await rows.mutate(() => api.post(path, { assetId, compromise, ...(note ? { note } : {}) }), t("incidentAssets.linked", { host }));
    if (res) form.reset();
  };
  const save = async ({ compromise, note = "" }: Record<string, string>, l: AssetLink) => {
    const res = await rows.mutate(() => api.patch(`${path}/${encodeURIComponent(l.asset.id)}`, { compromise, note }), t("incidentAssets.saved", { host: l.asset.hostname }));
    if (res) setEditing(null);
  };

  return (
    <Section title={t("incidentAssets.title")} id="incident-assets">
      <ErrorAlert error={list.error ?? rows.error} />
      <Notice message={rows.notice} />
      <ListTable
        items={list.data?.links}
        loading={list.loading}
        empty={t("incidentAssets.empty")}
        columns={[t("assets.hostname"), t("assets.addresses"), t("assets.role"), t("assets.segmentation"), t("incidentAssets.compromise"), t("incidentAssets.note"), { hidden: t("assets.actions") }]}
        row={(l) => (
          <tr key={l.asset.id}>
            <th scope="row">
              <code>{l.asset.hostname}</code>
            </th>
            <td>{l.asset.addresses.join(", ")}</td>
            <td>{l.asset.role}</td>
            <td>
              <SegmentationBadge reasons={l.asset.segmentation.reasons} />
            </td>
            <td>{t(`assets.compromise.${l.compromise}`)}</td>
            <td className="prewrap">{l.note}</td>
            <td className="actions">
              {canEdit && l.policies.update && (
                <button type="button" className="button button--small" aria-label={t("incidentAssets.editLink", { host: l.asset.hostname })} onClick={() => setEditing(l)}>
                  {t("common.edit")}
                </button>
              )}
              {canEdit && l.policies.delete && (
                <ConfirmButton
                  label={t("incidentAssets.unlink", { host: l.asset.hostname })}
                  question={t("common.confirmRemove")}
                  disabled={rows.busy}
                  onConfirm={() => void rows.mutate(() => api.del(`${path}/${encodeURIComponent(l.asset.id)}`), t("incidentAssets.unlinked"))}
                >
                  {t("common.remove")}
                </ConfirmButton>
              )}
            </td>
          </tr>
        )}
      />
      {editing && (
        <ChoiceNoteForm
          key={editing.asset.id}
          title={t("incidentAssets.editTitle", { host: editing.asset.hostname })}
          choice={{ name: "compromise", label: t("incidentAssets.compromise"), value: editing.compromise, options: <CompromiseOptions /> }}
          text={{ name: "note", label: t("incidentAssets.note"), value: editing.note }}
          error={rows.error}
          busy={rows.busy}
          onSubmit={(v) => void save(v, editing)}
          onCancel={() => setEditing(null)}
        />
      )}
      {/* Nothing to pick from: say where assets come from instead of showing no form at all. */}
      {canLink && inventory.data && choices.length === 0 && (
        <p className="hint-box">
          {t(inventory.data.assets.length === 0 ? "incidentAssets.registerEmpty" : "incidentAssets.allLinked")}{" "}
          <Link to={orgHref(orgId, "assets")}>{t("incidentAssets.openRegister")}</Link>
        </p>
      )}
      {!canLink && isOwner && list.data?.links.length === 0 && (
        <p className="muted">
          <Link to={orgHref(orgId, "assets")}>{t("incidentAssets.openRegister")}</Link>
        </p>
      )}
      {canLink && choices.length > 0 && (
        <form className="form form--row" onSubmit={(e) => void link(e)} aria-label={t("incidentAssets.link")}>
          <Field label={t("incidentAssets.pick")} name="assetId" error={rows.error}>
            {(p) => (
              <select {...p} required>
                {choices.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.hostname}
                    {a.segmentation.warning ? ` ⚠ ${t("assets.warning")}` : ""}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <ChoiceAndText
            choice={{ name: "compromise", label: t("incidentAssets.compromise"), value: "suspected", options: <CompromiseOptions /> }}
            text={{ name: "note", label: t("incidentAssets.note") }}
            error={rows.error}
          />
          <SubmitButton busy={rows.busy}>{t("incidentAssets.linkSubmit")}</SubmitButton>
        </form>
      )}
    </Section>
  );
}
