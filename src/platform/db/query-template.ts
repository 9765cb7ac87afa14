/**
 * A query built and compiled once per shape, for the hot paths. Building a Kysely query and compiling it to SQL
 * costs as much as parsing its rows: in the profile of `npm run bench:api` it was ~10 % of the incident list's
 * CPU (the list and the session look-up, at every request). A template builds the query with placeholders for
 * its arguments, compiles it once per shape (which arguments are given) and afterwards only fills the parameters.
 *
 * The rule for `build`: it may branch on whether an argument is given (undefined or not), never on its value,
 * and must pass each argument to the query unchanged (transform it before the call: a LIKE pattern, a hash).
 * A placeholder found transformed, or in the SQL text, throws: the query is never run with a wrong parameter.
 * null, booleans and empty strings are not replaced (they may decide a branch): their value is part of the shape.
 */
import type { CompiledQuery, Kysely } from "kysely";
import type { DB } from "./schema.js";

const MARK = "\u0001sokuho-template-argument:";

type Slot = { key: string } | { value: unknown };

export const queryTemplate = <A extends Record<string, unknown>, R>(
  build: (db: Kysely<DB>, args: A) => { compile: () => CompiledQuery<R> },
): ((db: Kysely<DB>, args: A) => CompiledQuery<R>) => {
  const cache = new Map<string, { compiled: CompiledQuery<R>; slots: Slot[] }>();
  const fixed = (v: unknown) => v === null || v === "" || typeof v === "boolean";
  return (db, args) => {
    const keys = Object.keys(args).filter((k) => args[k] !== undefined).sort();
    const shape = keys.map((k) => (fixed(args[k]) ? `${k}=${JSON.stringify(args[k])}` : k)).join("&");
    let entry = cache.get(shape);
    if (!entry) {
      const placeholders = Object.fromEntries(keys.map((k) => [k, fixed(args[k]) ? args[k] : MARK + k])) as A;
      const compiled = build(db, placeholders).compile();
      if (compiled.sql.includes(MARK)) throw new Error("queryTemplate: an argument ended up in the SQL text; pass it as a parameter");
      const slots = compiled.parameters.map((p): Slot => {
        if (typeof p === "string" && p.startsWith(MARK)) return { key: p.slice(MARK.length) };
        if (typeof p === "string" && p.includes(MARK)) throw new Error("queryTemplate: an argument was transformed while building; pass it ready");
        return { value: p };
      });
      entry = { compiled, slots };
      if (cache.size < 64) cache.set(shape, entry);
    }
    const parameters = entry.slots.map((s) => ("key" in s ? args[s.key] : s.value));
    return { ...entry.compiled, parameters };
  };
};
