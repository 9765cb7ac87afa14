/**
 * i18next for the UI: Japanese unless the user chose English on this browser (localStorage `sokuho.locale`).
 * `setLocale` is the one place that switches language, so <html lang> and storage never drift apart.
 */
import i18next from "i18next";
import { initReactI18next } from "react-i18next";
import type { Locale } from "../../platform/auth/contract";
import { readLocal, writeLocal } from "../storage";
import { en } from "./en";
import { ja } from "./ja";

export const LOCALE_KEY = "sokuho.locale";
export const LOCALES: readonly Locale[] = ["ja", "en"];

const isLocale = (v: unknown): v is Locale => v === "ja" || v === "en";

/** The language this browser was told to use, if any (storage can be off in private windows). */
export const storedLocale = (): Locale | null => {
  const v = readLocal(LOCALE_KEY);
  return isLocale(v) ? v : null;
};

export const i18n = i18next.createInstance();
void i18n.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: storedLocale() ?? "ja",
  fallbackLng: "ja",
  supportedLngs: LOCALES,
  interpolation: { escapeValue: false }, // React escapes already
  returnNull: false,
  initAsync: false,
});

const applyLang = (lng: string) => {
  document.documentElement.lang = lng;
};
applyLang(i18n.language);
i18n.on("languageChanged", applyLang);

export const currentLocale = (): Locale => (isLocale(i18n.language) ? i18n.language : "ja");

export const setLocale = async (locale: Locale): Promise<void> => {
  writeLocal(LOCALE_KEY, locale);
  await i18n.changeLanguage(locale);
};
