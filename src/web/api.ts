/**
 * The one way the UI talks to the server: same-origin JSON, the UI language as Accept-Language (so error
 * messages arrive translated), and the session's CSRF token on every non-GET request.
 */
import type { ApiErrorBody } from "../platform/auth/contract";
import { i18n } from "./i18n";

export type FieldError = { field: string; message: string };

/** An error the server explained (`{ error: {...} }`), or one we made up for network failures. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly requestId?: string,
    /** Every field the server blamed, each with its sentence (a validation error names them all at once). */
    readonly fields: readonly FieldError[] = field ? [{ field, message }] : [],
  ) {
    super(message);
  }
  /** The server's sentence about this form field (`body.email` → "email"), if it blamed it. */
  messageFor(name: string): string | undefined {
    return this.fields.find((f) => f.field === `body.${name}` || f.field === name)?.message;
  }
  /** Whether the server blamed this form field. */
  isAbout(name: string): boolean {
    return this.messageFor(name) !== undefined;
  }
  /** The fields of the request body it blamed: shown under their controls, so a banner only counts them. */
  get bodyFields(): readonly FieldError[] {
    return this.fields.filter((f) => f.field.startsWith("body."));
  }
}

let csrfToken = "";
let onUnauthenticated: () => void = () => {};

export const setCsrfToken = (token: string): void => {
  csrfToken = token;
};
/** Called when the session is gone (401 unauthenticated), so the app can show the login page. */
export const setUnauthenticatedHandler = (handler: () => void): void => {
  onUnauthenticated = handler;
};

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export const apiUrl = (path: string): string => `/api/v1${path}`;

export async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json", "Accept-Language": i18n.language || "ja" };
  // Only announce JSON when there is some: the server rejects an empty JSON body.
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = csrfToken;
  let res: Response;
  try {
    res = await fetch(apiUrl(path), {
      method,
      headers,
      credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "network", i18n.t("errors.network"));
  }
  if (res.status === 204 || res.status === 202) return undefined as T;
  const text = await res.text();
  const data: unknown = text ? safeJson(text) : undefined;
  if (res.ok) return data as T;
  const err = (data as Partial<ApiErrorBody> | undefined)?.error;
  const apiError = new ApiError(
    res.status,
    err?.code ?? "http",
    err?.message ?? i18n.t("errors.http", { status: res.status }),
    err?.field,
    err?.requestId,
    err?.fields ?? (err?.field ? [{ field: err.field, message: err.message ?? "" }] : []),
  );
  // A wrong password is also a 401; only a lost session sends the user back to the login page.
  if (res.status === 401 && apiError.code === "unauthenticated") onUnauthenticated();
  throw apiError;
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

export const api = {
  get: <T>(path: string) => request<T>("GET", path),
  post: <T>(path: string, body?: unknown) => request<T>("POST", path, body),
  /** Replaces a whole resource (a clock, the gap targets, a playbook). */
  put: <T>(path: string, body: unknown) => request<T>("PUT", path, body),
  patch: <T>(path: string, body: unknown) => request<T>("PATCH", path, body),
  del: (path: string) => request<void>("DELETE", path),
};

/** `/orgs/:orgId` plus more, with every part escaped. */
export const orgPath = (orgId: string, ...rest: string[]): string =>
  ["/orgs", orgId, ...rest].map((p, i) => (i === 0 ? p : encodeURIComponent(p))).join("/");
