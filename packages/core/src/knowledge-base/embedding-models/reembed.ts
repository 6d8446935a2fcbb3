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
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import { Prisma, type PrismaClient } from "@lore/db";
import { recordAudit, type AuditEntry } from "../../audit/record";
import { failureSummary } from "../../errors/database";
import { getIngestionJob, type IngestionJobView } from "../documents/job-views";
import {
  describeEmbedder,
  embedderForModel,
  ensureActiveModel,
  getConfiguredEmbedding,
  readEmbeddingModels,
  type ConfiguredEmbedding,
  type EmbeddingModelRecord,
  type EmbeddingModelSpec,
  type EmbeddingSettingsOptions,
} from "./models";
import { EmbeddingError, type Embedder } from "../../embed/types";
import { MODEL_CHUNK_BATCH, embedMissingChunks, type ChunkPosition } from "./model-chunks";
import { dropUnusedVectorIndexes, refreshVectorIndex } from "../search-indexes/vector-index-upkeep";
import { REEMBED_QUEUE } from "../../queue/queue";

export const REEMBED_JOB_KIND = "reembed";

const inputSchema = z.object({ from: z.string().min(1), to: z.string().min(1), dimensions: z.number().int().positive() });
type ReembedInput = z.infer<typeof inputSchema>;

type Log = (message: string) => void;

export type ReembedStart =
  | { status: "up-to-date"; model: string }
  | { status: "started" | "running"; jobId: string; from: string; to: string };

export interface StartReembeddingOptions extends EmbeddingSettingsOptions {
  /** The queue to send the job to; only asked for when a job must be sent. */
  queue: () => Promise<PgBoss>;
  /** Who asked (admin console, CLI); null/undefined = the system (the worker at start). */
  actor?: AuditEntry["actor"];
  log?: Log;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Compares the configured model with the active one and, when they differ, makes sure ONE re-embedding job
 * builds the configured model: starts it, or returns the one already under way. A build of another model
 * (the settings changed again) is abandoned first. Throws an EmbeddingError CONFIG when the settings cannot
 * build a model, or change a model's size without changing its id.
 */
export async function startReembedding(db: PrismaClient, options: StartReembeddingOptions): Promise<ReembedStart> {
  const log = options.log ?? (() => {});
  const configured = await getConfiguredEmbedding(options);
  const target = describeEmbedder(configured);
  // A build can switch (or be abandoned by another caller) between the read below and the abandon: the abandon
  // then finds nothing to stop, and the decision is taken again on what the models are now.
  for (let attempt = 1; attempt <= 3; attempt++) {
    const decided = await chooseReembedAction(db, target, configured, log);
    if (decided !== "again") return "start" in decided ? queueReembedJob(db, decided.start, target, options) : decided;
  }
  throw new Error("The embedding models changed three times while a re-embedding was being started; try again.");
}

/** What {@link startReembedding} must do: nothing more (the result), start a job from the active model, or look again. */
async function chooseReembedAction(
  db: PrismaClient,
  target: EmbeddingModelSpec,
  configured: ConfiguredEmbedding,
  log: Log,
): Promise<ReembedStart | { start: EmbeddingModelRecord } | "again"> {
  // Both models from one read: read apart, a switch committing between the two reads would pair the old active
  // model with no build, and a setting back to it would be taken for "up to date".
  const models = await readEmbeddingModels(db);
  const active = models.active ?? (await ensureActiveModel(db, configured));
  const building = models.building;

  if (target.id === active.id) {
    if (target.dimensions !== active.dimensions) {
      throw new EmbeddingError(
        "CONFIG",
        `EMBEDDING_DIMENSIONS changed (${active.dimensions} → ${target.dimensions}) but the model id "${target.id}" did not. Vectors are kept per model id, so the two sizes cannot be built side by side: restore EMBEDDING_DIMENSIONS=${active.dimensions}, or serve the new size under another model name.`,
      );
    }
    if (building && !(await abandonBuild(db, building, `the configured model is the active one (${active.id}) again`, log))) return "again";
    return { status: "up-to-date", model: active.id };
  }

  if (building && (building.id !== target.id || building.dimensions !== target.dimensions)) {
    if (!(await abandonBuild(db, building, `the configured model is now ${target.id}`, log))) return "again";
  } else if (building?.jobId) {
    const job = await db.ingestionJob.findUnique({ where: { id: building.jobId }, select: { status: true } });
    if (job?.status === "queued" || job?.status === "running") return { status: "running", jobId: building.jobId, from: active.id, to: target.id };
    // Its job ended without switching (failed for good): a new job resumes the build where it stopped.
  }
  return { start: active };
}

/** Records the build of `target` (a new job, the model's row in state "building") and sends its job to the queue. */
async function queueReembedJob(db: PrismaClient, active: EmbeddingModelRecord, target: EmbeddingModelSpec, options: StartReembeddingOptions): Promise<ReembedStart> {
  const log = options.log ?? (() => {});
  const jobId = randomUUID();
  const input: ReembedInput = { from: active.id, to: target.id, dimensions: target.dimensions };
  try {
    await db.$transaction(async (tx) => {
      await tx.ingestionJob.create({ data: { id: jobId, kind: REEMBED_JOB_KIND, status: "queued", input, createdById: options.actor?.id ?? null } });
      const row = { dimensions: target.dimensions, provider: target.provider, settings: target.settings, state: "building", jobId };
      await tx.embeddingModel.upsert({ where: { id: target.id }, create: { id: target.id, ...row }, update: { ...row, activatedAt: null, retiredAt: null } });
      await recordAudit(tx, { actor: options.actor ?? null, action: "embedding.reembed_started", targetType: "embedding_model", targetId: target.id, data: { from: active.id, jobId } });
    });
  } catch (error) {
    // Someone else started the same build a moment ago (one building row at most): theirs is the job.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const { building: winner } = await readEmbeddingModels(db);
      if (winner?.id === target.id && winner.jobId) return { status: "running", jobId: winner.jobId, from: active.id, to: target.id };
    }
    throw error;
  }

