/** Step 3: claim the document and number the new version (invisible until the swap). */
import { randomUUID } from "node:crypto";
import { CLAIM_POLL_MS, CLAIM_WAIT_MS, DocumentBusyError, INDEXING_LEASE_SECONDS, deletedWhileIndexing, releaseClaim } from "./claims";
import { isUniqueViolation, readExisting, type ExistingDocument, type IndexDocumentResult, type PublishContext } from "./context";
import { unchangedResult } from "./unchanged";

/** The document this import holds, and the version it writes. */
export interface ClaimedVersion {
  owner: string;
  documentId: string;
  versionId: string;
  isNew: boolean;
  version: number;
  /** The version row's seq, when the row was written with a new document's; else the version row is still to write. */
  versionSeq: number | undefined;
  versionRow: { id: string; contentHash: string; title: string; content: string; byteSize: number };
}

/**
 * Claims the document (or creates it, claimed, with its first version), waiting its turn behind another
 * import of the same document. Returns `{ result }` when, once it has its turn, the content is found
 * unchanged (or, for `ifCurrentVersion`, superseded): nothing more to write.
 */
export async function claimVersion(
  ctx: PublishContext,
  found: ExistingDocument | null,
): Promise<ClaimedVersion | { result: IndexDocumentResult }> {
  const { db, input, hash, tsConfig, tags } = ctx;
  const { source, doc } = input;
  let existing = found;
  const owner = randomUUID();
  const versionId = randomUUID();
  const versionRow = {
    id: versionId,
    contentHash: hash,
    title: doc.title,
    content: doc.text,
    byteSize: Buffer.byteLength(doc.text, "utf8"),
  };
  const waitUntil = Date.now() + CLAIM_WAIT_MS;
  // A published document that vanishes while this import waits was deleted (an unfinished one may just have
  // failed: then this import creates it).
  const hadDocument = existing?.currentVersionId != null;
  for (;;) {
    if (existing) {
      const claimed = await db.$executeRaw`
        UPDATE documents SET indexing_owner = ${owner}, indexing_until = now() + make_interval(secs => ${INDEXING_LEASE_SECONDS})
        WHERE id = ${existing.id} AND (indexing_until IS NULL OR indexing_until < now())`;
      if (claimed === 1) {
        const claimedId = existing.id;
        try {
          // What the previous holder left: the current version to follow, or this very content already.
          const claimedRow = await readExisting(ctx);
          if (claimedRow?.id !== claimedId) throw deletedWhileIndexing(doc.title);
          existing = claimedRow;
          const done =
            input.ifCurrentVersion !== undefined && existing.currentVersion && existing.currentVersion.id !== input.ifCurrentVersion
              ? await unchangedResult(ctx, existing, { evenIfForced: true })
              : await unchangedResult(ctx, existing);
          if (done) {
            await releaseClaim(db, claimedId, owner);
            return { result: done };
          }
          const documentId = existing.id;
          // Leftovers of an attempt that died before its swap: any version newer than the current one (or every
          // version of a document that never had one). Removed under the claim (and only while it is ours), so a
          // retried job starts clean.
          await db.$executeRaw`
            DELETE FROM document_versions v
            WHERE v.document_id = ${documentId} AND v.version > ${existing.currentVersion?.version ?? 0}
              AND EXISTS (SELECT 1 FROM documents d WHERE d.id = v.document_id AND d.indexing_owner = ${owner})`;
          const isNew = existing.currentVersionId === null;
          const version = (existing.currentVersion?.version ?? 0) + 1;
          return { owner, documentId, versionId, isNew, version, versionSeq: undefined, versionRow };
        } catch (error) {
          await releaseClaim(db, claimedId, owner).catch(() => {});
          throw error;
        }
      }
    } else {
      const documentId = randomUUID();
      const version = 1;
      // The document row (needed for the foreign keys, and claimed from the start) and its first version, in
      // one statement: atomic by itself, and one round trip instead of two. With no current version the
      // document is invisible to search, and its content_hash stays "" until the swap, so a crash can never
      // make a later call think it is unchanged.
      try {
        const [row] = await db.$queryRaw<{ seq: number }[]>`
          WITH document AS (
            INSERT INTO documents (id, source, external_id, url, title, mime_type, content_hash, language, status, tags, created_by_id,
                                   indexing_owner, indexing_until)
            VALUES (${documentId}, ${source}, ${doc.externalId}, ${doc.url ?? null}, ${doc.title}, ${doc.mimeType}, '', ${tsConfig},
                    'processing'::document_status, ${tags ?? []}::text[], ${input.createdById ?? null},
                    ${owner}, now() + make_interval(secs => ${INDEXING_LEASE_SECONDS}))
            RETURNING id)
          INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size)
          SELECT ${versionRow.id}, document.id, ${version}, ${versionRow.contentHash}, ${versionRow.title}, ${versionRow.content},
                 ${versionRow.byteSize}
          FROM document
          RETURNING seq`;
        return { owner, documentId, versionId, isNew: true, version, versionSeq: row!.seq, versionRow };
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // else: another import created it a moment ago
      }
    }
    if (Date.now() > waitUntil) {
      throw new DocumentBusyError(
        `"${doc.title}" has been held by another import of the same document for over ${CLAIM_WAIT_MS / 1000} s; nothing was written. Try again later.`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    existing = await readExisting(ctx);
    if (hadDocument && !existing) throw deletedWhileIndexing(doc.title); // not created again behind the deleter's back
  }
}
