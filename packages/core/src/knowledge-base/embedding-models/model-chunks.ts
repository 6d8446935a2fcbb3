/**
 * Chunks of one embedding model copied to another: the same rows (version, ordinal, text, heading path,
 * token count, full-text vector) with the other model's embedding. This is how a new embedding model gets
 * its vectors without re-parsing or re-chunking anything (the chunking does not depend on the model), used by
 *   - the re-embedding job (knowledge-base/embedding-models/reembed.ts), in batches over every current version;
 *   - ingestion, for the version it is about to publish ({@link completeVersionChunks}, called by store.ts), so
 *     documents indexed while a re-embedding runs, or by an import that began before a switch, are published
 *     with the chunks of every model that needs them.
 *
 * Idempotent and safe to run twice at once: rows are inserted with ON CONFLICT DO NOTHING on the
 * (version, model, ordinal) key, so a crash, a retry or a race never duplicates a chunk. Each batch is one
 * statement (no transaction held open); embedding happens before it, outside any transaction.
 */
import { randomUUID } from "node:crypto";
import pgvector from "pgvector";
import { Prisma, type PrismaClient } from "@lore/db";
import { embedderForModel, getConfiguredEmbedding, readEmbeddingModels, type EmbeddingSettingsOptions } from "./models";
import type { Embedder } from "../../embed/types";
import { chunkContextText } from "../../ingest/chunk";

/** Chunks embedded per statement by default. */
export const MODEL_CHUNK_BATCH = 128;

interface SourceRow {
  id: string;
  document_version_id: string;
  ordinal: number;
  text: string;
  heading_path: string[];
  title: string;
}

/** A position in the (version, ordinal) order of the chunks, to resume a sweep after it. */
export interface ChunkPosition {
  versionId: string;
  ordinal: number;
}

/**
 * Up to `limit` chunks that have no row for `model` yet — one per (version, ordinal), from any other model — of
 * every document's current version, or of `versionId` only; after `after` when given (so a sweep over a large
 * corpus does not rescan what it has done).
 */
async function missingChunks(
  db: PrismaClient,
  model: string,
  options: { versionId?: string; after?: ChunkPosition | null; limit: number },
): Promise<SourceRow[]> {
  const scope = options.versionId
    ? Prisma.sql`c.document_version_id = ${options.versionId}`
    : Prisma.sql`c.document_version_id IN (SELECT current_version_id FROM documents WHERE current_version_id IS NOT NULL)`;
  const after = options.after
    ? Prisma.sql`(c.document_version_id, c.ordinal) > (${options.after.versionId}, ${options.after.ordinal}::int)`
    : Prisma.sql`TRUE`;
  return db.$queryRaw<SourceRow[]>`
    SELECT DISTINCT ON (c.document_version_id, c.ordinal) c.id, c.document_version_id, c.ordinal, c.text, c.heading_path, v.title
    FROM chunks c JOIN document_versions v ON v.id = c.document_version_id
    WHERE ${scope} AND ${after} AND c.embedding_model <> ${model}
      AND NOT EXISTS (SELECT 1 FROM chunks n
                      WHERE n.document_version_id = c.document_version_id AND n.embedding_model = ${model} AND n.ordinal = c.ordinal)
    ORDER BY c.document_version_id, c.ordinal
    LIMIT ${options.limit}`;
}

/**
 * Embeds one batch of missing chunks with `embedder` and inserts them. Returns how many chunks the batch
 * looked at (0 = nothing left after `after`), how many rows it inserted, and the position of its last chunk.
 * Rows are written only while `embedder.id` is the active or the building model: once a build is abandoned, a
 * late batch writes nothing.
 */
