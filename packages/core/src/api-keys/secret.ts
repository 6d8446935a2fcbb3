/**
 * The secret of an API key: `lore_` and 40 random base62 characters (about 238 bits), shown to its owner once.
 * Only its SHA-256 hash is stored, so a key is found by hashing what a client sends and looking the hash up: there
 * is no stored secret to compare, which makes a constant-time comparison moot (the lookup is by an unguessable
 * hash of a high-entropy secret, not by the secret).
 */
import { createHash, randomBytes } from "node:crypto";

export const API_KEY_PREFIX = "lore_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_CHARS = 40;
/** How much of the secret is kept in clear, to tell keys apart in a list: `lore_` and 7 characters. */
const DISPLAY_CHARS = 12;
const SHAPE = new RegExp(`^${API_KEY_PREFIX}[0-9A-Za-z]{${RANDOM_CHARS}}$`);

/** A new secret. Bytes of 248 and above are skipped so every character is equally likely (248 = 4 × 62). */
export function generateSecret(): string {
  let out = API_KEY_PREFIX;
  while (out.length < API_KEY_PREFIX.length + RANDOM_CHARS) {
    for (const byte of randomBytes(RANDOM_CHARS)) {
      if (byte >= 248) continue;
      out += ALPHABET[byte % 62];
      if (out.length === API_KEY_PREFIX.length + RANDOM_CHARS) break;
    }
  }
  return out;
}

/** Whether a string has the shape of a Lore API key (checked before hashing, so junk never reaches the database). */
export const looksLikeApiKey = (value: string): boolean => SHAPE.test(value);

/** The stored form of a secret: its SHA-256, hex. */
export const hashSecret = (secret: string): string => createHash("sha256").update(secret, "utf8").digest("hex");

/** The part of a secret shown in lists (`lore_AbC12xY`). */
export const displayPrefix = (secret: string): string => secret.slice(0, DISPLAY_CHARS);
