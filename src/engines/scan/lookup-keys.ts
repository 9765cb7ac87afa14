/**
 * Match-key texts for a look-up ("is this person in the leaked file?"): the same normalisation and the same text
 * as the scanner's keys ("kind\0value", components joined by U+001F), so HMAC(text) finds the person's identifier
 * in a registry loaded from the person stream. `lookup-keys.test.ts` checks this against the stream itself.
 */
import { CHECKS } from "./recognizers/registry.js";
import { DEFAULT_MATCH_KEYS, KEY_COMPONENT_TYPE, type KeyComponent, type MatchKey } from "./types.js";

export type LookupValues = Partial<Record<KeyComponent, string>>;

/** The key texts these values complete (a key needs every one of its components, each valid). */
export function lookupKeyTexts(values: LookupValues, matchKeys: MatchKey[] = DEFAULT_MATCH_KEYS): string[] {
  const texts: string[] = [];
  for (const key of matchKeys) {
    const parts: string[] = [];
    for (const c of key) {
      const raw = values[c];
      const v = raw === undefined || raw.trim() === "" ? null : CHECKS[KEY_COMPONENT_TYPE[c]](raw.trim());
      if (v === null) break;
      parts.push(String(v));
    }
    if (parts.length === key.length) texts.push(`${key.join("+")}\u0000${parts.join("\u001f")}`);
  }
  return texts;
}