  let queueJobId: string | null;
  try {
    queueJobId = await (await options.queue()).send(REEMBED_QUEUE, { ingestionJobId: jobId }, { id: jobId });
  } catch (error) {
    // Nothing was queued: the job fails now, and the next start (worker restart, CLI, console) sends a new one.
    await endJob(db, jobId, "failed", [{ code: "JOB_FAILED", file: "", message: `Could not queue the job: ${failureSummary(error)}` }]);
    throw error;
  }
  await db.ingestionJob.update({ where: { id: jobId }, data: { queueJobId: queueJobId ?? jobId } });
  log(`re-embedding ${active.id} → ${target.id}: job ${jobId} queued`);
  return { status: "started", jobId, from: active.id, to: target.id };
}

/**
 * Clears out what models that are neither active nor being built (retired, abandoned) left in `chunks`, in
 * batches of 5,000:
 *   - their rows that the active model has a copy of are deleted;
 *   - the rest are superseded versions' (the re-embedding copies current versions only): their only copy, kept
 *     for the citations of old answers, which need their text and heading path but never their vector. The
 *     vector is set to NULL: a retired model's vectors can never serve a search again, and they would keep
 *     their size's vector index alive and counted (knowledge-base/search-indexes/maintenance.ts drops an index no model uses).
 * A current version whose only rows are a retired model's (none should be: see `activeModelChunksComplete`) keeps
 * them whole: they are what a copy for the active model would be made from.
 */
async function pruneRetiredChunks(db: PrismaClient): Promise<{ deleted: number; stripped: number }> {
  const live = Prisma.sql`(SELECT id FROM embedding_models WHERE state IN ('active', 'building'))`;
  let deleted = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM chunks WHERE id IN (
        SELECT o.id FROM chunks o
        WHERE o.embedding_model NOT IN ${live}
          AND EXISTS (SELECT 1 FROM chunks n JOIN embedding_models m ON m.id = n.embedding_model AND m.state = 'active'
                      WHERE n.document_version_id = o.document_version_id AND n.ordinal = o.ordinal)
        LIMIT 5000)`;
    deleted += n;
    if (n === 0) break;
  }
  let stripped = 0;
  for (;;) {
    const n = await db.$executeRaw`
      UPDATE chunks SET embedding = NULL WHERE id IN (
        SELECT o.id FROM chunks o
        WHERE o.embedding IS NOT NULL AND o.embedding_model NOT IN ${live}
          AND NOT EXISTS (SELECT 1 FROM documents d WHERE d.current_version_id = o.document_version_id)
        LIMIT 5000)`;
    stripped += n;
    if (n === 0) return { deleted, stripped };
  }
}

/**
 * Stops building `model`: its job is canceled, its row removed (so no more rows are written), its rows deleted.
 * Under the lock the switch takes (trySwitch), and only if `model` is still being built by the same job: false
 * when it was not (it switched, or another caller abandoned it), and then nothing is changed.
 */
async function abandonBuild(db: PrismaClient, model: EmbeddingModelRecord, reason: string, log: Log): Promise<boolean> {
  const abandoned = await db.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<{ job_id: string | null }[]>`
      SELECT job_id FROM embedding_models WHERE id = ${model.id} AND state = 'building' FOR UPDATE`;
    if (!row || row.job_id !== model.jobId) return false;
    await tx.embeddingModel.delete({ where: { id: model.id } });
    if (model.jobId) await endJobWith(tx, model.jobId, "canceled", [{ code: "SUPERSEDED", file: "", message: `Stopped: ${reason}.` }]);
    return true;
  });
  if (!abandoned) return false;
  const { deleted } = await pruneRetiredChunks(db);
  log(`re-embedding to ${model.id} abandoned (${reason}); ${deleted} chunk(s) removed`);
  return true;
}

interface JobError {
  code: string;
  file: string;
  message: string;
}

async function endJobWith(db: PrismaClient | Prisma.TransactionClient, jobId: string, status: "succeeded" | "failed" | "canceled", errors: JobError[]): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_jobs SET status = ${status}::run_status, finished_at = now(), updated_at = now(),
      errors = errors || ${JSON.stringify(errors)}::jsonb
    WHERE id = ${jobId} AND status IN ('queued', 'running')`;
}

