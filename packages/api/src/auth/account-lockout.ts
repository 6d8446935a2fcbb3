/**
 * A limit per account on failed password sign-ins, on top of better-auth's limit per client address: a guesser
 * spread over many addresses still gets only `maxFailures` tries at one account per `lockMinutes`. Failures are
 * counted for any email typed, existing or not, and the refusal reads the same for both, so the lock says nothing
 * about which accounts exist. A successful sign-in clears the count.
 *
 * Counts live in better-auth's own `rate_limits` table (shared by both apps and every replica), under keys of
 * their own; the count restarts once `lockMinutes` pass without a failure.
 */
import { createHash, randomUUID } from "node:crypto";
import { APIError } from "better-auth/api";
import type { PrismaClient } from "@lore/db";

export interface AccountLockoutSettings {
  maxFailures: number;
  lockMinutes: number;
}

/** The code of the refusal, for the sign-in form. */
export const ACCOUNT_LOCKED = "ACCOUNT_LOCKED";

function keyFor(email: string): string {
  return `lore:sign-in-failures:${createHash("sha256").update(email.trim().toLowerCase()).digest("hex")}`;
}

export function createAccountLockout(db: PrismaClient, settings: AccountLockoutSettings) {
  const windowMs = settings.lockMinutes * 60_000;

  return {
    /** Throws a 429 while the account is locked. */
    async assertNotLocked(email: string): Promise<void> {
      const row = await db.rateLimit.findUnique({ where: { key: keyFor(email) } });
      if (!row || row.count < settings.maxFailures) return;
      const remainingMs = Number(row.lastRequest) + windowMs - Date.now();
      if (remainingMs <= 0) return;
      const minutes = Math.ceil(remainingMs / 60_000);
      throw new APIError(
        "TOO_MANY_REQUESTS",
        {
          code: ACCOUNT_LOCKED,
          message:
            `Too many failed sign-ins for this email address. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}, ` +
            "or ask your Lore administrator to reset your password.",
        },
        { "Retry-After": String(Math.ceil(remainingMs / 1000)) },
      );
    },

    /** Counts one failed sign-in (atomically: parallel guesses all count). */
    async recordFailure(email: string): Promise<void> {
      const now = Date.now();
      await db.$executeRaw`
        INSERT INTO rate_limits (id, key, count, last_request) VALUES (${randomUUID()}, ${keyFor(email)}, 1, ${now})
        ON CONFLICT (key) DO UPDATE SET
          count = CASE WHEN rate_limits.last_request < ${now - windowMs} THEN 1 ELSE rate_limits.count + 1 END,
          last_request = EXCLUDED.last_request`;
    },

    async recordSuccess(email: string): Promise<void> {
      await db.rateLimit.deleteMany({ where: { key: keyFor(email) } });
    },
  };
}
