/**
 * Ingestion, storage half: turns a parsed document into a new, atomically published version.
 *
 * The invariant readers rely on: search only ever looks at chunks of `documents.current_version_id`,
 * so a version becomes visible in one short transaction (the "swap") after all its chunks exist, and
 * a version that never got swapped in is invisible. Concretely, indexing a document is
 *
 *   1. read-only checks (unchanged? unknown group names?)             no transaction
 *   2. chunk + embed                                                  no transaction (CPU / network work)
 *   3. claim the document, insert the version row, then its chunks   one single-statement write each
 *      (and the chunks of the other models that must have them)
 *   4. swap: point current_version_id at it, update metadata + ACL    ONE short transaction
 *
 * The claim (step 3) is a lease on the document row (`indexing_owner`, `indexing_until`): two imports of the
 * same document at once (two workers, the CLI beside a worker, a job the queue handed out again) take turns
 * instead of deleting each other's versions. It lasts {@link INDEXING_LEASE_SECONDS}, is renewed with each
 * chunk batch and released by the swap; a holder that died loses it when it runs out, so its document is
 * never locked for long. Statements, not transactions or advisory locks: the embedded server is one
 * Postgres session, in which locks would not exclude anyone.
 *
 * On the embedded server every transaction is exclusive (see docs/architecture.md), so nothing slow runs
 * inside one: each chunk batch is a single multi-row INSERT (atomic on its own), and only the swap needs
 * an explicit transaction. Old versions and their chunks are kept so citations keep resolving.
 */
import type { PrismaClient } from "@lore/db";
import type { Embedder } from "../../embed/types";
import { chunkDocument, type Chunk } from "../../ingest/chunk";
import { IngestError, type ParsedDocument } from "../../ingest/types";
import { chunkRow, insertChunksWithPostings } from "./chunk-rows";
import { claimVersion, type ClaimedVersion } from "./claim-version";
import { deletedWhileIndexing, lostClaim, releaseClaim, renewClaim } from "./claims";
import {
  publishContext,
  readExisting,
  type IndexDocumentDeps,
  type IndexDocumentInput,
  type IndexDocumentResult,
  type PublishContext,
} from "./context";
import { swapInVersion } from "./swap";
import { unchangedResult } from "./unchanged";

export { IndexingError } from "./indexing-error";
export {
  textSearchConfig,
  type IndexDocumentDeps,
  type IndexDocumentInput,
  type IndexDocumentResult,
  type TextSearchConfig,
} from "./context";

const DEFAULT_BATCH_SIZE = 100;

/**
 * Indexes one parsed document as a new version of (`source`, `doc.externalId`), or does nothing when its
 * content hash equals the current version's. See the file comment for the steps and their transactions.
 *
 * Failure: if anything throws before the swap, the new version (and, through ON DELETE CASCADE, its chunks)
 * is deleted, and a brand-new document's row is deleted too — a failed file leaves no document at all (the
 * per-file error is the caller's to record, e.g. in `ingestion_jobs.errors`). An existing document keeps
 * serving its previous version untouched. If the process dies mid-way the leftovers are invisible to search
 * (never swapped in) and the next call for the same document removes them before starting.
 *
 * Two calls for the same document at once take turns through the document's claim (file comment): the
 * second waits, then indexes its content as the next version, or finds it unchanged. One that waits too
 * long throws DocumentBusyError (claims.ts) without writing anything.
 */
export async function indexDocument(db: PrismaClient, input: IndexDocumentInput, deps: IndexDocumentDeps): Promise<IndexDocumentResult> {
  const ctx = await publishContext(db, input, deps);
  const existing = await readExisting(ctx);

  // ── 1. Unchanged content: nothing to embed. ──
  // Not while another import holds the document: what it publishes may differ, and then this content is the
  // newer change (it goes through the claim, and is re-checked once it has its turn).
  const same = existing?.indexingOwner ? null : await unchangedResult(ctx, existing);
  if (same) return same;

  // ── 2. Chunk and embed, outside any transaction. ──
  const { chunks, vectors } = await chunkAndEmbed(input.doc, deps);

  // ── 3. Claim the document, then write the new version and its chunks (invisible until the swap). ──
  const claim = await claimVersion(ctx, existing);
  if ("result" in claim) return claim.result;
  try {
    await writeVersion(ctx, claim, chunks, vectors);
    // ── 3b + 4. ──
    await swapInVersion(ctx, claim);
  } catch (error) {
    throw await cleanUpFailedVersion(ctx, claim, error);
  }
  return {
    documentId: claim.documentId,
    versionId: claim.versionId,
    version: claim.version,
    status: claim.isNew ? "created" : "updated",
    chunks: chunks.length,
  };
}

