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
import { randomUUID } from "node:crypto";
import { Prisma, type PrismaClient } from "@lore/db";
import { databaseError } from "../../errors/database";
import { readEmbeddingModels } from "../embedding-models/models";
import type { Embedder } from "../../embed/types";
import { chunkDocument } from "../../ingest/chunk";
import { activeModelChunksComplete, completeVersionChunks } from "../embedding-models/model-chunks";
import { contentHash } from "../../ingest/parse-file";
import { IngestError, type ParsedDocument } from "../../ingest/types";
import { chunkRow, insertChunksWithPostings } from "./chunk-rows";
import { CLAIM_POLL_MS, CLAIM_WAIT_MS, DocumentBusyError, INDEXING_LEASE_SECONDS, deletedWhileIndexing, lostClaim, releaseClaim, renewClaim } from "./claims";
import { LoreError } from "../../errors/lore-error";

export interface IndexDocumentInput {
  /** Where the document came from ("upload", "wiki", a connector name). With `doc.externalId` it identifies the document. */
  source: string;
  doc: ParsedDocument;
  /**
   * Names of the groups allowed to read it. `[]` = everyone. `undefined` = a new document is public and an
   * existing one keeps its groups. Unknown names are an error (nothing is written): a typo must never make a
   * restricted document public.
   */
  groups?: string[];
  /** `undefined` keeps an existing document's tags (a new one gets none). */
  tags?: string[];
  createdById?: string | null;
  /**
   * Re-chunk and re-embed even when the content hash is unchanged (a reindex): a new version with the same
   * content is built beside the current one and swapped in, so citations of the old version keep resolving.
   */
  force?: boolean;
  /**
   * Only if this is still the document's current version when the import gets its turn (see the claim in the
   * file comment); otherwise nothing is written and the current version is returned as "unchanged". For a
   * reindex, which rebuilds a version from its stored text: a newer version published meanwhile stays.
   */
  ifCurrentVersion?: string;
}

export interface IndexDocumentDeps {
  embedder: Embedder;
  /** Target chunk size in tokens (the chunker's default otherwise). */
  chunkTokens?: number;
  /** Chunks per INSERT statement. */
  batchSize?: number;
  /** Where to report what does not fail the import (a re-embedding's target model that could not embed it yet). */
  log?: (message: string) => void;
}

export interface IndexDocumentResult {
  documentId: string;
  /** The current version after the call (the existing one when unchanged). */
  versionId: string;
  version: number;
  /**
   * "unchanged": same content hash (and text-search configuration) as the current version, so no new version.
   * If `groups`/`tags` or the url were given and differ from the stored ones they are still updated (one short
   * transaction): re-importing a file with `--group hr` must restrict it even when its text did not change.
   */
  status: "created" | "updated" | "unchanged";
  chunks: number;
}

/** Full-text configurations we build `tsv` with. Stored in `documents.language` (see {@link textSearchConfig}). */
export type TextSearchConfig = "english" | "simple";

/**
 * The Postgres text-search configuration for a document language. Only languages Postgres ships a stemmer
 * for AND that we have tested map to their own config; everything else (Vietnamese, unknown) uses `simple`
 * (lower-cased words, no stemming, no stop words), which is correct for any language, only less forgiving.
 */
export function textSearchConfig(language: string | undefined): TextSearchConfig {
  return language === "en" ? "english" : "simple";
}

/**
 * Thrown for problems with the request itself (unknown group names), as opposed to the content
 * ({@link IngestError}) or the embedder (EmbeddingError).
 */
export class IndexingError extends LoreError<"UNKNOWN_GROUP" | "DELETED"> {
  override readonly name = "IndexingError";
  constructor(code: "UNKNOWN_GROUP" | "DELETED", message: string, options?: { cause: unknown }) {
    super(code, code === "DELETED" ? "conflict" : "bad_request", message, options);
  }
}

const DEFAULT_BATCH_SIZE = 100;


