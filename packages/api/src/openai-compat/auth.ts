import { authenticateApiKey, type ApiKeyUser } from "@lore/core/api-keys";
import type { PrismaClient } from "@lore/db";

/** Whoever the request's `Authorization: Bearer lore_…` key answers as; null without a valid key. */
export async function apiKeyUser(db: PrismaClient, request: Request): Promise<ApiKeyUser | null> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.get("authorization") ?? "");
  return match ? authenticateApiKey(db, match[1]!) : null;
}

export const INVALID_API_KEY_MESSAGE =
  "Missing or invalid API key: send `Authorization: Bearer lore_…` with a key you created in Lore's settings (revoked and expired keys no longer work).";
