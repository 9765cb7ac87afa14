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

/** The deepest issue of a failed union is the useful one: "expected one of …" at the leaf, not "no union matched". */
const leaves = (issue: Issue, path: PropertyKey[]): { issue: Issue; path: PropertyKey[] }[] => {
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    // Prefer the branch that got furthest (the longest path), which is the shape the author meant.
    const branches = issue.errors.map((errs) => errs.flatMap((e) => leaves(e, [...path, ...issue.path])));
    const best = branches.reduce((a, b) => (Math.max(0, ...b.map((x) => x.path.length)) > Math.max(0, ...a.map((x) => x.path.length)) ? b : a));
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
