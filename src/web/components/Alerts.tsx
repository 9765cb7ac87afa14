/** Live regions: errors are announced at once, confirmations politely. The regions always exist so that
 * screen readers notice when text appears in them. */
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";

export function ErrorAlert({ error }: { error: ApiError | null | undefined }) {
  const { t } = useTranslation();
  return (
    <div aria-live="assertive" className="live">
      {error && (
        <div role="alert" className="alert alert--error">
          {/* Body fields have their sentence under the control: the banner counts them instead of repeating it. */}
          {error.bodyFields.length > 0 ? <p>{t("errors.checkFields", { count: error.bodyFields.length })}</p> : <p>{error.message}</p>}
          {error.bodyFields.length === 0 && error.requestId && <p className="alert__meta">{t("errors.requestId", { id: error.requestId })}</p>}
        </div>
      )}
    </div>
  );
}

export function Notice({ message }: { message: string | null | undefined }) {
  return (
    <div role="status" aria-live="polite" className="live">
      {message && <div className="alert alert--ok">{message}</div>}
    </div>
  );
}
