/**
 * Text that PostgreSQL cannot store or that is not text at all: NUL (PostgreSQL rejects it in text columns) and
 * lone UTF-16 surrogates (JSON allows "\ud800"; stored, it would silently become U+FFFD). Checked once for every
 * JSON body, query string and CSV cell, so no route can forget it.
 */
export type TextProblem = "nul" | "surrogate";

export const textProblem = (s: string): TextProblem | null =>
  s.includes("\u0000") ? "nul" : s.isWellFormed() ? null : "surrogate";

/** The first string inside `value` with a problem, as a dotted field path (`body.options.0`), or null. */
export const findBadText = (value: unknown, path: string, depth = 0): { field: string; problem: TextProblem } | null => {
  if (typeof value === "string") {
    const problem = textProblem(value);
    return problem ? { field: path, problem } : null;
  }
  if (depth > 64 || value === null || typeof value !== "object") return null;
  for (const [k, v] of Array.isArray(value) ? value.entries() : Object.entries(value)) {
    const keyProblem = typeof k === "string" ? textProblem(k) : null;
    if (keyProblem) return { field: path, problem: keyProblem };
    const found = findBadText(v, `${path}.${k}`, depth + 1);
    if (found) return found;
  }
  return null;
};
