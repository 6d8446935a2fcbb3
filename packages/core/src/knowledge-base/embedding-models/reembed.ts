/**
 * Re-embedding: when the configured embedding model (EMBEDDING_*) is not the ACTIVE one (knowledge-base/embedding-models/models.ts),
 * one background job builds the configured model's vectors beside the live ones and switches search to them
 * when they are complete. Search keeps using the old vectors the whole time.
 *
 * Started when the worker starts (it compares the two models), by `pnpm lore reembed`, or by an admin
 * (tRPC `admin.embedding.reembed`) — all through {@link startReembedding}, which is idempotent: while a build of
 * the configured model is under way it returns that job instead of starting another. Bookkeeping:
 *   - `embedding_models`: the target gets a row in state "building" that names its job (at most one such row);
 *   - `ingestion_jobs` (kind "reembed"): status, `chunks_total` (chunks of current versions) and
 *     `chunks_embedded` (of those, how many have the new model's vectors), errors;
 *   - a pg-boss job on the `reembed` queue carries only the ingestion job's id (and uses it as its own id).
 *
 * The job ({@link runReembedJob}):
 *   1. in batches, outside any transaction: reads chunks of current versions that have no row for the new
 *      model, embeds their text, inserts the copies (knowledge-base/embedding-models/model-chunks.ts). Resumable: a retry after a crash
 *      starts with what is still missing, and the unique key (version, model, ordinal) forbids duplicates;
 *   2. switches, in ONE short transaction, when no current version lacks the new model's chunks (a document
 *      indexed meanwhile got them from ingestion, or gets them from one more pass): the old model is retired,
 *      the new one active — every search after that commit uses the new vectors. The transaction locks the
 *      models' rows first; publishing a version locks them too (knowledge-base/embedding-models/model-chunks.ts `activeModelChunksComplete`),
 *      so on a PostgreSQL server no version can become current between the check and the switch without the
 *      new model's chunks;
 *   3. deletes the old model's rows that now have a copy (every current version's; also those of any other
 *      retired model). A superseded version keeps its only chunks, as every superseded version does, so
 *      citations of old answers keep resolving, but their vectors are cleared: no search can use them again.
 *      The BM25 term index needs nothing: its postings are keyed by (version, ordinal), whatever the model
 *      (knowledge-base/search-indexes/term-stats.ts);
 *   4. builds the vector index of the new size afresh (knowledge-base/search-indexes/maintenance.ts): an IVFFlat index learns its
 *      lists from the rows it is built over, and those of the size's index, if there was one, came from the
 *      old model's vectors (searches until then are correct, with a lower recall); and drops the old size's
 *      index, when no model of that size is left to use it.
 * Changing the settings again mid-way abandons the build: its job is canceled and its rows removed. The abandon
 * locks the model's row as the switch does, so a build that switched meanwhile is never marked canceled: the
 * decision is taken again, and sets off a re-embedding back to the configured model.
 */
import { type PrismaClient } from "@lore/db";
import { recordAudit } from "../../audit/record";
import { EmbeddingError, type Embedder } from "../../embed/types";
import { failureSummary } from "../../errors/database";
import { dropUnusedVectorIndexes, refreshVectorIndex } from "../search-indexes/vector-index-upkeep";
import { embedPendingExamples } from "../../fewshot/embedding";
import { MODEL_CHUNK_BATCH, embedMissingChunks, type ChunkPosition } from "./model-chunks";
import { embedderForModel, getActiveEmbedder, getConfiguredEmbedding, readEmbeddingModels, type EmbeddingSettingsOptions } from "./models";

import { REEMBED_JOB_KIND, endJob, inputSchema, message, pruneRetiredChunks, type Log, type ReembedInput } from "./reembed-records";

