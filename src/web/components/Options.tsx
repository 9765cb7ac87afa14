/** <option>s for any translated enum, `values` under the catalog section `section` (e.g. "categories"). */
import { useTranslation } from "react-i18next";

export function Options({ section, values }: { section: string; values: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {t(`${section}.${v}`, { defaultValue: v })}
        </option>
      ))}
    </>
  );
}
