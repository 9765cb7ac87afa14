/**
 * The data items the facts name: the scanner's types (`postal_code` …), the items of the facts form
 * (`postcode`, `name` …) and what only people can tell (health …). No imports but the scanner's list: the browser
 * bundle uses it for the facts form, whose labels come from the UI catalogs (`ui/items.ts`).
 */
import { PII_TYPES } from "../../engines/scan/types.js";

export const DATA_ITEMS = [
  ...PII_TYPES,
  "name", "postcode", "card_security_code", "login_credentials", "health", "criminal_record", "beliefs", "race",
  "biometric", "other",
] as const;
export type DataItem = (typeof DATA_ITEMS)[number];
