/** Forgot password (ask for a link) and reset password (use the link). */
import { useEffect, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { ApiError, api } from "../api";
import { ErrorAlert, Notice } from "../components/Alerts";
import { AuthLayout } from "../components/AuthLayout";
import { Field } from "../components/Field";
import { formValues, useAction } from "../hooks";

function BackToLogin() {
  const { t } = useTranslation();
  return (
    <p className="auth__links">
      <Link to="/login">{t("reset.backToLogin")}</Link>
    </p>
  );
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const action = useAction();
  const [sent, setSent] = useState(false);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const { email = "" } = formValues(e.currentTarget);
    const ok = await action.attempt(() => api.post("/auth/password-reset", { email }));
    if (ok) setSent(true);
  };

  return (
    <AuthLayout title={t("reset.forgotTitle")}>
      <Notice message={sent ? t("reset.sent") : null} />
      {!sent && (
        <>
          <p className="muted">{t("reset.forgotIntro")}</p>
          <ErrorAlert error={action.error} />
          <form onSubmit={submit} className="form" noValidate>
            <Field label={t("login.email")} name="email" error={action.error}>
              {(p) => <input {...p} type="email" autoComplete="email" required autoFocus />}
            </Field>
            <button type="submit" className="button button--primary button--wide" disabled={action.busy}>
              {t("reset.send")}
            </button>
          </form>
        </>
      )}
      <BackToLogin />
    </AuthLayout>
  );
}

/** A new password typed twice, and the check that both are the same (the reset and the invitation pages). */
export function NewPasswordFields({ error }: { error: ApiError | null }) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t("reset.newPassword")} name="password" error={error} hint={t("reset.passwordHint")}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required minLength={12} autoFocus />}
      </Field>
      <Field label={t("reset.confirmPassword")} name="confirm" error={error}>
        {(p) => <input {...p} type="password" autoComplete="new-password" required />}
      </Field>
    </>
  );
}
export const passwordMismatch = (values: Record<string, string>, message: string): ApiError | null =>
  values.password === values.confirm ? null : new ApiError(0, "mismatch", message, "body.confirm");

/** The token travels in the URL fragment (#token=...) so it never reaches server logs or Referer headers. */
const tokenFromHash = (hash: string): string => new URLSearchParams(hash.replace(/^#/, "")).get("token") ?? "";

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const action = useAction();
  const [token] = useState(() => tokenFromHash(location.hash));
  const [mismatch, setMismatch] = useState<ApiError | null>(null);
  // Drop the token from the address bar and history once read.
  useEffect(() => {
    if (location.hash) void navigate(location.pathname, { replace: true });
  }, [location.hash, location.pathname, navigate]);

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const values = formValues(e.currentTarget);
    const password = values.password ?? "";
    const problem = passwordMismatch(values, t("reset.mismatch"));
    setMismatch(problem);
    if (problem) return;
    const ok = await action.attempt(() => api.post("/auth/password-reset/confirm", { token, password }));
    if (ok) void navigate("/login", { replace: true, state: { notice: "reset.done" } });
  };

  if (!token)
    return (
      <AuthLayout title={t("reset.title")}>
        <div role="alert" className="alert alert--error">
          {t("reset.missingToken")}
        </div>
        <p className="auth__links">
          <Link to="/forgot-password">{t("reset.forgotTitle")}</Link>
        </p>
      </AuthLayout>
    );

  const error = mismatch ?? action.error;
  return (
    <AuthLayout title={t("reset.title")}>
      <ErrorAlert error={error} />
      <form onSubmit={submit} className="form" noValidate>
        <NewPasswordFields error={error} />
        <button type="submit" className="button button--primary button--wide" disabled={action.busy}>
          {t("reset.submit")}
        </button>
      </form>
      <BackToLogin />
    </AuthLayout>
  );
}
