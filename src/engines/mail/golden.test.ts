/**
 * Pins the engine's whole output on the labelled corpus, 20 ordinary mails and a 600 kB mail (whose PDF takes the
 * large-part path): verdict, every signal with its reason and evidence, matched rules, indicators, warnings and the
 * message model (bodies by SHA-256). A speed change must leave every byte of it as it was; golden.json was written
 * by the engine before the speed work. Rewrite it only for an intended change: SOKUHO_WRITE_GOLDEN=1.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { analyseMail } from "./analyse.js";
import { EMPTY_CONTEXT, parseContext } from "./context.js";
import { corpus, CORPUS_CONTEXT, largeMail, ordinaryMail } from "./corpus.js";
import type { MailResult } from "./types.js";

const GOLDEN = new URL("./golden.json", import.meta.url);
const sha = (s: string): string => createHash("sha256").update(s).digest("hex");

const pinned = (r: MailResult): unknown => {
  const { timings: _t, message, ...rest } = r;
  const { text, html, headers, links, ...model } = message;
  // long lists (the 600 kB mail has 500 links) by the SHA-256 of their JSON, to keep golden.json small
  const small = (x: unknown): unknown => (JSON.stringify(x).length > 4000 ? sha(JSON.stringify(x)) : x);
  return { ...rest, message: { ...model, headers: small(headers), links: small(links), text: sha(text), html: sha(html) } };
};

const outputs = async (): Promise<Record<string, unknown>> => {
  const c = parseContext(CORPUS_CONTEXT);
  if (!c.ok) throw new Error("corpus context");
  const mails: [string, Uint8Array][] = [
    ...corpus().map((m): [string, Uint8Array] => [m.name, m.bytes]),
    ...Array.from({ length: 20 }, (_, i): [string, Uint8Array] => [`ordinary-${i}`, ordinaryMail(i)]),
    ["large-600k", largeMail(600_000)],
  ];
  const out: Record<string, unknown> = {};
  for (const [name, bytes] of mails) {
    out[name] = pinned(await analyseMail(bytes, c.context));
    // the same mail without any context (no partners, no trusted MTA): the context-free paths
    out[`${name} (no context)`] = pinned(await analyseMail(bytes, EMPTY_CONTEXT));
  }
  return JSON.parse(JSON.stringify(out)) as Record<string, unknown>;
};

test("every corpus verdict, signal, rule, indicator and warning is what golden.json pins", async () => {
  const got = await outputs();
  if (process.env.SOKUHO_WRITE_GOLDEN === "1") writeFileSync(GOLDEN, `{\n${Object.entries(got).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n")}\n}\n`);
  const want = JSON.parse(readFileSync(GOLDEN, "utf8")) as Record<string, unknown>;
  assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
  for (const name of Object.keys(want)) assert.deepEqual(got[name], want[name], name);
});
