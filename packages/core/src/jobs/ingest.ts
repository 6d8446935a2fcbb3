/**
 * Ingestion as background jobs: an `ingestion_jobs` row (what to do, progress, per-file errors) plus a pg-boss
 * job on the `ingest` queue that carries only the row's id (and uses it as its own id, so sending twice is a
 * no-op).
 *
 * Uploaded bytes are stored in the database with the job (`ingestion_upload_parts`, see ./upload-parts.ts), because
 *   - they are durable exactly as long as the job is: a restarted or replacement worker resumes from them;
 *   - the apps and the worker may run on different machines, which share the database but not a disk;
 *   - nothing can be orphaned for long: parts belong to their job (deleted with it), the job is only sent to
 *     the queue once all its parts are written, and the worker's maintenance fails an upload that never
 *     finished and deletes the parts of jobs that ended.
 * The cost is bounded by the upload limits ({@link MAX_UPLOAD_TOTAL_BYTES}), and the bytes are deleted as soon
 * as the job ends (succeeded, failed for good, or canceled); its input keeps the files' names and sizes.
 *
 * Cancelling ({@link cancelIngestionJob}) marks the row `canceled` and cancels the queue job. A worker running it
 * checks the row before each document it starts and stops there: the documents being indexed are finished first
 * (indexing is atomic per document), so documents are either complete or absent, and those already indexed stay.
 *
 * Concurrency. A job indexes up to {@link INDEXING_CONCURRENCY} documents at once, across files (see
 * ingest/concurrent.ts). The same document cannot come twice in one upload (`parseInputs` reports the second as
 * DUPLICATE_ID); should it ever, the two are indexed one after the other, never at once.
 *
 * Idempotence and resume. Files are taken in a deterministic order (that of `parseInputs`), and once all of a
 * file's documents are done a single guarded UPDATE adds its counters and errors, in file order:
 * `WHERE files_done + files_failed = i`, so file i is counted at most once whatever happens. A retried attempt
 * skips the files already counted. A file interrupted half-way (the worker died after indexing some of its
 * documents, or later files' documents ran ahead of it) is processed again: `indexDocument` is idempotent by
 * content hash, so its finished documents are "unchanged" (no new version, no new chunks) and are still counted
 * as embedded because their version was created after the job started.
 */
import { randomUUID } from "node:crypto";
import type { PgBoss } from "pg-boss";
import { z } from "zod";
import type { PrismaClient } from "@lore/db";
import { databaseError, failureSummary, isRefusedData } from "../db-errors";
import { getActiveEmbedder, readEmbeddingModels } from "../embed/models";
import { EmbeddingError, type Embedder } from "../embed/types";
import { INDEXING_CONCURRENCY, TaskSlots } from "../ingest/concurrent";
import { parseInputs } from "../ingest/parse-file";
import { CONTROL_CHARACTER, printable } from "../ingest/normalize";
import { refreshVectorIndex } from "../ingest/search-indexes";
import { IndexingError, indexDocument } from "../ingest/store";
import { ingestLimits } from "../env";
import { recordAudit, type AuditEntry } from "../audit";
import { IngestError, formatBytes } from "../ingest/types";
import { INGEST_QUEUE, INGEST_RETRY_LIMIT, configureQueues } from "./queue";
import { UPLOAD_PART_BYTES, UploadMissingError, checkUploadedFiles, deleteUploadParts, readUploadedFile, writeUploadParts } from "./upload-parts";

/** Most bytes one upload (all its files together) may carry (LORE_MAX_FILE_MB is at most this). */
export const MAX_UPLOAD_TOTAL_BYTES = 100 * 1024 * 1024;
/** Most files one upload may carry (a folder is better sent as one .zip). */
export const MAX_UPLOAD_FILES = 200;
/** The limits of one upload: the configured per-file limit (LORE_MAX_FILE_MB), and the fixed ones above. */
export function uploadLimits(): { maxFileBytes: number; maxUploadBytes: number; maxFiles: number } {
  return { maxFileBytes: ingestLimits().maxFileBytes, maxUploadBytes: MAX_UPLOAD_TOTAL_BYTES, maxFiles: MAX_UPLOAD_FILES };
}

