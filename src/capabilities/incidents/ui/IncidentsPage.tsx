/**
 * The incidents this organisation owns or was granted: filters and sort kept in the URL (so a filtered list can
 * be shared), the worst gap of each as a badge, and a form to open a new one. Free text, tag and "led by me"
 * are answered by the server (the search runs on a trigram index); the other filters work on the loaded list.
 */
import { useId, useState, type FormEvent, type ReactNode } from "react";
import { UrlCheckbox } from "../../../web/components/UrlCheckbox";
import { useTranslation } from "react-i18next";
import { Link, useNavigate, useSearchParams } from "react-router-dom";
import type { Incident, IncidentsResponse } from "../contract";
import { INCIDENT_CATEGORIES, INCIDENT_STATUSES, SEVERITIES } from "../../../platform/db/schema";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { EnumOptions } from "../../../web/components/Controls";
import { GapBadge, gapStatusRank } from "../../../web/components/GapBadge";
import { Badge, DateTime, OrgName } from "../../../web/components/Labels";
import { PageHeader, Section } from "../../../web/components/Layout";
import { ListTable } from "../../../web/components/ListTable";
import { Options } from "../../../web/components/Options";
import { TlpBadge } from "../../../web/components/TlpBadge";
import { useApi, useMutations } from "../../../web/hooks";
import { orgHref } from "../../../web/nav";
import { useOrg } from "../../../web/org";
import { IncidentForm } from "./IncidentForm";
import "./incident.css";

const SORTS = ["newest", "worst", "ref"] as const;
type Sort = (typeof SORTS)[number];
const compare: Record<Sort, (a: Incident, b: Incident) => number> = {
  newest: (a, b) => b.createdAt.localeCompare(a.createdAt),
  worst: (a, b) => gapStatusRank(a.worstGap) - gapStatusRank(b.worstGap) || b.createdAt.localeCompare(a.createdAt),
  ref: (a, b) => a.ref.localeCompare(b.ref, undefined, { numeric: true }),
};

type Filters = { status: string; severity: string; category: string; gap: string };
const matches = (i: Incident, f: Filters): boolean =>
  (f.status === "" || (f.status === "open" ? i.status !== "closed" : i.status === f.status)) &&
  (f.severity === "" || i.severity === f.severity) &&
  (f.category === "" || i.category === f.category) &&
  (f.gap === "" || (i.worstGap ?? "none") === f.gap);

