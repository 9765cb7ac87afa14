/**
 * Webhooks reach only the public internet unless the operator allows private addresses (server-side request
 * forgery): a literal private address and a name that resolves to one are both refused before any byte is sent.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { isNonPublicAddress, webhookTransport, type Delivery } from "../../src/capabilities/network/transports.js";

let server: Server;
let port = 0;
let received = 0;
before(async () => {
  server = createServer((req, res) => {
    received += 1;
    req.resume();
    req.on("end", () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  port = (server.address() as AddressInfo).port;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const delivery = (address: string): Delivery => ({
  idempotencyKey: "k".repeat(32),
  kind: "webhook",
  address,
  webhookFormat: "json",
  secret: "whsec_test",
  message: { locale: "ja", subject: "件名", text: "本文", links: [], isDrill: false },
  cause: { pageId: null, broadcastId: null, step: null, round: null },
});

test("private, loopback, link-local, shared and reserved addresses are not public; public ones are", () => {
  for (const ip of ["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "[::1]", "not-an-ip"]) {
    assert.equal(isNonPublicAddress(ip), true, ip);
  }
  for (const ip of ["203.0.113.10", "8.8.8.8", "2001:4860:4860::8888", "::ffff:8.8.8.8"]) assert.equal(isNonPublicAddress(ip), false, ip);
});

test("by default a webhook to a loopback address or to a name resolving to one is refused for good, and nothing is sent", async () => {
  const t = webhookTransport({ timeoutMs: 2_000, now: () => new Date() });
  for (const url of [`http://127.0.0.1:${port}/hook`, `http://localhost:${port}/hook`, `http://[::ffff:127.0.0.1]:${port}/hook`]) {
    const r = await t.send(delivery(url));
    assert.deepEqual(r, { ok: false, permanent: true, statusCode: null, errorCode: "blocked_address" }, url);
  }
  assert.equal(received, 0);
});

test("an operator who allows private addresses reaches the same receiver", async () => {
  const t = webhookTransport({ timeoutMs: 2_000, now: () => new Date(), allowNonPublic: true });
  const r = await t.send(delivery(`http://localhost:${port}/hook`));
  assert.deepEqual(r, { ok: true, statusCode: 204, providerRef: null });
  assert.equal(received, 1);
});
