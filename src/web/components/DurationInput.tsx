/** A length of time as a number and a unit (minutes, hours, days); the value is kept in minutes. */
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { UNIT_MINUTES, bestUnit, type DurationUnit } from "./Duration";
import "./incident-parts.css";

type Props = {
  label: string;
  minutes: number;
  onChange: (minutes: number) => void;
  min?: number;
  invalid?: boolean;
  describedBy?: string;
};

export function DurationInput({ label, minutes, onChange, min = 0, invalid, describedBy }: Props) {
  const { t } = useTranslation();
  const id = useId();
  // The unit is the user's choice once made: typing "0" on the way to "10" must not flip days into minutes.
  const [unit, setUnit] = useState<DurationUnit>(() => bestUnit(minutes).unit);
  const value = Math.round((minutes / UNIT_MINUTES[unit]) * 100) / 100;
  const set = (v: number, u: DurationUnit) => {
    setUnit(u);
    onChange(Math.round(v * UNIT_MINUTES[u]));
  };
  return (
    <div className="duration-input" role="group" aria-labelledby={`${id}-label`}>
      <span id={`${id}-label`} className="visually-hidden">
        {label}
      </span>
      <input
        type="number"
        inputMode="numeric"
        min={min}
        step="any"
        value={value}
        aria-label={t("duration.amount", { label })}
        aria-invalid={invalid ?? false}
        {...(describedBy ? { "aria-describedby": describedBy } : {})}
        onChange={(e) => set(Number(e.target.value) || 0, unit)}
      />
      <select aria-label={t("duration.unit", { label })} value={unit} onChange={(e) => set(value, e.target.value as DurationUnit)}>
        {(["minutes", "hours", "days"] as const).map((u) => (
          <option key={u} value={u}>
            {t(`duration.unit_${u}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
