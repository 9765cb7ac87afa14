/**
 * Who is signed in. Loaded once from GET /me; the CSRF token it carries is handed to the API client, and a lost
 * session anywhere (401) clears it so the routes send the user to /login.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { Me } from "../platform/auth/contract";
import { ApiError, api, setCsrfToken, setUnauthenticatedHandler } from "./api";
import { i18n, storedLocale } from "./i18n";

type SessionState = { status: "loading" } | { status: "anonymous" } | { status: "signed-in"; me: Me };

export type Session = {
  state: SessionState;
  /** After a successful login or PATCH /me. */
  setMe: (me: Me) => void;
  signOut: () => Promise<void>;
};

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: "loading" });

  const setMe = useCallback((me: Me) => {
    // A choice made on this browser wins; otherwise follow the account's language.
    if (!storedLocale() && me.user.locale !== i18n.language) void i18n.changeLanguage(me.user.locale);
    setCsrfToken(me.csrfToken);
    setState({ status: "signed-in", me });
  }, []);

  const forget = useCallback(() => {
    setCsrfToken("");
    setState({ status: "anonymous" });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(forget);
    api.get<Me>("/me").then(
      (me) => setMe(me),
      (e: unknown) => {
        if (!(e instanceof ApiError) || e.code !== "unauthenticated") console.warn("GET /me failed", e instanceof ApiError ? e.code : "");
        forget();
      },
    );
  }, [forget, setMe]);

  const signOut = useCallback(async () => {
    try {
      await api.post("/auth/logout");
    } finally {
      forget();
    }
  }, [forget]);

  const value = useMemo(() => ({ state, setMe, signOut }), [state, setMe, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export const useSession = (): Session => {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession outside SessionProvider");
  return s;
};

/** The signed-in user; only for components under the signed-in routes. */
export const useMe = (): Me => {
  const { state } = useSession();
  if (state.status !== "signed-in") throw new Error("useMe without a session");
  return state.me;
};
