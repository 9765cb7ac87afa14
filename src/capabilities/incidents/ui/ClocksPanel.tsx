/**
 * The 11 clocks: value in Japan time, who set it, on what evidence; set, correct or clear one in place; its
 * history. A clock's value goes to the server as Japan wall time (YYYY-MM-DDTHH:mm), which is how it reads it.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { CLOCKS, type Clock } from "../clocks";
import type { ClockHistoryEntry, Incident } from "../contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { nowTokyoLocal, toTokyoLocal } from "../../../web/components/Duration";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Loading } from "../../../web/components/Layout";
import { formValues, useApi, useMutations } from "../../../web/hooks";

/** `orgId`: the organisation the user works in (a vendor reaches a granted incident through its own). */
type Props = { incident: Incident; orgId: string; onChanged: () => void };

export function ClocksPanel({ incident, orgId, onChanged }: Props) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState<Clock | null>(null);
  const [history, setHistory] = useState<Clock | null>(null);
  const canEdit = incident.policies.update;
  const save = useMutations(onChanged);
  const path = (clock: Clock, ...rest: string[]) => orgPath(orgId, "incidents", incident.id, "clocks", clock, ...rest);

  const submit = async (clock: Clock, e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { at = "", evidence = "" } = formValues(e.currentTarget);
    const res = await save.mutate(() => api.put(path(clock), { at, evidence }), t("clock.saved", { clock: t(`clocks.${clock}`) }));
    if (res) setEditing(null);
  };
  const clear = async (clock: Clock) => {
    if (!window.confirm(t("clock.confirmClear", { clock: t(`clocks.${clock}`) }))) return;
    const res = await save.mutate(() => api.put(path(clock), { at: null }), t("clock.clearedDone", { clock: t(`clocks.${clock}`) }));
    if (res) setEditing(null);
  };

  return (
    <>
      <Notice message={save.notice} />
      {!editing && <ErrorAlert error={save.error} />}
      <div className="table-wrap">
        <table className="clocks-table">
          <thead>
            <tr>
              <th scope="col">{t("clock.clock")}</th>
              <th scope="col">{t("clock.value")}</th>
              <th scope="col">{t("clock.setBy")}</th>
              <th scope="col">{t("clock.evidence")}</th>
              <th scope="col">
                <span className="visually-hidden">{t("members.actions")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {CLOCKS.map((clock) => {
              const v = incident.clocks[clock] ?? null;
              const name = t(`clocks.${clock}`);
              return [
                <tr key={clock} id={`clock-${clock}`} className={v ? undefined : "row--inactive"}>
                  <th scope="row">{name}</th>
                  <td className="nowrap">{v ? <DateTime value={v.at} /> : <span className="muted">{t("clock.notSet")}</span>}</td>
                  <td>{v?.setBy?.name ?? (v ? t("clock.system") : "")}</td>
                  <td className="clocks-table__evidence">{v?.evidence}</td>
                  <td className="actions">
                    {canEdit && (
                      <button
                        type="button"
                        className="button button--small"
                        aria-expanded={editing === clock}
                        aria-label={t(v ? "clock.correctClock" : "clock.setClock", { clock: name })}
                        onClick={() => {
                          save.clear();
                          setEditing(editing === clock ? null : clock);
                        }}
                      >
                        {t(v ? "clock.correct" : "clock.set")}
                      </button>
                    )}{" "}
                    <button
                      type="button"
                      className="button button--small"
                      aria-expanded={history === clock}
                      aria-label={t("clock.historyOf", { clock: name })}
                      onClick={() => setHistory(history === clock ? null : clock)}
                    >
                      {t("clock.history")}
                    </button>
                  </td>
                </tr>,
                editing === clock && (
                  <tr key={`${clock}-edit`} className="clocks-table__editor">
                    <td colSpan={5}>
                      <form className="form form--row" onSubmit={(e) => void submit(clock, e)} noValidate aria-label={t(v ? "clock.correctClock" : "clock.setClock", { clock: name })}>
                        <Field label={t("clock.at")} name="at" error={save.error} hint={t("clock.atHint")}>
                          {(p) => <input {...p} type="datetime-local" required defaultValue={v ? toTokyoLocal(v.at) : nowTokyoLocal()} />}
                        </Field>
                        <Field label={t("clock.evidence")} name="evidence" error={save.error} hint={t("clock.evidenceHint")}>
                          {(p) => <input {...p} type="text" maxLength={2000} defaultValue={v?.evidence ?? ""} />}
                        </Field>
                        <div className="form__actions clocks-table__buttons">
                          <SubmitButton busy={save.busy}>{t("common.save")}</SubmitButton>
                          {v && (
                            <button type="button" className="button button--danger" disabled={save.busy} onClick={() => void clear(clock)}>
                              {t("clock.clear")}
                            </button>
                          )}
                          <button type="button" className="button" onClick={() => setEditing(null)}>
                            {t("common.cancel")}
                          </button>
                        </div>
                      </form>
                      {/* A complaint about another field than those above (e.g. the clock itself) still shows. */}
                      {save.error && !save.error.isAbout("at") && !save.error.isAbout("evidence") && <ErrorAlert error={save.error} />}
                    </td>
                  </tr>
                ),
                history === clock && (
                  <tr key={`${clock}-history`} className="clocks-table__history">
                    <td colSpan={5}>
                      {/* Keyed by the clock's setAt: a change made meanwhile fetches the history again. */}
                      <ClockHistory key={v?.setAt ?? "unset"} path={path(clock, "history")} title={t("clock.historyOf", { clock: name })} />
                    </td>
                  </tr>
                ),
              ];
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}

function ClockHistory({ path, title }: { path: string; title: string }) {
  const { t } = useTranslation();
  const loaded = useApi<{ history: ClockHistoryEntry[] }>(path);
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  if (!loaded.data) return <Loading />;
  if (loaded.data.history.length === 0) return <p className="muted">{t("clock.emptyHistory")}</p>;
  return (
    <div className="clock-history" role="region" aria-label={title}>
      <ol className="plain-list">
        {loaded.data.history.map((h, i) => (
          <li key={`${h.setAt}-${i}`}>
            <span className="clock-history__when">
              <DateTime value={h.setAt} />
            </span>{" "}
            <strong>{h.setBy?.name ?? t("clock.system")}</strong>: {h.at ? <DateTime value={h.at} /> : <em>{t("clock.cleared")}</em>}
            {h.evidence && <span className="muted"> — {h.evidence}</span>}
          </li>
        ))}
      </ol>
    </div>
  );
}
