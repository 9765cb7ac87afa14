/** The mail worker pool's settings are read and checked with the rest of the configuration, at start. */
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { ConfigError, loadConfig } from "./config.js";

const base = { SOKUHO_SECRET_KEY: "5a".repeat(32), SOKUHO_DATA_DIR: "/tmp/sokuho-config-test" };

describe("mail analysis settings", () => {
  test("defaults: one thread, 16 waiting, 30 s a mail", () => {
    assert.deepEqual(loadConfig(base).mail, { workers: 1, maxQueued: 16, timeoutMs: 30_000 });
  });

  test("read from the environment", () => {
    const c = loadConfig({ ...base, SOKUHO_MAIL_WORKERS: "4", SOKUHO_MAIL_QUEUE: "0", SOKUHO_MAIL_TIMEOUT_MS: " 5000 " });
    assert.deepEqual(c.mail, { workers: 4, maxQueued: 0, timeoutMs: 5000 });
  });

  test("a wrong value stops the start with a sentence naming the variable, what it counts and its range", () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ SOKUHO_MAIL_WORKERS: "0" }, /SOKUHO_MAIL_WORKERS: must be at least 1 \(worker threads for mail analysis\)/],
      [{ SOKUHO_MAIL_WORKERS: "two" }, /SOKUHO_MAIL_WORKERS: must be a whole number of worker threads for mail analysis, from 1 to 64/],
      [{ SOKUHO_MAIL_QUEUE: "-1" }, /SOKUHO_MAIL_QUEUE: must be a whole number of mails waiting/],
      [{ SOKUHO_MAIL_TIMEOUT_MS: "1.5" }, /SOKUHO_MAIL_TIMEOUT_MS: must be a whole number of milliseconds/],
      [{ SOKUHO_MAIL_TIMEOUT_MS: "99999999" }, /SOKUHO_MAIL_TIMEOUT_MS: must be at most 3600000/],
      [{ SOKUHO_MAIL_WORKERS: "" }, /SOKUHO_MAIL_WORKERS: must be a whole number/],
    ];
    for (const [env, message] of cases) {
      assert.throws(() => loadConfig({ ...base, ...env }), (e: unknown) => e instanceof ConfigError && message.test(e.message) && /設定が不正です/.test(e.message), JSON.stringify(env));
    }
  });

  test("every wrong value is listed at once", () => {
    assert.throws(
      () => loadConfig({ ...base, SOKUHO_MAIL_WORKERS: "x", SOKUHO_MAIL_TIMEOUT_MS: "0" }),
      (e: unknown) => e instanceof ConfigError && /SOKUHO_MAIL_WORKERS/.test(e.message) && /SOKUHO_MAIL_TIMEOUT_MS/.test(e.message),
    );
  });
});
