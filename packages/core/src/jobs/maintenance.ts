import type { Db } from "../audit";

export interface MaintenanceResult {
  expiredSessions: number;
  expiredVerifications: number;
  staleRateLimits: number;
}

/**
 * Housekeeping that keeps the auth tables small: expired sessions and verification tokens, and
 * rate-limit counters whose window ended long ago. Safe to run at any time, any number of times.
 */
export async function runMaintenance(db: Db, now = new Date()): Promise<MaintenanceResult> {
  const dayAgoMs = BigInt(now.getTime() - 24 * 60 * 60 * 1000);
  const [sessions, verifications, rateLimits] = await Promise.all([
    db.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.verification.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.rateLimit.deleteMany({ where: { lastRequest: { lt: dayAgoMs } } }),
  ]);
  return { expiredSessions: sessions.count, expiredVerifications: verifications.count, staleRateLimits: rateLimits.count };
}
