import type { PgBoss } from "pg-boss";
import type { PrismaClient } from "@lore/db";
import { ensureSearchIndexes, vacuumSearchTables } from "../knowledge-base/search-indexes/maintenance";
import { sweepAbandonedImports } from "../knowledge-base";
import { reconcileJobs } from "./reconcile";
import { sweepUploads } from "../knowledge-base/imports/upload-parts";
import { purgeArchivedConversations } from "../conversations/purge";

export interface MaintenanceResult {
  expiredSessions: number;
  expiredVerifications: number;
  staleRateLimits: number;
  /** Conversations deleted (archived) longer ago than their grace period, now deleted for good (conversations/purge.ts). */
  purgedConversations: number;
  /** Import jobs whose upload never finished, now failed (see ./upload-parts.ts). */
  interruptedUploads: number;
  /** Stored upload parts deleted: those of the jobs above and any left by a job that ended. */
  deletedUploadParts: number;
  /** Job rows whose queue job ended without them (a worker killed on the last attempt), or that were never sent: now failed (./reconcile.ts). */
  lostJobs: number;
  unsentJobs: number;
  /** Job rows whose queue id had not been recorded, though their queue job exists: recorded. */
  relinkedJobs: number;
  /** Why the reconciliation with the queue failed this time (the rest of the maintenance still ran). */
  reconcileError?: string;
  /** What imports that died before publishing left behind, with no retry to clean it up, now deleted (knowledge-base/publish/publish.ts). */
  abandonedDocuments: number;
  abandonedVersions: number;
  /** Search indexes built: missing ones (a bulk import died before rebuilding them), and vector indexes sized again for their rows. */
  rebuiltSearchIndexes: string[];
}

/**
 * Housekeeping, safe to run at any time, any number of times:
 *  - deletes expired sessions and verification tokens, and rate-limit counters whose window ended long ago;
 *  - deletes for good the conversations users deleted once their undo grace period has passed;
 *  - with the queue (`boss`): ends job rows whose queue job ended without them or was never sent;
 *  - fails import jobs whose upload was interrupted, and deletes uploaded bytes no job needs any more;
 *  - deletes what imports that died before publishing left behind when no retry cleaned it up;
 *  - builds any search index a bulk import dropped and never rebuilt, and sizes the vector indexes to their rows
 *    (built, rebuilt or dropped as the rows grow or shrink: knowledge-base/search-indexes/maintenance.ts);
 *  - VACUUM ANALYZE of the tables search reads. The embedded server (PGlite) has no autovacuum, so without
 *    this the planner's statistics go stale and index-only scans of the term index turn into heap visits as
 *    documents change. On a PostgreSQL server autovacuum does the same; running it again is harmless.
 *
 * Takes the client itself, not a transaction: VACUUM cannot run inside one.
 */
export async function runMaintenance(db: PrismaClient, now = new Date(), boss?: PgBoss): Promise<MaintenanceResult> {
  const dayAgoMs = BigInt(now.getTime() - 24 * 60 * 60 * 1000);
  const [sessions, verifications, rateLimits, purgedConversations] = await Promise.all([
    db.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.verification.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.rateLimit.deleteMany({ where: { lastRequest: { lt: dayAgoMs } } }),
    purgeArchivedConversations(db, now),
  ]);
  // Before the sweep, which then deletes the bytes of the rows it ended.
  let reconcileError: string | undefined;
  const jobs = boss
    ? await reconcileJobs(db, boss, now).catch((error: unknown) => {
        reconcileError = error instanceof Error ? error.message : String(error);
        return { lost: 0, unsent: 0, relinked: 0 };
      })
    : { lost: 0, unsent: 0, relinked: 0 };
  const uploads = await sweepUploads(db, now);
  const abandoned = await sweepAbandonedImports(db, now);
  const rebuiltSearchIndexes = await ensureSearchIndexes(db);
  await vacuumSearchTables(db);
  return {
    expiredSessions: sessions.count,
    expiredVerifications: verifications.count,
    staleRateLimits: rateLimits.count,
    purgedConversations,
    interruptedUploads: uploads.interruptedJobs,
    deletedUploadParts: uploads.deletedParts,
    lostJobs: jobs.lost,
    unsentJobs: jobs.unsent,
    relinkedJobs: jobs.relinked,
    ...(reconcileError === undefined ? {} : { reconcileError }),
    abandonedDocuments: abandoned.documents,
    abandonedVersions: abandoned.versions,
    rebuiltSearchIndexes,
  };
}
