/**
 * The page a message's link opens, without signing in: it shows what the link will do (the GET changes nothing, so
 * a mail client's pre-fetcher cannot acknowledge) and does it when the person presses the button (POST, once).
 * The token travels in the URL's fragment, which the browser never sends to a server or in a Referer.
 */
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, apiUrl } from "../../../web/api";
import { AuthLayout } from "../../../web/components/AuthLayout";
import { DateTime } from "../../../web/components/Labels";
import { currentLocale, i18n } from "../../../web/i18n";
import type { ActionLinkResult, ActionLinkView } from "../pages-contract";
import "./network.css";

const tokenFromHash = (): string => new URLSearchParams(window.location.hash.slice(1)).get("token") ?? "";

/** No cookie goes with these calls: the token is the only authority, and a session would ask for a CSRF token. */
const call = async <T,>(method: "GET" | "POST", token: string): Promise<T> => {
  const res = await fetch(apiUrl(`/network/actions/${encodeURIComponent(token)}`), {
    method, credentials: "omit", headers: { Accept: "application/json", "Accept-Language": i18n.language || "ja" },
  });
  const data = (await res.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new ApiError(res.status, data.error?.code ?? "http", data.error?.message ?? String(res.status));
  return data;
};

export function ActionLinkPage() {
  const { t } = useTranslation();
  const [token] = useState(tokenFromHash);
  const [view, setView] = useState<ActionLinkView | null>(null);
  const [done, setDone] = useState<ActionLinkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!token) return setError(t("networkAction.noToken"));
    call<ActionLinkView>("GET", token).then(setView, (e: unknown) => setError((e as Error).message));
  }, [token, t]);
  const act = async () => {
    setBusy(true);
    try {
      setDone(await call<ActionLinkResult>("POST", token));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const ja = currentLocale() !== "en";
  const title = view ? (ja ? view.page.title.ja : view.page.title.en) : "";
  return (
    <AuthLayout title={t("networkAction.title")}>
      {error && <div role="alert" className="alert alert--error" data-testid="action-error">{error}</div>}
      {view && (
        <div data-testid="action-link">
          {view.page.isDrill && <p><span className="badge network-drill">{t("network.drill")}</span></p>}
          <p><strong>{title}</strong></p>
          <p className="muted">{ja ? view.page.org.nameJa : view.page.org.nameEn} · <DateTime value={view.page.createdAt} /></p>
          <p>{t("network.status")}: {t(`network.status_${done?.status ?? view.page.status}`)}</p>
          {done ? (
            <p role="status" data-testid="action-done">{done.changed ? t(`networkAction.done_${done.action}`) : t("networkAction.nothingChanged")}</p>
          ) : view.state === "ready" ? (
            <button type="button" className="button button--primary" disabled={busy} onClick={() => void act()}>{t(`networkAction.do_${view.action}`)}</button>
          ) : (
            !error && <p role="alert" className="alert alert--error">{t(`networkAction.state_${view.state}`)}</p>
          )}
        </div>
      )}
    </AuthLayout>
  );
}
