/** The asset inventory: the table with segmentation warnings, a form to add or edit, and the CSV import. */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { OrgRef } from "../../orgs/contract";
import { api, type ApiError, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { ConfirmButton, SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { OrgName } from "../../../web/components/Labels";
import { PageHeader, Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { formValues, useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";
import { CsvImport } from "./CsvImport";
import { SegmentationBadge } from "./SegmentationBadge";
import type { Asset, AssetsResponse } from "../contract";

export function AssetsPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const list = useApi<AssetsResponse>(orgPath(org.orgId, "assets"));
  const rows = useMutations(list.reload);
  const [editing, setEditing] = useState<Asset | "new" | null>(null);
  const yesNo = (b: boolean) => (b ? t("common.yes") : t("common.no"));

  return (
    <>
      <PageHeader title={t("assets.title")}>
        {list.data?.policies.create && (
          <button type="button" className="button button--primary" aria-expanded={editing === "new"} onClick={() => setEditing((e) => (e === "new" ? null : "new"))}>
            {t("assets.add")}
          </button>
        )}
      </PageHeader>
      <Notice message={rows.notice} />
      {editing && (
        <Section title={editing === "new" ? t("assets.add") : t("assets.editTitle", { host: editing.hostname })} id="asset-form">
          <ErrorAlert error={rows.error} />
          <AssetForm
            key={editing === "new" ? "new" : editing.id}
            initial={editing === "new" ? undefined : editing}
            error={rows.error}
            busy={rows.busy}
            onCancel={() => setEditing(null)}
            onSubmit={async (fields) => {
              const res = await rows.mutate(
                () =>
                  editing === "new"
                    ? api.post<{ asset: Asset }>(orgPath(org.orgId, "assets"), fields)
                    : api.patch<{ asset: Asset }>(orgPath(org.orgId, "assets", editing.id), fields),
                (r) => t(editing === "new" ? "assets.created" : "assets.saved", { host: r.asset.hostname }),
              );
              if (res) setEditing(null);
            }}
          />
        </Section>
      )}
      <Section title={t("assets.list")} id="assets">
        <ErrorAlert error={list.error ?? (editing ? null : rows.error)} />
        <ListTable
          items={list.data?.assets}
          loading={list.loading}
          columns={[
            t("assets.hostname"), t("assets.addresses"), t("assets.role"), t("assets.owner"), t("assets.vendor"), t("assets.holdsPersonalData"),
            t("assets.internetFacing"), t("assets.egressAllowed"), t("assets.segmentation"), { hidden: t("assets.actions") },
          ]}
          row={(a) => (
            <tr key={a.id}>
              <th scope="row">
                <code>{a.hostname}</code>
              </th>
              <td>{a.addresses.join(", ")}</td>
              <td>{a.role}</td>
              <td>{a.owner}</td>
              <td>{a.vendor ? <OrgName org={a.vendor} /> : <span className="muted">{t("assets.noVendor")}</span>}</td>
              <td>{yesNo(a.holdsPersonalData)}</td>
              <td>{yesNo(a.internetFacing)}</td>
              <td>{yesNo(a.egressAllowed)}</td>
              <td>
                <SegmentationBadge reasons={a.segmentation.reasons} />
              </td>
              <td className="actions">
                {a.policies.update && (
                  <button type="button" className="button button--small" aria-label={t("assets.editAsset", { host: a.hostname })} onClick={() => setEditing(a)}>
                    {t("common.edit")}
                  </button>
                )}
                {a.policies.delete && (
                  <ConfirmButton
                    label={t("assets.removeAsset", { host: a.hostname })}
                    question={t("common.confirmRemove")}
                    disabled={rows.busy}
                    onConfirm={() => void rows.mutate(() => api.del(orgPath(org.orgId, "assets", a.id)), t("assets.removed"))}
                  >
                    {t("common.remove")}
                  </ConfirmButton>
                )}
              </td>
            </tr>
          )}
        />
      </Section>
      {list.data?.policies.import && <CsvImport onImported={list.reload} />}
    </>
  );
}

type AssetFields = {
  hostname: string; addresses: string[]; role: string; owner: string; vendorOrgId: string | null;
  holdsPersonalData: boolean; internetFacing: boolean; egressAllowed: boolean;
};

function AssetForm({ initial, error, busy, onSubmit, onCancel }: {
  initial?: Asset; error: ApiError | null; busy: boolean; onSubmit: (f: AssetFields) => void; onCancel: () => void;
}) {
  const { t } = useTranslation();
  const vendors = useApi<{ orgs: OrgRef[] }>("/directory?kind=vendor").data?.orgs ?? [];
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = formValues(e.currentTarget);
    onSubmit({
      hostname: v.hostname ?? "",
      addresses: (v.addresses ?? "").split(/[\s,、]+/).filter(Boolean),
      role: v.role ?? "",
      owner: v.owner ?? "",
      vendorOrgId: v.vendorOrgId || null,
      holdsPersonalData: v.holdsPersonalData === "on",
      internetFacing: v.internetFacing === "on",
      egressAllowed: v.egressAllowed === "on",
    });
  };
  const check = (name: "holdsPersonalData" | "internetFacing" | "egressAllowed") => (
    <label className="checkbox">
      <input type="checkbox" name={name} defaultChecked={initial?.[name] ?? false} /> {t(`assets.${name}`)}
    </label>
  );
  return (
    <form className="form" onSubmit={submit} noValidate>
      <div className="form--row">
        <Field label={t("assets.hostname")} name="hostname" error={error}>
          {(p) => <input {...p} type="text" required maxLength={253} autoComplete="off" spellCheck={false} defaultValue={initial?.hostname} />}
        </Field>
        <Field label={t("assets.addresses")} name="addresses" hint={t("assets.addressesHint")} error={error}>
          {(p) => <input {...p} type="text" autoComplete="off" spellCheck={false} defaultValue={initial?.addresses.join(", ")} />}
        </Field>
      </div>
      <div className="form--row">
        <Field label={t("assets.role")} name="role" error={error}>
          {(p) => <input {...p} type="text" maxLength={200} defaultValue={initial?.role} />}
        </Field>
        <Field label={t("assets.owner")} name="owner" error={error}>
          {(p) => <input {...p} type="text" maxLength={200} defaultValue={initial?.owner} />}
        </Field>
        <Field label={t("assets.vendor")} name="vendorOrgId" error={error}>
          {(p) => (
            <select {...p} defaultValue={initial?.vendor?.id ?? ""}>
              <option value="">{t("assets.noVendor")}</option>
              {vendors.map((o) => (
                <option key={o.id} value={o.id}>
                  {o.nameJa} / {o.nameEn}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <fieldset className="form--row">
        <legend className="visually-hidden">{t("assets.segmentation")}</legend>
        {check("holdsPersonalData")}
        {check("internetFacing")}
        {check("egressAllowed")}
      </fieldset>
      <div className="form__actions">
        <SubmitButton busy={busy}>{initial ? t("common.save") : t("common.create")}</SubmitButton>
        <button type="button" className="button" onClick={onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