/** The source of documents uploaded through the admin console. */
export const UPLOAD_SOURCE = "upload";

export type IngestionJobKind = "import" | "reindex";

/** One entry of `ingestion_jobs.errors`: an {@link IngestError}'s JSON, or a job-level failure. */
export interface IngestionErrorJson {
  code: string;
  /** The file concerned ("" for the job as a whole). */
  file: string;
  message: string;
  line?: number;
  externalId?: string;
}

const importInputSchema = z.object({
  source: z.string().min(1),
  groups: z.array(z.string()).optional(),
  tags: z.array(z.string()).optional(),
  /** In upload order; file i's bytes are the parts with file_index i. */
  files: z.array(z.object({ name: z.string(), size: z.number().int().nonnegative() })),
});
type ImportInput = z.infer<typeof importInputSchema>;

const reindexInputSchema = z.object({ documentId: z.string().min(1) });

/** A problem with the request (bad size, unknown group, missing document): nothing was enqueued. */
export class IngestionRequestError extends Error {
  override readonly name = "IngestionRequestError";
  constructor(
    readonly code: "TOO_LARGE" | "TOO_MANY_FILES" | "NO_FILES" | "INVALID_NAME" | "UNKNOWN_GROUP" | "NOT_FOUND" | "FINISHED" | "NOT_CANCELABLE",
    message: string,
  ) {
    super(message);
  }
}

export interface EnqueueIngestionInput {
  files: { name: string; bytes: Uint8Array }[];
  /** Group names allowed to read the documents; `[]` or undefined = everyone (new documents). */
  groups?: string[];
  tags?: string[];
  /** Default {@link UPLOAD_SOURCE}. */
  source?: string;
  createdById?: string | null;
  /** Per-file limit (default: LORE_MAX_FILE_MB, 25 MB). */
  maxFileBytes?: number;
  /** Bytes per stored part (default {@link UPLOAD_PART_BYTES}). */
  partBytes?: number;
}

/** Sends the pg-boss job for an `ingestion_jobs` row; its id doubles as the queue job's id. */
async function sendJob(db: PrismaClient, boss: PgBoss, id: string): Promise<void> {
  let queueJobId: string | null;
  try {
    queueJobId = await boss.send(INGEST_QUEUE, { ingestionJobId: id }, { id });
  } catch (error) {
    await db.ingestionJob.deleteMany({ where: { id } }); // nothing was queued: leave no job that never runs
    throw error;
  }
  await db.ingestionJob.update({ where: { id }, data: { queueJobId: queueJobId ?? id } });
}

/**
 * Validates an upload, stores it with a new ingestion job and queues the job. Returns the job's id, whose
 * progress {@link runIngestionJob} updates as the worker goes. The job row comes first, then the files' parts
 * (one statement each), then the queue job: should any step fail, the row is deleted with its parts.
 */
