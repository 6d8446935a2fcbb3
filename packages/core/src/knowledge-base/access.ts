import { Prisma } from "@lore/db";

/**
 * Whose access a query runs with: a user's id (their groups' memberships decide), `null` for an anonymous caller
 * (public documents only), or a set of groups with no user behind them (the inspector's "ask as group": what a
 * member of exactly these groups would read). Every form is decided in SQL by the same rule.
 */
export type AccessPrincipal = string | null | { groupIds: readonly string[] };

/**
 * The FROM clause for chunks of current versions with their documents, as {@link visibleChunkSql} expects them
 * (`c`, `d`). The join goes through `documents.current_version_id` (unique) alone: joined on the document id as
 * well, the planner multiplies the two conditions' selectivities, expects a handful of rows, and sorts the
 * whole table instead of walking the vector index (orders of magnitude slower on a large knowledge base).
 */
export const CURRENT_CHUNKS = Prisma.sql`chunks c JOIN documents d ON d.current_version_id = c.document_version_id`;

/**
 * THE access rule of retrieval, as one SQL fragment every query that returns chunks must include (or take its
 * chunks from {@link readableChunksSql}, the same rule as a FROM clause).
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
export function visibleChunkSql(userId: AccessPrincipal): Prisma.Sql {
  const current = Prisma.sql`d.current_version_id = c.document_version_id`;
  return Prisma.sql`(${current} AND ${visibleDocumentSql(userId)})`;
}

/**
 * THE access rule of retrieval again ({@link visibleChunkSql}'s, built from the same {@link visibleDocumentSql}),
 * as a FROM clause that starts from the documents: the documents the caller may read that `documentFilters`
 * (over `d`) lets through, then the chunks of their current versions that pass `chunkConditions` (over `c`),
 * one index probe per document. It gives `c` and `d` as {@link CURRENT_CHUNKS} does, with the rule applied.
 *
 * For queries over everything a caller may read when that is a small part of the knowledge base (a narrow
 * group or filter): written as a join with a WHERE, the planner guesses that most documents are readable and
 * reads every chunk to keep a few (docs/benchmarks.md, "Callers who may read little"). The access check still
 * runs once per document of the knowledge base; the chunks are read for the readable ones only. Both subqueries end in
 * `OFFSET 0`, which keeps the planner from merging them into one join it would order its own way: the order
 * is the point.
 */
export function readableChunksSql(userId: AccessPrincipal, documentFilters: Prisma.Sql, chunkConditions: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(SELECT d.* FROM documents d
      WHERE d.current_version_id IS NOT NULL AND ${visibleDocumentSql(userId)} AND (${documentFilters}) OFFSET 0) d
    CROSS JOIN LATERAL (SELECT c.* FROM chunks c
      WHERE c.document_version_id = d.current_version_id AND (${chunkConditions}) OFFSET 0) c`;
}

/**
 * The same rule at document level, for queries that return documents or their text (the document viewer):
 * expects the document aliased `d`. A document is readable when it has no `document_access` rows (public)
 * or the user belongs to one of its groups; `userId === null` sees public documents only, `{ groupIds }` what a
 * member of exactly those groups would see. Callers that
 * return content must also require `d.current_version_id IS NOT NULL` (a half-imported document is unreadable).
 */
export function visibleDocumentSql(userId: AccessPrincipal): Prisma.Sql {
  const isPublic = Prisma.sql`NOT EXISTS (SELECT 1 FROM document_access da WHERE da.document_id = d.id)`;
  if (userId === null) return Prisma.sql`(${isPublic})`;
  if (typeof userId === "object") {
    // Membership is the given groups themselves; no user row is read, so an admin asking as a group gets no more.
    return Prisma.sql`(${isPublic} OR EXISTS (
    SELECT 1 FROM document_access da
    WHERE da.document_id = d.id AND da.group_id = ANY(${[...userId.groupIds]}::text[])))`;
  }
  return Prisma.sql`(${isPublic} OR EXISTS (
    SELECT 1 FROM document_access da
    JOIN group_memberships gm ON gm.group_id = da.group_id
    WHERE da.document_id = d.id AND gm.user_id = ${userId}))`;
}
