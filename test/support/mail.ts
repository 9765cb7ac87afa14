/** The dev maildir as tests read it: mails to an address, and a mail's text body decoded. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const mailsIn = (maildir: string, needle: string): string[] => {
  const dir = join(maildir, "new");
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")).filter((m) => m.includes(needle));
};

export const decodeMail = (raw: string): string => {
  const body = raw.split(/\r?\n\r?\n/).slice(1).join("\n\n");
  if (/Content-Transfer-Encoding: base64/i.test(raw)) return Buffer.from(body.replace(/\s+/g, ""), "base64").toString("utf8");
  // quoted-printable: soft line breaks, then =XX bytes
  const bytes = body.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, h: string) => `%${h}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, "%25"));
};

/** The token of the first sokuho link (`…#token=…`) in the newest mail to `address`. */
export const linkTokenIn = (maildir: string, address: string): string | undefined => {
  const mails = mailsIn(maildir, address);
  return /#token=([A-Za-z0-9_-]+)/.exec(decodeMail(mails.at(-1) ?? ""))?.[1];
};
