/**
 * Mail providers chosen by configuration: SMTP to a real MTA (SOKUHO_SMTP_URL, e.g. smtp://127.0.0.1:25), or, in
 * development, a maildir under the data folder where every message is a readable .eml file.
 */
import nodemailer from "nodemailer";
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { randomUUID } from "node:crypto";

export type OutgoingMail = { to: string; subject: string; text: string };
export type Mailer = { kind: "smtp" | "maildir"; send: (mail: OutgoingMail) => Promise<void>; close: () => void };

export const createMailer = (opts: { smtpUrl?: string | undefined; maildir: string; from: string }): Mailer => {
  if (opts.smtpUrl) {
    const transport = nodemailer.createTransport(opts.smtpUrl);
    return {
      kind: "smtp",
      send: async (m) => {
        await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text });
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
      const info = await transport.sendMail({ from: opts.from, to: m.to, subject: m.subject, text: m.text });
      const name = `${Date.now()}.${randomUUID()}.sokuho.eml`;
      writeFileSync(join(opts.maildir, "tmp", name), info.message as Buffer, { mode: 0o600 });
      renameSync(join(opts.maildir, "tmp", name), join(opts.maildir, "new", name));
    },
    close: () => transport.close(),
  };
};
