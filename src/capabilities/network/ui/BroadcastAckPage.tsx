/**
 * The page behind a duty-desk message's acknowledge link: no sign-in. Opening it changes nothing (mail scanners
 * open links); the button acknowledges, once. The request carries no cookie, so a signed-in browser is no different.
 */
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router-dom";
import { apiUrl } from "../../../web/api";
import { AuthLayout } from "../../../web/components/AuthLayout";
import { i18n } from "../../../web/i18n";
import type { ApiErrorBody } from "../../../platform/auth/contract";
import type { LinkAck } from "../broadcasts-contract";
import "./broadcasts.css";

export function BroadcastAckPage() {
  const { t } = useTranslation();
  const { token = "" } = useParams();
  const [state, setState] = useState<{ busy: boolean; done?: LinkAck; error?: string }>({ busy: false });
  const acknowledge = async () => {
    setState({ busy: true });
    try {
      const res = await fetch(apiUrl(`/network/broadcast-links/${encodeURIComponent(token)}/acknowledge`), {
        method: "POST", credentials: "omit", headers: { Accept: "application/json", "Accept-Language": i18n.language || "ja" },
      });
      const data = (await res.json().catch(() => undefined)) as unknown;
      if (res.ok) setState({ busy: false, done: data as LinkAck });
      else setState({ busy: false, error: (data as Partial<ApiErrorBody> | undefined)?.error?.message ?? t("errors.http", { status: res.status }) });
    } catch {
      setState({ busy: false, error: t("errors.network") });
    }
  };
  const b = state.done?.broadcast;
  return (
    <AuthLayout title={t("broadcasts.linkTitle")}>
      {state.done ? (
        <div role="status" data-testid="link-ack-done">
          {b?.isDrill && <span className="broadcast-drill">{t("broadcasts.drill")}</span>}
          <p><strong>{i18n.language === "en" ? b?.titleEn || b?.titleJa : b?.titleJa || b?.titleEn}</strong></p>
          <p>{state.done.acknowledged ? t("broadcasts.linkDone") : t("broadcasts.linkAlready")}</p>
        </div>
      ) : (
        <>
          <p>{t("broadcasts.linkExplain")}</p>
          {state.error && <p className="alert alert--error" role="alert">{state.error}</p>}
          <button type="button" className="button button--primary" disabled={state.busy} onClick={() => void acknowledge()}>{t("broadcasts.linkButton")}</button>
        </>
      )}
    </AuthLayout>
  );
}