export async function enqueueIngestion(db: PrismaClient, boss: PgBoss, input: EnqueueIngestionInput): Promise<{ jobId: string }> {
  const maxFileBytes = input.maxFileBytes ?? ingestLimits().maxFileBytes;
  if (input.files.length === 0) throw new IngestionRequestError("NO_FILES", "Choose at least one file to import.");
  if (input.files.length > MAX_UPLOAD_FILES) {
    throw new IngestionRequestError("TOO_MANY_FILES", `At most ${MAX_UPLOAD_FILES} files per upload: put the others in a .zip or upload them in several batches.`);
  }
  let total = 0;
  for (const file of input.files) {
    // Names are stored with the job (jsonb cannot hold NUL) and shown to people: no control characters.
    if (file.name.trim() === "" || file.name.length > 255 || CONTROL_CHARACTER.test(file.name)) {
      throw new IngestionRequestError("INVALID_NAME", `"${printable(file.name.slice(0, 255))}" is not a usable file name: a name needs 1 to 255 characters and no control characters. Rename the file.`);
    }
    total += file.bytes.byteLength;
    if (file.bytes.byteLength > maxFileBytes) {
      throw new IngestionRequestError("TOO_LARGE", `"${file.name}" is ${formatBytes(file.bytes.byteLength)}, above the ${formatBytes(maxFileBytes)} limit per file.`);
    }
  }
  if (total > MAX_UPLOAD_TOTAL_BYTES) {
    throw new IngestionRequestError("TOO_LARGE", `This upload is ${formatBytes(total)}, above the ${formatBytes(MAX_UPLOAD_TOTAL_BYTES)} limit per upload: send it in several batches.`);
  }
  const groups = input.groups === undefined ? undefined : [...new Set(input.groups.map((g) => g.trim()).filter(Boolean))];
  if (groups && groups.length > 0) {
    const found = await db.group.findMany({ where: { name: { in: groups } }, select: { name: true } });
    const missing = groups.filter((g) => !found.some((f) => f.name === g));
    if (missing.length > 0) {
      throw new IngestionRequestError("UNKNOWN_GROUP", `Unknown group${missing.length > 1 ? "s" : ""}: ${missing.map((g) => `"${g}"`).join(", ")}. Nothing was imported.`);
    }
  }

  const id = randomUUID();
  const stored: ImportInput = {
    source: input.source ?? UPLOAD_SOURCE,
    ...(groups === undefined ? {} : { groups }),
    ...(input.tags === undefined ? {} : { tags: input.tags }),
    files: input.files.map((f) => ({ name: f.name, size: f.bytes.byteLength })),
  };
  await db.ingestionJob.create({
    data: { id, kind: "import", status: "queued", input: stored, filesTotal: input.files.length, createdById: input.createdById ?? null },
  });
  let written: boolean;
  try {
    written = await writeUploadParts(
      db,
      id,
      input.files.map((f) => f.bytes),
      input.partBytes ?? UPLOAD_PART_BYTES,
    );
  } catch (error) {
    // Its parts go with it. Should this fail too, the caller still gets the first error; the sweep cleans up.
    await db.ingestionJob.deleteMany({ where: { id } }).catch(() => {});
    throw error;
  }
  // Cancelled while its files were being stored: nothing to run.
  if (written) await sendJob(db, boss, id);
  return { jobId: id };
}

/** Queues a re-chunk and re-embed of a document's current version (a new version with the same content). */
export async function enqueueReindex(db: PrismaClient, boss: PgBoss, input: { documentId: string; createdById?: string | null }): Promise<{ jobId: string }> {
  const doc = await db.document.findUnique({ where: { id: input.documentId }, select: { currentVersionId: true } });
  if (!doc?.currentVersionId) throw new IngestionRequestError("NOT_FOUND", "That document does not exist or has no indexed version yet.");
  const id = randomUUID();
  await db.ingestionJob.create({
    data: { id, kind: "reindex", status: "queued", input: { documentId: input.documentId }, filesTotal: 1, createdById: input.createdById ?? null },
  });
  await sendJob(db, boss, id);
  return { jobId: id };
}

export interface RunIngestionOptions {
  embedder: Embedder;
  /** True on the last attempt pg-boss will make: a failure then marks the job failed for good. */
  final?: boolean;
  /** Documents indexed at once (default {@link INDEXING_CONCURRENCY}). */
  concurrency?: number;
  log?: (message: string) => void;
}

export type RunIngestionResult = { status: "succeeded" | "failed" | "skipped" | "canceled" };

/**
 * Runs (or resumes) one ingestion job. Per-file problems are recorded in the job and never thrown; anything
 * else (the embedder is down, the database went away) is thrown so the queue retries the job later, and on
 * the final attempt also marks the job failed.
 */
