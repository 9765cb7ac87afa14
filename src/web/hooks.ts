/** Loading and saving with the API, with the error kept for the form that caused it. */
import { useCallback, useEffect, useState } from "react";
import { ApiError, api } from "./api";
import { i18n } from "./i18n";

const asApiError = (e: unknown): ApiError =>
  e instanceof ApiError ? e : new ApiError(0, "client", i18n.t("errors.http", { status: "—" }));

export type Loaded<T> = { data?: T; error: ApiError | null; loading: boolean; reload: () => void };

/** GET `path` (null: nothing yet) and keep the answer; `reload()` fetches again after a change. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error: ApiError | null; loading: boolean }>({ error: null, loading: path !== null });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    if (path === null) return;
    let live = true; // a late answer for a path we left must not overwrite the current one
    setState((s) => ({ ...s, loading: true }));
    api.get<T>(path).then(
      (data) => live && setState({ data, error: null, loading: false }),
      (e: unknown) => live && setState({ error: asApiError(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { ...state, reload };
}

export type Action = {
  busy: boolean;
  error: ApiError | null;
  /** Runs `fn`, keeping its error for display; resolves to undefined when it failed. */
  run: <T>(fn: () => Promise<T>) => Promise<T | undefined>;
  /** Like run, for calls whose answer does not matter (204s): true when it succeeded. */
  attempt: (fn: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
};

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <T,>(fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(asApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const attempt = useCallback(
    async (fn: () => Promise<unknown>) =>
      (await run(async () => {
        await fn();
        return true;
      })) === true,
    [run],
  );
  const clear = useCallback(() => setError(null), []);
  return { busy, error, run, attempt, clear };
}

export type Mutations = Action & {
  notice: string | null;
  /**
   * Runs a change, then says `message` (politely, in a live region) if it worked, and reloads the list either
   * way, so a refused change does not stay on screen. Resolves to `{ value }` when it worked.
   */
  mutate: <T>(fn: () => Promise<T>, message: string | ((value: T) => string)) => Promise<{ value: T } | undefined>;
};

export function useMutations(reload?: () => void): Mutations {
  const action = useAction();
  const { run } = action;
  const [notice, setNotice] = useState<string | null>(null);
  const mutate = useCallback(
    async <T,>(fn: () => Promise<T>, message: string | ((value: T) => string)) => {
      setNotice(null);
      const res = await run(async () => ({ value: await fn() }));
      if (res) setNotice(typeof message === "string" ? message : message(res.value));
      reload?.();
      return res;
    },
    [run, reload],
  );
  return { ...action, notice, mutate };
}

/** A form's fields as strings (unchecked controls are absent). */
export const formValues = (form: HTMLFormElement): Record<string, string> => {
  const out: Record<string, string> = {};
  new FormData(form).forEach((v, k) => {
    if (typeof v === "string") out[k] = v;
  });
  return out;
};
