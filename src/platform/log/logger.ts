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

export const createLogger = (level: string): Logger =>
  pino({ level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" }, base: { app: "sokuho" } });

export type { Logger };
