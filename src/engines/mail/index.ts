/** Public API of the targeted-mail triage engine (no platform dependency). */
export { analyseMail, type AnalyseOptions, type Progress } from "./analyse.js";
export { createMailPool, MailAnalysisError, type MailPool, type MailPoolOptions, type MailPoolStats } from "./pool.js";
export { parseContext, ZMailContext, EMPTY_CONTEXT, type MailContext, type MailContextInput, type FieldProblem } from "./context.js";
export { parseRules, mergeRules, evaluate, DEFAULT_RULES, ZRuleFile, ZRule, type Rule, type Condition } from "./rules.js";
export { DEFAULT_LIMITS, type Limits } from "./archive.js";
export { SIGNALS, SIGNAL_IDS, type SignalId } from "./messages.js";
export { lookalikeOf, skeleton } from "./lookalike.js";
export { parseAuthResults } from "./authres.js";
export type * from "./types.js";
export { registerMailCommand, analyseFiles, toTerminal, MAIL_EXIT } from "./cli.js";
