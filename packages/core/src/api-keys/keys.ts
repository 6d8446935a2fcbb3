/**
 * Per-user API keys (the OpenAI-compatible endpoint's credentials): created and revoked by their owner, each
 * answering as that user, so a key reads exactly what its owner may read. The secret is shown once, at creation;
 * only its hash is kept (secret.ts). Anyone but the owner gets the same not-found as for a key that does not exist.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@lore/db";
import { recordAudit } from "../audit/record";
import { LoreError, type LoreErrorKind } from "../errors/lore-error";
import { displayPrefix, generateSecret, hashSecret, looksLikeApiKey } from "./secret";

export type ApiKeyErrorCode = "API_KEY_NOT_FOUND" | "API_KEY_INVALID" | "TOO_MANY_API_KEYS";

const KINDS: Record<ApiKeyErrorCode, LoreErrorKind> = {
  API_KEY_NOT_FOUND: "not_found",
  API_KEY_INVALID: "bad_request",
  TOO_MANY_API_KEYS: "conflict",
};

export class ApiKeyError extends LoreError<ApiKeyErrorCode> {
  override readonly name = "ApiKeyError";
  constructor(code: ApiKeyErrorCode, message: string) {
    super(code, KINDS[code], message);
  }
}

export const API_KEY_NOT_FOUND_MESSAGE = "That API key does not exist (or is not yours).";
/** Keys a user may hold at once (revoked and expired ones do not count). */
export const MAX_ACTIVE_API_KEYS = 20;
export const MAX_API_KEY_NAME_LENGTH = 100;
/** `lastUsedAt` is written at most this often per key, so a busy key does not write on every request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/** A key as its owner sees it in a list: never the secret nor its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

const VIEW = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, revokedAt: true } as const;

/** Whoever a valid key answers as. */
export interface ApiKeyUser {
  id: string;
  email: string;
  name: string;
  role: string;
  keyId: string;
}

/**
 * Creates a key for `userId` and returns it with its secret, which is never available again. Audited as
 * `api_key.created` by the owner.
 */
export async function createApiKey(
  db: PrismaClient,
  params: { userId: string; name: string; expiresAt?: Date | null },
): Promise<ApiKeyView & { secret: string }> {
  const name = params.name.trim();
  if (!name || name.length > MAX_API_KEY_NAME_LENGTH)
    throw new ApiKeyError("API_KEY_INVALID", `Give the key a name of 1 to ${MAX_API_KEY_NAME_LENGTH} characters.`);
  const now = new Date();
  if (params.expiresAt && params.expiresAt <= now) throw new ApiKeyError("API_KEY_INVALID", "A key's expiry date must be in the future.");
  const secret = generateSecret();
  const id = randomUUID();
  const created = await db.$transaction(async (tx) => {
    const owner = await tx.user.findUnique({ where: { id: params.userId }, select: { id: true, email: true } });
    if (!owner) throw new ApiKeyError("API_KEY_NOT_FOUND", "That user does not exist.");
    const active = await tx.apiKey.count({
      where: { userId: owner.id, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    });
    if (active >= MAX_ACTIVE_API_KEYS)
      throw new ApiKeyError(
        "TOO_MANY_API_KEYS",
        `You already have ${MAX_ACTIVE_API_KEYS} active API keys: revoke one you no longer use first.`,
      );
    const key = await tx.apiKey.create({
      data: {
        id,
        name,
        prefix: displayPrefix(secret),
        hashedKey: hashSecret(secret),
        userId: owner.id,
        expiresAt: params.expiresAt ?? null,
      },
      select: VIEW,
    });
    await recordAudit(tx, {
      actor: owner,
      action: "api_key.created",
      targetType: "api_key",
      targetId: id,
      data: { name, prefix: key.prefix, expiresAt: key.expiresAt?.toISOString() ?? null },
    });
    return key;
  });
  return { ...created, secret };
}

/** The user's keys, newest first, revoked and expired ones included (marked by their dates). */
export function listApiKeys(db: PrismaClient, userId: string): Promise<ApiKeyView[]> {
  return db.apiKey.findMany({ where: { userId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], select: VIEW });
}

/**
 * Revokes one of the user's keys: it stops working at once. Revoking it again changes nothing; anyone else's key is
 * API_KEY_NOT_FOUND. Audited as `api_key.revoked` (the first time).
 */
export async function revokeApiKey(db: PrismaClient, params: { userId: string; id: string }): Promise<ApiKeyView> {
  return db.$transaction(async (tx) => {
    const key = await tx.apiKey.findFirst({
      where: { id: params.id, userId: params.userId },
      select: { ...VIEW, user: { select: { email: true } } },
    });
    if (!key) throw new ApiKeyError("API_KEY_NOT_FOUND", API_KEY_NOT_FOUND_MESSAGE);
    const { user, ...view } = key;
    if (view.revokedAt) return view;
    const revoked = await tx.apiKey.update({ where: { id: view.id }, data: { revokedAt: new Date() }, select: VIEW });
    await recordAudit(tx, {
      actor: { id: params.userId, email: user.email },
      action: "api_key.revoked",
      targetType: "api_key",
      targetId: view.id,
      data: { name: view.name, prefix: view.prefix },
    });
    return revoked;
  });
}

/**
 * The user a secret belongs to, or null when it is no key, or a revoked or expired one, or its owner is banned.
 * Marks the key used (at most once a minute).
 */
export async function authenticateApiKey(db: PrismaClient, secret: string): Promise<ApiKeyUser | null> {
  if (!looksLikeApiKey(secret)) return null;
  const key = await db.apiKey.findUnique({
    where: { hashedKey: hashSecret(secret) },
    select: {
      id: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      user: { select: { id: true, email: true, name: true, role: true, banned: true, banExpires: true } },
    },
  });
  const now = new Date();
  if (!key || key.revokedAt || (key.expiresAt && key.expiresAt <= now)) return null;
  const { user } = key;
  // A ban with an end date in the past is over (as better-auth's admin plugin treats it at sign-in).
  if (user.banned && (!user.banExpires || user.banExpires > now)) return null;
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
    // One guarded statement: concurrent requests write it once.
    await db.apiKey.updateMany({
      where: { id: key.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: new Date(now.getTime() - LAST_USED_RESOLUTION_MS) } }] },
      data: { lastUsedAt: now },
    });
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, keyId: key.id };
}
