/**
 * Deleted conversations are archived first (manage.ts) so that "Undo" can bring them back; this deletes them for
 * good, with their messages and feedback (cascade), once the grace period has passed. The maintenance job runs it.
 */
import type { PrismaClient } from "@lore/db";

/**
 * How long a deleted conversation can still be restored. Far longer than the web app's undo notice (a few
 * seconds), short enough that "delete" soon means gone: with the hourly maintenance job, at most about 70 minutes.
 */
export const ARCHIVED_CONVERSATION_GRACE_MS = 10 * 60 * 1000;

/** Deletes conversations archived before `now` minus the grace period; returns how many. */
export async function purgeArchivedConversations(db: PrismaClient, now = new Date()): Promise<number> {
  const before = new Date(now.getTime() - ARCHIVED_CONVERSATION_GRACE_MS);
  const { count } = await db.conversation.deleteMany({ where: { archivedAt: { lt: before } } });
  return count;
}