export async function embedMissingChunks(
  db: PrismaClient,
  embedder: Embedder,
  options: { versionId?: string; after?: ChunkPosition | null; limit?: number } = {},
): Promise<{ found: number; inserted: number; last: ChunkPosition | null }> {
  const sources = await missingChunks(db, embedder.id, { ...options, limit: options.limit ?? MODEL_CHUNK_BATCH });
  if (sources.length === 0) return { found: 0, inserted: 0, last: null };
  const vectors = await embedder.embedDocuments(sources.map((s) => chunkContextText(s.title, s.heading_path, s.text)));
  if (vectors.length !== sources.length || vectors.some((v) => v.length !== embedder.dimensions)) {
    throw new Error(
      `Embedder ${embedder.id} returned ${vectors.length} vectors for ${sources.length} chunks, or vectors of the wrong length.`,
    );
  }
  const values = sources.map((s, i) => Prisma.sql`(${randomUUID()}, ${s.id}, ${pgvector.toSql(vectors[i]!)})`);
  const inserted = await db.$executeRaw`
    INSERT INTO chunks (id, document_id, document_version_id, ordinal, text, heading_path, token_count,
                        embedding, embedding_model, embedding_dims, tsv)
    SELECT v.id, c.document_id, c.document_version_id, c.ordinal, c.text, c.heading_path, c.token_count,
           v.embedding::vector, ${embedder.id}, ${embedder.dimensions}::int, c.tsv
    FROM (VALUES ${Prisma.join(values)}) AS v(id, source_id, embedding)
    JOIN chunks c ON c.id = v.source_id
    WHERE EXISTS (SELECT 1 FROM embedding_models m WHERE m.id = ${embedder.id} AND m.state IN ('active', 'building'))
    ON CONFLICT (document_version_id, embedding_model, ordinal) DO NOTHING`;
  const end = sources.at(-1)!;
  return { found: sources.length, inserted, last: { versionId: end.document_version_id, ordinal: end.ordinal } };
}

/**
 * Gives a version being indexed the chunks of every model that must have them: the active model (when the
 * ingestion used another embedder — e.g. one resolved before a switch) and, while a re-embedding runs, its
 * target. Costs two small queries when nothing is missing. A failure to embed for the target is only logged
 * (the re-embedding job picks the version up before it switches); one for the active model is thrown.
 */
export async function completeVersionChunks(
  db: PrismaClient,
  versionId: string,
  options: EmbeddingSettingsOptions & { log?: (message: string) => void } = {},
): Promise<number> {
  const { active, building } = await readEmbeddingModels(db);
  let inserted = 0;
  for (const model of [active, building]) {
    if (!model) continue;
    // Nothing missing is the common case: no embedder is resolved for it (it may be a remote model).
    if ((await missingChunks(db, model.id, { versionId, limit: 1 })).length === 0) continue;
    try {
      const embedder = await embedderForModel(model, await getConfiguredEmbedding(options), model.state === "active" ? "active" : "target");
      for (;;) {
        const batch = await embedMissingChunks(db, embedder, { versionId });
        inserted += batch.inserted;
        // 0 inserted: the model stopped being active/building, or someone else wrote the rows.
        if (batch.found === 0 || batch.inserted === 0) break;
      }
    } catch (error) {
      if (model.state === "active") throw error;
      options.log?.(
        `could not embed version ${versionId} with ${model.id} yet (the re-embedding job will): ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  return inserted;
}

/**
 * An SQL condition: `versionId` has the ACTIVE model's chunk at every position it has chunks at (true when no
 * model is recorded yet), read under a share lock on the active and building models' rows. For the statement
 * that publishes the version. Every position, as the switch checks: a build's chunks can be partly written (a
 * batch failed, which is only logged).
 *
 * The re-embedding's switch (knowledge-base/embedding-models/reembed.ts) takes the same rows FOR UPDATE before it checks that every
 * current version has the new model's chunks, so the two are ordered on a PostgreSQL server: a publish that goes
 * first is seen by the switch's check; one that waits for the switch re-reads the locked rows as the switch left
 * them (read committed), finds the new active model (the building row is locked too, for that reason: it is the
 * one that turns active) and what the version lacks, and publishes nothing, instead of a version invisible to
 * search. Should the re-read find no active row (the new one was not yet "building" in the statement's
 * snapshot), the fallback reads the snapshot's active row, which is not null: nothing is published then either,
 * and the caller looks again. `OFFSET 0` keeps the planner from pushing `state = 'active'` into the locking
 * subquery: it would then lock the active row only, and a publish that waited for a switch would find no active
 * row and try again, although the version had the new model's chunks (seen on a PostgreSQL 15 server: with
 * OFFSET 0 that publish goes through; an incomplete version is refused either way).
 */
export function activeModelChunksComplete(versionId: string): Prisma.Sql {
  return Prisma.sql`coalesce(
    (SELECT x.complete FROM (
       SELECT m.state, NOT EXISTS (
                SELECT 1 FROM chunks c WHERE c.document_version_id = ${versionId}
                  AND NOT EXISTS (SELECT 1 FROM chunks n WHERE n.document_version_id = c.document_version_id
                                    AND n.ordinal = c.ordinal AND n.embedding_model = m.id)) AS complete
       FROM embedding_models m WHERE m.state IN ('active', 'building') OFFSET 0 FOR SHARE OF m) x
     WHERE x.state = 'active'),
    NOT EXISTS (SELECT 1 FROM embedding_models WHERE state = 'active'))`;
}
