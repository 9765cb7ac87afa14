/** Reusable controls: translated <option> lists, a confirm-first button, a copy-to-clipboard button. */
import { useState, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

type Group = "roles" | "statuses" | "severities";

export function EnumOptions({ group, values }: { group: Group; values: readonly string[] }) {
  const { t } = useTranslation();
  return (
    <>
      {values.map((v) => (
        <option key={v} value={v}>
          {t(`${group}.${v}`)}
        </option>
      ))}
    </>
  );
}

/** A destructive button that asks first. `label` is the accessible name, naming the object ("Remove 佐藤"). */
export function ConfirmButton({
  label,
  question,
  onConfirm,
  disabled,
  children,
}: {
  label: string;
  question: string;
  onConfirm: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <button
      type="button"
      className="button button--danger button--small"
      aria-label={label}
      disabled={disabled}
      onClick={() => {
        if (window.confirm(question)) onConfirm();
      }}
    >
      {children}
    </button>
  );
}

export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button button--small"
      aria-label={label}
      onClick={() => {
        void navigator.clipboard?.writeText(text).then(() => setCopied(true));
      }}
    >
      <span aria-live="polite">{copied ? t("common.copied") : t("common.copy")}</span>
    </button>
  );
}

/** Submit with a busy state; the text does not change, so screen readers are not interrupted. */
export function SubmitButton({ busy, children }: { busy: boolean; children: ReactNode }) {
  return (
    <button type="submit" className="button button--primary" disabled={busy} aria-busy={busy}>
      {children}
    </button>
  );
}
