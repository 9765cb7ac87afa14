/**
 * One pino logger for the process. Redaction is a second net: the first is that code never logs personal data.
 */
import { pino, type Logger } from "pino";

export const REDACTED_PATHS = [
  "req.headers.cookie",
  "req.headers.authorization",
  "req.headers['x-csrf-token']",
  "res.headers['set-cookie']",
  "*.password",
  "*.email",
  "*.token",
];

/** JSON lines for machines; readable lines when a person watches a terminal (unless SOKUHO_LOG_FORMAT=json). */
export const createLogger = (level: string, pretty = process.stdout.isTTY && process.env.SOKUHO_LOG_FORMAT !== "json"): Logger =>
  pino({
    level,
    redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
    base: { app: "sokuho" },
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname,app" } } } : {}),
  });

export type { Logger };
