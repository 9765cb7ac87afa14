/** 日本語 / English. Each label is written in its own language so anyone can find theirs. */
import { useTranslation } from "react-i18next";
import type { Locale } from "../../platform/auth/contract";
import { LOCALES, currentLocale, setLocale } from "../i18n";

const NAMES: Record<Locale, string> = { ja: "日本語", en: "English" };

export function LanguageSwitch({ onChange }: { onChange?: (locale: Locale) => void }) {
  const { t } = useTranslation();
  const current = currentLocale();
  return (
    <div role="group" aria-label={t("shell.language")} className="segmented">
      {LOCALES.map((l) => (
        <button
          key={l}
          type="button"
          lang={l}
          aria-pressed={l === current}
          onClick={() => {
            if (l === current) return;
            void setLocale(l);
            onChange?.(l);
          }}
        >
          {NAMES[l]}
        </button>
      ))}
    </div>
  );
}