export async function runIngestionJob(db: PrismaClient, jobId: string, options: RunIngestionOptions): Promise<RunIngestionResult> {
  const job = await db.ingestionJob.findUnique({ where: { id: jobId } });
  if (!job || job.status === "succeeded" || job.status === "failed" || job.status === "canceled") return { status: "skipped" };
  const startedAt = job.startedAt ?? new Date();
  // Guarded: a job cancelled since it was read stays cancelled.
  const started = await db.ingestionJob.updateMany({ where: { id: jobId, status: { in: ["queued", "running"] } }, data: { status: "running", startedAt } });
  if (started.count === 0) return { status: "skipped" };
  try {
    if (job.kind === "reindex") await runReindex(db, job, startedAt, options);
    else await runImport(db, job, startedAt, options);
  } catch (error) {
    if (error instanceof UploadMissingError) {
      // Cancelled while the files were read (the cancel deletes them): it stays cancelled.
      if (await isCanceled(db, jobId)) return { status: "canceled" };
      // Retrying cannot bring the bytes back: fail now, with what to do.
      await finish(db, jobId, "failed", [{ code: "UPLOAD_MISSING", file: error.file, message: error.message }], false);
      options.log?.(`ingest ${jobId}: failed: ${error.message}`);
      return { status: "failed" };
    }
    if (options.final) {
      await finish(db, jobId, "failed", [{ code: "JOB_FAILED", file: "", message: `The import stopped: ${failureSummary(error)}` }], false);
      options.log?.(`ingest ${jobId}: failed for good: ${error instanceof Error ? error.message : String(error)}`);
    }
    throw error;
  }
  const done = await db.ingestionJob.findUniqueOrThrow({ where: { id: jobId }, select: { filesDone: true, filesFailed: true, status: true, chunksEmbedded: true } });
  if (done.status === "canceled") {
    options.log?.(`ingest ${jobId}: canceled (${done.filesDone} done, ${done.filesFailed} failed)`);
    return { status: "canceled" };
  }
  const status = done.filesDone === 0 && done.filesFailed > 0 ? "failed" : "succeeded";
  await finish(db, jobId, status, [], true);
  options.log?.(`ingest ${jobId}: ${status} (${done.filesDone} done, ${done.filesFailed} failed)`);
  if (done.chunksEmbedded > 0) {
    // A large import (the first, above all) can leave the vector index missing or too small for its rows:
    // size it now rather than at the next hourly maintenance. Its failure is not the job's: searches stay
    // correct without it, and the maintenance tries again. The active model's size: the job's embedder may have
    // been resolved before a re-embedding switched to another.
    const sizeIndex = async () => {
      const { active } = await readEmbeddingModels(db);
      await refreshVectorIndex(db, active?.dimensions ?? options.embedder.dimensions, { added: done.chunksEmbedded, ...(options.log ? { log: options.log } : {}) });
    };
    await sizeIndex().catch((error: unknown) =>
      options.log?.(`ingest ${jobId}: could not size the vector index: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
  return { status };
}

type JobRow = NonNullable<Awaited<ReturnType<PrismaClient["ingestionJob"]["findUnique"]>>>;

interface FileProgress {
  failed: boolean;
  chunksTotal: number;
  chunksEmbedded: number;
  errors: IngestionErrorJson[];
}

/**
 * Errors as JSON for the job's `errors` column. File names and messages may carry control characters (a zip
 * entry's name, a record's id), and jsonb cannot hold NUL: they are written escaped, whatever made the error.
 */
function storableErrors(errors: IngestionErrorJson[]): string {
  return JSON.stringify(errors.map((e) => ({ ...e, file: printable(e.file), message: printable(e.message) })));
}

/** Adds file `index`'s progress, at most once (guarded by the number of files already counted). */
async function recordFile(db: PrismaClient, jobId: string, index: number, p: FileProgress): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_jobs SET
      files_done = files_done + ${p.failed ? 0 : 1},
      files_failed = files_failed + ${p.failed ? 1 : 0},
      chunks_total = chunks_total + ${p.chunksTotal},
      chunks_embedded = chunks_embedded + ${p.chunksEmbedded},
      errors = errors || ${storableErrors(p.errors)}::jsonb,
      files_total = GREATEST(files_total, ${index + 1}),
      updated_at = now()
    WHERE id = ${jobId} AND files_done + files_failed = ${index}`;
}

/**
 * Ends a job: final status, any last errors, and its uploaded bytes deleted. `complete`: every file was
 * processed, so the total is exactly the files counted (a .zip counts as the files inside it).
 */
async function finish(db: PrismaClient, jobId: string, status: "succeeded" | "failed", errors: IngestionErrorJson[], complete: boolean): Promise<void> {
  await db.$executeRaw`
    UPDATE ingestion_jobs SET status = ${status}::run_status, finished_at = now(), updated_at = now(),
      errors = errors || ${storableErrors(errors)}::jsonb,
      files_total = CASE WHEN ${complete} THEN files_done + files_failed ELSE GREATEST(files_total, files_done + files_failed) END
    WHERE id = ${jobId} AND status = 'running'`;
  await deleteUploadParts(db, jobId);
}

/** True once the job has been cancelled: a worker checks it between documents and stops. */
async function isCanceled(db: PrismaClient, jobId: string): Promise<boolean> {
  const row = await db.ingestionJob.findUnique({ where: { id: jobId }, select: { status: true } });
  return row?.status === "canceled";
}

/**
 * Cancels a queued or running ingestion job: marks it canceled (a worker running it stops before its next document,
 * see the file comment), drops its uploaded bytes, cancels its queue job so it is never retried, and records who did
 * it. Cancelling a cancelled job again does nothing; a job that already ended is FINISHED.
 */
export async function cancelIngestionJob(db: PrismaClient, boss: PgBoss, jobId: string, actor: AuditEntry["actor"]): Promise<{ id: string; status: "canceled" }> {
  const job = await db.ingestionJob.findUnique({ where: { id: jobId }, select: { kind: true, status: true, queueJobId: true } });
  if (!job) throw new IngestionRequestError("NOT_FOUND", "That ingestion job does not exist.");
  if (job.kind !== "import" && job.kind !== "reindex") {
    // A re-embedding runs on its own queue and follows the embedding settings: it stops when they name the
    // active model again (see jobs/reembed.ts). Marking its row cancelled here would not stop it.
    throw new IngestionRequestError(
      "NOT_CANCELABLE",
      "A re-embedding cannot be cancelled on its own: set the embedding settings (EMBEDDING_*) back to the active model and restart the worker, and it stops.",
    );
  }
  if (job.status === "succeeded" || job.status === "failed") {
    throw new IngestionRequestError("FINISHED", `This job has already ${job.status}: there is nothing left to cancel.`);
  }
  if (job.status !== "canceled") {
    const updated = await db.$executeRaw`
      UPDATE ingestion_jobs SET status = 'canceled'::run_status, finished_at = now(), updated_at = now()
      WHERE id = ${jobId} AND status IN ('queued', 'running')`;
    if (updated === 0) return cancelIngestionJob(db, boss, jobId, actor); // it ended (or was cancelled) meanwhile
    await recordAudit(db, { actor, action: "ingestion_job.canceled", targetType: "ingestion_job", targetId: jobId, data: { kind: job.kind, was: job.status } });
  }
  await deleteUploadParts(db, jobId); // also on a repeated cancel: the first may have stopped before it
  // Also when already cancelled: a retry of a request whose queue call failed completes the cancellation.
  await boss.cancel(INGEST_QUEUE, job.queueJobId ?? jobId);
  return { id: jobId, status: "canceled" };
}

/** The error as the file's own (recorded, the job goes on), or null when it is not the file's fault (the job fails). */
function toErrorJson(error: unknown, file: string, externalId: string): IngestionErrorJson | null {
  if (error instanceof IngestError) return error.toJSON();
  if (error instanceof IndexingError) return { code: error.code, file, message: error.message };
  // The embedding server refused this document's text (too long for the model, say): others may well pass.
  if (error instanceof EmbeddingError && error.code === "INPUT_REJECTED") return { code: "EMBEDDING_REJECTED", file, message: error.message };
  // The database refused this document's content (a value beyond one of its limits): a retry would fail the
  // same way, and the other documents may well pass. Nothing of it was stored (indexDocument cleans up).
  const refused = databaseError(error);
  if (isRefusedData(refused)) {
    return {
      code: "REFUSED_BY_DATABASE",
      file,
      externalId,
      message: `"${file}"${externalId === file ? "" : ` (id "${externalId}")`} could not be stored: the database refused its content (${refused.message}). Shorten or split it, then import it again.`,
    };
  }
  return null;
}

async function runImport(db: PrismaClient, job: JobRow, startedAt: Date, options: RunIngestionOptions): Promise<void> {
  const input = importInputSchema.parse(job.input);
  const alreadyCounted = job.filesDone + job.filesFailed;
  // Every file's bytes are checked to be all there before anything is imported (a job missing a file imports
  // nothing), then read one file at a time, as the import reaches it: the job holds one file, not the upload.
  await checkUploadedFiles(db, job.id, input.files);
  const uploads = input.files.map((f, index) => ({ name: f.name, read: () => readUploadedFile(db, job.id, { index, ...f }) }));

  // Documents are indexed a few at a time (across files), each file is recorded once all its documents are done,
  // in file order (the guarded update needs it). The first error that is not a file's fault stops everything:
  // nothing new starts, what runs finishes, the files before the one it hit are recorded, and that file and
  // the ones after it are left to the retry.
  const slots = new TaskSlots(options.concurrency ?? INDEXING_CONCURRENCY);
  let failure: { error: unknown } | undefined;
  let unrecorded = false;
  let recording: Promise<void> = Promise.resolve();
  let canceled = false;
  let index = -1;
  let processed = 0;
  try {
    // The configured limits also apply inside the job: a zip entry above the per-file limit is that entry's error.
    for await (const result of parseInputs(uploads, ingestLimits())) {
      index += 1;
      if (index < alreadyCounted) continue; // counted by an earlier attempt
      if (failure) break;
      if (await isCanceled(db, job.id)) {
        canceled = true;
        break;
      }
      const progress: FileProgress = { failed: false, chunksTotal: 0, chunksEmbedded: 0, errors: result.errors.map((e) => e.toJSON()) };
      let indexed = 0;
      // A document of this file was not indexed for a reason that is not the file's (the job failed meanwhile).
      let unfinished = false;
      const tasks: Promise<void>[] = [];
      for (const [i, doc] of result.documents.entries()) {
        await slots.free();
        if (failure) {
          unfinished = true;
          break;
        }
        if (i > 0 && (await isCanceled(db, job.id))) {
          canceled = true;
          break;
        }
        const task = async () => {
          if (failure) {
            unfinished = true; // it waited behind the same document while the job failed
            return;
          }
          const r = await indexDocument(
            db,
            { source: input.source, doc, groups: input.groups, tags: input.tags, createdById: job.createdById },
            { embedder: options.embedder, ...(options.log ? { log: options.log } : {}) },
          );
          indexed += 1;
          progress.chunksTotal += r.chunks;
          if (r.status !== "unchanged" || (await versionCreatedSince(db, r.versionId, startedAt))) progress.chunksEmbedded += r.chunks;
        };
        tasks.push(
          slots.run(doc.externalId, task).catch((error: unknown) => {
            const json = toErrorJson(error, result.file, doc.externalId);
            if (json) {
              progress.errors.push(json);
              return;
            }
            failure ??= { error }; // not the file's fault: let the queue retry the job
            unfinished = true;
          }),
        );
      }
      const fileIndex = index;
      const file = result.file;
      const total = result.documents.length;
      const stoppedInside = canceled;
      recording = recording
        .then(() => Promise.all(tasks))
        .then(async () => {
          // Unfinished (or after an unfinished one): not counted; a retry processes it again.
          if (unfinished || unrecorded) {
            unrecorded = true;
            return;
          }
          if (stoppedInside) {
            // Stopped inside a file: what it already indexed is counted, and the rest is said to be missing.
            if (indexed === 0) return;
            const message = `Canceled after ${indexed} of ${total} documents of "${file}"; the others were not imported.`;
            await recordFile(db, job.id, fileIndex, { ...progress, errors: [...progress.errors, { code: "CANCELED", file, message }] });
            return;
          }
          progress.failed = indexed === 0 && progress.errors.length > 0;
          await recordFile(db, job.id, fileIndex, progress);
          processed += 1;
        })
        .catch((error: unknown) => {
          failure ??= { error };
          unrecorded = true;
        });
      if (canceled) break;
    }
  } finally {
    // Never leave while documents are still being written: a retry must not race them.
    await slots.idle();
    await recording;
  }
  if (failure) throw failure.error;
  if (canceled) options.log?.(`ingest ${job.id}: canceled after ${processed} file(s)`);
  else options.log?.(`ingest ${job.id}: processed ${processed} file(s), ${alreadyCounted} already done by an earlier attempt`);
}

async function runReindex(db: PrismaClient, job: JobRow, startedAt: Date, options: RunIngestionOptions): Promise<void> {
  if (job.filesDone + job.filesFailed > 0) return;
  const { documentId } = reindexInputSchema.parse(job.input);
  const doc = await db.document.findUnique({ where: { id: documentId }, include: { currentVersion: true } });
  if (!doc?.currentVersion) {
    await recordFile(db, job.id, 0, {
      failed: true,
      chunksTotal: 0,
      chunksEmbedded: 0,
      errors: [{ code: "NOT_FOUND", file: documentId, message: "The document was deleted (or never finished indexing) before it could be reindexed." }],
    });
    return;
  }
  const version = doc.currentVersion;
  // An earlier attempt already swapped in the rebuilt version: only its progress is missing.
  const rebuilt = version.createdAt >= startedAt;
  const result = rebuilt
    ? { versionId: version.id, chunks: await db.chunk.count({ where: { documentVersionId: version.id, embeddingModel: options.embedder.id } }) }
    : await indexDocument(
        db,
        {
          source: doc.source,
          force: true,
          // A version published since this job read the stored text stays: rebuilding the older text would undo it.
          ifCurrentVersion: version.id,
          doc: {
            externalId: doc.externalId,
            title: version.title,
            text: version.content,
            mimeType: doc.mimeType,
            ...(doc.url ? { url: doc.url } : {}),
            ...(doc.language === "english" ? { language: "en" } : {}),
          },
        },
        { embedder: options.embedder, ...(options.log ? { log: options.log } : {}) },
      );
  await recordFile(db, job.id, 0, { failed: false, chunksTotal: result.chunks, chunksEmbedded: result.chunks, errors: [] });
}

async function versionCreatedSince(db: PrismaClient, versionId: string, since: Date): Promise<boolean> {
  const v = await db.documentVersion.findUnique({ where: { id: versionId }, select: { createdAt: true } });
  return v !== null && v.createdAt >= since;
}

export interface IngestionWorkerOptions {
  prisma: PrismaClient;
  log?: (message: string) => void;
  /** Default: the active model's embedder ({@link getActiveEmbedder}), resolved per job. */
  embedder?: Embedder;
}

/** Creates the `ingest` queue and starts processing it (one job at a time per worker process). */
export async function registerIngestionWorker(boss: PgBoss, { prisma, log, embedder }: IngestionWorkerOptions): Promise<void> {
  await configureQueues(boss);
  await boss.work<{ ingestionJobId: string }>(INGEST_QUEUE, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      await runIngestionJob(prisma, job.data.ingestionJobId, {
        embedder: embedder ?? (await getActiveEmbedder(prisma)),
        final: job.retryCount >= INGEST_RETRY_LIMIT,
        ...(log ? { log } : {}),
      });
    }
  });
}
