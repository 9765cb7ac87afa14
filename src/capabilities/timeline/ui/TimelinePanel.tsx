/**
 * The incident's timeline: what was seen, done, said and decided, in time order. An event is never edited: a
 * correction adds a new event that supersedes it (with a reason), and the old one stays visible on request.
 */
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { TimelineEvent, TimelineResponse } from "../contract";
import { TIMELINE_KINDS } from "../../../platform/db/schema";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { nowTokyoLocal, toTokyoLocal } from "../../../web/components/Duration";
import { Field } from "../../../web/components/Field";
import { DateTime } from "../../../web/components/Labels";
import { Loading, Section } from "../../../web/components/Layout";
import { Options } from "../../../web/components/Options";
import { formValues, useApi, useMutations, type Mutations } from "../../../web/hooks";
import "./timeline.css";

type Props = { orgId: string; incidentId: string; canEdit: boolean };

export function TimelinePanel({ orgId, incidentId, canEdit }: Props) {
  const { t } = useTranslation();
  const path = orgPath(orgId, "incidents", incidentId, "timeline");
  const list = useApi<TimelineResponse>(path);
  const add = useMutations(list.reload);
  const fix = useMutations(list.reload);
  const [showSuperseded, setShowSuperseded] = useState(false);
  const [correcting, setCorrecting] = useState<string | null>(null);
  const canAdd = canEdit && !!list.data?.policies.add;
  const events = (list.data?.events ?? []).filter((e) => showSuperseded || !e.supersededBy);
  const supersededCount = (list.data?.events ?? []).filter((e) => e.supersededBy).length;

  const submitAdd = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const { at = "", kind = "observation", text = "", source = "" } = formValues(form);
    const res = await add.mutate(() => api.post(path, { at, kind, text, ...(source ? { source } : {}) }), t("timeline.added"));
    if (res) form.reset();
  };

  return (
    <>
      <Section title={t("timeline.title")} id="timeline">
        <ErrorAlert error={list.error} />
        <Notice message={fix.notice} />
        {supersededCount > 0 && (
          <label className="checkbox">
            <input type="checkbox" checked={showSuperseded} onChange={(e) => setShowSuperseded(e.target.checked)} />{" "}
            {t("timeline.showSuperseded", { count: supersededCount })}
          </label>
        )}
        {!list.data && list.loading && <Loading />}
        {list.data && events.length === 0 && <p className="muted">{t("timeline.empty")}</p>}
        {events.length > 0 && (
          <ol className="timeline-list">
            {events.map((ev) => (
              <li key={ev.id} className={ev.supersededBy ? "timeline-item timeline-item--superseded" : "timeline-item"}>
                <div className="timeline-item__when">
                  <DateTime value={ev.at} />
                </div>
                <div className="timeline-item__body">
                  <p className="timeline-item__head">
                    <span className={`tag tag--${ev.kind}`}>{t(`timelineKinds.${ev.kind}`)}</span>
                    {ev.supersededBy && <span className="tag tag--muted">{t("timeline.superseded")}</span>}
                    <span className="muted">
                      {[ev.actor?.name, ev.source && t("timeline.sourceIs", { source: ev.source })].filter(Boolean).join(" · ")}
                    </span>
                  </p>
                  <p className="prewrap timeline-item__text">{ev.text}</p>
                  {correcting === ev.id && <CorrectForm path={`${path}/${encodeURIComponent(ev.id)}/corrections`} event={ev} action={fix} onDone={() => setCorrecting(null)} />}
                </div>
                <div className="timeline-item__actions">
                  {canAdd && !ev.supersededBy && (
                    <button
                      type="button"
                      className="button button--small"
                      aria-expanded={correcting === ev.id}
                      aria-label={t("timeline.correctEvent", { text: ev.text.slice(0, 40) })}
                      onClick={() => {
                        fix.clear();
                        setCorrecting(correcting === ev.id ? null : ev.id);
                      }}
                    >
                      {t("timeline.correct")}
                    </button>
                  )}
                </div>
              </li>
            ))}
          </ol>
        )}
      </Section>
      {canAdd && (
        <Section title={t("timeline.add")} id="timeline-add">
          <Notice message={add.notice} />
          <ErrorAlert error={add.error} />
          <form className="form" onSubmit={(e) => void submitAdd(e)} noValidate>
            <div className="form--row">
              <Field label={t("timeline.at")} name="at" error={add.error} hint={t("clock.atHint")}>
                {(p) => <input {...p} type="datetime-local" required defaultValue={nowTokyoLocal()} />}
              </Field>
              <Field label={t("timeline.kind")} name="kind" error={add.error}>
                {(p) => (
                  <select {...p} defaultValue="observation">
                    <Options section="timelineKinds" values={TIMELINE_KINDS} />
                  </select>
                )}
              </Field>
              <Field label={t("timeline.source")} name="source" error={add.error} hint={t("timeline.sourceHint")}>
                {(p) => <input {...p} type="text" maxLength={500} />}
              </Field>
            </div>
            <Field label={t("timeline.text")} name="text" error={add.error}>
              {(p) => <textarea {...p} rows={3} required maxLength={5000} />}
            </Field>
            <div className="form__actions">
              <SubmitButton busy={add.busy}>{t("timeline.record")}</SubmitButton>
            </div>
          </form>
        </Section>
      )}
    </>
  );
}

/** Sends only what changed, plus the reason: the server carries the rest over from the event it supersedes. */
function CorrectForm({ path, event, action, onDone }: { path: string; event: TimelineEvent; action: Mutations; onDone: () => void }) {
  const { t } = useTranslation();
  const initialAt = toTokyoLocal(event.at);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { at = "", kind = "", text = "", source = "", reason = "" } = formValues(e.currentTarget);
    const body = {
      reason,
      ...(at !== initialAt ? { at } : {}),
      ...(kind !== event.kind ? { kind } : {}),
      ...(text !== event.text ? { text } : {}),
      ...(source !== event.source ? { source } : {}),
    };
    const res = await action.mutate(() => api.post(path, body), t("timeline.corrected"));
    if (res) onDone();
  };
  return (
    <form className="form timeline-correct" onSubmit={(e) => void submit(e)} noValidate aria-label={t("timeline.correctTitle")}>
      <ErrorAlert error={action.error} />
      <div className="form--row">
        <Field label={t("timeline.at")} name="at" error={action.error}>
          {(p) => <input {...p} type="datetime-local" defaultValue={initialAt} />}
        </Field>
        <Field label={t("timeline.kind")} name="kind" error={action.error}>
          {(p) => (
            <select {...p} defaultValue={event.kind}>
              <Options section="timelineKinds" values={TIMELINE_KINDS} />
            </select>
          )}
        </Field>
        <Field label={t("timeline.source")} name="source" error={action.error}>
          {(p) => <input {...p} type="text" maxLength={500} defaultValue={event.source} />}
        </Field>
      </div>
      <Field label={t("timeline.text")} name="text" error={action.error}>
        {(p) => <textarea {...p} rows={2} maxLength={5000} defaultValue={event.text} />}
      </Field>
      <Field label={t("timeline.reason")} name="reason" error={action.error}>
        {(p) => <input {...p} type="text" required maxLength={1000} />}
      </Field>
      <div className="form__actions">
        <SubmitButton busy={action.busy}>{t("timeline.saveCorrection")}</SubmitButton>
        <button type="button" className="button" onClick={onDone}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
