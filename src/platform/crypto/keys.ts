/**
 * Keys derived from the one server secret (HKDF-SHA256), one per purpose, so that a key leaked from one use
 * says nothing about another.
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes, timingSafeEqual } from "node:crypto";

export type Keys = {
  /** HMAC key for identifiers kept as keyed hashes (emails, phone numbers, tokens). */
  identifier: Buffer;
  /** AES-256-GCM key for personal data at rest. */
  encryption: Buffer;
  /** HMAC key for the audit chain. */
  audit: Buffer;
};

const derive = (secret: Buffer, label: string): Buffer =>
  Buffer.from(hkdfSync("sha256", secret, Buffer.alloc(0), `sokuho/${label}/v1`, 32));

export const deriveKeys = (secret: Buffer): Keys => {
  if (secret.length !== 32) throw new Error("the server secret must be 32 bytes");
  return { identifier: derive(secret, "identifier"), encryption: derive(secret, "encryption"), audit: derive(secret, "audit") };
};

/** A keyed hash of an identifier; equal inputs give equal hashes, and nothing can be read back. */
export const hmac = (key: Buffer, value: string | Buffer): Buffer => createHmac("sha256", key).update(value).digest();

/** Normalises an email for look-up: trimmed, NFKC, lower case. */
export const normalizeEmail = (email: string): string => email.normalize("NFKC").trim().toLowerCase();

const VERSION = 1;

/**
 * AES-256-GCM: version byte, 12-byte nonce, 16-byte tag, ciphertext. A caller encrypting millions of rows may pass
 * nonces cut from one large randomBytes call (a random 96-bit nonce per message either way).
 */
export const encrypt = (key: Buffer, plaintext: string, iv: Buffer = randomBytes(12)): Buffer => {
  if (iv.length !== 12) throw new Error("the nonce must be 12 bytes");
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
};

export const decrypt = (key: Buffer, box: Buffer): string => {
  if (box.length < 29 || box[0] !== VERSION) throw new Error("unsupported ciphertext");
  const decipher = createDecipheriv("aes-256-gcm", key, box.subarray(1, 13));
  decipher.setAuthTag(box.subarray(13, 29));
  return Buffer.concat([decipher.update(box.subarray(29)), decipher.final()]).toString("utf8");
};

/** A random token for cookies, reset links and API tokens (256 bits, URL-safe). */
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString("base64url");

export const safeEqual = (a: Buffer, b: Buffer): boolean => a.length === b.length && timingSafeEqual(a, b);
