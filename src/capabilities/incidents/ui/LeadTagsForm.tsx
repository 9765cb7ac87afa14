/**
 * The incident lead and its tags, edited on their own (a small PATCH of two fields), in the overview. The lead is
 * chosen among the owning organisation's members, so only its own members see the choice; a vendor sees them.
 */
import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { Incident } from "../contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { Field } from "../../../web/components/Field";
import { formValues, useApi, useMutations } from "../../../web/hooks";

type Members = { members: Array<{ userId: string; displayName: string }> };

/** "PlugX, 標的型メール、 ransom" → ["PlugX", "標的型メール", "ransom"]: commas of both widths separate. */
export const splitTags = (text: string): string[] => text.split(/[,，、]/).map((x) => x.trim()).filter((x) => x.length > 0);

export function LeadTagsForm({ incident, orgId, onChanged }: { incident: Incident; orgId: string; onChanged: () => void }) {
  const { t } = useTranslation();
  const isOwner = incident.access === "owner";
  const members = useApi<Members>(isOwner ? orgPath(incident.orgId, "members") : null);
  const save = useMutations(onChanged);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { lead = "", tags = "" } = formValues(e.currentTarget);
    const body = { tags: splitTags(tags), ...(isOwner ? { leadUserId: lead || null } : {}) };
    void save.mutate(() => api.patch(orgPath(orgId, "incidents", incident.id), body), t("incidentFind.saved"));
  };
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={t("incidentFind.editLeadTags")} key={incident.updatedAt}>
      <Notice message={save.notice} />
      <ErrorAlert error={save.error} />
      <div className="form--row">
        {isOwner && (
          <Field label={t("incidentFind.lead")} name="leadUserId" error={save.error} hint={t("incidentFind.leadHint")}>
            {(p) => (
              <select {...p} name="lead" defaultValue={incident.lead?.id ?? ""}>
                <option value="">{t("incidentFind.noLead")}</option>
                {/* the current lead stays choosable while the member list loads */}
                {incident.lead && !members.data?.members.some((m) => m.userId === incident.lead?.id) && <option value={incident.lead.id}>{incident.lead.name}</option>}
                {members.data?.members.map((m) => (
                  <option key={m.userId} value={m.userId}>
                    {m.displayName}
                  </option>
                ))}
              </select>
            )}
          </Field>
        )}
        <Field label={t("incidentFind.tagsInput")} name="tags" error={save.error} hint={t("incidentFind.tagsHint")}>
          {(p) => <input {...p} type="text" maxLength={1000} defaultValue={incident.tags.join(", ")} />}
        </Field>
      </div>
      <div className="form__actions">
        <SubmitButton busy={save.busy}>{t("common.save")}</SubmitButton>
      </div>
    </form>
  );
}