const endJob = (db: PrismaClient, jobId: string, status: "succeeded" | "failed" | "canceled", errors: JobError[] = []) => endJobWith(db, jobId, status, errors);

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
    await recordAudit(tx, { actor: null, action: "embedding.model_activated", targetType: "embedding_model", targetId: input.to, data: { from: input.from, jobId } });
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
    await endJob(db, jobId, "canceled", [{ code: "SUPERSEDED", file: "", message: `Stopped: ${input.to} is no longer the model being built.` }]);
    return { status: "canceled" };
  }
  await db.ingestionJob.update({ where: { id: jobId }, data: { status: "running", startedAt: job.startedAt ?? new Date() } });

  try {
    if (!switched) {
      const embedder = options.embedder ?? (await embedderForModel(building!, await getConfiguredEmbedding(options), "target"));
      if (embedder.id !== input.to || embedder.dimensions !== input.dimensions) {
        throw new EmbeddingError("CONFIG", `This job builds ${input.to} (${input.dimensions} dimensions), but the embedder given is ${embedder.id} (${embedder.dimensions}).`);
      }
      if ((await embedUntilSwitched(db, jobId, input, embedder, options)) === "gone") {
        await endJob(db, jobId, "canceled", [{ code: "SUPERSEDED", file: "", message: `Stopped: ${input.to} is no longer the model being built.` }]);
        log(`re-embedding ${jobId}: canceled (the build was abandoned)`);
        return { status: "canceled" };
      }
      log(`re-embedding ${jobId}: ${input.to} is now the active embedding model`);
    }
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
async function embedUntilSwitched(db: PrismaClient, jobId: string, input: ReembedInput, embedder: Embedder, options: RunReembedOptions): Promise<"switched" | "gone"> {
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

export interface EmbeddingStatus {
  /** The model whose vectors serve search (null only before anything was configured or indexed). */
  active: { id: string; dimensions: number; activatedAt: Date | null } | null;
  /** The model the settings describe, or why they cannot build one. */
  configured: { id: string; dimensions: number } | { error: string };
  /** The model being built, if any, with its job's progress. */
  building: { id: string; dimensions: number; job: IngestionJobView | null } | null;
  /** The most recent re-embedding job, whatever its status, and the models it went from and to. */
  lastJob: (IngestionJobView & { from: string | null; to: string | null }) | null;
}

/** What an admin needs to follow a change of embedding model. */
export async function getEmbeddingStatus(db: PrismaClient, options: EmbeddingSettingsOptions = {}): Promise<EmbeddingStatus> {
  let configured: EmbeddingStatus["configured"];
  try {
    const settings = await getConfiguredEmbedding(options);
    configured = { id: settings.embedder.id, dimensions: settings.embedder.dimensions };
    await ensureActiveModel(db, settings);
  } catch (error) {
    configured = { error: message(error) };
  }
  const models = await db.embeddingModel.findMany({ where: { state: { in: ["active", "building"] } } });
  const active = models.find((m) => m.state === "active");
  const building = models.find((m) => m.state === "building");
  const last = await db.ingestionJob.findFirst({ where: { kind: REEMBED_JOB_KIND }, orderBy: { createdAt: "desc" }, select: { id: true, input: true } });
  const lastInput = last ? inputSchema.safeParse(last.input) : null;
  return {
    active: active ? { id: active.id, dimensions: active.dimensions, activatedAt: active.activatedAt } : null,
    configured,
    building: building
      ? { id: building.id, dimensions: building.dimensions, job: building.jobId ? await getIngestionJob(db, building.jobId) : null }
      : null,
    lastJob: last
      ? { ...(await getIngestionJob(db, last.id)), from: lastInput?.success ? lastInput.data.from : null, to: lastInput?.success ? lastInput.data.to : null }
      : null,
  };
}
