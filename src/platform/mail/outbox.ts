/**
 * The mail outbox: a mail is queued as a job inside the transaction that caused it and sent by a worker, with
 * retries. The job row holds the message encrypted (AES-256-GCM), because addresses and links are personal data
 * or secrets.
 */
import type { Tx } from "../db/database.js";
import type { Jobs } from "../jobs/jobs.js";
import { decrypt, encrypt } from "../crypto/keys.js";
import type { Mailer, OutgoingMail } from "./mailer.js";

export const MAIL_JOB = "mail.send";
type MailJob = { box: string };

export const createMailOutbox = (jobs: Jobs, mailer: Mailer, key: Buffer) => {
  jobs.define<MailJob>({
    name: MAIL_JOB,
    retryLimit: 8,
    handler: async ({ box }) => {
      const mail = JSON.parse(decrypt(key, Buffer.from(box, "base64"))) as OutgoingMail;
      await mailer.send(mail);
    },
  });
  return {
    queue: (tx: Tx, mail: OutgoingMail) => jobs.enqueue<MailJob>(tx, MAIL_JOB, { box: encrypt(key, JSON.stringify(mail)).toString("base64") }),
  };
};
export type MailOutbox = ReturnType<typeof createMailOutbox>;
