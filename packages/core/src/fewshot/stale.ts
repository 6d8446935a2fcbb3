/**
 * The stale flag: an example is stale when a document it links to has changed since the example was last reviewed
 * (`reviewed_at`: set by edits of its question, answer or links and by "mark reviewed"; not `updated_at`, which a
 * pin or enable toggle changes too): its current version was created after the review and its content differs
 * from the version current then. A document first published after the review (a page linked while still pending,
 * as the demo's are) has not changed, nor has one re-imported with the same text. Each stale link carries the version the example was
 * reviewed against and the current one, so the console can open the change between them.
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

/** SQL: example `e` is stale (for WHERE clauses). */
export const STALE_EXAMPLE_SQL = Prisma.sql`EXISTS (
  SELECT 1 FROM few_shot_example_documents sl JOIN documents sd ON sd.id = sl.document_id
  JOIN document_versions sv ON sv.id = sd.current_version_id
  WHERE sl.example_id = e.id AND sv.created_at > e.reviewed_at
    AND (SELECT r.content_hash FROM document_versions r
         WHERE r.document_id = sd.id AND r.created_at <= e.reviewed_at
         ORDER BY r.version DESC LIMIT 1) <> sv.content_hash)`;

/** The stale links of each of `exampleIds` (examples that are not stale are absent from the map). */
export async function staleLinks(db: Pick<PrismaClient, "$queryRaw">, exampleIds: readonly string[]): Promise<Map<string, StaleLink[]>> {
  const result = new Map<string, StaleLink[]>();
  if (exampleIds.length === 0) return result;
  const rows = await db.$queryRaw<(Omit<StaleLink, "href"> & { exampleId: string })[]>`
    SELECT l.example_id AS "exampleId", d.id AS "documentId", d.title, v.id AS "toVersionId", v.created_at AS "changedAt",
           (SELECT r.id FROM document_versions r
            WHERE r.document_id = d.id AND r.created_at <= e.reviewed_at
            ORDER BY r.version DESC LIMIT 1) AS "fromVersionId"
    FROM few_shot_examples e
    JOIN few_shot_example_documents l ON l.example_id = e.id
    JOIN documents d ON d.id = l.document_id
    JOIN document_versions v ON v.id = d.current_version_id
    WHERE e.id = ANY(${[...exampleIds]}::text[]) AND v.created_at > e.reviewed_at
      AND (SELECT r.content_hash FROM document_versions r
           WHERE r.document_id = d.id AND r.created_at <= e.reviewed_at
           ORDER BY r.version DESC LIMIT 1) <> v.content_hash
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
