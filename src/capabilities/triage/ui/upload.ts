/** A multipart upload with the session's CSRF token; errors as the API's sentences (ApiError), like every call. */
import { ApiError, apiUrl } from "../../../web/api";
import type { ApiErrorBody } from "../../../platform/auth/contract";
import { i18n } from "../../../web/i18n";

export const postFile = async <T,>(path: string, file: File, csrfToken: string, fields: Record<string, string> = {}): Promise<T> => {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) if (v.trim()) body.append(k, v);
  body.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method: "POST", body, credentials: "same-origin",
      headers: { Accept: "application/json", "Accept-Language": i18n.language || "ja", "X-CSRF-Token": csrfToken },
    });
  } catch {
    throw new ApiError(0, "network", i18n.t("errors.network"));
  }
  const data = (await res.json().catch(() => undefined)) as unknown;
  if (res.ok) return data as T;
  const err = (data as Partial<ApiErrorBody> | undefined)?.error;
  throw new ApiError(res.status, err?.code ?? "http", err?.message ?? i18n.t("errors.http", { status: res.status }), err?.field, err?.requestId);
};

/** The text in the UI's language. */
export const inLanguage = (t: { ja: string; en: string }): string => ((i18n.language || "ja").startsWith("en") ? t.en : t.ja);
