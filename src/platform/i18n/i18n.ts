/** Server-side translation: i18next with the ja/en catalogs, Japanese first. */
import i18next, { type TFunction } from "i18next";
import { ja } from "./messages/ja.js";
import { en } from "./messages/en.js";

export const LOCALES = ["ja", "en"] as const;
export type Locale = (typeof LOCALES)[number];

const instance = i18next.createInstance();
void instance.init({
  lng: "ja",
  fallbackLng: "ja",
  resources: { ja: { translation: ja }, en: { translation: en } },
  interpolation: { escapeValue: false },
  initAsync: false,
});

export const translator = (locale: Locale): TFunction => instance.getFixedT(locale);

/** Picks ja or en from an Accept-Language header (q-values honoured); Japanese when nothing matches. */
export const localeFromHeader = (header: string | undefined): Locale => {
  if (!header) return "ja";
  const ranked = header
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { tag: (tag ?? "").toLowerCase(), q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => x.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith("ja")) return "ja";
    if (tag.startsWith("en")) return "en";
  }
  return "ja";
};
