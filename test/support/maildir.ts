/**
 * Counting what Postfix delivered: every test message goes to root+<tag>@localhost (recipient_delimiter "+", see
 * scripts/ci-postfix.sh), which lands in root's Maildir with that address in its Delivered-To header. Only the
 * headers are read. Other tests share the Maildir, so each test counts its own tag only.
 */
import { existsSync, openSync, readSync, closeSync, readdirSync } from "node:fs";
import { join } from "node:path";

export const SMTP_URL = process.env.SOKUHO_TEST_SMTP_URL;
export const MAILDIR = process.env.SOKUHO_TEST_SMTP_MAILDIR ?? "/root/Maildir";
export const SMTP_SKIP = !SMTP_URL && (process.env.CI ? false : "set SOKUHO_TEST_SMTP_URL (e.g. smtp://127.0.0.1:25, see scripts/ci-postfix.sh)");

const head = (path: string): string => {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(8192);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const text = buf.subarray(0, n).toString("utf8");
    const end = text.indexOf("\n\n");
    return end >= 0 ? text.slice(0, end) : text;
  } finally {
    closeSync(fd);
  }
};

export type Delivered = { recipient: string; messageId: string | null; headers: string; file: string };

/** Messages in the Maildir (new/ and cur/) whose Delivered-To starts with `root+<tagPrefix>`. */
export const delivered = (tagPrefix: string, maildir = MAILDIR): Delivered[] => {
  const out: Delivered[] = [];
  const needle = `Delivered-To: root+${tagPrefix}`;
  for (const sub of ["new", "cur"]) {
    const dir = join(maildir, sub);
    if (!existsSync(dir)) continue;
    for (const f of readdirSync(dir)) {
      let h: string;
      try {
        h = head(join(dir, f));
      } catch {
        continue; // moved between new/ and cur/ while listing
      }
      const at = h.indexOf(needle);
      if (at < 0) continue;
      const recipient = h.slice(at + "Delivered-To: ".length).split(/\r?\n/)[0]!.trim();
      out.push({ recipient, messageId: /^Message-ID: (<[^>]+>)/im.exec(h)?.[1] ?? null, headers: h, file: join(dir, f) });
    }
  }
  return out;
};

export const countByRecipient = (tagPrefix: string): Map<string, number> => {
  const m = new Map<string, number>();
  for (const d of delivered(tagPrefix)) m.set(d.recipient, (m.get(d.recipient) ?? 0) + 1);
  return m;
};

/** Waits until at least `expected` messages of the tag arrived, then a little longer so late duplicates show. */
export const waitForDelivered = async (tagPrefix: string, expected: number, timeoutMs = 60_000, settleMs = 1_500): Promise<Delivered[]> => {
  const deadline = Date.now() + timeoutMs;
  while (delivered(tagPrefix).length < expected && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
  await new Promise((r) => setTimeout(r, settleMs));
  return delivered(tagPrefix);
};