function isUniqueViolation(error: unknown): boolean {
  // P2002 from Prisma's own queries; raw queries report the database's code (23505).
  return (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") || databaseError(error)?.code === "23505";
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

async function resolveGroups(db: PrismaClient, names: string[] | undefined): Promise<{ ids: string[]; names: string[] } | undefined> {
  if (names === undefined) return undefined;
  const wanted = [...new Set(names.map((n) => n.trim()).filter(Boolean))];
  if (wanted.length === 0) return { ids: [], names: [] };
  const found = await db.group.findMany({ where: { name: { in: wanted } }, select: { id: true, name: true } });
  const missing = wanted.filter((n) => !found.some((g) => g.name === n));
  if (missing.length > 0) {
    throw new IndexingError(
      "UNKNOWN_GROUP",
      `Unknown group${missing.length > 1 ? "s" : ""}: ${missing.map((n) => `"${n}"`).join(", ")}. Create ${missing.length > 1 ? "them" : "it"} first (admin › Groups) or check the spelling; nothing was imported.`,
    );
  }
  return { ids: found.map((g) => g.id), names: found.map((g) => g.name) };
}

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
 * second waits, then indexes its content as the next version, or finds it unchanged. One that waits longer
 * than {@link CLAIM_WAIT_MS} throws {@link DocumentBusyError} without writing anything.
 */
export async function indexDocument(db: PrismaClient, input: IndexDocumentInput, deps: IndexDocumentDeps): Promise<IndexDocumentResult> {
  const { source, doc } = input;
  const { embedder } = deps;
  const hash = contentHash(doc);
  const tsConfig = textSearchConfig(doc.language);
  const groups = await resolveGroups(db, input.groups);
  const tags = input.tags === undefined ? undefined : [...new Set(input.tags.map((t) => t.trim()).filter(Boolean))];

  const readExisting = () =>
    db.document.findUnique({
      where: { source_externalId: { source, externalId: doc.externalId } },
      include: { currentVersion: { select: { id: true, version: true } }, accessGroups: { select: { groupId: true } } },
    });
  type Existing = NonNullable<Awaited<ReturnType<typeof readExisting>>>;
  let existing = await readExisting();

  // ── 1. Unchanged content: nothing to embed. ──
  const unchanged = async (current: Existing | null, options: { evenIfForced?: boolean } = {}): Promise<IndexDocumentResult | null> => {
    if (!current?.currentVersion) return null;
    // Another text-search configuration (the page now says it is English, or no longer does): its chunks' tsv
    // must be built again, so it is a change, whatever the hash says.
    const sameContent = current.contentHash === hash && current.language === tsConfig;
    if (!options.evenIfForced && (input.force || current.status !== "ready" || !sameContent)) return null;
    const groupsDiffer = groups !== undefined && !sameSet(groups.ids, current.accessGroups.map((a) => a.groupId));
    const tagsDiffer = tags !== undefined && !sameSet(tags, current.tags);
    // A page that moved with the same content: the url is updated in place (it is not part of the version). An
    // import that knows no url (a file from disk) leaves the known one.
    const urlDiffers = doc.url !== undefined && doc.url !== current.url;
    if (groupsDiffer || tagsDiffer || urlDiffers) {
      const metadata = { ...(tagsDiffer ? { tags } : {}), ...(urlDiffers ? { url: doc.url } : {}) };
      await db.$transaction([
        ...(tagsDiffer || urlDiffers ? [db.document.update({ where: { id: current.id }, data: metadata })] : []),
        ...(groupsDiffer ? accessWrites(db, current.id, groups.ids) : []),
      ]);
    }
    const chunks = await db.chunk.count({ where: { documentVersionId: current.currentVersion.id, embeddingModel: embedder.id } });
    return { documentId: current.id, versionId: current.currentVersion.id, version: current.currentVersion.version, status: "unchanged", chunks };
  };
  // Not while another import holds the document: what it publishes may differ, and then this content is the
  // newer change (it goes through the claim, and is re-checked once it has its turn).
  const same = existing?.indexingOwner ? null : await unchanged(existing);
  if (same) return same;

  // ── 2. Chunk and embed, outside any transaction. ──
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
    throw new Error(`Embedder ${embedder.id} returned ${vectors.length} vectors for ${chunks.length} chunks, or vectors of the wrong length.`);
  }

  // ── 3. Claim the document, then write the new version and its chunks (invisible until the swap). ──
  const owner = randomUUID();
  const versionId = randomUUID();
  const versionRow = { id: versionId, contentHash: hash, title: doc.title, content: doc.text, byteSize: Buffer.byteLength(doc.text, "utf8") };
  let documentId: string;
  let isNew: boolean;
  let version: number;
  let versionSeq: number | undefined;
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
          const claimedRow = await readExisting();
          if (claimedRow?.id !== claimedId) throw deletedWhileIndexing(doc.title);
          existing = claimedRow;
          const done =
            input.ifCurrentVersion !== undefined && existing.currentVersion && existing.currentVersion.id !== input.ifCurrentVersion
              ? await unchanged(existing, { evenIfForced: true })
              : await unchanged(existing);
          if (done) {
            await releaseClaim(db, claimedId, owner);
            return done;
          }
          documentId = existing.id;
          isNew = existing.currentVersionId === null;
          version = (existing.currentVersion?.version ?? 0) + 1;
          // Leftovers of an attempt that died before its swap: any version newer than the current one (or every
          // version of a document that never had one). Removed under the claim (and only while it is ours), so a
          // retried job starts clean.
          await db.$executeRaw`
            DELETE FROM document_versions v
            WHERE v.document_id = ${documentId} AND v.version > ${existing.currentVersion?.version ?? 0}
              AND EXISTS (SELECT 1 FROM documents d WHERE d.id = v.document_id AND d.indexing_owner = ${owner})`;
        } catch (error) {
          await releaseClaim(db, claimedId, owner).catch(() => {});
          throw error;
        }
        break;
      }
    } else {
      documentId = randomUUID();
      isNew = true;
      version = 1;
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
        versionSeq = row!.seq;
        break;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error; // else: another import created it a moment ago
      }
    }
    if (Date.now() > waitUntil) {
      throw new DocumentBusyError(`"${doc.title}" has been held by another import of the same document for over ${CLAIM_WAIT_MS / 1000} s; nothing was written. Try again later.`);
    }
    await new Promise((resolve) => setTimeout(resolve, CLAIM_POLL_MS));
    existing = await readExisting();
    if (hadDocument && !existing) throw deletedWhileIndexing(doc.title); // not created again behind the deleter's back
  }

  try {
    if (versionSeq === undefined) {
      // Only while the claim is ours: an import slowed past its lease must not number a version behind the back
      // of the one that took over.
      const [row] = await db.$queryRaw<{ seq: number }[]>`
        INSERT INTO document_versions (id, document_id, version, content_hash, title, content, byte_size)
        SELECT ${versionRow.id}, d.id, ${version}, ${versionRow.contentHash}, ${versionRow.title}, ${versionRow.content}, ${versionRow.byteSize}
        FROM documents d WHERE d.id = ${documentId} AND d.indexing_owner = ${owner}
        RETURNING seq`;
      if (!row) throw await lostClaim(db, documentId, doc.title);
      versionSeq = row.seq;
    }

    const batchSize = Math.max(1, deps.batchSize ?? DEFAULT_BATCH_SIZE);
    for (let start = 0; start < chunks.length; start += batchSize) {
      if (start > 0) await renewClaim(db, documentId, owner, doc.title);
      const rows = chunks.slice(start, start + batchSize).map((chunk, i) =>
        chunkRow({ chunk, vector: vectors[start + i]!, documentId, versionId, title: doc.title, tsConfig, embedder }),
      );
      await insertChunksWithPostings(db, rows, versionSeq);
    }

    // ── 3b + 4. The chunks of every other model that must have them, then the swap. ──
    // 3b, before anyone can see the version: the active model's chunks, when this import's embedder is no longer
    // it (resolved before a switch; else the document would drop out of search until they exist, for good if
    // embedding them then failed), and a running re-embedding's target's. A failure for the active model fails
    // the import (the previous version stays current); for the target it is only logged (the re-embedding job
    // fills the gap before it switches).
    // 4, the swap publishes the version and its metadata, and takes the previous version's postings out of the
    // term index (its chunks stay, for citations). Its UPDATE checks, under a lock on the models, that the version
    // has the active model's chunks (activeModelChunksComplete: on a PostgreSQL server a switch may commit after
    // 3b read the models); when it does not, nothing is published and 3b runs again for the new model. A new
    // document with no groups to write is that one statement, atomic by itself: no transaction, which on the
    // embedded server would hold every other connection back. Otherwise a batch transaction runs the writes
    // that follow it only if it published.
    const published = Prisma.sql`EXISTS (SELECT 1 FROM documents WHERE id = ${documentId} AND current_version_id = ${versionId})`;
    for (let attempt = 1; ; attempt++) {
      const models = await readEmbeddingModels(db);
      if (models.building || models.active?.id !== embedder.id) {
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
      if (updated === 1) break;
      const claimed = await db.document.count({ where: { id: documentId, indexingOwner: owner } });
      if (claimed === 0) throw await lostClaim(db, documentId, doc.title);
      if (attempt === MAX_PUBLISH_ATTEMPTS) {
        throw new Error(`"${doc.title}": the embedding model changed ${attempt} times while it was being published; nothing was published. Try again.`);
      }
    }
  } catch (error) {
    // Best effort: if the database itself is gone these fail too, and the next attempt cleans up (step 3).
    let deleted = false;
    try {
      // Deleted (by an administrator) while it was being indexed, so the writes failed on the missing row?
      // Asked before this import's own clean-up, which may remove the row of a document it was creating.
      deleted = (await db.document.count({ where: { id: documentId } })) === 0;
      // A new document's row goes only while the claim is ours: another import may have taken it over.
      if (isNew) await db.document.deleteMany({ where: { id: documentId, currentVersionId: null, indexingOwner: owner } });
      else await db.documentVersion.deleteMany({ where: { id: versionId, currentOf: null } });
      await releaseClaim(db, documentId, owner);
    } catch {
      /* the original error is the one worth reporting */
    }
    if (deleted) throw deletedWhileIndexing(doc.title, error);
    throw error;
  }

  return { documentId, versionId, version, status: isNew ? "created" : "updated", chunks: chunks.length };
}

/**
 * How often an import tries to publish a version whose active model's chunks went missing because the model
 * changed meanwhile (each try first gives it the new model's chunks): a switch takes a re-embedding of the
 * whole knowledge base, so more than one during one import means something else is wrong.
 */
const MAX_PUBLISH_ATTEMPTS = 3;

/**
 * Replaces a document's access groups (meant for a transaction batch), when `condition` holds (by default
 * always). `[]` makes it public.
 */
function accessWrites(db: PrismaClient, documentId: string, groupIds: string[], condition: Prisma.Sql = Prisma.sql`TRUE`) {
  return [
    db.$executeRaw`DELETE FROM document_access WHERE document_id = ${documentId} AND ${condition}`,
    db.$executeRaw`INSERT INTO document_access (document_id, group_id)
      SELECT ${documentId}, g FROM unnest(${groupIds}::text[]) g WHERE ${condition} ON CONFLICT DO NOTHING`,
  ];
}
