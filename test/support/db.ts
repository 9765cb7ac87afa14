/** A fresh database for one test file, cloned from the run's migrated template. */
import pg from "pg";
import { randomBytes } from "node:crypto";
import { withDatabase } from "./template.js";

export const templateUrl = (): string => {
  const url = process.env.SOKUHO_TEST_TEMPLATE_URL;
  if (!url) throw new Error("SOKUHO_TEST_TEMPLATE_URL is not set: run database tests with `npm test` (scripts/test.ts)");
  return url;
};

export const freshDatabaseUrl = async (): Promise<string> => {
  const tpl = templateUrl();
  const tplName = new URL(tpl).pathname.slice(1);
  const name = `${tplName}_t${randomBytes(5).toString("hex")}`;
  const c = new pg.Client({ connectionString: withDatabase(tpl, "postgres") });
  await c.connect();
  try {
    await c.query(`CREATE DATABASE ${name} TEMPLATE ${tplName}`);
  } finally {
    await c.end();
  }
  return withDatabase(tpl, name);
};
