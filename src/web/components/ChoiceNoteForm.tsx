/** A one-line form to change a choice and a short text of a listed item (a link's compromise and note, an indicator's TLP and description). */
import type { FormEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../api";
import { SubmitButton } from "./Controls";
import { Field } from "./Field";
import { formValues } from "../hooks";

type Choice = { name: string; label: string; value: string; options: ReactNode };
type Text = { name: string; label: string; value?: string };

/** The two fields alone, for forms that have more. */
export function ChoiceAndText({ choice, text, error }: { choice: Choice; text: Text; error: ApiError | null }) {
  return (
    <>
      <Field label={choice.label} name={choice.name} error={error}>
        {(p) => (
          <select {...p} defaultValue={choice.value}>
            {choice.options}
          </select>
        )}
      </Field>
      <Field label={text.label} name={text.name} error={error}>
        {(p) => <input {...p} type="text" maxLength={2000} defaultValue={text.value} />}
      </Field>
    </>
  );
}

type Props = {
  title: string;
  choice: Choice;
  text: Text;
  error: ApiError | null;
  busy: boolean;
  onSubmit: (values: Record<string, string>) => void;
  onCancel: () => void;
};

export function ChoiceNoteForm({ title, choice, text, error, busy, onSubmit, onCancel }: Props) {
  const { t } = useTranslation();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onSubmit(formValues(e.currentTarget));
  };
  return (
    <form className="form form--row" onSubmit={submit} aria-label={title}>
      <ChoiceAndText choice={choice} text={text} error={error} />
      <SubmitButton busy={busy}>{t("common.save")}</SubmitButton>
      <button type="button" className="button" onClick={onCancel}>
        {t("common.cancel")}
      </button>
    </form>
  );
}
