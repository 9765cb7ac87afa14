/**
 * An instant from outside: ISO 8601 with its offset (`Z` or `+09:00`), read as a Date. Not `z.coerce.date()`,
 * which reads `null` as 1970-01-01 and `true` as 1 ms after it: an expiry sent as null became "expired in 1970".
 */
import { z } from "zod";

export const ZInstant = z.iso.datetime({ offset: true }).transform((s) => new Date(s));
