import { Prisma } from "@lore/db";
import { readEmbeddingModels } from "../embedding-models/models";
import { activeModelChunksComplete, completeVersionChunks } from "../embedding-models/model-chunks";
import { lostClaim, renewClaim } from "./claims";
import type { ClaimedVersion } from "./claim-version";
import { accessWrites, type PublishContext } from "./context";

/**
 * How often an import tries to publish a version whose active model's chunks went missing because the model
 * changed meanwhile (each try first gives it the new model's chunks): a switch takes a re-embedding of the
 * whole knowledge base, so more than one during one import means something else is wrong.
 */
const MAX_PUBLISH_ATTEMPTS = 3;

/**
 * Steps 3b and 4: the chunks of every other model that must have them, then the swap.
 *
 * 3b, before anyone can see the version: the active model's chunks, when this import's embedder is no longer
 * it (resolved before a switch; else the document would drop out of search until they exist, for good if
 * embedding them then failed), and a running re-embedding's target's. A failure for the active model fails
 * the import (the previous version stays current); for the target it is only logged (the re-embedding job
 * fills the gap before it switches).
 *
 * 4, the swap publishes the version and its metadata, and takes the previous version's postings out of the
 * term index (its chunks stay, for citations). Its UPDATE checks, under a lock on the models, that the version
 * has the active model's chunks (activeModelChunksComplete: on a PostgreSQL server a switch may commit after
 * 3b read the models); when it does not, nothing is published and 3b runs again for the new model. A new
 * document with no groups to write is that one statement, atomic by itself: no transaction, which on the
 * embedded server would hold every other connection back. Otherwise a batch transaction runs the writes
 * that follow it only if it published.
 */
export async function swapInVersion(ctx: PublishContext, claim: ClaimedVersion): Promise<void> {
  const { db, input, deps, hash, tsConfig, groups, tags } = ctx;
  const { doc } = input;
  const { documentId, versionId, owner, isNew } = claim;
  const published = Prisma.sql`EXISTS (SELECT 1 FROM documents WHERE id = ${documentId} AND current_version_id = ${versionId})`;
  for (let attempt = 1; ; attempt++) {
    const models = await readEmbeddingModels(db);
    if (models.building || models.active?.id !== deps.embedder.id) {
      await completeVersionChunks(db, versionId, deps.log ? { log: deps.log } : {});
      await renewClaim(db, documentId, owner, doc.title);
    }
    // Only while the claim is ours: the claim is released here.
    const swap = db.$executeRaw`
      UPDATE documents SET indexing_owner = NULL, indexing_until = NULL, current_version_id = ${versionId},
        title = ${doc.title}, url = ${doc.url ?? null}, mime_type = ${doc.mimeType}, content_hash = ${hash},
        language = ${tsConfig}, status = 'ready'::document_status, error = NULL,
        tags = ${tags === undefined ? Prisma.sql`tags` : Prisma.sql`${tags}::text[]`}, updated_at = now()
      WHERE id = ${documentId} AND indexing_owner = ${owner} AND ${activeModelChunksComplete(versionId)}`;
    const followUps = [
      // Written as SQL: Prisma's relation filter becomes a correlated EXISTS that scans every posting.
      ...(isNew
        ? []
        : [
            db.$executeRaw`DELETE FROM chunk_terms WHERE version_seq IN (
              SELECT seq FROM document_versions WHERE document_id = ${documentId} AND id <> ${versionId}) AND ${published}`,
          ]),
      ...(groups === undefined ? [] : accessWrites(db, documentId, groups.ids, published)),
    ];
    const [updated] = followUps.length === 0 ? [await swap] : await db.$transaction([swap, ...followUps]);
    if (updated === 1) return;
    const claimed = await db.document.count({ where: { id: documentId, indexingOwner: owner } });
    if (claimed === 0) throw await lostClaim(db, documentId, doc.title);
    if (attempt === MAX_PUBLISH_ATTEMPTS) {
      throw new Error(
        `"${doc.title}": the embedding model changed ${attempt} times while it was being published; nothing was published. Try again.`,
      );
    }
  }
}
