/** The package root, found from this file whether it runs from src/ (tsx) or dist/server/ (compiled). */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const findRoot = (start: string): string => {
  for (let dir = start; dir !== dirname(dir); dir = dirname(dir)) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "migrations"))) return dir;
  }
  throw new Error("cannot find the sokuho package root");
};

export const projectRoot = findRoot(dirname(fileURLToPath(import.meta.url)));
