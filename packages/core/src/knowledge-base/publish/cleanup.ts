import type { PrismaClient } from "@lore/db";

/**
 * How long after its claim ran out an unfinished import's rows are left for the import's own retry to clean up
 * (step 3 of publish.ts's file comment) before the maintenance removes them. The queue retries a job within minutes.
 */
export const ABANDONED_IMPORT_GRACE_MINUTES = 15;

export interface AbandonedImports {
  /** Documents whose first version was never published (their import died and was not retried). */
  documents: number;
  /** Versions newer than their document's current one, never published. */
  versions: number;
}

/**
 * Removes what imports that died before their swap left behind, when no retry came to clean it up (the job
 * was cancelled, or the kill came on its last attempt): a new document's row with its unpublished version
 * and chunks, or an existing document's unpublished newer version. Invisible to search, but listed as
 * "processing" forever, holding the full text and the term index's postings. Only once the import's claim
 * has been gone for {@link ABANDONED_IMPORT_GRACE_MINUTES} minutes: a live import renews its claim every few
 * seconds. Run by the hourly maintenance (jobs/maintenance.ts).
 */
export async function sweepAbandonedImports(db: PrismaClient, now = new Date()): Promise<AbandonedImports> {
  const before = new Date(now.getTime() - ABANDONED_IMPORT_GRACE_MINUTES * 60_000);
  const documents = await db.$executeRaw`
    DELETE FROM documents
    WHERE current_version_id IS NULL AND status = 'processing'::document_status
      AND (indexing_until IS NULL OR indexing_until < ${before})`;
  const versions = await db.$executeRaw`
    DELETE FROM document_versions v
    USING documents d JOIN document_versions c ON c.id = d.current_version_id
    WHERE v.document_id = d.id AND v.version > c.version
      AND (d.indexing_until IS NULL OR d.indexing_until < ${before})`;
  return { documents, versions };
}

/** Removes a document with all its versions, chunks and access rows (ON DELETE CASCADE). Returns whether it existed. */
export async function deleteDocument(db: PrismaClient, documentId: string): Promise<boolean> {
  // One statement: readers see the document either whole or gone.
  const { count } = await db.document.deleteMany({ where: { id: documentId } });
  return count > 0;
}
