/**
 * What the receiving organisation knows (`--context FILE`; in the platform, the organisation's settings): its own
 * domains, the authserv-ids of its own MTAs, its partners, its VIPs and its known senders. Validated by zod; every
 * problem names the field (`partners[0].domains[1]`) in Japanese and English.
 */
import { z } from "zod";
import { normalizeDomain } from "./normalize.js";
import type { Text } from "./types.js";

const ZDomain = z.string().max(253).refine((s) => normalizeDomain(s.trim()) !== null, { message: "domain" });
const ZEmail = z.string().max(320).regex(/^[^@\s]+@[^@\s]+$/, { message: "email" });

export const ZMailContext = z.strictObject({
  ownDomains: z.array(ZDomain).max(1000).default([]),
  trustedAuthservIds: z.array(z.string().min(1).max(253)).max(100).default([]),
  partners: z
    .array(
      z.strictObject({
        name: z.string().min(1).max(200),
        domains: z.array(ZDomain).max(1000).default([]),
        displayNames: z.array(z.string().min(1).max(200)).max(100).default([]),
        /** DKIM d= values the partner signs with (an ESP's domain, say): a pass with one of them is aligned */
        dkimDomains: z.array(ZDomain).max(100).default([]),
      }),
    )
    .max(10_000)
    .default([]),
  vips: z.array(z.strictObject({ name: z.string().min(1).max(200), address: ZEmail })).max(10_000).default([]),
  /** addresses or domains this organisation usually hears from */
  knownSenders: z.array(z.string().min(1).max(320)).max(100_000).default([]),
});
export type MailContext = z.infer<typeof ZMailContext>;
export type MailContextInput = z.input<typeof ZMailContext>;

export const EMPTY_CONTEXT: MailContext = ZMailContext.parse({});

export type FieldProblem = { field: string; message: Text };

const fieldPath = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((s, p) => (typeof p === "number" ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), "") || "(root)";

const describe = (issue: z.core.$ZodIssue): Text => {
  switch (issue.code) {
    case "invalid_type":
      return { ja: `型が違います（${issue.expected} が必要です）`, en: `wrong type (expected ${issue.expected})` };
    case "unrecognized_keys":
      return { ja: `不明な項目です: ${issue.keys.join(", ")}`, en: `unknown field(s): ${issue.keys.join(", ")}` };
    case "too_small":
      return { ja: `短すぎます（最小 ${String(issue.minimum)}）`, en: `too short (at least ${String(issue.minimum)})` };
    case "too_big":
      return { ja: `長すぎます（最大 ${String(issue.maximum)}）`, en: `too long (at most ${String(issue.maximum)})` };
    default:
      if (issue.message === "domain") return { ja: "ドメイン名ではありません（例: example.co.jp）", en: "not a domain name (e.g. example.co.jp)" };
      if (issue.message === "email") return { ja: "メールアドレスではありません", en: "not an email address" };
      return { ja: `不正な値です（${issue.code}）`, en: `invalid value (${issue.code})` };
  }
};

/** zod issues as bilingual problems naming the field; the value itself is never repeated (it may be personal). */
export const describeIssues = (error: z.ZodError): FieldProblem[] =>
  error.issues.map((i) => ({ field: fieldPath(i.path), message: describe(i) }));

export type ContextResult = { ok: true; context: MailContext } | { ok: false; problems: FieldProblem[] };

/** Parses a context from already-decoded JSON. Domains are normalised (lower case, punycode). */
export const parseContext = (input: unknown): ContextResult => {
  const r = ZMailContext.safeParse(input);
  if (!r.success) return { ok: false, problems: describeIssues(r.error) };
  const d = (s: string): string => normalizeDomain(s.trim()) as string;
  const c = r.data;
  return {
    ok: true,
    context: {
      ...c,
      ownDomains: c.ownDomains.map(d),
      trustedAuthservIds: c.trustedAuthservIds.map((s) => s.trim().toLowerCase()),
      partners: c.partners.map((p) => ({ ...p, domains: p.domains.map(d), dkimDomains: p.dkimDomains.map(d) })),
      vips: c.vips.map((v) => ({ ...v, address: v.address.trim().toLowerCase() })),
      knownSenders: c.knownSenders.map((s) => s.trim().toLowerCase()),
    },
  };
};
