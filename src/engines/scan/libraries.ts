/**
 * The libraries of the less common formats, loaded at their first use instead of at start-up: imported up front they
 * cost every scan ~100 ms of its start (htmlparser2 ~50 ms, saxes, fflate and cli-progress ~20 ms each through the
 * ESM loader, measured here), while most scans read CSV. Loaded through `require` (each ships CommonJS), so the
 * parsers that use them can stay synchronous.
 */
import { createRequire } from "node:module";
import type * as CliProgress from "cli-progress";
import type * as Fflate from "fflate";
import type * as Htmlparser2 from "htmlparser2";
import type * as Saxes from "saxes";

const require = createRequire(import.meta.url);

/** A getter that loads the library `name` once, when first called. */
function library<T>(name: string): () => T {
  let lib: T | undefined;
  return () => (lib ??= require(name) as T);
}

export const htmlparser2 = library<typeof Htmlparser2>("htmlparser2");
export const saxes = library<typeof Saxes>("saxes");
export const fflate = library<typeof Fflate>("fflate");
export const cliProgress = library<typeof CliProgress>("cli-progress");
