/** The frame of the signed-out pages: product name, language switch, one centred card. */
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { LanguageSwitch } from "./LanguageSwitch";

export function AuthLayout({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth">
      <header className="auth__top">
        <p className="brand">
          <span className="brand__mark" lang="ja">速報</span> <span className="brand__name">sokuho</span>
        </p>
        <LanguageSwitch />
      </header>
      <main className="auth__main" id="main">
        <div className="auth__card card">
          <h1 tabIndex={-1} data-page-title>
            {title}
          </h1>
          {children}
        </div>
        <p className="auth__tagline muted">{t("app.tagline")}</p>
      </main>
    </div>
  );
}
