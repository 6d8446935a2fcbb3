import { Prisma } from "@lore/db";

/**
 * THE access rule of retrieval, as one SQL fragment every query that returns chunks must include.
 * It expects the chunk aliased `c` and its document aliased `d` (`chunks c JOIN documents d ON d.id = c.document_id`).
 *
 * A chunk is visible when
 *   - it belongs to its document's CURRENT version (older versions stay for citations, never for search;
 *     a version being indexed is not current yet, so a half-indexed document is never seen), and
 *   - the document has no `document_access` rows (public), or the user belongs to one of its groups.
 *
 * `userId === null` is an anonymous caller: public documents only.
 *
 * The admin role deliberately does NOT bypass this: admins manage who may read what, but retrieval (and so
 * every answer and citation) is decided by group membership alone — an admin who must read HR files joins "hr".
 */
export function visibleChunkSql(userId: string | null): Prisma.Sql {
  const isPublic = Prisma.sql`NOT EXISTS (SELECT 1 FROM document_access da WHERE da.document_id = d.id)`;
  const current = Prisma.sql`d.current_version_id = c.document_version_id`;
  if (userId === null) return Prisma.sql`(${current} AND ${isPublic})`;
  return Prisma.sql`(${current} AND (${isPublic} OR EXISTS (
    SELECT 1 FROM document_access da
    JOIN group_memberships gm ON gm.group_id = da.group_id
    WHERE da.document_id = d.id AND gm.user_id = ${userId})))`;
}
