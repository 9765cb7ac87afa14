import type { FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import type { Me } from "../../platform/auth/contract";
import { api } from "../api";
import { ErrorAlert, Notice } from "../components/Alerts";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { formValues, useAction } from "../hooks";
import { useSession } from "../session";

/** Where to go after signing in: back to the page that asked for it, if it was inside the app. */
const returnPath = (state: unknown): string => {
  const from = (state as { from?: string } | null)?.from;
  return from && (from.startsWith("/o/") || from === "/invitation") ? from : "/";
};

export function LoginPage() {
  const { t } = useTranslation();
  const { state: session, setMe } = useSession();
  const location = useLocation();
  const navigate = useNavigate();
  const action = useAction();
  const notice = (location.state as { notice?: string } | null)?.notice;

  if (session.status === "signed-in") return <Navigate to={returnPath(location.state)} replace />;

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { email = "", password = "" } = formValues(e.currentTarget);
    const me = await action.run(() => api.post<Me>("/auth/login", { email, password }));
    if (me) {
      setMe(me);
      void navigate(returnPath(location.state), { replace: true });
    }
  };

  return (
    <AuthLayout title={t("login.title")}>
      <Notice message={notice && !action.error ? t(notice) : null} />
      <p className="muted">{t("login.intro")}</p>
      <ErrorAlert error={action.error} />
      <form onSubmit={submit} className="form" noValidate>
        <Field label={t("login.email")} name="email" error={action.error}>
          {(p) => <input {...p} type="email" autoComplete="username" required autoFocus />}
        </Field>
        <Field label={t("login.password")} name="password" error={action.error}>
          {(p) => <input {...p} type="password" autoComplete="current-password" required />}
        </Field>
        <button type="submit" className="button button--primary button--wide" disabled={action.busy}>
          {action.busy ? t("login.submitting") : t("login.submit")}
        </button>
      </form>
      <p className="auth__links">
        <Link to="/forgot-password">{t("login.forgot")}</Link>
      </p>
    </AuthLayout>
  );
}