async function chunkAndEmbed(
  doc: ParsedDocument,
  deps: { embedder: Embedder; chunkTokens?: number },
): Promise<{ chunks: Chunk[]; vectors: number[][] }> {
  const { embedder } = deps;
  // Whitespace-only chunks would embed to the zero vector, whose cosine distance is NaN: never index them.
  const chunks = (await chunkDocument(doc, deps.chunkTokens === undefined ? {} : { chunkTokens: deps.chunkTokens })).filter(
    (c) => c.text.trim() !== "" && c.contextText.trim() !== "",
  );
  if (chunks.length === 0) {
    throw new IngestError("EMPTY", doc.externalId, `"${doc.title}" has no text to index.`, { externalId: doc.externalId });
  }
  // Embedding the context (title › headings + text) ranks a chunk by what it is about, not only its words.
  const vectors = await embedder.embedDocuments(chunks.map((c) => c.contextText));
  if (vectors.length !== chunks.length || vectors.some((v) => v.length !== embedder.dimensions)) {
    throw new Error(
      `Embedder ${embedder.id} returned ${vectors.length} vectors for ${chunks.length} chunks, or vectors of the wrong length.`,
    );
  }
  return { chunks, vectors };
}

/** The version row (unless written with a new document's) and its chunks, in batches that renew the claim. */
async function writeVersion(ctx: PublishContext, claim: ClaimedVersion, chunks: Chunk[], vectors: number[][]): Promise<void> {
  const { db, input, deps, tsConfig } = ctx;
  const { doc } = input;
  const { documentId, versionId, owner, versionRow } = claim;
  let versionSeq = claim.versionSeq;
  if (versionSeq === undefined) {
    // Only while the claim is ours: an import slowed past its lease must not number a version behind the back
    // of the one that took over.
    const [row] = await db.$queryRaw<{ seq: number }[]>`
      INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size)
      SELECT ${versionRow.id}, d.id, ${claim.version}, ${versionRow.contentHash}, ${versionRow.title}, ${versionRow.content}, ${versionRow.byteSize}
      FROM documents d WHERE d.id = ${documentId} AND d.indexing_owner = ${owner}
      RETURNING seq`;
    if (!row) throw await lostClaim(db, documentId, doc.title);
    versionSeq = row.seq;
  }
  const batchSize = Math.max(1, deps.batchSize ?? DEFAULT_BATCH_SIZE);
  for (let start = 0; start < chunks.length; start += batchSize) {
    if (start > 0) await renewClaim(db, documentId, owner, doc.title);
    const rows = chunks
      .slice(start, start + batchSize)
      .map((chunk, i) =>
        chunkRow({ chunk, vector: vectors[start + i]!, documentId, versionId, title: doc.title, tsConfig, embedder: deps.embedder }),
      );
    await insertChunksWithPostings(db, rows, versionSeq);
  }
}

/**
 * Removes what a failed attempt wrote before its swap, and returns the error to throw. Best effort: if the
 * database itself is gone these fail too, and the next attempt cleans up (step 3).
 */
async function cleanUpFailedVersion(ctx: PublishContext, claim: ClaimedVersion, error: unknown): Promise<unknown> {
  const { db } = ctx;
  const { documentId, versionId, owner } = claim;
  let deleted = false;
  try {
    // Deleted (by an administrator) while it was being indexed, so the writes failed on the missing row?
    // Asked before this import's own clean-up, which may remove the row of a document it was creating.
    deleted = (await db.document.count({ where: { id: documentId } })) === 0;
    // A new document's row goes only while the claim is ours: another import may have taken it over.
    if (claim.isNew) await db.document.deleteMany({ where: { id: documentId, currentVersionId: null, indexingOwner: owner } });
    else await db.documentVersion.deleteMany({ where: { id: versionId, currentOf: null } });
    await releaseClaim(db, documentId, owner);
  } catch {
    /* the original error is the one worth reporting */
  }
  return deleted ? deletedWhileIndexing(ctx.input.doc.title, error) : error;
}