/** Sets the job's counters from the database: chunks of current versions, and how many have the target's vectors. */
async function refreshProgress(db: PrismaClient, jobId: string, model: string): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_jobs SET (chunks_total, chunks_embedded, updated_at) = (
      SELECT count(DISTINCT (c.document_version_id, c.ordinal))::int,
             count(*) FILTER (WHERE c.embedding_model = ${model})::int,
             now()
      FROM documents d JOIN chunks c ON c.document_version_id = d.current_version_id)
    WHERE id = ${jobId}`;
}

async function stillBuilding(db: PrismaClient, model: string, jobId: string): Promise<boolean> {
  return (await db.embeddingModel.count({ where: { id: model, state: "building", jobId } })) > 0;
}

/**
 * The switch: one short transaction that makes the target the active model, if (still) every current version
 * has its chunks. "gap" = a document changed since the last batch (one more pass embeds it); "gone" = the
 * build was abandoned.
 */
async function trySwitch(db: PrismaClient, input: ReembedInput, jobId: string): Promise<"switched" | "gap" | "gone"> {
  return db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string; state: string; job_id: string | null }[]>`
      SELECT id, state, job_id FROM embedding_models WHERE state IN ('active', 'building') FOR UPDATE`;
    const building = rows.find((r) => r.state === "building");
    if (!building || building.id !== input.to || building.job_id !== jobId) return "gone";
    const gap = await tx.$queryRaw<unknown[]>`
      SELECT 1 FROM documents d JOIN chunks c ON c.document_version_id = d.current_version_id
      WHERE c.embedding_model <> ${input.to}
        AND NOT EXISTS (SELECT 1 FROM chunks n
                        WHERE n.document_version_id = c.document_version_id AND n.embedding_model = ${input.to} AND n.ordinal = c.ordinal)
      LIMIT 1`;
    if (gap.length > 0) return "gap";
    const now = new Date();
    // Retire first: the partial unique index allows one active row, checked per statement.
    await tx.embeddingModel.updateMany({ where: { state: "active" }, data: { state: "retired", retiredAt: now } });
    await tx.embeddingModel.update({ where: { id: input.to }, data: { state: "active", activatedAt: now, retiredAt: null } });
    await recordAudit(tx, {
      actor: null,
      action: "embedding.model_activated",
      targetType: "embedding_model",
      targetId: input.to,
      data: { from: input.from, jobId },
    });
    return "switched";
  });
}

export interface ReembedProgress {
  /** Chunks of current versions (one per version and position). */
  total: number;
  /** Of those, how many have the new model's vectors. */
  embedded: number;
}

export interface RunReembedOptions extends EmbeddingSettingsOptions {
  /** The target model's embedder; default: built from its `embedding_models` row and the settings. */
  embedder?: Embedder;
  /** Chunks per batch (default {@link MODEL_CHUNK_BATCH}). */
  batchSize?: number;
  /** True on the last attempt pg-boss will make: a failure then marks the job failed for good. */
  final?: boolean;
  log?: Log;
  /** Called after each batch is stored (progress reporting; tests use it to act in the middle of a job). */
  onBatch?: (progress: ReembedProgress) => void | Promise<void>;
}

export type RunReembedResult = { status: "succeeded" | "canceled" | "skipped" };

/**
 * Runs (or resumes) one re-embedding job; see the file comment. Anything that goes wrong (embedder down,
 * database gone) is thrown so the queue retries the job — the retry starts with what is still missing — and on
 * the final attempt the job is also marked failed (the build stays, and the next start resumes it).
 */
export async function runReembedJob(db: PrismaClient, jobId: string, options: RunReembedOptions = {}): Promise<RunReembedResult> {
  const log = options.log ?? (() => {});
  const job = await db.ingestionJob.findUnique({ where: { id: jobId } });
  if (!job || job.kind !== REEMBED_JOB_KIND || !(job.status === "queued" || job.status === "running")) return { status: "skipped" };
  const input = inputSchema.parse(job.input);
  const { active, building } = await readEmbeddingModels(db);
  // A retry of a job that died after its switch only has the clean-up left.
  const switched = active?.id === input.to && active.jobId === jobId;
  if (!switched && !(building?.id === input.to && building.jobId === jobId)) {
    await endJob(db, jobId, "canceled", [
      { code: "SUPERSEDED", file: "", message: `Stopped: ${input.to} is no longer the model being built.` },
    ]);
    return { status: "canceled" };
  }
  await db.ingestionJob.update({ where: { id: jobId }, data: { status: "running", startedAt: job.startedAt ?? new Date() } });

  try {
    if (!switched) {
      const embedder = options.embedder ?? (await embedderForModel(building!, await getConfiguredEmbedding(options), "target"));
      if (embedder.id !== input.to || embedder.dimensions !== input.dimensions) {
        throw new EmbeddingError(
          "CONFIG",
          `This job builds ${input.to} (${input.dimensions} dimensions), but the embedder given is ${embedder.id} (${embedder.dimensions}).`,
        );
      }
      if ((await embedUntilSwitched(db, jobId, input, embedder, options)) === "gone") {
        await endJob(db, jobId, "canceled", [
          { code: "SUPERSEDED", file: "", message: `Stopped: ${input.to} is no longer the model being built.` },
        ]);
        log(`re-embedding ${jobId}: canceled (the build was abandoned)`);
        return { status: "canceled" };
      }
      log(`re-embedding ${jobId}: ${input.to} is now the active embedding model`);
    }
    // The few-shot examples' single vector column follows the active model: pending from the switch until here.
    // After the `if`, so a retry of a job that died after its switch embeds them too.
    const examples = await embedPendingExamples(db, options.embedder ?? (await getActiveEmbedder(db, options)));
    if (examples.embedded) log(`re-embedding ${jobId}: ${examples.embedded} few-shot example(s) embedded with ${input.to}`);
    const pruned = await pruneRetiredChunks(db);
    await refreshProgress(db, jobId, input.to);
    log(
      `re-embedding ${jobId}: ${pruned.deleted} chunk(s) of ${input.from} (and of other retired models) removed, the vectors of ${pruned.stripped} of superseded versions cleared`,
    );
    await refreshVectorIndex(db, input.dimensions, { force: true, log });
    // The retired model's index, when no model of its size serves search any more.
    await dropUnusedVectorIndexes(db, log);
  } catch (error) {
    if (options.final) {
      await endJob(db, jobId, "failed", [{ code: "JOB_FAILED", file: "", message: failureSummary(error) }]);
      log(`re-embedding ${jobId}: failed for good: ${message(error)}`);
    }
    throw error;
  }
  await endJob(db, jobId, "succeeded");
  return { status: "succeeded" };
}

/** Steps 1–2 of the file comment: batches, switch. */
async function embedUntilSwitched(
  db: PrismaClient,
  jobId: string,
  input: ReembedInput,
  embedder: Embedder,
  options: RunReembedOptions,
): Promise<"switched" | "gone"> {
  const log = options.log ?? (() => {});
  for (;;) {
    await refreshProgress(db, jobId, input.to);
    // One sweep in (version, ordinal) order, resuming after the last batch; then sweeps from the start until
    // one finds nothing (a document indexed behind the cursor meanwhile).
    let after: ChunkPosition | null = null;
    for (;;) {
      if (!(await stillBuilding(db, input.to, jobId))) return "gone";
      const batch = await embedMissingChunks(db, embedder, { after, limit: options.batchSize ?? MODEL_CHUNK_BATCH });
      if (batch.found === 0) {
        if (after === null) break;
        after = null;
        continue;
      }
      after = batch.last;
      const [progress] = await db.$queryRaw<ReembedProgress[]>`
        UPDATE ingestion_jobs SET chunks_embedded = chunks_embedded + ${batch.inserted},
          chunks_total = GREATEST(chunks_total, chunks_embedded + ${batch.inserted}), updated_at = now()
        WHERE id = ${jobId} RETURNING chunks_total AS total, chunks_embedded AS embedded`;
      if (progress) await options.onBatch?.(progress);
    }
    const outcome = await trySwitch(db, input, jobId);
    if (outcome !== "gap") return outcome;
    log(`re-embedding ${jobId}: documents changed while it ran; embedding them too`);
  }
}
