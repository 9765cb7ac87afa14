/**
 * Wires the delivery worker into the platform: it runs wherever the job workers run (the web process with
 * SOKUHO_JOBS=inline, and `sokuho worker`), as a runner of its own beside pg-boss, because pg-boss's polling would
 * add up to its interval to every message while LISTEN/NOTIFY wakes the worker at the cause's commit.
 */
import type { Platform } from "../../platform/context.js";
import { createMailer } from "../../platform/mail/mailer.js";
import { createDeliveryWorker, deliverySettings, type DeliverySettings, type DeliveryWorker } from "./delivery.js";
import { postfixAcceptLog } from "./postfix-log.js";
import { mailTransport, webhookTransport, type Transport } from "./transports.js";
import type { ChannelKind } from "../../platform/db/schema.js";

/** The domain of Message-IDs: the sender address's. */
export const messageIdDomain = (mailFrom: string): string => /@([A-Za-z0-9.-]+)/.exec(mailFrom)?.[1] ?? "sokuho.localhost";

export const deliveryTransports = (p: Platform, s: DeliverySettings): Partial<Record<ChannelKind, Transport>> => ({
  email: mailTransport(
    createMailer({ smtpUrl: p.config.smtpUrl, maildir: p.config.maildir, from: p.config.mailFrom, pool: { maxConnections: s.concurrency, timeoutMs: s.sendTimeoutMs } }),
    { messageIdDomain: messageIdDomain(p.config.mailFrom), acceptLog: s.smtpAcceptLog ? postfixAcceptLog(s.smtpAcceptLog) : undefined },
  ),
  webhook: webhookTransport({ timeoutMs: s.sendTimeoutMs, now: p.now, allowNonPublic: s.webhookPrivate }),
});

/** A worker over the platform's database and transports (also used by tests and the bench). */
export const platformDeliveryWorker = (p: Platform, overrides: Partial<DeliverySettings> = {}): { worker: DeliveryWorker; close: () => Promise<void> } => {
  const settings = deliverySettings({ ...p.config.network, ...overrides });
  const transports = deliveryTransports(p, settings);
  const worker = createDeliveryWorker({
    db: p.db.system, listenUrl: p.db.ownerUrl, keys: p.keys, transports, settings,
    log: { warn: (obj, msg) => p.log.warn(obj, msg) },
  });
  return {
    worker,
    close: async () => {
      await worker.stop();
      for (const t of Object.values(transports)) t.close();
    },
  };
};

export const registerNetworkDelivery = (p: Platform): void => {
  if (!deliverySettings(p.config.network).worker) return;
  let running: ReturnType<typeof platformDeliveryWorker> | null = null;
  p.jobs.runner({
    name: "network.delivery",
    start: async () => {
      running = platformDeliveryWorker(p);
      await running.worker.start();
    },
    stop: async () => {
      await running?.close();
      running = null;
    },
  });
};
