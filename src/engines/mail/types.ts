/** The mail engine's message model, signals and result. Pure types: no platform import. */

export type Text = { ja: string; en: string };

/** Where a signal was seen: a header (its name and byte offset in the raw mail), a part, or a body offset. */
export type Evidence = {
  header?: string;
  /** "attachment 1 (航空券.zip) > eticket.exe", "html", "text" */
  part?: string;
  /** byte offset of the header line in the raw mail, or character offset in the decoded body part */
  offset?: number;
  /** the value that triggered the signal (a domain, a file name, a word) */
  value?: string;
  /** what it was compared with (the partner domain, the link text …) */
  expected?: string;
  /** a sub-kind, e.g. the dnstwist fuzzer family that produced a look-alike */
  kind?: string;
};

export type Severity = "info" | "low" | "medium" | "high";

export type Signal = { id: string; severity: Severity; reason: Text; evidence: Evidence };

export type Warning = { code: string; message: Text; part?: string; offset?: number };

export type MailAddress = {
  name: string;
  address: string;
  /** lower-case domain as written (IDN as Unicode) */
  domain: string;
  /** registrable domain by the Public Suffix List (ana.co.jp for mail.ana.co.jp), punycode */
  registrable: string;
};

export type RawHeader = { key: string; value: string; offset: number };

export type AuthMethodResult = { method: "spf" | "dkim" | "dmarc"; result: string; domain: string | null };

/** The Authentication-Results header chosen as trusted (topmost with a trusted authserv-id). */
export type AuthSummary = {
  authservId: string;
  offset: number;
  spf: AuthMethodResult | null;
  dkim: AuthMethodResult[];
  dmarc: AuthMethodResult | null;
};

export type Link = { href: string; text: string; host: string; registrable: string; part: "html" | "text"; offset: number };

/** Real type by magic bytes. */
export type FileType =
  | "pe" | "elf" | "lnk" | "ole" | "ooxml" | "zip" | "rar" | "7z" | "gzip" | "cab" | "lzh" | "iso" | "img" | "vhd" | "vhdx"
  | "pdf" | "rtf" | "html" | "png" | "jpeg" | "gif" | "text" | "unknown";

/** An attachment (depth 0) or a file inside an archive (depth ≥ 1). */
export type MailFile = {
  /** "航空券.zip > eticket.exe" */
  path: string;
  name: string;
  /** lower-case last extension without the dot ("" when none) */
  extension: string;
  declaredType: string | null;
  realType: FileType;
  size: number;
  /** null for a file inside an encrypted archive (its plain bytes cannot be read) */
  sha256: string | null;
  depth: number;
  /** index of the top-level attachment it belongs to */
  attachment: number;
  isEncrypted: boolean;
  hasMacro: boolean;
  /** HTML that builds a file in the browser (Blob / data: download) */
  isSmuggling: boolean;
};

export type MailModel = {
  headers: RawHeader[];
  from: MailAddress | null;
  sender: MailAddress | null;
  replyTo: MailAddress[];
  returnPath: MailAddress | null;
  to: MailAddress[];
  cc: MailAddress[];
  subject: string;
  date: string | null;
  messageId: string | null;
  auth: AuthSummary | null;
  /** authserv-ids of Authentication-Results headers that were not trusted (ignored) */
  untrustedAuthservIds: string[];
  text: string;
  html: string;
  links: Link[];
  /** every attachment and every file inside an archive, depth first */
  files: MailFile[];
  size: number;
};

export type Verdict = "malicious" | "suspicious" | "benign";

export type MatchedRule = { id: string; verdict: Verdict; reason: Text };

export type Indicators = { urls: string[]; domains: string[]; ips: string[]; sha256: string[] };

export type MailResult = {
  verdict: Verdict;
  signals: Signal[];
  rules: MatchedRule[];
  indicators: Indicators;
  warnings: Warning[];
  message: MailModel;
  timings: { ms: number };
};
