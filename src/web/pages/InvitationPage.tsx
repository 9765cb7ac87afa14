/**
 * An invitation link (/invitation#token=…): says which organisation and role, then either joins with the signed-in
 * account (an existing account must sign in first) or creates the account with a new password. The token is kept
 * in sessionStorage across the sign-in, never in the address bar or the history.
 */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { ApiError, api } from "../api";
import { ErrorAlert } from "../components/Alerts";
import { AuthLayout } from "../components/AuthLayout";
import { formValues, useAction } from "../hooks";
import { NewPasswordFields, passwordMismatch } from "./PasswordResetPages";

const STORAGE_KEY = "sokuho.invitation";
type Lookup = {
  org: { nameJa: string; nameEn: string }; role: string; displayName: string;
  hasAccount: boolean; signedIn: "no" | "invitee" | "someone_else";
};

const tokenFromHash = (hash: string): string => new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";

export function InvitationPage() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const action = useAction();
  const [token] = useState(() => {
    const fromHash = tokenFromHash(location.hash);
    if (fromHash) sessionStorage.setItem(STORAGE_KEY, fromHash);
    return fromHash || sessionStorage.getItem(STORAGE_KEY) || "";
  });
  const [info, setInfo] = useState<Lookup | null>(null);
  const [lookupError, setLookupError] = useState<ApiError | null>(null);
  const [mismatch, setMismatch] = useState<ApiError | null>(null);

  useEffect(() => {
    if (location.hash) void navigate(location.pathname, { replace: true });
  }, [location.hash, location.pathname, navigate]);
  useEffect(() => {
    if (!token) return;
    api.post<Lookup>("/invitations/lookup", { token }).then(setInfo, (e: unknown) => setLookupError(e instanceof ApiError ? e : null));
  }, [token]);

  const done = (orgId: string) => {
    sessionStorage.removeItem(STORAGE_KEY);
    // A full load, so the session picks up the new organisation.
    window.location.assign(`/o/${orgId}`);
  };
  const join = async () => {
    const r = await action.run(() => api.post<{ orgId: string }>("/invitations/accept", { token }));
    if (r) done(r.orgId);
  };
  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const values = formValues(e.currentTarget);
    const password = values.password ?? "";
    const problem = passwordMismatch(values, t("reset.mismatch"));
    setMismatch(problem);
    if (problem) return;
    const r = await action.run(() => api.post<{ orgId: string }>("/invitations/accept", { token, password }));
    if (r) {
      sessionStorage.removeItem(STORAGE_KEY);
      void navigate("/login", { replace: true, state: { notice: "invitation.created" } });
    }
  };

  if (!token || lookupError)
    return (
      <AuthLayout title={t("invitation.title")}>
        <div role="alert" className="alert alert--error">{lookupError?.message ?? t("invitation.missing")}</div>
        <p className="auth__links"><Link to="/login">{t("reset.backToLogin")}</Link></p>
      </AuthLayout>
    );
  if (!info) return <AuthLayout title={t("invitation.title")}><p className="muted">{t("common.loading")}</p></AuthLayout>;

  const orgName = i18n.language === "en" ? info.org.nameEn : info.org.nameJa;
  const error = mismatch ?? action.error;
  return (
    <AuthLayout title={t("invitation.title")}>
      <p>{t("invitation.intro", { org: orgName, role: t(`roles.${info.role}`) })}</p>
      <ErrorAlert error={error} />
      {info.hasAccount && info.signedIn === "invitee" && (
        <button type="button" className="button button--primary button--wide" disabled={action.busy} onClick={() => void join()}>
          {t("invitation.join", { org: orgName })}
        </button>
      )}
      {info.hasAccount && info.signedIn !== "invitee" && (
        <>
          <p className="muted">{t(info.signedIn === "someone_else" ? "invitation.otherAccount" : "invitation.signInFirst")}</p>
          <p className="auth__links"><Link to="/login" state={{ from: "/invitation" }}>{t("invitation.signIn")}</Link></p>
        </>
      )}
      {!info.hasAccount && (
        <form onSubmit={create} className="form" noValidate>
          <p className="muted">{t("invitation.newAccount", { name: info.displayName })}</p>
          <NewPasswordFields error={error} />
          <button type="submit" className="button button--primary button--wide" disabled={action.busy}>
            {t("invitation.create")}
          </button>
        </form>
      )}
    </AuthLayout>
  );
}
