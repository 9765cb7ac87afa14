/**
 * zod issues as bilingual messages that name the field: zod's own Japanese and English locales (they name types
 * and limits, never the value), or our own pair for custom checks (`params.ja` next to the English message).
 */
import { z } from "zod";

export type FieldIssue = { field: string; ja: string; en: string };

const LOCALES = { ja: z.locales.ja(), en: z.locales.en() };
type Issue = z.core.$ZodIssue;

const text = (locale: "ja" | "en", issue: Issue): string => {
  const r = LOCALES[locale].localeError(issue as Parameters<(typeof LOCALES)["ja"]["localeError"]>[0]);
  return typeof r === "string" ? r : (r?.message ?? issue.message);
};

/** Issues that say "this branch has another shape" (a missing or an unknown key), not "this value is wrong". */
const shapeMismatches = (issues: { issue: Issue }[]): number =>
  issues.filter(({ issue }) => issue.code === "unrecognized_keys" || (issue.code === "invalid_type" && issue.input === undefined)).length;

/**
 * The useful issue of a failed union is inside the branch the author meant: the one whose keys matched (fewest
 * missing or unknown keys), then the deepest. So `{ "fact": "colour" }` reports `fact`, not "no union matched".
 */
const leaves = (issue: Issue, path: PropertyKey[]): { issue: Issue; path: PropertyKey[] }[] => {
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const branches = issue.errors.map((errs) => errs.flatMap((e) => leaves(e, [...path, ...issue.path])));
    const depth = (b: { path: PropertyKey[] }[]) => Math.max(0, ...b.map((x) => x.path.length));
    const better = (a: typeof branches[number], b: typeof branches[number]) =>
      shapeMismatches(b) < shapeMismatches(a) || (shapeMismatches(b) === shapeMismatches(a) && depth(b) > depth(a)) ? b : a;
    const best = branches.reduce(better);
    if (best.length > 0) return best;
  }
  return [{ issue, path: [...path, ...issue.path] }];
};

export const fieldPath = (root: string, path: readonly PropertyKey[]): string =>
  [root, ...path.map(String)].filter((p) => p !== "").join(".");

export const bilingualIssues = (error: z.ZodError, root = ""): FieldIssue[] =>
  error.issues.flatMap((i) => leaves(i as Issue, [])).map(({ issue, path }) => {
    const ja = issue.code === "custom" && typeof issue.params?.ja === "string" ? issue.params.ja : text("ja", issue);
    const en = issue.code === "custom" ? issue.message : text("en", issue);
    const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
    return { field: fieldPath(root, keys.length === 1 ? [...path, keys[0]!] : path), ja, en };
  });
