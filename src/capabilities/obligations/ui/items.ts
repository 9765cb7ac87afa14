/**
 * A data item's label from the UI catalogs, never its id: the scanner's types are labelled in `affected.item`, the
 * items only the facts know (`postcode`, `health` …) in `obligations.item`.
 */
import type { TFunction } from "i18next";

/** The catalog keys that may label an item, in the order they are tried. */
export const itemLabelKeys = (item: string): string[] => [`affected.item.${item}`, `obligations.item.${item}`];

/** The item's label in the reader's language; an item no catalog knows (a stored value from an older list) reads as "other: <id>". */
export const itemLabel = (t: TFunction, item: string): string =>
  t(itemLabelKeys(item), { defaultValue: t("obligations.itemUnknown", { item }) });
