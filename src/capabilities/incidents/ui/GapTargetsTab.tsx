/**
 * Settings → targets: how long each gap between two clocks may take, as a form in hours and days. Pairs left at
 * their default are not stored, so a later change of the defaults reaches them.
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import type { GapTarget, GapTargetsResponse } from "../contract";
import { api, orgPath } from "../../../web/api";
import { ErrorAlert, Notice } from "../../../web/components/Alerts";
import { SubmitButton } from "../../../web/components/Controls";
import { formatMinutes } from "../../../web/components/Duration";
import { DurationInput } from "../../../web/components/DurationInput";
import { useGapName } from "../../../web/components/GapBadge";
import { Loading, Section } from "../../../web/components/Layout";
import { useApi, useMutations } from "../../../web/hooks";
import { useOrg } from "../../../web/org";

const keyOf = (t: Pick<GapTarget, "from" | "to">) => `${t.from}->${t.to}`;

export function GapTargetsTab() {
  const { t } = useTranslation();
  const org = useOrg();
  const gapName = useGapName();
  const path = orgPath(org.orgId, "gap-targets");
  const loaded = useApi<GapTargetsResponse>(path);
  const save = useMutations(loaded.reload);
  const [minutes, setMinutes] = useState<Record<string, number>>({});
  // Which form generation the duration inputs belong to: a reset or reload re-creates them with fresh units.
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!loaded.data) return;
    setMinutes(Object.fromEntries(loaded.data.targets.map((x) => [keyOf(x), x.minutes])));
    setGeneration((g) => g + 1);
  }, [loaded.data]);

  if (!loaded.data) return loaded.error ? <ErrorAlert error={loaded.error} /> : <Loading />;
  const { targets, defaults, policies } = loaded.data;
  const defaultOf = new Map(defaults.map((d) => [keyOf(d), d.minutes]));
  const canEdit = policies.update;

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const own = targets
      .map((x) => ({ from: x.from, to: x.to, minutes: minutes[keyOf(x)] ?? x.minutes }))
      .filter((x) => defaultOf.get(keyOf(x)) !== x.minutes);
    void save.mutate(() => api.put(path, { targets: own }), t("targets.saved"));
  };

  return (
    <Section title={t("targets.title")} id="gap-targets">
      <p className="muted">{t("targets.intro")}</p>
      <Notice message={save.notice} />
      <ErrorAlert error={save.error} />
      <form onSubmit={submit} noValidate>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("targets.pair")}</th>
                <th scope="col">{t("targets.target")}</th>
                <th scope="col">{t("targets.default")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("members.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {targets.map((x, i) => {
                const key = keyOf(x);
                const value = minutes[key] ?? x.minutes;
                const def = defaultOf.get(key);
                const isDefault = def === value;
                const invalid = !!save.error?.field?.startsWith(`body.targets.${i}`);
                return (
                  <tr key={key}>
                    <th scope="row">{gapName(x)}</th>
                    <td>
                      {canEdit ? (
                        <DurationInput
                          key={`${key}-${generation}`}
                          label={gapName(x)}
                          minutes={value}
                          min={1}
                          invalid={invalid}
                          onChange={(m) => setMinutes({ ...minutes, [key]: m })}
                        />
                      ) : (
                        formatMinutes(value)
                      )}
                    </td>
                    <td className="nowrap">
                      {def !== undefined ? formatMinutes(def) : <span className="muted">—</span>}
                      {!isDefault && def !== undefined && <span className="tag targets__changed">{t("targets.changed")}</span>}
                    </td>
                    <td className="actions">
                      {canEdit && def !== undefined && !isDefault && (
                        <button
                          type="button"
                          className="button button--small"
                          aria-label={t("targets.resetPair", { pair: gapName(x) })}
                          onClick={() => {
                            setMinutes({ ...minutes, [key]: def });
                            setGeneration((g) => g + 1);
                          }}
                        >
                          {t("targets.reset")}
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {canEdit ? (
          <div className="form__actions targets__actions">
            <SubmitButton busy={save.busy}>{t("common.save")}</SubmitButton>
            <button
              type="button"
              className="button"
              onClick={() => {
                setMinutes(Object.fromEntries(targets.map((x) => [keyOf(x), defaultOf.get(keyOf(x)) ?? x.minutes])));
                setGeneration((g) => g + 1);
              }}
            >
              {t("targets.resetAll")}
            </button>
          </div>
        ) : (
          <p className="muted">{t("targets.readOnly")}</p>
        )}
      </form>
    </Section>
  );
}
