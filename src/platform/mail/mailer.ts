/**
 * Mail providers chosen by configuration: SMTP to a real MTA (SOKUHO_SMTP_URL, e.g. smtp://127.0.0.1:25), or, in
 * development, a maildir under the data folder where every message is a readable .eml file.
 */
import nodemailer from "nodemailer";
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  /** The contact network's: a Message-ID derived from the idempotency key (the same on every retry), HTML, headers. */
  messageId?: string;
  html?: string;
  headers?: Record<string, string>;
};
/** What the MTA answered (e.g. "250 2.0.0 Ok: queued as 4ZxY…"); the dev maildir answers nothing. */
export type MailSent = { response?: string };
export type Mailer = { kind: "smtp" | "maildir"; send: (mail: OutgoingMail) => Promise<MailSent>; close: () => void };

const mailOptions = (from: string, m: OutgoingMail) => ({
  from, to: m.to, subject: m.subject, text: m.text,
  ...(m.html ? { html: m.html } : {}), ...(m.messageId ? { messageId: m.messageId } : {}), ...(m.headers ? { headers: m.headers } : {}),
});

export const createMailer = (opts: {
  smtpUrl?: string | undefined; maildir: string; from: string;
  /** Pooled SMTP connections (the contact network's worker); timeouts in ms bound one attempt. */
  pool?: { maxConnections: number; timeoutMs: number };
}): Mailer => {
  if (opts.smtpUrl) {
    const transport = opts.pool
      ? nodemailer.createTransport({
          url: opts.smtpUrl, pool: true, maxConnections: opts.pool.maxConnections, maxMessages: Infinity,
          connectionTimeout: opts.pool.timeoutMs, greetingTimeout: opts.pool.timeoutMs, socketTimeout: opts.pool.timeoutMs,
        } as Parameters<typeof nodemailer.createTransport>[0])
      : nodemailer.createTransport(opts.smtpUrl);
    return {
      kind: "smtp",
      send: async (m) => {
        const info = (await transport.sendMail(mailOptions(opts.from, m))) as { response?: string };
        return info.response ? { response: info.response } : {};
      },
      close: () => transport.close(),
    };
  }
  // Maildir layout (tmp/ then rename into new/), so a mail client or `cat` can read it safely.
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  for (const sub of ["tmp", "new", "cur"]) mkdirSync(join(opts.maildir, sub), { recursive: true, mode: 0o700 });
  return {
    kind: "maildir",
    send: async (m) => {
      const info = await transport.sendMail(mailOptions(opts.from, m));
      const name = `${Date.now()}.${randomUUID()}.sokuho.eml`;
      writeFileSync(join(opts.maildir, "tmp", name), info.message as Buffer, { mode: 0o600 });
      renameSync(join(opts.maildir, "tmp", name), join(opts.maildir, "new", name));
      return {};
    },
    close: () => transport.close(),
  };
};
