/// <reference types="node" />
/**
 * The obligations' words in the UI catalogs: every data item the facts take has a label in Japanese and English
 * (the facts form and the obligations views never show an id such as `postcode`), and no text still promises the
 * PDF reports that exist now "in a later version".
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ja } from "../../../web/i18n/ja.js";
import { en } from "../../../web/i18n/en.js";
import { DATA_ITEMS } from "../items.js";
import { itemLabelKeys } from "./items.js";

type Tree = { [key: string]: string | Tree };
const lookup = (tree: Tree, key: string): string | undefined => {
  let at: string | Tree | undefined = tree;
  for (const part of key.split(".")) at = typeof at === "object" ? at[part] : undefined;
  return typeof at === "string" ? at : undefined;
};

test("every data item of the facts has a label in both languages, never its id", () => {
  for (const [lang, catalog] of [["ja", ja as Tree], ["en", en as Tree]] as const) {
    for (const item of DATA_ITEMS) {
      const label = itemLabelKeys(item).map((k) => lookup(catalog, k)).find((x) => x !== undefined);
      assert.ok(label, `${lang}: no label for the item ${item}`);
      assert.notEqual(label, item, `${lang}: the item ${item} is labelled by its id`);
      assert.doesNotMatch(label, /_/, `${lang}: ${item} → ${label}`);
    }
  }
  assert.equal(lookup(ja as Tree, itemLabelKeys("postcode").find((k) => lookup(ja as Tree, k))!), "郵便番号");
  assert.equal(lookup(en as Tree, itemLabelKeys("postcode").find((k) => lookup(en as Tree, k))!), "Postal code");
});

test("no obligations text says PDF reports come in a later version", () => {
  for (const [lang, catalog] of [["ja", ja], ["en", en]] as const) {
    for (const section of [catalog.obligations, catalog.obligationDocuments, catalog.inbox] as Tree[]) {
      for (const [key, text] of Object.entries(section)) {
        if (typeof text === "string") assert.doesNotMatch(text, /later version|今後の版/, `${lang}: ${key}`);
      }
    }
  }
});
