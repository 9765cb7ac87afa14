/** A labelled form control that shows the server's complaint about it, linked for screen readers. */
import { useEffect, useId, type ReactNode } from "react";
import type { ApiError } from "../api";

export type ControlProps = {
  id: string;
  name: string;
  "aria-invalid": boolean;
  "aria-describedby"?: string;
};

type FieldProps = {
  label: string;
  name: string;
  error?: ApiError | null;
  hint?: string;
  /** Renders the control itself: input, select or textarea, spreading the given props. */
  children: (props: ControlProps) => ReactNode;
};

/** Form fields on screen by name, so an error banner knows which sentences already stand under a field. */
const mounted = new Map<string, number>();
export const isFieldOnScreen = (name: string): boolean => (mounted.get(name) ?? 0) > 0;

export function Field({ label, name, error, hint, children }: FieldProps) {
  const id = useId();
  useEffect(() => {
    mounted.set(name, (mounted.get(name) ?? 0) + 1);
    return () => {
      mounted.set(name, (mounted.get(name) ?? 1) - 1);
    };
  }, [name]);
  const message = error?.messageFor(name);
  const invalid = message !== undefined;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={invalid ? "field field--invalid" : "field"}>
      <label htmlFor={id}>{label}</label>
      {children({ id, name, "aria-invalid": invalid, ...(describedBy ? { "aria-describedby": describedBy } : {}) })}
      {hint && (
        <p className="field__hint" id={hintId}>
          {hint}
        </p>
      )}
      {invalid && (
        <p className="field__error" id={errorId}>
          {message}
        </p>
      )}
    </div>
  );
}
