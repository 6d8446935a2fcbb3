/**
 * Example vectors: each example's QUESTION embedded with the active embedding model, stored beside it
 * (`embedding`, `embedding_model`, `embedding_dims`) as chunks store theirs. Selection and standard answers
 * compare the asked question with these, so only vectors of the active model are ever used; an example whose
 * `embedding_model` is not the active model's id (new, edited, or made before a model switch) is "pending" and
 * selected by nobody until {@link embedPendingExamples} runs: at the worker's start, in the CLI's preparation,
 * and in the re-embedding job right after its switch (knowledge-base/embedding-models/reembed.ts).
 *
 * Writes are single statements outside any transaction (embedding happens before them), guarded twice:
 *   - a vector is written only while its embedder's model is the active one (or no model is recorded yet), so a
 *     slow pass that began before a switch cannot overwrite the new model's vectors with the old model's;
 *   - only if the question is still the text that was embedded: an example edited meanwhile stays pending.
 */
import pgvector from "pgvector";
import { Prisma, type PrismaClient } from "@lore/db";
import type { Embedder } from "../embed/types";

/** Examples embedded per statement. */
export const EXAMPLE_EMBED_BATCH = 64;

export interface EmbedExamplesOptions {
  /** Only these examples (default: all). */
  ids?: readonly string[];
  /** Only examples without a vector of `embedder`'s model (the pending ones); default false: embed again. */
  onlyMissing?: boolean;
  /** Examples per statement (default {@link EXAMPLE_EMBED_BATCH}). */
  batchSize?: number;
}

export interface EmbedExamplesResult {
  /** Examples whose vector was written. */
  embedded: number;
  /** Examples read but not written: edited meanwhile, or the model stopped being the active one. */
  skipped: number;
}

/** Pending for `embedderId`: no vector, or one of another model. */
function pendingSql(embedderId: string): Prisma.Sql {
  return Prisma.sql`(e.embedding IS NULL OR e.embedding_model IS DISTINCT FROM ${embedderId})`;
}

/** The examples waiting for a vector of `embedder`'s model (for status views). */
export async function countPendingExamples(db: PrismaClient, embedder: Pick<Embedder, "id">): Promise<number> {
  const [row] = await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM few_shot_examples e WHERE ${pendingSql(embedder.id)}`;
  return row?.n ?? 0;
}

/**
 * Embeds examples' questions with `embedder` and stores the vectors (see the file comment). Disabled examples are
 * embedded too, so enabling one makes it selectable at once. Works in batches ordered by id, each read, embedded,
 * then written by one statement.
 */
export async function embedExamples(
  db: PrismaClient,
  embedder: Embedder,
  options: EmbedExamplesOptions = {},
): Promise<EmbedExamplesResult> {
  const limit = options.batchSize ?? EXAMPLE_EMBED_BATCH;
  const scope = options.ids ? Prisma.sql`e.id = ANY(${[...options.ids]}::text[])` : Prisma.sql`TRUE`;
  const pending = options.onlyMissing ? pendingSql(embedder.id) : Prisma.sql`TRUE`;
  const result: EmbedExamplesResult = { embedded: 0, skipped: 0 };
  let after = "";
  for (;;) {
    const rows = await db.$queryRaw<{ id: string; question: string }[]>`
      SELECT e.id, e.question FROM few_shot_examples e
      WHERE ${scope} AND ${pending} AND e.id > ${after}
      ORDER BY e.id LIMIT ${limit}`;
    if (rows.length === 0) return result;
    after = rows.at(-1)!.id;
    const vectors = await embedder.embedDocuments(rows.map((r) => r.question));
    if (vectors.length !== rows.length || vectors.some((v) => v.length !== embedder.dimensions)) {
      throw new Error(
        `Embedder ${embedder.id} returned ${vectors.length} vectors for ${rows.length} examples, or vectors of the wrong length.`,
      );
    }
    const values = rows.map((r, i) => Prisma.sql`(${r.id}, ${r.question}, ${pgvector.toSql(vectors[i]!)})`);
    const written = await db.$executeRaw`
      UPDATE few_shot_examples e
      SET embedding = v.embedding::vector, embedding_model = ${embedder.id}, embedding_dims = ${embedder.dimensions}::int
      FROM (VALUES ${Prisma.join(values)}) AS v(id, question, embedding)
      WHERE e.id = v.id AND e.question = v.question
        AND (EXISTS (SELECT 1 FROM embedding_models m WHERE m.id = ${embedder.id} AND m.state = 'active')
             OR NOT EXISTS (SELECT 1 FROM embedding_models m WHERE m.state = 'active'))`;
    result.embedded += written;
    result.skipped += rows.length - written;
    if (rows.length < limit) return result;
  }
}

/**
 * Embeds every pending example (see the file comment) with `embedder`, which should be the active model's
 * (`getActiveEmbedder`). Idempotent; cheap when nothing is pending (one query).
 */
export function embedPendingExamples(
  db: PrismaClient,
  embedder: Embedder,
  options: Pick<EmbedExamplesOptions, "batchSize"> = {},
): Promise<EmbedExamplesResult> {
  return embedExamples(db, embedder, { ...options, onlyMissing: true });
}
