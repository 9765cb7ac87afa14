/**
 * Sign-in throttling that an attacker cannot turn against an account's owner. Failures are counted per
 * (address, client IP) and per client IP in a window; past the limit that client gets 429 for that address (or
 * for every address), whether the account exists or not. The account itself is never locked, so the owner signs
 * in from their own machine while someone elsewhere guesses. Keys are HMACs: no address or IP is stored.
 */
import { sql, type Kysely } from "kysely";
import type { DB } from "../db/schema.js";
import { hmac, normalizeEmail } from "../crypto/keys.js";

export const THROTTLE_WINDOW_MINUTES = 15;
/** Failures of one client on one address before that pair waits for the window to pass. */
export const FAILURES_PER_ADDRESS = 5;
/** Failures of one client on any addresses (a spray over many accounts). */
export const FAILURES_PER_CLIENT = 50;

export type LoginThrottle = {
  /** True when this client may not try this address now. */
  isBlocked: (email: string, ip: string) => Promise<boolean>;
  /** Counts a failure; true when this one made the pair reach its limit (the client now waits). */
  recordFailure: (email: string, ip: string) => Promise<boolean>;
  recordSuccess: (email: string, ip: string) => Promise<void>;
};

export const createLoginThrottle = (db: Kysely<DB>, identifierKey: Buffer, now: () => Date): LoginThrottle => {
  const pairKey = (email: string, ip: string) => hmac(identifierKey, `login-pair:${normalizeEmail(email)}|${ip}`);
  const clientKey = (ip: string) => hmac(identifierKey, `login-client:${ip}`);
  const windowStart = () => new Date(now().getTime() - THROTTLE_WINDOW_MINUTES * 60_000);

  const failures = async (key: Buffer): Promise<number> => {
    const r = await db.selectFrom("login_throttle").select("failures").where("key_hash", "=", key).where("window_start", ">", windowStart()).executeTakeFirst();
    return r?.failures ?? 0;
  };
  /** One more failure in the key's window; a window that has passed starts again at 1. */
  const bump = (key: Buffer) =>
    sql`INSERT INTO login_throttle (key_hash, window_start, failures) VALUES (${key}, ${now()}, 1)
        ON CONFLICT (key_hash) DO UPDATE SET
          failures = CASE WHEN login_throttle.window_start > ${windowStart()} THEN login_throttle.failures + 1 ELSE 1 END,
          window_start = CASE WHEN login_throttle.window_start > ${windowStart()} THEN login_throttle.window_start ELSE ${now()} END`.execute(db);

  return {
    isBlocked: async (email, ip) =>
      (await failures(pairKey(email, ip))) >= FAILURES_PER_ADDRESS || (await failures(clientKey(ip))) >= FAILURES_PER_CLIENT,
    recordFailure: async (email, ip) => {
      await bump(pairKey(email, ip));
      await bump(clientKey(ip));
      return (await failures(pairKey(email, ip))) === FAILURES_PER_ADDRESS;
    },
    recordSuccess: async (email, ip) => {
      await db.deleteFrom("login_throttle").where("key_hash", "=", pairKey(email, ip)).execute();
    },
  };
};

/** Old windows, deleted by the hourly purge job. */
export const purgeLoginThrottle = (db: Kysely<DB>, now: Date) =>
  db.deleteFrom("login_throttle").where("window_start", "<", new Date(now.getTime() - THROTTLE_WINDOW_MINUTES * 60_000)).execute();
