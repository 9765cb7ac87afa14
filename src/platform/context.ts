/**
 * The platform: one object holding the plumbing every capability uses. Built once at start (server.ts or the
 * CLI), passed to each capability's service factory. Capabilities never reach into each other's stores.
 */
import type { CompiledQuery } from "kysely";
import type { Config } from "./config/config.js";
import type { Database, Tx } from "./db/database.js";
import type { Keys } from "./crypto/keys.js";
import type { Logger } from "./log/logger.js";
import type { AuditMeta, AuditStore } from "./audit/store.js";
import type { Jobs } from "./jobs/jobs.js";
import type { MailOutbox } from "./mail/outbox.js";
import type { UserStore } from "./auth/users.js";
import type { SessionStore } from "./auth/sessions.js";
import type { Actor } from "./auth/principal.js";
import type { BlobStore } from "./storage/blob-store.js";
import type { ChangeFeed } from "./db/change-feed.js";
import type { ReadCache } from "./http/read-cache.js";

export type Platform = {
  config: Config;
  db: Database;
  keys: Keys;
  log: Logger;
  audit: AuditStore;
  jobs: Jobs;
  mail: MailOutbox;
  users: UserStore;
  sessions: SessionStore;
  /** Evidence files (local folder or S3-compatible bucket, by config). */
  storage: BlobStore;
  /** Database changes as they commit (started by the HTTP server only), and the reads kept until one happens. */
  changes: ChangeFeed;
  readCache: ReadCache;
  now: () => Date;
};

/** What a command needs to know about the request it serves: who acts, and for the audit row, from where. */
export type RequestContext = {
  actor: Actor;
  requestId: string | null;
  ip: string | null;
  locale: "ja" | "en";
};

/** Runs one read as the caller and gives the caller's context with its rows (see readAsCaller in http/context.ts). */
export type CallerRead = <R>(query: CompiledQuery<R>) => Promise<{ ctx: RequestContext; rows: R[] }>;

export const auditMeta = (ctx: Pick<RequestContext, "actor" | "requestId" | "ip">): AuditMeta => ({
  actor: { userId: ctx.actor.userId, tokenId: ctx.actor.tokenId, orgId: ctx.actor.orgId },
  requestId: ctx.requestId,
  ip: ctx.ip,
});

/** Runs `fn` in a tenant transaction for the request's actor. */
export const inTenant = <T>(p: Platform, ctx: RequestContext, fn: (tx: Tx) => Promise<T>): Promise<T> =>
  p.db.tenant({ orgId: ctx.actor.orgId, userId: ctx.actor.userId }, fn);
