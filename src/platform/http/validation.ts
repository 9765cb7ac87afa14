/**
 * Validation problems as sentences a person reads under the field: "件名を入力してください。", not zod's
 * "小さすぎる値: stringは1文字以上…". Each sentence names the field by its label from the message catalog; the
 * dotted path (`body.title`) stays beside it in the JSON for API clients. Pure: the translator is a parameter.
 */
import type { TFunction } from "i18next";

export type FieldError = { field: string; message: string };

/** One problem as fastify-type-provider-zod hands it over: zod's issue code, its path, and the details. */
export type ValidationEntry = {
  keyword: string;
  instancePath: string;
  params?: {
    origin?: string; minimum?: number | bigint; maximum?: number | bigint; format?: string; expected?: string;
    keys?: string[]; message?: string; divisor?: number;
  };
  message?: string;
};

const segments = (instancePath: string): string[] => instancePath.split("/").filter(Boolean);

/** The label of a dotted field path: its last named part (`body.steps.2.titleJa` → 内容（日本語）); a neutral word when unknown. */
export const fieldLabel = (t: TFunction, field: string | undefined): string => {
  const name = (field ?? "").split(".").filter((s) => !/^\d+$/.test(s)).slice(1).pop();
  return name ? t(`fields.${name}`, { defaultValue: t("fields.body") }) : t("fields.body");
};

const valueAt = (input: unknown, path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v !== null && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined), input);

/** The 1-based position of the item a path is inside (`/steps/1/timeoutMinutes` → 2), for sentences that name it. */
const itemOf = (instancePath: string): string => {
  const index = segments(instancePath).find((x) => /^\d+$/.test(x));
  return index === undefined ? "" : String(Number(index) + 1);
};

const sentence = (t: TFunction, e: ValidationEntry, label: string, present: boolean): string => {
  const p = e.params ?? {};
  const n = { label, minimum: String(p.minimum ?? ""), maximum: String(p.maximum ?? ""), item: itemOf(e.instancePath) };
  // A schema may name its own sentence by a catalog key for any problem (`{ error: "step_timeout" }`): a sentence
  // that says the bounds and which item of a list is wrong ("第2段階の待ち時間は…").
  const own = e.keyword === "custom" ? "" : (e.message ?? "");
  if (/^[a-z_]+$/.test(own)) {
    const text = t(`validation.${own}`, { ...n, defaultValue: "" });
    if (text) return text;
  }
  const sized = (text: string, number: string, many: string) =>
    p.origin === "string" ? text : p.origin === "array" || p.origin === "set" ? many : number;
  switch (e.keyword) {
    case "invalid_type":
      if (!present) return t("validation.required", n);
      return t(p.expected === "int" ? "validation.not_integer" : "validation.wrong_type", n);
    case "too_small":
      if (p.origin === "string" && Number(p.minimum) <= 1) return t("validation.required", n);
      return t(sized("validation.too_short", "validation.too_small_number", "validation.too_few"), n);
    case "too_big":
      return t(sized("validation.too_long", "validation.too_big_number", "validation.too_many"), n);
    case "invalid_value":
      return t(present ? "validation.choose" : "validation.required", n);
    case "invalid_format":
      return t(p.format === "email" ? "validation.email" : p.format === "uuid" || p.format === "guid" ? "validation.uuid" : "validation.format", n);
    case "not_multiple_of":
      return t("validation.not_integer", n);
    case "invalid_union":
      return t(present ? "validation.format" : "validation.required", n);
    case "custom": {
      // A refine names its sentence by a catalog key (`validation.lookup_keys`); anything else reads as "format".
      const key = e.message ?? p.message ?? "";
      return /^[a-z_]+$/.test(key) ? t(`validation.${key}`, { ...n, defaultValue: t("validation.format", n) }) : t("validation.format", n);
    }
    default:
      return t("validation.format", n);
  }
};

/**
 * Every field's problem at once (one sentence per field, the first found), in the order zod reported them.
 * `context` is where the input came from (body, querystring, params); `input` is that input, to tell a missing
 * field from a wrong one.
 */
export const describeValidation = (t: TFunction, context: string, entries: readonly ValidationEntry[], input: unknown): FieldError[] => {
  const out = new Map<string, string>();
  for (const e of entries) {
    const path = segments(e.instancePath);
    if (e.keyword === "unrecognized_keys") {
      for (const key of e.params?.keys ?? []) {
        const field = [context, ...path, key].join(".");
        if (!out.has(field)) out.set(field, t("validation.unknown_field", { key }));
      }
      continue;
    }
    const field = [context, ...path].join(".");
    if (out.has(field)) continue;
    out.set(field, sentence(t, e, fieldLabel(t, field), valueAt(input, path) !== undefined));
  }
  return [...out].map(([field, message]) => ({ field, message }));
};
