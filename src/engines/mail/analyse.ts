/**
 * analyseMail(bytes, context, rules) → verdict, signals, matched rules, indicators, warnings and the message
 * model. Pure apart from the clock used for its own timing: no file, network or platform access, so a service can
 * call it on an uploaded mail as the CLI does on a file. Never throws on bad mail: problems become warnings.
 */
import { DEFAULT_LIMITS, explode, type Limits } from "./archive.js";
import { trustedAuth } from "./authres.js";
import { EMPTY_CONTEXT, type MailContext } from "./context.js";
import { extractIndicators } from "./indicators.js";
import { extractLinks } from "./links.js";
import { smugglingIn } from "./magic.js";
import { warning } from "./messages.js";
import { parseMail } from "./parse.js";
import { DEFAULT_RULES, evaluate, type Rule } from "./rules.js";
import { collectSignals } from "./signals.js";
import type { MailModel, MailResult } from "./types.js";

/** Where an analysis is: a worker reports it to its pool, so a timeout names the stage and the part it was in. */
export type Progress = { stage: "parse" | "files" | "signals"; part?: string };
export type AnalyseOptions = { limits?: Limits; onProgress?: (p: Progress) => void };

export const analyseMail = async (
  bytes: Uint8Array,
  context: MailContext = EMPTY_CONTEXT,
  rules: readonly Rule[] = DEFAULT_RULES,
  options: AnalyseOptions = {},
): Promise<MailResult> => {
  const started = performance.now();
  const progress = options.onProgress;
  progress?.({ stage: "parse" });
  const parsed = await parseMail(bytes);
  if (bytes.length === 0) parsed.warnings.push(warning("EMPTY_MAIL"));
  const exploded = explode(parsed.attachments, options.limits ?? DEFAULT_LIMITS, progress && ((part) => progress({ stage: "files", part })));
  progress?.({ stage: "signals" });
  const { auth, untrusted } = trustedAuth(parsed.headers, context.trustedAuthservIds);
  const { attachments: _attachments, warnings: _warnings, ...fromParser } = parsed;
  const message: MailModel = {
    ...fromParser,
    auth,
    untrustedAuthservIds: untrusted,
    links: extractLinks(parsed.html, parsed.text),
    files: exploded.files,
    size: bytes.length,
  };
  const bodySmuggling = parsed.html ? smugglingIn(parsed.html) : null;
  const signals = collectSignals(message, context, exploded, bodySmuggling ? { part: "html", offset: bodySmuggling.offset } : null);
  const { verdict, matched } = evaluate(rules, message, signals);
  return {
    verdict,
    signals,
    rules: matched,
    indicators: extractIndicators(message, context),
    warnings: [...parsed.warnings, ...exploded.warnings],
    message,
    timings: { ms: Math.round((performance.now() - started) * 100) / 100 },
  };
};
