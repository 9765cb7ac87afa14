/** Small display pieces that follow the UI language: dates in Japan time, names, roles and other enums. */
import { useTranslation } from "react-i18next";
import type { Named } from "../../platform/auth/contract";
import { formatDateTime, nameOf } from "../format";
import { currentLocale } from "../i18n";

export function DateTime({ value, withTime = true }: { value: string | null | undefined; withTime?: boolean }) {
  const { t } = useTranslation();
  if (!value) return <span className="muted">{t("common.none")}</span>;
  return <time dateTime={value}>{formatDateTime(value, currentLocale(), withTime)}</time>;
}

export function OrgName({ org }: { org: Named }) {
  useTranslation(); // re-render on language change
  return <>{nameOf(org, currentLocale())}</>;
}

/** A translated enum value, e.g. `<Label group="roles" value="ciso" />`. */
export function Label({ group, value }: { group: "roles" | "kinds" | "statuses" | "severities" | "access" | "relations"; value: string }) {
  const { t } = useTranslation();
  return <>{t(`${group}.${value}`, { defaultValue: value })}</>;
}

/** A status or severity as a coloured badge; the colour only repeats what the text says. */
export function Badge({ group, value }: { group: "statuses" | "severities"; value: string }) {
  return (
    <span className={`badge badge--${group}-${value}`}>
      <Label group={group} value={value} />
    </span>
  );
}
