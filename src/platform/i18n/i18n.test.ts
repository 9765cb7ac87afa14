import { test } from "node:test";
import assert from "node:assert/strict";
import { localeFromHeader, translator } from "./i18n.js";
import { ja } from "./messages/ja.js";
import { en } from "./messages/en.js";

const keysOf = (o: object, prefix = ""): string[] =>
  Object.entries(o).flatMap(([k, v]) => (typeof v === "object" ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`]));

test("ja and en have the same keys", () => assert.deepEqual(keysOf(ja).sort(), keysOf(en).sort()));

test("Accept-Language picks the best supported locale, Japanese by default", () => {
  assert.equal(localeFromHeader(undefined), "ja");
  assert.equal(localeFromHeader("en-US,en;q=0.9"), "en");
  assert.equal(localeFromHeader("fr-FR, en;q=0.5, ja;q=0.8"), "ja");
  assert.equal(localeFromHeader("fr"), "ja");
  assert.equal(localeFromHeader("ja;q=0, en"), "en");
});

test("messages interpolate", () => {
  assert.equal(translator("en")("errors.body_too_large", { limit: 10 }), "The request body is too large (limit 10 bytes).");
  assert.match(translator("ja")("errors.not_found"), /見つかりません/);
});
