/** Live regions: errors are announced at once, confirmations politely. The regions always exist so that
 * screen readers notice when text appears in them. */
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { isFieldOnScreen } from "./Field";

export function ErrorAlert({ error }: { error: ApiError | null | undefined }) {
  return (
    <div aria-live="assertive" className="live">
      {error && (
        <div role="alert" className="alert alert--error">
          <AlertText error={error} />
        </div>
      )}
    </div>
  );
}

/**
 * A field's sentence stands under the field (Field): the banner counts those instead of repeating them, and says
 * in full what no field on screen shows (a problem with the request as a whole, or with a value the form does
 * not show, such as the token of a reset link).
 */
function AlertText({ error }: { error: ApiError }) {
  const { t } = useTranslation();
  const underFields = error.bodyFields.filter((f) => isFieldOnScreen(f.field.slice("body.".length)));
  const elsewhere = error.fields.filter((f) => !underFields.includes(f));
  if (underFields.length === 0) {
    return (
      <>
        <p>{error.message}</p>
        {error.requestId && <p className="alert__meta">{t("errors.requestId", { id: error.requestId })}</p>}
      </>
    );
  }
  return (
    <>
      <p>{t("errors.checkFields", { count: underFields.length })}</p>
      {elsewhere.map((f) => (
        <p key={f.field}>{f.message}</p>
      ))}
    </>
  );
}

export function Notice({ message }: { message: string | null | undefined }) {
  return (
    <div role="status" aria-live="polite" className="live">
      {message && <div className="alert alert--ok">{message}</div>}
    </div>
  );
}