export function IncidentsPage() {
  const { t } = useTranslation();
  const org = useOrg();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const q = params.get("q") ?? "";
  const tag = params.get("tag") ?? "";
  const isMine = params.get("lead") === "me";
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(tag ? { tag } : {}), ...(isMine ? { lead: "me" } : {}) }).toString();
  const list = useApi<IncidentsResponse>(orgPath(org.orgId, "incidents") + (query ? `?${query}` : ""));
  const [creating, setCreating] = useState(false);
  const create = useMutations(list.reload);
  const filters: Filters = { status: params.get("status") ?? "", severity: params.get("severity") ?? "", category: params.get("category") ?? "", gap: params.get("gap") ?? "" };
  const sort: Sort = SORTS.find((s) => s === params.get("sort")) ?? "newest";
  const setParam = (key: string, value: string) =>
    setParams(
      (p) => {
        if (value) p.set(key, value);
        else p.delete(key);
        return p;
      },
      { replace: true },
    );
  const onSearch = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setParam("q", String(new FormData(e.currentTarget).get("q") ?? "").trim());
  };
  const all = list.data?.incidents;
  const knownTags = [...new Set([...(all ?? []).flatMap((i) => i.tags), ...(tag ? [tag] : [])])].sort();
  const shown = all?.filter((i) => matches(i, filters)).sort(compare[sort]);
  const showOwner = !!all?.some((i) => i.access !== "owner");
  const href = (i: Incident) => orgHref(org.orgId, `incidents/${encodeURIComponent(i.id)}`);

  return (
    <>
      <PageHeader title={t("incidents.title")}>
        {list.data?.policies.create && (
          <button type="button" className="button button--primary" aria-expanded={creating} aria-controls="new-incident" onClick={() => setCreating((c) => !c)}>
            {t("incidents.new")}
          </button>
        )}
      </PageHeader>
      <Notice message={create.notice} />
      {creating && (
        <div id="new-incident">
          <Section title={t("incidents.new")} id="new-incident-form">
            <ErrorAlert error={create.error} />
            <IncidentForm
              error={create.error}
              busy={create.busy}
              submitLabel={t("common.create")}
              onSubmit={async (fields) => {
                const res = await create.mutate(
                  () => api.post<{ incident: Incident }>(orgPath(org.orgId, "incidents"), fields),
                  (r) => t("incidents.created", { ref: r.incident.ref }),
                );
                // The next thing to do is on the incident itself (its clocks, its team): open it.
                if (res) void navigate(href(res.value.incident));
              }}
            >
              <button type="button" className="button" onClick={() => setCreating(false)}>
                {t("common.cancel")}
              </button>
            </IncidentForm>
          </Section>
        </div>
      )}
      <Section title={t("incidents.list")} id="incident-list">
        <ErrorAlert error={list.error} />
        <form role="search" className="filters incident-search" onSubmit={onSearch} key={q}>
          <div className="field">
            <label htmlFor="incident-q">{t("incidentFind.searchLabel")}</label>
            <input id="incident-q" name="q" type="search" defaultValue={q} maxLength={200} />
          </div>
          <button type="submit" className="button">
            {t("incidentFind.searchButton")}
          </button>
          {q && (
            <button type="button" className="button" onClick={() => setParam("q", "")}>
              {t("incidentFind.clear")}
            </button>
          )}
          <div className="field field--check">
            <UrlCheckbox id="incident-mine" checked={isMine} onChange={(on) => setParam("lead", on ? "me" : "")} />
            <label htmlFor="incident-mine">{t("incidentFind.assignedToMe")}</label>
          </div>
        </form>
        <div className="filters" role="group" aria-label={t("incidents.filters")}>
          <FilterSelect label={t("incidents.status")} value={filters.status} onChange={(v) => setParam("status", v)}>
            <option value="open">{t("incidents.filterOpen")}</option>
            <EnumOptions group="statuses" values={INCIDENT_STATUSES} />
          </FilterSelect>
          <FilterSelect label={t("incidents.severity")} value={filters.severity} onChange={(v) => setParam("severity", v)}>
            <EnumOptions group="severities" values={SEVERITIES} />
          </FilterSelect>
          <FilterSelect label={t("incidents.category")} value={filters.category} onChange={(v) => setParam("category", v)}>
            <Options section="categories" values={INCIDENT_CATEGORIES} />
          </FilterSelect>
          <FilterSelect label={t("incidentFind.tag")} value={tag} onChange={(v) => setParam("tag", v)}>
            {knownTags.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect label={t("incidents.worstGap")} value={filters.gap} onChange={(v) => setParam("gap", v)}>
            <Options section="gapStatus" values={["overdue", "at_risk", "on_time", "none"]} />
          </FilterSelect>
          <div className="field">
            <label htmlFor="incident-sort">{t("incidents.sort")}</label>
            <select id="incident-sort" value={sort} onChange={(e) => setParam("sort", e.target.value === "newest" ? "" : e.target.value)}>
              {SORTS.map((s) => (
                <option key={s} value={s}>
                  {t(`incidents.sort_${s}`)}
                </option>
              ))}
            </select>
          </div>
          {all && (
            <p className="filters__count" role="status">
              {t("incidents.count", { shown: shown?.length ?? 0, total: all.length })}
            </p>
          )}
        </div>
        <ListTable
          items={shown}
          loading={list.loading}
          empty={all && all.length > 0 ? t("incidents.noMatch") : t("incidents.empty")}
          className="table--clickable"
          columns={[
            t("incidents.ref"), t("incidents.name"), t("incidentFind.lead"), t("incidents.worstGap"), t("incidents.status"), t("incidents.severity"), t("incidents.category"),
            t("incidents.tlp"), ...(showOwner ? [t("incidents.owner")] : []), t("incidents.updatedAt"),
          ]}
          row={(i) => (
            // The title link is the keyboard way in; the row click is a shortcut for the mouse.
            <tr key={i.id} onClick={() => navigate(href(i))}>
              <td className="nowrap">
                <code>{i.ref}</code>
              </td>
              <th scope="row">
                <Link to={href(i)} onClick={(e) => e.stopPropagation()}>
                  {i.title}
                </Link>
                <IncidentTags tags={i.tags} onPick={(x) => setParam("tag", x)} />
              </th>
              <td>{i.lead ? i.lead.name : <span className="muted">{t("incidentFind.noLead")}</span>}</td>
              <td>
                <GapBadge status={i.worstGap} />
              </td>
              <td>
                <Badge group="statuses" value={i.status} />
              </td>
              <td>
                <Badge group="severities" value={i.severity} />
              </td>
              <td>{t(`categories.${i.category}`)}</td>
              <td>
                <TlpBadge tlp={i.tlp} />
              </td>
              {showOwner && (
                <td>
                  <OrgName org={i.owner} />
                </td>
              )}
              <td className="nowrap">
                <DateTime value={i.updatedAt} />
              </td>
            </tr>
          )}
        />
      </Section>
    </>
  );
}

function FilterSelect({ label, value, onChange, children }: { label: string; value: string; onChange: (v: string) => void; children: ReactNode }) {
  const { t } = useTranslation();
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("incidents.filterAll")}</option>
        {children}
      </select>
    </div>
  );
}

/** An incident's tags; each one filters the list by itself. */
export function IncidentTags({ tags, onPick }: { tags: string[]; onPick?: (tag: string) => void }) {
  const { t } = useTranslation();
  if (tags.length === 0) return null;
  return (
    <ul className="incident-tag-list" aria-label={t("incidentFind.tags")}>
      {tags.map((x) => (
        <li key={x}>
          {onPick ? (
            <button
              type="button" className="tag tag--button" title={t("incidentFind.filterByTag", { tag: x })}
              onClick={(e) => {
                e.stopPropagation();
                onPick(x);
              }}
            >
              {x}
            </button>
          ) : (
            <span className="tag">{x}</span>
          )}
        </li>
      ))}
    </ul>
  );
}
