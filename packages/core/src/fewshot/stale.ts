/**
 * The stale flag: an example is stale when a document it links to has changed since the example was last reviewed
 * (`reviewed_at`: set by edits of its question, answer or links and by "mark reviewed"; not `updated_at`, which a
 * pin or enable toggle changes too): its current version was created after the review and its content differs
 * from the version it was reviewed against: the newest indexed version (one with chunks) created before the
 * review, or the first indexed after it. So a document first indexed after the review has not changed — a page
 * linked while still pending, as the demo's are (the seed stores its raw text as version 1, never indexed, which the
 * indexer publishes as version 2) — nor has one re-imported with the same text. Each stale link carries the version the example was reviewed against and the current one, so the
 * console can open the change between them.
 */
import { Prisma, type PrismaClient } from "@lore/db";

export interface StaleLink {
  documentId: string;
  title: string;
  /** The version that was current when the example was reviewed (null: the document had none then). */
  fromVersionId: string | null;
  /** The current version, created after the review. */
  toVersionId: string;
  changedAt: Date;
  /** The console page that shows the change ({@link staleChangeHref}). */
  href: string;
}

/**
 * SQL: a column of the version of document `documentAlias` that example `e` was reviewed against: the newest
 * indexed one (with chunks) created before the review, or, when none was, the first indexed after it.
 */
function reviewedVersion(column: "id" | "content_hash", documentAlias: string) {
  const pick = (when: Prisma.Sql, order: Prisma.Sql) => Prisma.sql`(SELECT r.${Prisma.raw(column)} FROM document_versions r
    WHERE r.document_id = ${Prisma.raw(documentAlias)}.id AND ${when}
      AND EXISTS (SELECT 1 FROM chunks rc WHERE rc.document_version_id = r.id)
    ORDER BY ${order} LIMIT 1)`;
  return Prisma.sql`COALESCE(${pick(Prisma.sql`r.created_at <= e.reviewed_at`, Prisma.sql`r.version DESC`)},
    ${pick(Prisma.sql`r.created_at > e.reviewed_at`, Prisma.sql`r.version ASC`)})`;
}

/** SQL: example `e` is stale (for WHERE clauses). */
export const STALE_EXAMPLE_SQL = Prisma.sql`EXISTS (
  SELECT 1 FROM few_shot_example_documents sl JOIN documents sd ON sd.id = sl.document_id
  JOIN document_versions sv ON sv.id = sd.current_version_id
  WHERE sl.example_id = e.id AND sv.created_at > e.reviewed_at
    AND ${reviewedVersion("content_hash", "sd")} <> sv.content_hash)`;

/** The stale links of each of `exampleIds` (examples that are not stale are absent from the map). */
export async function staleLinks(db: Pick<PrismaClient, "$queryRaw">, exampleIds: readonly string[]): Promise<Map<string, StaleLink[]>> {
  const result = new Map<string, StaleLink[]>();
  if (exampleIds.length === 0) return result;
  const rows = await db.$queryRaw<(Omit<StaleLink, "href"> & { exampleId: string })[]>`
    SELECT l.example_id AS "exampleId", d.id AS "documentId", d.title, v.id AS "toVersionId", v.created_at AS "changedAt",
           ${reviewedVersion("id", "d")} AS "fromVersionId"
    FROM few_shot_examples e
    JOIN few_shot_example_documents l ON l.example_id = e.id
    JOIN documents d ON d.id = l.document_id
    JOIN document_versions v ON v.id = d.current_version_id
    WHERE e.id = ANY(${[...exampleIds]}::text[]) AND v.created_at > e.reviewed_at
      AND ${reviewedVersion("content_hash", "d")} <> v.content_hash
    ORDER BY v.created_at DESC, d.id`;
  for (const { exampleId, ...link } of rows) {
    const links = result.get(exampleId) ?? [];
    links.push({ ...link, changedAt: new Date(link.changedAt), href: staleChangeHref(link) });
    result.set(exampleId, links);
  }
  return result;
}

/** Where the console shows the change: the document's page with the two versions to compare. */
export function staleChangeHref(link: Pick<StaleLink, "documentId" | "fromVersionId" | "toVersionId">): string {
  const params = new URLSearchParams({ to: link.toVersionId });
  if (link.fromVersionId) params.set("from", link.fromVersionId);
  return `/documents/${encodeURIComponent(link.documentId)}?${params.toString()}`;
}
